//! Broken input never panics: every seed page cut at every line, and with lines swapped or
//! duplicated, still goes through the whole pipeline (read → extract → resolve → emit).

use graphdoc::source::SourceFile;
use graphdoc::Emit;
use std::path::Path;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/api");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .expect("docs-input/api")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("utf-8")))
        .collect();
    pages.sort();
    pages
}

fn pipeline(pages: Vec<SourceFile>) {
    let (schema, _diags) = graphdoc::schema_from_sources(&pages);
    let mut emit = Emit::default();
    emit.model = true;
    let files = graphdoc::emit::render(&schema, &emit, "x", "docs");
    assert!(files.contains_key("metadata.xml"));
}

#[test]
fn truncated_pages_do_not_panic() {
    for (name, text) in seeds() {
        let cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        for (n, &cut) in cuts.iter().enumerate() {
            // Cut mid-line too, at a char boundary, to leave unclosed fences, tables and JSON.
            let mid = (cut.saturating_sub(3)..=cut).find(|&i| text.is_char_boundary(i)).unwrap_or(cut);
            pipeline(vec![SourceFile::new(format!("api/{n}-{name}"), &text[..mid])]);
        }
    }
}

#[test]
fn shuffled_and_duplicated_lines_do_not_panic() {
    for (name, text) in seeds() {
        let lines: Vec<&str> = text.lines().collect();
        for k in 1..lines.len() {
            let mut swapped = lines.clone();
            swapped.swap(k - 1, k);
            let mut doubled = lines.clone();
            doubled.insert(k, lines[k]);
            let pages = vec![
                SourceFile::new(format!("api/a-{name}"), swapped.join("\n")),
                SourceFile::new(format!("api/b-{name}"), doubled.join("\n")),
            ];
            pipeline(pages);
        }
    }
}

#[test]
fn hostile_names_cannot_break_the_outputs() {
    let page = r#"---
title: "x"
doc_type: resourcePageType
---
# bad resource type

## Properties
|Property|Type|Description|
|:--|:--|:--|
|type|String|"}]); panic!(); //|
|self|[bad](bad.md)|</Schema>|
|2fa|Int32|`*/ fn evil() {} /*`|
|display_name|String|a|
|displayName|String|b|

## JSON representation
<!-- { "blockType": "resource", "keyProperty": "type", "@odata.type": "microsoft.graph.Option" } -->
```json
{}
```
"#;
    let (schema, _) = graphdoc::schema_from_sources(&[SourceFile::new("resources/bad.md", page)]);
    let files = graphdoc::emit::render(&schema, &Emit::default(), "x", "docs");
    let models = models_text(&files);
    // Each file is valid Rust on its own (a namespace's file holds items, `include!`d).
    let parsed: Vec<syn::File> = files.iter().filter(|(n, _)| n.ends_with(".rs")).map(|(n, b)| syn::parse_file(std::str::from_utf8(b).unwrap()).unwrap_or_else(|e| panic!("{n}: {e}"))).collect();
    // The hostile descriptions stay inside doc comments.
    let code_lines: Vec<&str> = models.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    assert!(!code_lines.iter().any(|l| l.contains("evil") || l.contains("panic!")), "doc text became code:\n{models}");
    assert!(models.contains("pub r#type:") && models.contains("pub self_:") && models.contains("pub n2fa:"), "{models}");
    assert!(models.contains("pub display_name:") && models.contains("pub display_name_2:"), "{models}");
    assert!(models.contains("pub struct Option"));
    assert!(parsed.len() >= 4, "lib, client, models and a namespace's file");
    let xml = String::from_utf8(files["metadata.xml"].clone()).unwrap();
    assert_eq!(xml.matches("</Schema>").count(), 1, "{xml}");
}

/// `src/models.rs` and each namespace's `src/models/<module>.rs`, one after the other.
fn models_text(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    files.iter().filter(|(n, _)| n.starts_with("src/models")).map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect()
}

#[test]
fn no_unused_parameters_or_duplicate_fields_in_generated_rust() {
    let base = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n|name|String|Name.|\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{}\n```\n";
    // The subtype repeats `name` with another type: one field, the base's.
    let sub = "---\ndoc_type: resourcePageType\n---\n# bigThing resource type\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|name|Int32|Again.|\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.thing\", \"@odata.type\": \"microsoft.graph.bigThing\" } -->\n```json\n{}\n```\n";
    let delete = "---\ntitle: \"Delete thing\"\ndoc_type: apiPageType\n---\n# Delete thing\n\n## HTTP request\n```http\nDELETE /things/{id}\n```\n\n## Response\nIf successful, this method returns a `204 No Content` response code.\n";
    let (schema, _) = graphdoc::schema_from_sources(&[
        SourceFile::new("resources/thing.md", base),
        SourceFile::new("resources/bigthing.md", sub),
        SourceFile::new("api/thing-delete.md", delete),
    ]);
    let files = graphdoc::emit::render(&schema, &Emit::default(), "x", "docs");
    let client = String::from_utf8(files["src/client.rs"].clone()).unwrap();
    // Every parameter is used: even with nothing to decode, the body carries the error.
    let delete = &client[client.find("impl Endpoint for").expect("an endpoint")..];
    assert!(delete.contains("fn parse(status: u16, body: &[u8])") && delete.contains("check_status(status, body)"), "{delete}");
    let models = models_text(&files);
    let big = &models[models.find("pub struct BigThing").expect("BigThing")..];
    let big = &big[..big.find("\n}").unwrap_or(big.len())];
    assert_eq!(big.matches("pub name:").count(), 1, "{big}");
}
