//! Any bytes as a page through the whole pipeline: read (lossy UTF-8, as `load` does), extract,
//! resolve and emit every output. Nothing may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let page = graphdoc::source::SourceFile::new("api/fuzz.md", text);
    let (schema, _) = graphdoc::schema_from_sources(&[page]);
    let mut emit = graphdoc::Emit::default();
    emit.model = true;
    let files = graphdoc::emit::render(&schema, &emit, "fuzz", "docs");
    assert!(files.contains_key("metadata.xml"));
});
