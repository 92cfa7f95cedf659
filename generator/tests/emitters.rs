//! Reviewed snapshots of each emitter's output on docs-input (and of the model they read).
//! `cargo insta review` after an intended change.

use graphdoc::{Config, Emit};
use std::path::Path;

fn files() -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut emit = Emit::default();
    emit.model = true;
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    // A fixed display name, so the snapshots do not depend on where the checkout is.
    let run = Config::new().input(input).emit(emit).run().expect("docs-input is readable");
    run.files
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("{name} not written")).clone()).expect("utf-8")
}

#[test]
fn model_snapshot() {
    insta::assert_snapshot!("model.json", text(&files(), "model.json"));
}

#[test]
fn csdl_snapshot() {
    insta::assert_snapshot!("metadata.xml", text(&files(), "metadata.xml"));
}

#[test]
fn openapi_snapshot() {
    let f = files();
    insta::assert_snapshot!("openapi.yaml", text(&f, "openapi.yaml"));
    // JSON and YAML carry the same document.
    let json: serde_json::Value = serde_json::from_slice(&f["openapi.json"]).expect("json");
    let yaml: serde_json::Value = serde_yaml_ng::from_slice(&f["openapi.yaml"]).expect("yaml");
    assert_eq!(json, yaml);
}

#[test]
fn rust_snapshot() {
    let f = files();
    for (name, bytes) in f.iter().filter(|(n, _)| n.starts_with("src/")) {
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        // The output must parse as Rust (it is also compiled as the `generated` crate).
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_snapshot!(name.replace('/', "__"), text);
    }
}

#[test]
fn openapi_yaml_and_json_hold_the_same_document_in_both_versions() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    for version in [graphdoc::OpenApiVersion::V3_0, graphdoc::OpenApiVersion::V3_1] {
        let mut emit = Emit::NONE;
        emit.openapi = true;
        let run = Config::new().input(&input).emit(emit).openapi_version(version).run().expect("docs-input is readable");
        let json: serde_json::Value = serde_json::from_slice(&run.files["openapi.json"]).expect("valid JSON");
        let yaml: serde_json::Value = serde_yaml_ng::from_slice(&run.files["openapi.yaml"]).expect("valid YAML");
        assert_eq!(json, yaml, "{version:?}");
        let expected = if version == graphdoc::OpenApiVersion::V3_1 { "3.1.0" } else { "3.0.3" };
        assert_eq!(json["openapi"], expected);
    }
}
