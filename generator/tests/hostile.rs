//! Hostile and broken input (issue 7). Every input fuzzing ever crashed on is kept in
//! `tests/hostile/fuzz-regressions/` and must go through the whole pipeline without a panic.

use graphdoc::source::SourceFile;
use std::path::Path;

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions folder") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        whole_pipeline(&name, &std::fs::read(&path).expect("readable"));
        seen += 1;
    }
    assert!(seen >= 2, "the regression inputs are missing");
}
