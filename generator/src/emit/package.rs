//! The generated crate's non-Rust text files, from askama templates in `templates/`.

use crate::model::{Schema, TypeDef};
use askama::Template;

#[derive(Template)]
#[template(path = "Cargo.toml.txt", escape = "none")]
struct CargoToml<'a> {
    input: &'a str,
    crate_name: &'a str,
    version: &'a str,
    /// One feature per resource group (names cargo accepts, made by `rust::feature_groups`).
    groups: &'a [&'a str],
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    input: &'a str,
    crate_name: &'a str,
    namespaces: usize,
    entities: usize,
    complexes: usize,
    enums: usize,
    endpoints: usize,
    openapi_version: &'a str,
}

/// A crate name cargo accepts: ASCII letters, digits, `-` and `_`; never empty.
pub fn sanitize_crate_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{s}").trim_end_matches('-').to_string()
    } else {
        s
    }
}

/// `input` is shown in comments only; it is reduced to a single line of safe characters.
fn display_input(input: &str) -> String {
    input.chars().filter(|c| !c.is_control() && *c != '"' && *c != '\\').collect()
}

pub fn cargo_toml(crate_name: &str, input: &str, groups: &[&str]) -> String {
    let input = display_input(input);
    let crate_name = sanitize_crate_name(crate_name);
    CargoToml { input: &input, crate_name: &crate_name, version: "0.1.0", groups }.render().unwrap_or_default()
}

pub fn readme(schema: &Schema, crate_name: &str, input: &str) -> String {
    let input = display_input(input);
    let crate_name = sanitize_crate_name(crate_name);
    let count = |f: fn(&TypeDef) -> bool| schema.types().filter(|t| f(t)).count();
    Readme {
        input: &input,
        crate_name: &crate_name,
        namespaces: schema.namespaces.len(),
        entities: count(|t| matches!(t, TypeDef::Entity(_))),
        complexes: count(|t| matches!(t, TypeDef::Complex(_))),
        enums: count(|t| matches!(t, TypeDef::Enum(_))),
        endpoints: schema.endpoints.len(),
        openapi_version: "3.0.3",
    }
    .render()
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_safe() {
        assert_eq!(sanitize_crate_name("graphdoc-generated"), "graphdoc-generated");
        assert_eq!(sanitize_crate_name("a\"b\nc"), "a-b-c");
        assert_eq!(sanitize_crate_name("9lives"), "api-9lives");
        assert_eq!(sanitize_crate_name(""), "api");
    }

    #[test]
    fn cargo_toml_cannot_be_broken_by_input_path() {
        let t = cargo_toml("x", "docs\"\n[dependencies]\nevil = \"1\"", &[]);
        assert_eq!(t.lines().filter(|l| l.starts_with('[')).count(), 3, "{t}"); // [package], [features], [dependencies]
        assert!(!t.contains("evil = \""), "{t}");
        assert!(t.contains("name = \"x\""));
    }
}
