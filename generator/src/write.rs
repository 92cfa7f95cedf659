//! Output files → disk. Paths are confined to the output folder; files are rewritten only
//! when their content changes, so unchanged files keep their timestamps (and cargo's caches).

use crate::Error;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// A relative path with no `..`, root or prefix: it cannot leave the output folder.
fn confined(out: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    p.components().all(|c| matches!(c, Component::Normal(_))).then(|| out.join(p))
}

pub fn write_all(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Error> {
    for (rel, bytes) in files {
        let Some(path) = confined(out, rel) else { continue };
        if std::fs::read(&path).ok().as_deref() == Some(bytes.as_slice()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Output { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| Error::Output { path: path.clone(), source })?;
    }
    Ok(())
}

/// How the output folder differs from what would be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Missing(String),
    Changed { path: String, first_line: usize },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing(p) => write!(f, "missing: {p}"),
            Difference::Changed { path, first_line } => write!(f, "changed: {path} (first difference at line {first_line})"),
        }
    }
}

pub fn check(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Vec<Difference> {
    let mut diffs = Vec::new();
    for (rel, bytes) in files {
        let Some(path) = confined(out, rel) else { continue };
        match std::fs::read(&path) {
            Err(_) => diffs.push(Difference::Missing(rel.clone())),
            Ok(old) if old != *bytes => {
                let first_line = old.split(|b| *b == b'\n').zip(bytes.split(|b| *b == b'\n')).take_while(|(a, b)| a == b).count() + 1;
                diffs.push(Difference::Changed { path: rel.clone(), first_line });
            }
            Ok(_) => {}
        }
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let out = Path::new("/tmp/out");
        assert!(confined(out, "src/lib.rs").is_some());
        assert!(confined(out, "../x").is_none());
        assert!(confined(out, "/etc/passwd").is_none());
        assert!(confined(out, "a/../../x").is_none());
    }

    #[test]
    fn check_reports_missing_and_changed() {
        let dir = std::env::temp_dir().join(format!("graphdoc-write-{}", std::process::id()));
        let mut files = BTreeMap::new();
        files.insert("a.txt".to_string(), b"1\n2\n".to_vec());
        write_all(&dir, &files).unwrap();
        assert!(check(&dir, &files).is_empty());
        files.insert("a.txt".to_string(), b"1\n3\n".to_vec());
        files.insert("b/c.txt".to_string(), b"x".to_vec());
        let d = check(&dir, &files);
        assert_eq!(d, vec![Difference::Changed { path: "a.txt".into(), first_line: 2 }, Difference::Missing("b/c.txt".into())]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
