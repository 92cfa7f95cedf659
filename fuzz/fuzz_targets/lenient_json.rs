//! The lenient JSON reader on any text: never panics, and a strict-valid input is read as is.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = graphdoc::read::json::parse_lenient(text);
    if let Ok(strict) = serde_json::from_str::<serde_json::Value>(text) {
        let p = parsed.expect("valid JSON is read");
        assert!(p.repairs.is_empty());
        assert_eq!(p.value, strict);
    }
});
