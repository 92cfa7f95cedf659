//! Any bytes as a page through the readers: lossy UTF-8 (as `load` does), markdown, front
//! matter, annotations, tables, JSON and HTTP blocks, then extraction and resolution. No
//! emitters, so it runs thousands of times faster than `pipeline`. Nothing may panic, and every
//! diagnostic must point into the page.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let page = graphdoc::source::SourceFile::new("api/fuzz.md", text);
    let lines = page.text.lines().count().max(1) as u32 + 1;
    let (read, mut diags) = graphdoc::read::read_page(page);
    let (facts, d) = graphdoc::extract::extract(&read);
    diags.extend(d);
    let (_, d) = graphdoc::resolve::resolve(vec![facts]);
    diags.extend(d);
    for d in diags {
        assert!(d.origin.line <= lines, "{d:?}");
    }
});
