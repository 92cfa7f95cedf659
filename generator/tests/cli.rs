//! The `graphdoc` command as pipelines use it: exit codes, `check` diffs, atomic writes, lint
//! levels and `graphdoc.toml`, SARIF, `explain`, thread-count independence and `--watch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn graphdoc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_graphdoc")).args(args).current_dir(cwd).output().expect("run graphdoc")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graphdoc-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_exits_1_with_a_unified_diff_or_a_stat_when_stale() {
    let out = temp("check");
    let docs = root().join("docs-input");
    assert!(graphdoc(&["generate", s(&docs), "--out", s(&out), "-q"], &root()).status.success());
    let clean = graphdoc(&["check", s(&docs), "--out", s(&out), "-q"], &root());
    assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));
    assert!(clean.stdout.is_empty());

    let yaml = out.join("openapi.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replacen("openapi: 3.0.3", "openapi: 3.0.2", 1);
    std::fs::write(&yaml, text).unwrap();
    std::fs::remove_file(out.join("metadata.xml")).unwrap();
    let stale = graphdoc(&["check", s(&docs), "--out", s(&out), "-q"], &root());
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(diff.contains("--- a/openapi.yaml\n+++ b/openapi.yaml\n"), "{diff}");
    assert!(diff.contains("-openapi: 3.0.2\n+openapi: 3.0.3\n"), "{diff}");
    assert!(diff.contains("--- /dev/null\n+++ b/metadata.xml\n"), "{diff}");

    let stat = graphdoc(&["check", s(&docs), "--out", s(&out), "-q", "--stat"], &root());
    assert_eq!(stat.status.code(), Some(1));
    let listing = String::from_utf8_lossy(&stat.stdout);
    assert!(listing.lines().any(|l| l.contains("openapi.yaml") && l.contains("+1 -1")), "{listing}");
    assert!(listing.lines().any(|l| l.contains("metadata.xml") && l.contains("missing")), "{listing}");
    assert_eq!(listing.lines().count(), 2, "{listing}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_failing_generate_leaves_the_previous_output_as_it_was_and_foreign_files_survive() {
    let out = temp("atomic");
    let docs = root().join("docs-input");
    assert!(graphdoc(&["generate", s(&docs), "--out", s(&out), "-q"], &root()).status.success());
    std::fs::write(out.join("NOTES.txt"), "mine").unwrap();
    std::fs::write(out.join("openapi.yaml"), "edited by hand").unwrap();
    let before = snapshot(&out);
    // Denying a code the docs have fails the run: nothing may change.
    let failed = graphdoc(&["generate", s(&docs), "--out", s(&out), "-q", "--deny", "GD0304"], &root());
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("nothing was written"));
    assert_eq!(snapshot(&out), before);
    // A good run restores the generated file and keeps the foreign one.
    assert!(graphdoc(&["generate", s(&docs), "--out", s(&out), "-q"], &root()).status.success());
    assert_eq!(std::fs::read_to_string(out.join("NOTES.txt")).unwrap(), "mine");
    assert_ne!(std::fs::read_to_string(out.join("openapi.yaml")).unwrap(), "edited by hand");
    let parent = out.parent().unwrap();
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let leftovers: Vec<_> = std::fs::read_dir(parent).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&format!(".{name}."))).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn levels_from_flags_and_graphdoc_toml() {
    let docs = root().join("docs-input");
    let default = graphdoc(&["lint", s(&docs), "--message-format", "json"], &root());
    assert!(default.status.success());
    let lines = |o: &Output| String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.starts_with('{')).map(str::to_string).collect::<Vec<_>>();
    assert!(lines(&default).iter().any(|l| l.contains("\"GD0304\"") && l.contains("\"warning\"")));

    let denied = graphdoc(&["lint", s(&docs), "--message-format", "json", "--deny", "GD0304"], &root());
    assert_eq!(denied.status.code(), Some(1));
    assert!(lines(&denied).iter().any(|l| l.contains("\"GD0304\"") && l.contains("\"error\"")));

    let allowed = graphdoc(&["lint", s(&docs), "--message-format", "json", "--allow", "warnings", "--warn", "GD0103"], &root());
    assert!(allowed.status.success());
    let kept = lines(&allowed);
    assert!(kept.iter().all(|l| l.contains("\"GD0103\"") || l.contains("\"note\"")), "{kept:?}");
    assert!(kept.iter().any(|l| l.contains("\"GD0103\"")));

    let unknown = graphdoc(&["lint", s(&docs), "--deny", "GD9999"], &root());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("GD9999"));

    let dir = temp("toml");
    std::fs::write(dir.join("graphdoc.toml"), format!("input = {:?}\n\n[lint]\ndeny = [\"GD0304\"]\n", s(&docs))).unwrap();
    let from_file = graphdoc(&["lint", "--message-format", "json"], &dir);
    assert_eq!(from_file.status.code(), Some(1), "{}", String::from_utf8_lossy(&from_file.stderr));
    assert!(lines(&from_file).iter().any(|l| l.contains("\"GD0304\"") && l.contains("\"error\"")));
    std::fs::write(dir.join("graphdoc.toml"), "inptu = \"x\"\n").unwrap();
    let typo = graphdoc(&["lint"], &dir);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("inptu"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_has_one_result_per_diagnostic_located_in_the_repository() {
    let json = graphdoc(&["lint", "docs-input", "--message-format", "json"], &root());
    let count = String::from_utf8_lossy(&json.stderr).lines().filter(|l| l.starts_with('{')).count();
    let sarif = graphdoc(&["lint", "docs-input", "--message-format", "sarif"], &root());
    assert!(sarif.status.success());
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON on stdout");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(count > 10);
    assert_eq!(results.len(), count);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), graphdoc::diag::codes::ALL.len());
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("docs-input/") && root().join(uri).is_file(), "{uri}");
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn explain_prints_each_code_and_the_readme_lists_them_all() {
    let one = graphdoc(&["explain", "gd0106"], &root());
    assert!(one.status.success());
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(text.starts_with("GD0106 (BROKEN_LINK, warning)") && text.contains("Fix:"), "{text}");
    assert_eq!(graphdoc(&["explain", "GD9999"], &root()).status.code(), Some(2));
    let table = graphdoc::diag::explain::markdown_table();
    assert_eq!(String::from_utf8_lossy(&graphdoc(&["explain", "--list"], &root()).stdout), table);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&table), "README.md's table of codes is out of date; paste `graphdoc explain --list`");
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let docs = root().join("docs-input");
    let (a, b) = (temp("threads-1"), temp("threads-4"));
    let one = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(["generate", s(&docs), "--out", s(&a), "-q", "--emit", "rust,csdl,openapi,model"])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(one.status.success());
    assert!(graphdoc(&["generate", s(&docs), "--out", s(&b), "-q", "-j", "4", "--emit", "rust,csdl,openapi,model"], &root()).status.success());
    assert_eq!(snapshot(&a), snapshot(&b));
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn watch_regenerates_when_a_page_changes() {
    let dir = temp("watch");
    let (docs, out) = (dir.join("docs"), dir.join("out"));
    std::fs::create_dir_all(&docs).unwrap();
    copy_dir(&root().join("docs-input"), &docs);
    let mut child = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(["generate", s(&docs), "--out", s(&out), "-q", "--watch", "--emit", "csdl"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |what: &dyn Fn() -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if what() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let metadata = out.join("metadata.xml");
    let started = wait_for(&|| metadata.is_file());
    // Give the watcher a moment to be registered after the first run.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let page = "---\ntitle: widget resource type\n---\n# widget resource type\n\n## Properties\n\n| Property | Type | Description |\n|---|---|---|\n| size | Int32 | How big. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"size\": 1 }\n```\n";
    std::fs::write(docs.join("resources/widget.md"), page).unwrap();
    let regenerated = wait_for(&|| std::fs::read_to_string(&metadata).is_ok_and(|x| x.contains("Name=\"widget\"")));
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(started, "first generation did not happen: {log}");
    assert!(regenerated, "no regeneration after the change: {log}");
    assert!(log.contains("changed: resources/widget.md"), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_page_is_linted_on_its_own_and_cannot_be_generated() {
    let page = "docs-input/api/user-post-photo.md";
    let lint = graphdoc(&["lint", page, "--message-format", "json"], &root());
    assert!(lint.status.success());
    let lines: Vec<String> = String::from_utf8_lossy(&lint.stderr).lines().filter(|l| l.starts_with('{')).map(str::to_string).collect();
    assert!(lines.iter().any(|l| l.contains("\"GD0304\"") && l.contains(&format!("\"file\":\"{page}\""))), "{lines:?}");
    // Checks across pages (here: the link to a missing page) need the folder.
    assert!(!lines.iter().any(|l| l.contains("\"GD0106\"")), "{lines:?}");
    let folder = graphdoc(&["lint", "docs-input", "--message-format", "json"], &root());
    assert!(String::from_utf8_lossy(&folder.stderr).contains("\"GD0106\""));
    assert_eq!(graphdoc(&["generate", page, "--out", "/tmp/never"], &root()).status.code(), Some(2));
}

#[test]
fn timings_name_each_stage_in_pipeline_order() {
    let out = temp("timings");
    let run = graphdoc(&["generate", "docs-input", "--out", out.to_str().unwrap(), "-q", "--timings"], &root());
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let line = stderr.lines().find(|l| l.starts_with("graphdoc: timings: ")).unwrap_or_else(|| panic!("{stderr}"));
    let stages: Vec<&str> = line["graphdoc: timings: ".len()..].split(", ").map(|s| s.split(' ').next().unwrap()).collect();
    assert_eq!(stages, ["load", "read+extract", "resolve", "emit+write", "swap"]);
    assert!(line.ends_with(" ms"), "{line}");
    let _ = std::fs::remove_dir_all(out);
}
