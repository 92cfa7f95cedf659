//! Output files → disk, atomically. The new output is built in a temporary folder beside the
//! target and renamed into place, so an interrupted or failing run leaves the previous output
//! whole. A manifest (`.graphdoc-manifest`) lists the files graphdoc wrote: on the next run those
//! that are no longer generated are removed, and every other file in the folder (a hand-written
//! `lib.rs` addition, a `.gitignore`) is kept. Unchanged files are hard links to the old ones, so
//! they keep their timestamps (and cargo's caches); a run that changes nothing touches nothing.

use crate::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".graphdoc-manifest";

/// A relative path with no `..`, root or prefix: it cannot leave the output folder.
fn confined(out: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    (!rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))).then(|| out.join(p))
}

/// The manifest's text: one generated path per line, sorted (the map is).
pub fn manifest(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    manifest_of(files.keys())
}

/// The manifest for these generated paths, given in sorted order.
fn manifest_of<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<u8> {
    let mut text = String::from("# Files written by graphdoc; it deletes only these. Do not edit.\n");
    for rel in paths.filter(|r| r.as_str() != MANIFEST) {
        text.push_str(rel);
        text.push('\n');
    }
    text.into_bytes()
}

/// The paths an existing manifest lists (none when there is no manifest).
fn owned_by_previous_run(out: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap_or_default();
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect()
}

/// Every file under `dir`, relative to it, with `/` separators (symlinks are not followed).
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                walk(root, &path, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(crate::slash_path(rel));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What a run does to an output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteReport {
    /// Files written with new content (or created).
    pub written: Vec<String>,
    /// Files of a previous run that are no longer generated, now removed.
    pub removed: Vec<String>,
}

impl WriteReport {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Writes `files` (paths relative to `out`) and the manifest into `out`, atomically.
pub fn write_all(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<WriteReport, Error> {
    use rayon::prelude::*;
    let staging = Staging::begin(out)?;
    files.par_iter().for_each(|(rel, bytes)| staging.put(rel, bytes));
    staging.finish()
}

/// A new output folder being built beside `out`. Each file is staged as soon as it is handed
/// over (written, or a hard link to the old file when that holds the same bytes), so a caller
/// need not hold every output at once; [`Staging::finish`] adds the manifest and the files no
/// run of graphdoc owns and swaps the folders, or discards the new one when nothing changed.
/// Dropped unfinished (a failing run), it removes the staging folder and `out` stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    state: Mutex<Staged>,
}

/// What has been staged so far.
#[derive(Debug, Default)]
struct Staged {
    names: BTreeSet<String>,
    written: Vec<String>,
    error: Option<Error>,
}

impl Staging {
    /// Creates the staging folder beside `out` (and `out`'s parent if needed).
    pub fn begin(out: &Path) -> Result<Staging, Error> {
        let out = std::path::absolute(out).map_err(|source| Error::Output { path: out.to_path_buf(), source })?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::Output { path: out.clone(), source: std::io::Error::other("the output folder needs a parent folder") });
        };
        std::fs::create_dir_all(parent).map_err(|source| Error::Output { path: parent.to_path_buf(), source })?;
        let dir = parent.join(format!(".{}.graphdoc-new-{}", name.to_string_lossy(), std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|source| Error::Output { path: dir.clone(), source })?;
        Ok(Staging { out, dir, state: Mutex::new(Staged::default()) })
    }

    /// Stages one generated file; callable from several threads. A path that would leave the
    /// folder, or the manifest's own name, is not staged. A failure is returned by `finish`.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        if rel == MANIFEST {
            return;
        }
        let placed = self.place(rel, bytes);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match placed {
            Ok(Some(changed)) => {
                if changed {
                    state.written.push(rel.to_string());
                }
                state.names.insert(rel.to_string());
            }
            Ok(None) => {}
            Err(e) => {
                state.error.get_or_insert(e);
            }
        }
    }

    /// Puts `bytes` at `rel` in the staging folder: a link to the old file when it holds the
    /// same bytes, else a new file. `Some(changed)`, or `None` for a path outside the folder.
    fn place(&self, rel: &str, bytes: &[u8]) -> Result<Option<bool>, Error> {
        let (Some(path), Some(old)) = (confined(&self.dir, rel), confined(&self.out, rel)) else { return Ok(None) };
        make_parent(&path)?;
        let unchanged = holds(&old, bytes).unwrap_or(false);
        if !(unchanged && link_or_copy(&old, &path).is_ok()) {
            std::fs::write(&path, bytes).map_err(|source| Error::Output { path: path.clone(), source })?;
        }
        Ok(Some(!unchanged))
    }

    /// Adds the manifest, removes what earlier runs generated and this one did not, keeps every
    /// other file of `out`, and renames the staging folder into place (`out` untouched when
    /// nothing changed).
    pub fn finish(self) -> Result<WriteReport, Error> {
        let staged = std::mem::take(&mut *self.state.lock().unwrap_or_else(PoisonError::into_inner));
        if let Some(e) = staged.error {
            return Err(e);
        }
        let mut report = WriteReport { written: staged.written, removed: Vec::new() };
        if self.place(MANIFEST, &manifest_of(staged.names.iter()))? == Some(true) {
            report.written.push(MANIFEST.to_string());
        }
        let owned = owned_by_previous_run(&self.out);
        report.removed = stale(&self.out, &owned, |rel| staged.names.contains(rel)).cloned().collect();
        if report.is_empty() {
            return Ok(report);
        }
        report.written.sort();
        report.removed.sort();
        for rel in files_under(&self.out) {
            if rel == MANIFEST || staged.names.contains(&rel) || owned.contains(&rel) {
                continue;
            }
            let Some(path) = confined(&self.dir, &rel) else { continue };
            make_parent(&path)?;
            link_or_copy(&self.out.join(&rel), &path).map_err(|source| Error::Output { path: self.out.join(&rel), source })?;
        }
        self.swap()?;
        Ok(report)
    }

    /// The staging folder becomes `out`; the previous output is put back if that fails.
    fn swap(&self) -> Result<(), Error> {
        let (out, dir) = (&self.out, &self.dir);
        if !out.exists() {
            return std::fs::rename(dir, out).map_err(|source| Error::Output { path: out.clone(), source });
        }
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let previous = dir.with_file_name(format!(".{name}.graphdoc-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&previous);
        std::fs::rename(out, &previous).map_err(|source| Error::Output { path: out.clone(), source })?;
        if let Err(source) = std::fs::rename(dir, out) {
            // Put the previous output back; the new one is lost, the old one is whole.
            let _ = std::fs::rename(&previous, out);
            return Err(Error::Output { path: out.clone(), source });
        }
        let _ = std::fs::remove_dir_all(&previous);
        Ok(())
    }
}

impl Drop for Staging {
    /// After a swap the staging folder is `out` and this finds nothing to remove.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Creates the folder `path` goes in.
fn make_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| Error::Output { path: dir.to_path_buf(), source }),
        None => Ok(()),
    }
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

/// How one file of the output folder differs from what `generate` would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// Would be created.
    Missing,
    /// Would be rewritten.
    Changed,
    /// Written by an earlier run, no longer generated: would be removed.
    Stale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Difference {
    pub path: String,
    pub kind: Change,
    /// The file's current content (empty when missing).
    pub old: Vec<u8>,
    /// What would be written (empty when stale).
    pub new: Vec<u8>,
}

impl Difference {
    /// A unified diff (3 lines of context), `a/` the folder as it is, `b/` as it would be.
    pub fn unified(&self) -> String {
        let old = String::from_utf8_lossy(&self.old);
        let new = String::from_utf8_lossy(&self.new);
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
        let (a, b) = match self.kind {
            Change::Missing => ("/dev/null".to_string(), format!("b/{}", self.path)),
            Change::Stale => (format!("a/{}", self.path), "/dev/null".to_string()),
            Change::Changed => (format!("a/{}", self.path), format!("b/{}", self.path)),
        };
        diff.unified_diff().context_radius(3).header(&a, &b).to_string()
    }

    /// Lines added and removed.
    pub fn line_counts(&self) -> (usize, usize) {
        let old = String::from_utf8_lossy(&self.old);
        let new = String::from_utf8_lossy(&self.new);
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
        diff.iter_all_changes().fold((0, 0), |(add, del), c| match c.tag() {
            similar::ChangeTag::Insert => (add + 1, del),
            similar::ChangeTag::Delete => (add, del + 1),
            similar::ChangeTag::Equal => (add, del),
        })
    }
}

impl Change {
    /// How `check` names it.
    pub fn word(self) -> &'static str {
        match self {
            Change::Missing => "missing",
            Change::Changed => "changed",
            Change::Stale => "stale (no longer generated)",
        }
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.word(), self.path)
    }
}

/// How `out` differs from `files` plus their manifest (as [`write_all`] would leave it).
pub fn check(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Vec<Difference> {
    let manifest = manifest(files);
    let mut diffs = Vec::new();
    compare(out, files, &manifest, |path, kind, new| {
        let old = match kind {
            Change::Missing => Vec::new(),
            _ => confined(out, path).and_then(|p| std::fs::read(p).ok()).unwrap_or_default(),
        };
        diffs.push(Difference { path: path.to_string(), kind, old, new: new.to_vec() })
    });
    diffs.sort_by(|a, b| a.path.cmp(&b.path));
    diffs
}

/// The generated files and their manifest.
fn with_manifest<'a>(files: &'a BTreeMap<String, Vec<u8>>, manifest: &'a [u8]) -> impl Iterator<Item = (&'a str, &'a [u8])> {
    let generated = files.iter().filter(|(rel, _)| rel.as_str() != MANIFEST).map(|(rel, b)| (rel.as_str(), b.as_slice()));
    std::iter::once((MANIFEST, manifest)).chain(generated)
}

/// Calls `found(path, change, new content)` for each file of `out` that differs from `files`
/// plus `manifest`: what `check` reports (a [`Staging`] finds the same as it stages).
fn compare<'a>(out: &Path, files: &'a BTreeMap<String, Vec<u8>>, manifest: &'a [u8], mut found: impl FnMut(&str, Change, &'a [u8])) {
    for (rel, bytes) in with_manifest(files, manifest) {
        let Some(path) = confined(out, rel) else { continue };
        match holds(&path, bytes) {
            Err(_) => found(rel, Change::Missing, bytes),
            Ok(false) => found(rel, Change::Changed, bytes),
            Ok(true) => {}
        }
    }
    for rel in stale(out, &owned_by_previous_run(out), |rel| files.contains_key(rel)) {
        found(rel, Change::Stale, &[]);
    }
}

/// The files of `out` that an earlier run generated (`owned`) and this one does not: what a run
/// removes and `check` calls stale.
fn stale<'a>(out: &'a Path, owned: &'a BTreeSet<String>, generated: impl Fn(&str) -> bool + 'a) -> impl Iterator<Item = &'a String> {
    owned.iter().filter(move |rel| rel.as_str() != MANIFEST && !generated(rel) && confined(out, rel).is_some_and(|p| p.is_file()))
}

/// Whether the file at `path` holds exactly `bytes`, read a block at a time (outputs are
/// megabytes; an unchanged one need not be held in memory twice).
fn holds(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut block = vec![0u8; 1 << 16];
    let mut rest = bytes;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        match rest.split_at_checked(n) {
            Some((head, tail)) if head == &block[..n] => rest = tail,
            _ => return Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("graphdoc-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())).collect()
    }

    #[test]
    fn paths_cannot_escape() {
        let out = Path::new("/tmp/out");
        assert!(confined(out, "src/lib.rs").is_some());
        assert!(confined(out, "../x").is_none());
        assert!(confined(out, "/etc/passwd").is_none());
        assert!(confined(out, "a/../../x").is_none());
        assert!(confined(out, "").is_none());
    }

    #[test]
    fn check_reports_missing_changed_and_stale_with_diffs() {
        let dir = temp("check");
        write_all(&dir, &files(&[("a.txt", "1\n2\n"), ("old.txt", "x\n")])).unwrap();
        assert!(check(&dir, &files(&[("a.txt", "1\n2\n"), ("old.txt", "x\n")])).is_empty());
        let d = check(&dir, &files(&[("a.txt", "1\n3\n"), ("b/c.txt", "x")]));
        let summary: Vec<(String, Change)> = d.iter().filter(|d| d.path != MANIFEST).map(|d| (d.path.clone(), d.kind)).collect();
        assert_eq!(summary, [("a.txt".into(), Change::Changed), ("b/c.txt".into(), Change::Missing), ("old.txt".into(), Change::Stale)]);
        let a = d.iter().find(|d| d.path == "a.txt").unwrap();
        assert_eq!(a.unified(), "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n 1\n-2\n+3\n");
        assert_eq!(a.line_counts(), (1, 1));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn rewrites_keep_foreign_files_remove_stale_ones_and_leave_unchanged_files_alone() {
        let dir = temp("swap");
        write_all(&dir, &files(&[("a.txt", "a"), ("gone/b.txt", "b")])).unwrap();
        std::fs::write(dir.join("mine.txt"), "hand-written").unwrap();
        let a_before = std::fs::metadata(dir.join("a.txt")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let report = write_all(&dir, &files(&[("a.txt", "a"), ("c.txt", "c")])).unwrap();
        assert_eq!(report.written, [MANIFEST.to_string(), "c.txt".into()]);
        assert_eq!(report.removed, ["gone/b.txt".to_string()]);
        assert_eq!(std::fs::read_to_string(dir.join("mine.txt")).unwrap(), "hand-written");
        assert!(!dir.join("gone/b.txt").exists());
        assert_eq!(std::fs::metadata(dir.join("a.txt")).unwrap().modified().unwrap(), a_before);
        // No leftovers beside the folder.
        let parent = dir.parent().unwrap();
        let stem = dir.file_name().unwrap().to_string_lossy().into_owned();
        let leftovers = std::fs::read_dir(parent).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&format!(".{stem}."))).count();
        assert_eq!(leftovers, 0);
        // Nothing to do: nothing touched.
        assert!(write_all(&dir, &files(&[("a.txt", "a"), ("c.txt", "c")])).unwrap().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn staged_files_reach_the_folder_only_when_the_run_finishes() {
        let dir = temp("staged");
        write_all(&dir, &files(&[("a.txt", "old")])).unwrap();
        let leftovers = || {
            let stem = dir.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::read_dir(dir.parent().unwrap()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&format!(".{stem}."))).count()
        };
        // A run that fails after staging some files (dropped unfinished): nothing changes.
        let staging = Staging::begin(&dir).unwrap();
        staging.put("a.txt", b"new");
        staging.put("b.txt", b"b");
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        drop(staging);
        assert!(!dir.join("b.txt").exists());
        assert_eq!(leftovers(), 0);
        // Files handed over from several threads, in any order, make one consistent folder.
        let staging = Staging::begin(&dir).unwrap();
        rayon::scope(|s| {
            for name in ["z.txt", "a.txt", "m/n.txt"] {
                let staging = &staging;
                s.spawn(move |_| staging.put(name, name.as_bytes()));
            }
        });
        let report = staging.finish().unwrap();
        assert_eq!(report.written, [MANIFEST, "a.txt", "m/n.txt", "z.txt"]);
        assert_eq!(std::fs::read_to_string(dir.join("m/n.txt")).unwrap(), "m/n.txt");
        assert_eq!(std::fs::read(dir.join(MANIFEST)).unwrap(), manifest(&files(&[("a.txt", ""), ("m/n.txt", ""), ("z.txt", "")])));
        assert_eq!(leftovers(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failing_write_leaves_the_previous_output_whole() {
        let dir = temp("fail");
        write_all(&dir, &files(&[("a.txt", "old")])).unwrap();
        // `a.txt/x` cannot be created when `a.txt` is also a file: staging fails midway.
        let err = write_all(&dir, &files(&[("a.txt", "new"), ("a.txt/x", "y")]));
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
