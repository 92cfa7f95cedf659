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
    let mut files = BTreeMap::new();
    if emit.rust {
        let groups = if emit.group_features { rust::feature_groups(schema) } else { BTreeMap::new() };
        let features: Vec<&str> = groups.values().map(String::as_str).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        files.insert("Cargo.toml".to_string(), package::cargo_toml(crate_name, input, &features).into_bytes());
        files.insert("README.md".to_string(), package::readme(schema, crate_name, input).into_bytes());
        for (path, text) in rust::emit(schema, &groups) {
            files.insert(path, text.into_bytes());
        }
    }
    if emit.csdl {
        files.insert("metadata.xml".to_string(), csdl::render(schema).into_bytes());
    }
    if emit.openapi {
        let mut doc = openapi::document(schema, &format!("API documented in {input}"), "1.0");
        if openapi_version == OpenApiVersion::V3_1 {
            doc = openapi::to_3_1(doc);
        }
        let mut json = serde_json::to_string_pretty(&doc).unwrap_or_default();
        json.push('\n');
        files.insert("openapi.json".to_string(), json.into_bytes());
        files.insert("openapi.yaml".to_string(), serde_yaml_ng::to_string(&doc).unwrap_or_default().into_bytes());
    }
    if emit.model {
        let mut json = serde_json::to_string_pretty(schema).unwrap_or_default();
        json.push('\n');
        files.insert("model.json".to_string(), json.into_bytes());
    }
    files
}
