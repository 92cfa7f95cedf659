//! Emitters: the schema → output files. Each reads only the model.

pub mod package;
pub mod csdl;
pub mod openapi;
pub mod rust;

use crate::model::Schema;
use crate::Emit;
use std::collections::BTreeMap;

/// Every output file for `emit`, keyed by path relative to the output folder.
pub fn render(schema: &Schema, emit: &Emit, crate_name: &str, input: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if emit.rust {
        files.insert("Cargo.toml".to_string(), package::cargo_toml(crate_name, input).into_bytes());
        files.insert("README.md".to_string(), package::readme(schema, crate_name, input).into_bytes());
        for (path, text) in rust::emit(schema) {
            files.insert(path, text.into_bytes());
        }
    }
    if emit.csdl {
        files.insert("metadata.xml".to_string(), csdl::render(schema).into_bytes());
    }
    if emit.openapi {
        let doc = openapi::document(schema, &format!("API documented in {input}"), "1.0");
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
