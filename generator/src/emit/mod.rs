//! Emitters: the schema → output files. Each reads only the model.

pub mod package;
pub mod csdl;
pub mod openapi;
pub mod rust;

use crate::model::Schema;
use crate::{Emit, OpenApiVersion};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// Where each output file goes as soon as it is rendered: `(path relative to the output folder,
/// content)`. Called from several threads (the emitters run side by side).
pub type Put<'a> = &'a (dyn Fn(String, Vec<u8>) + Sync);

/// Every output file for `emit`, keyed by path relative to the output folder (OpenAPI 3.0).
pub fn render(schema: &Schema, emit: &Emit, crate_name: &str, input: &str) -> BTreeMap<String, Vec<u8>> {
    render_with(schema, emit, crate_name, input, OpenApiVersion::V3_0)
}

/// [`render`], choosing the OpenAPI version.
pub fn render_with(schema: &Schema, emit: &Emit, crate_name: &str, input: &str, openapi_version: OpenApiVersion) -> BTreeMap<String, Vec<u8>> {
    // The map sorts what the emitters give, so the order they finish in does not matter.
    let files = Mutex::new(BTreeMap::new());
    render_into(schema, emit, crate_name, input, openapi_version, &|path, bytes| {
        files.lock().unwrap_or_else(PoisonError::into_inner).insert(path, bytes);
    });
    files.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Renders every output file for `emit` and hands each to `put` as soon as it is done, so a
/// caller that writes them need not hold them all (`generate` on a large API: tens of MB).
pub fn render_into(schema: &Schema, emit: &Emit, crate_name: &str, input: &str, openapi_version: OpenApiVersion, put: Put) {
    // The emitters only read the model, so they run side by side (the Rust one is itself split
    // in three).
    let rust = || {
        if !emit.rust {
            return;
        }
        let groups = if emit.group_features { rust::feature_groups(schema) } else { BTreeMap::new() };
        let features: Vec<&str> = groups.values().map(String::as_str).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        put("Cargo.toml".to_string(), package::cargo_toml(crate_name, input, &features).into_bytes());
        put("README.md".to_string(), package::readme(schema, crate_name, input).into_bytes());
        rust::emit_into(schema, &groups, &|path, text| put(path, text.into_bytes()));
    };
    let csdl = || {
        if emit.csdl {
            put("metadata.xml".to_string(), csdl::render(schema).into_bytes());
        }
    };
    let openapi = || {
        if emit.openapi {
            let title = format!("API documented in {input}");
            let (json, yaml) = openapi::Document::new(schema, &title, "1.0", openapi_version).to_json_and_yaml();
            put("openapi.json".to_string(), json.into_bytes());
            put("openapi.yaml".to_string(), yaml.into_bytes());
        }
    };
    let model = || {
        if emit.model {
            let mut json = serde_json::to_string_pretty(schema).unwrap_or_default();
            json.push('\n');
            put("model.json".to_string(), json.into_bytes());
        }
    };
    rayon::join(rust, || rayon::join(csdl, || rayon::join(openapi, model)));
}
