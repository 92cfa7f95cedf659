//! Generates a client with progenitor from the OpenAPI document graphdoc wrote for docs-input.
//! `GRAPHDOC_OPENAPI` overrides the document's path.
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let spec_path = std::env::var("GRAPHDOC_OPENAPI").map(PathBuf::from).unwrap_or_else(|_| manifest.join("../../generated/openapi.json"));
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-env-changed=GRAPHDOC_OPENAPI");
    let text = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| panic!("reading {}: {e}", spec_path.display()));
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not OpenAPI 3.0: {e}", spec_path.display()));
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).unwrap_or_else(|e| panic!("progenitor refused {}: {e}", spec_path.display()));
    let file: syn::File = syn::parse2(tokens).expect("progenitor emits valid Rust");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("client.rs");
    std::fs::write(&out, prettyplease::unparse(&file)).expect("OUT_DIR is writable");
}
