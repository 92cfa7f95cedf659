//! Hostile and broken input (issue 7): no panic, no hang, no injection, no escape, nothing lost.
//!
//! `tests/hostile/pages/` holds the small hostile pages; the large and binary cases are written
//! by the test at run time. The whole pipeline runs on the folder, the diagnostics are checked,
//! the generated crate must compile without warnings, and the OpenAPI and CSDL are copied to
//! `target/hostile-output/` for CI's independent validators. Every input fuzzing ever crashed
//! on is kept in `tests/hostile/fuzz-regressions/`.

use graphdoc::diag::Diagnostic;
use graphdoc::source::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The stored pages plus the cases too large or too binary to store.
fn hostile_folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graphdoc-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&manifest_dir().join("tests/hostile/pages"), &dir);
    let write = |rel: &str, bytes: &[u8]| std::fs::write(dir.join(rel), bytes).unwrap();

    let page = |name: &str, props: &str| {
        format!("---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{props}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{}}\n```\n")
    };
    // Invalid UTF-8 in the middle of an otherwise good page.
    let mut bad = page("latin", "| café | String | x |\n").into_bytes();
    let at = bad.windows(5).position(|w| w == "café".as_bytes()).unwrap() + 3;
    bad.splice(at..at + 2, [0xE9, 0xFF]);
    write("resources/invalid-utf8.md", &bad);
    // A byte-order mark and CRLF line endings: read like any page.
    write("resources/bom-crlf.md", format!("\u{FEFF}{}", page("bomThing", "| width | Int32 | x |\n").replace('\n', "\r\n")).as_bytes());
    // Binary data named `.md`, and an empty file.
    let mut x: u32 = 0x9E37_79B9;
    let binary: Vec<u8> = (0..65_536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    write("resources/binary.md", &binary);
    write("resources/empty.md", b"");
    // A 100,000-row table (in remarks, so the stress is on reading, not on a 100k-field struct).
    let mut rows = String::from("---\ntitle: \"big\"\ndoc_type: conceptualPageType\n---\n# Big table\n\n## Remarks\n\n| a | b |\n|---|---|\n");
    for i in 0..100_000 {
        rows.push_str(&format!("| row{i} | {i} |\n"));
    }
    write("resources/huge-table.md", rows.as_bytes());
    // JSON nested 200,000 deep as a response example.
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    write(
        "api/deep-json.md",
        format!("---\ntitle: \"Get deep\"\ndoc_type: apiPageType\n---\n# Get deep\n\n## HTTP request\n\n```http\nGET /deep\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [bomThing](../resources/bom-crlf.md) object.\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_deep\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/deep\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{deep}\n```\n").as_bytes(),
    );
    // A 10 MB line.
    write("resources/long-line.md", format!("{}\n{}\n", page("longLine", "| id | String | x |\n"), "word ".repeat(2_000_000)).as_bytes());
    // YAML "billion laughs" in the front matter.
    let mut bomb = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("---\n# yaml bomb resource type\n");
    write("resources/yaml-bomb.md", bomb.as_bytes());
    dir
}

fn has(diags: &[Diagnostic], code: &str, file: &str) -> bool {
    diags.iter().any(|d| d.code == code && d.origin.file == file)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn the_hostile_folder_goes_through_the_pipeline_and_its_crate_compiles() {
    let input = hostile_folder();
    let out = std::env::temp_dir().join(format!("graphdoc-hostile-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let started = std::time::Instant::now();
    let run = graphdoc::Config::new().input(&input).out_dir(&out).crate_name("hostile").generate().expect("the run itself succeeds");
    let took = started.elapsed();
    let d = &run.diagnostics;

    // Every broken input is a located diagnostic, and the run went on.
    assert!(has(d, "GD0002", "resources/invalid-utf8.md"), "invalid UTF-8");
    assert!(has(d, "GD0202", "api/deep-json.md"), "200,000-deep JSON is refused at the parser's depth limit");
    assert!(has(d, "GD0102", "resources/yaml-bomb.md") || has(d, "GD0101", "resources/yaml-bomb.md"), "alias bomb");
    assert!(has(d, "GD0109", "api/broken-structure.md"), "rows with more or fewer cells");
    assert!(has(d, "GD0307", "resources/injection.md"), "a type cell that is code is not a type");
    assert!(has(d, "GD0107", "resources/binary.md") && has(d, "GD0107", "resources/empty.md"), "binary and empty pages are reported");
    assert!(d.iter().all(|x| x.origin.line >= 1 || x.origin.file.ends_with(".md")), "every diagnostic names its file");
    assert!(took.as_secs() < 60, "took {took:?}");
    // BOM and CRLF do not hide the type or its property.
    let bom = run.schema.types().filter_map(|t| t.as_structured()).find(|t| t.name.name == "bomThing").expect("bomThing is read");
    assert!(bom.properties.iter().any(|p| p.name == "width"));

    // No escape: every file is inside the output folder, and nothing appeared where names point.
    assert!(run.files.is_empty(), "generate writes the files and keeps none");
    for rel in &run.written.written {
        assert!(!rel.contains("..") && !rel.starts_with('/'), "{rel}");
    }
    let written = files_under(&out);
    for f in &written {
        assert!(f.starts_with(&out), "{}", f.display());
    }
    assert_eq!(written.len(), run.written.written.len(), "every file written is reported");
    assert!(!Path::new("/tmp/graphdoc-escaped").exists() && !std::env::temp_dir().join("graphdoc-escaped").exists());
    let read = |rel: &str| std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    // No injection: the Rust parses, the hostile text stays in doc comments.
    for f in &written {
        let rel = f.strip_prefix(&out).unwrap().display().to_string();
        if rel.ends_with(".rs") {
            let text = String::from_utf8(read(&rel)).expect("UTF-8");
            syn::parse_file(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
            assert!(!code.iter().any(|l| l.contains("fn evil") || l.contains("process::exit")), "{rel}: text became code");
        }
    }
    let xml = String::from_utf8(read("metadata.xml")).unwrap();
    assert!(!xml.contains("<evil") && xml.matches("<Schema ").count() == xml.matches("</Schema>").count(), "{xml}");
    serde_json::from_slice::<serde_json::Value>(&read("openapi.json")).expect("OpenAPI is JSON");

    // For CI's validators (redocly, swagger-parser, openapi-spec-validator, OASIS).
    let for_ci = manifest_dir().join("../target/hostile-output");
    std::fs::create_dir_all(&for_ci).unwrap();
    for f in ["metadata.xml", "openapi.json", "openapi.yaml"] {
        std::fs::write(for_ci.join(f), read(f)).unwrap();
    }

    // However hostile the names, the crate compiles without a warning (with the workspace's
    // lock file, so no new versions are fetched; the async client is the same code for any docs).
    std::fs::copy(manifest_dir().join("../Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let check = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--all-targets", "--no-default-features", "--features", "all-groups"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", manifest_dir().join("../target/hostile-check"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(check.status.success(), "the generated crate does not compile:\n{}", String::from_utf8_lossy(&check.stderr));
    let _ = std::fs::remove_dir_all(&input);
    let _ = std::fs::remove_dir_all(&out);
}

fn whole_pipeline(name: &str, bytes: &[u8]) {
    let page = SourceFile::new(format!("api/{name}"), String::from_utf8_lossy(bytes).into_owned());
    let (schema, _) = graphdoc::schema_from_sources(&[page]);
    let mut emit = graphdoc::Emit::default();
    emit.model = true;
    let files = graphdoc::emit::render(&schema, &emit, "hostile", "docs");
    assert!(files.contains_key("metadata.xml") && files.contains_key("src/models.rs"), "{name}");
}

#[test]
fn inputs_that_crashed_the_fuzzers_go_through_the_pipeline() {
    let dir = manifest_dir().join("tests/hostile/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions folder") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        whole_pipeline(&name, &std::fs::read(&path).expect("readable"));
        seen += 1;
    }
    assert!(seen >= 2, "the regression inputs are missing");
}
