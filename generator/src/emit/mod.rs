//! Emitters: the schema → output files. Each reads only the model.

pub mod package;
pub mod csdl;
pub mod openapi;
pub mod rust;

use crate::model::Schema;
use crate::{Emit, OpenApiVersion};
use std::collections::BTreeMap;

/// Every output file for `emit`, keyed by path relative to the output folder (OpenAPI 3.0).
pub fn render(schema: &Schema, emit: &Emit, crate_name: &str, input: &str) -> BTreeMap<String, Vec<u8>> {
    render_with(schema, emit, crate_name, input, OpenApiVersion::V3_0)
}

/// [`render`], choosing the OpenAPI version.
pub fn render_with(schema: &Schema, emit: &Emit, crate_name: &str, input: &str, openapi_version: OpenApiVersion) -> BTreeMap<String, Vec<u8>> {
    // The emitters only read the model, so they run side by side (the Rust one is itself split
    // in three); the map sorts what they return, so the order they finish in does not matter.
    let rust = || -> Vec<(String, Vec<u8>)> {
        if !emit.rust {
            return Vec::new();
        }
        let groups = if emit.group_features { rust::feature_groups(schema) } else { BTreeMap::new() };
        let features: Vec<&str> = groups.values().map(String::as_str).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let mut files = vec![
            ("Cargo.toml".to_string(), package::cargo_toml(crate_name, input, &features).into_bytes()),
            ("README.md".to_string(), package::readme(schema, crate_name, input).into_bytes()),
        ];
        files.extend(rust::emit(schema, &groups).into_iter().map(|(path, text)| (path, text.into_bytes())));
        files
    };
    let csdl = || -> Vec<(String, Vec<u8>)> {
        if !emit.csdl {
            return Vec::new();
        }
        vec![("metadata.xml".to_string(), csdl::render(schema).into_bytes())]
    };
    let openapi = || -> Vec<(String, Vec<u8>)> {
        if !emit.openapi {
            return Vec::new();
        }
        let title = format!("API documented in {input}");
        let (json, yaml) = openapi::Document::new(schema, &title, "1.0", openapi_version).to_json_and_yaml();
        vec![("openapi.json".to_string(), json.into_bytes()), ("openapi.yaml".to_string(), yaml.into_bytes())]
    };
    let model = || -> Vec<(String, Vec<u8>)> {
        if !emit.model {
            return Vec::new();
        }
        let mut json = serde_json::to_string_pretty(schema).unwrap_or_default();
        json.push('\n');
        vec![("model.json".to_string(), json.into_bytes())]
    };
    let (rust, (csdl, (openapi, model))) = rayon::join(rust, || rayon::join(csdl, || rayon::join(openapi, model)));
    rust.into_iter().chain(csdl).chain(openapi).chain(model).collect()
}
