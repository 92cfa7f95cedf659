//! The annotation reader on any comment text: never panics; diagnostics point into the page.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = format!("<!-- {text} -->");
    let source = graphdoc::source::SourceFile::new("api/fuzz.md", html.clone());
    let (annotation, diags) = graphdoc::read::read_annotation(&source, &html, 0);
    if let Some(a) = annotation {
        let _ = (a.block_type(), a.odata_type());
    }
    for d in diags {
        assert!(d.origin.line >= 1, "{d:?}");
    }
});
