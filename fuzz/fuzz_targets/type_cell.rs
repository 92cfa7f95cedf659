//! The type-cell grammar (cells, qualified names, primitive words) on any text: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = graphdoc::extract::types::parse_cell(text, &[], "resources/fuzz.md");
    let _ = graphdoc::extract::types::parse_type_name(text);
    let _ = graphdoc::extract::types::primitive(text);
});
