//! Resource pages: the type from the `resource` annotation, its Properties and Relationships
//! tables, its base type, and enum tables (`### x values`, `## Members` on enum pages).

use super::{derived_types, inherits_from, sections, types, EnumFacts, PageFacts, PropertyFacts, ResourceFacts, TypeExpr};
use crate::diag::{codes, Diagnostic};
use crate::read::{Block, Page, Table};

/// The top-level keys of a resource's JSON representation, located. Representations are
/// pseudo-JSON (`"name": "String"`, comments); unreadable ones give nothing (they are not examples).
fn representation(block: &crate::read::CodeBlock, src: &crate::source::SourceFile) -> Vec<(String, crate::model::Origin)> {
    let Ok(parsed) = crate::read::json::parse_lenient(&block.body) else { return vec![] };
    let serde_json::Value::Object(map) = parsed.value else { return vec![] };
    map.keys()
        .map(|k| {
            let at = block.body.find(&format!("\"{k}\"")).map_or(block.offset, |i| block.body_offset + i);
            (k.clone(), src.origin(at))
        })
        .collect()
}

pub(super) fn extract(page: &Page, facts: &mut PageFacts, diags: &mut Vec<Diagnostic>) {
    let src = &page.source;
    let doc = first_paragraph(page);
    for b in &page.blocks {
        let Block::Code(c) = b else { continue };
        let Some(a) = c.annotation.as_ref().filter(|a| a.block_type() == Some("resource")) else { continue };
        let Some(name) = a.odata_type().map(|t| t.trim().trim_start_matches('#').to_string()).filter(|n| !n.is_empty()) else {
            diags.push(
                Diagnostic::new(codes::ANNOTATION_INVALID, src.origin(a.offset), "resource annotation has no `@odata.type`")
                    .len(4)
                    .help("add `\"@odata.type\": \"microsoft.graph.<type>\"` to the annotation"),
            );
            continue;
        };
        let name = camel_spelling(page, name, src.origin(a.offset), diags);
        let base = a.get_str("baseType").and_then(types::parse_type_name);
        facts.resources.push(ResourceFacts {
            name,
            base,
            key: a.get_str("keyProperty").map(str::to_string),
            is_abstract: a.get_bool("abstract") || a.get_bool("isAbstract"),
            open: a.get_bool("openType"),
            properties: vec![],
            navigation: vec![],
            relationships_section: false,
            prose_base: None,
            derived: vec![],
            representation: representation(c, src),
            doc: doc.clone(),
            origin: src.origin(a.offset),
        });
    }
    // A resource page whose annotation is missing still documents its type: take the H1.
    if facts.resources.is_empty() && is_resource_page(page) {
        if let Some((name, offset)) = h1_type_name(page, "resource type") {
            let ns = facts.namespace.clone().unwrap_or_else(|| "microsoft.graph".into());
            facts.resources.push(ResourceFacts {
                name: format!("{ns}.{name}"),
                base: None,
                key: None,
                is_abstract: false,
                open: false,
                properties: vec![],
                navigation: vec![],
                relationships_section: false,
                prose_base: None,
                derived: vec![],
                representation: vec![],
                doc: doc.clone(),
                origin: src.origin(offset),
            });
        }
    }

    let is_enum_page = h1_type_name(page, "enum type");
    for (section, block) in sections(page) {
        match block {
            Block::Paragraph(p) => {
                // "Inherits from [x](x.md)." belongs to the introduction, or opens the
                // Properties section ("chatMessageHostedContent derives from [x]").
                let intro = !["propert", "relationship", "json", "method"].iter().any(|w| section.h2.contains(w));
                let short_note = section.h2.contains("propert") && section.h3.is_empty() && p.text.len() <= 200;
                if let Some(r) = facts.resources.first_mut().filter(|_| intro || short_note) {
                    if r.prose_base.is_none() {
                        r.prose_base = inherits_from(&p.text, &p.links, &src.path);
                    }
                    if intro {
                        r.derived.extend(derived_types(&p.text, &p.links, &src.path));
                    }
                }
            }
            Block::Table(t) => {
                let values_heading = [&section.h3, &section.h2]
                    .into_iter()
                    .find_map(|h| h.strip_suffix(" values").map(|n| n.trim().to_string()));
                if let Some(enum_name) = values_heading {
                    let original = original_case(page, &enum_name);
                    facts.enums.push(enum_table(page, t, original, diags));
                } else if section.h2 == "derived types" || section.h3 == "derived types" {
                    if let Some(r) = facts.resources.first_mut() {
                        let cells = t.rows.iter().filter_map(|row| row.first());
                        r.derived.extend(cells.filter_map(|c| types::parse_cell(&c.text, &c.links, &src.path)).filter(|t| matches!(t, TypeExpr::Named { .. })));
                    }
                } else if section.h2 == "members" {
                    if let Some((name, _)) = &is_enum_page {
                        facts.enums.push(enum_table(page, t, name.clone(), diags));
                    }
                } else if let Some(r) = facts.resources.first_mut() {
                    // Older pages put `### Properties` under the title's section.
                    let is = |w: &str| section.h2.contains(w) || section.h3.contains(w) && section.h2.ends_with("resource type");
                    if is("relationship") {
                        r.navigation.extend(property_rows(page, t, diags));
                    } else if is("propert") || is("instance attributes") {
                        r.properties.extend(property_rows(page, t, diags));
                    }
                }
            }
            _ => {}
        }
    }
    let has_relationships = page.blocks.iter().any(|b| matches!(b, Block::Heading(h) if h.level == 2 && h.text.to_lowercase().starts_with("relationship")));
    for r in &mut facts.resources {
        r.relationships_section = has_relationships;
    }
    drop_property_value_lists(facts, diags);
    // Prose inheritance ("Inherited from [x]" on property rows) when nothing better is stated.
    for r in &mut facts.resources {
        if r.prose_base.is_none() {
            r.prose_base = r.properties.iter().chain(&r.navigation).find_map(|p| p.inherited_from.clone());
        }
        if r.base.is_none() {
            r.base = r.prose_base.clone();
        }
    }
}

/// `### signInAudience values` under a property typed `String` lists the values of that string
/// property: the service has no such enum type. Headings that are not a type name
/// (`### Prefer header values`) are not enum types either. Both are reported, not dropped silently.
fn drop_property_value_lists(facts: &mut PageFacts, diags: &mut Vec<Diagnostic>) {
    let props: Vec<&PropertyFacts> = facts.resources.iter().flat_map(|r| &r.properties).collect();
    let mut kept = Vec::new();
    for e in std::mem::take(&mut facts.enums) {
        let name = e.name.trim_end_matches(" property").trim();
        let primitive = |t: &TypeExpr| match t {
            TypeExpr::Collection(inner) => matches!(**inner, TypeExpr::Primitive(_)),
            other => matches!(other, TypeExpr::Primitive(_)),
        };
        let string_property = props.iter().find(|p| p.name.eq_ignore_ascii_case(name) && p.ty.as_ref().is_some_and(primitive));
        let not_a_name = !e.name.chars().all(|c| c.is_alphanumeric() || c == '_') || e.name.is_empty();
        if string_property.is_none() && !not_a_name {
            kept.push(e);
            continue;
        }
        let why = match string_property {
            Some(p) => format!("`### {} values` lists the values of the primitive property `{}`; no enum type is made", e.name, p.name),
            None => format!("`### {} values` is not named like a type; no enum type is made", e.name),
        };
        diags.push(
            Diagnostic::new(codes::VALUES_OF_PROPERTY, e.origin.clone(), why)
                .help("link the property's type cell to the enum if the service has one; otherwise the table documents allowed strings"),
        );
    }
    facts.enums = kept;
}

/// The annotation and the H1 may spell the type's name in different casings
/// (`microsoft.graph.orgcontact` under `# orgContact resource type`). Graph names are
/// lowerCamelCase: the spelling that starts lowercase and keeps its inner capitals wins.
fn camel_spelling(page: &Page, annotated: String, at: crate::model::Origin, diags: &mut Vec<Diagnostic>) -> String {
    let Some((h1, _)) = h1_type_name(page, "resource type") else { return annotated };
    let (ns, simple) = annotated.rsplit_once('.').map_or(("", annotated.as_str()), |(n, s)| (n, s));
    if h1 == simple || !h1.eq_ignore_ascii_case(simple) {
        return annotated;
    }
    if types::camel_preference(&h1) <= types::camel_preference(simple) {
        return annotated;
    }
    diags.push(
        Diagnostic::new(codes::NAME_CASING, at, format!("the annotation spells the type `{simple}`, the heading `{h1}`; `{h1}` is used"))
            .help(format!("write `{h1}` in the `@odata.type` of the resource annotation")),
    );
    if ns.is_empty() { h1 } else { format!("{ns}.{h1}") }
}

fn is_resource_page(page: &Page) -> bool {
    page.front_matter.get("doc_type").is_some_and(|d| d.to_lowercase().starts_with("resourcepagetype"))
}

/// `# profile resource type` → `profile`.
fn h1_type_name(page: &Page, suffix: &str) -> Option<(String, usize)> {
    page.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == 1 && !h.is_tab => {
            let lower = h.text.to_lowercase();
            lower.strip_suffix(suffix).map(|n| (h.text[..n.trim_end().len()].trim().to_string(), h.offset))
        }
        _ => None,
    })
}

/// The heading text is lowercased for matching; recover the docs' casing of the enum name.
fn original_case(page: &Page, lower: &str) -> String {
    page.blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading(h) => h
                .text
                .split_whitespace()
                .find(|w| w.to_lowercase() == lower)
                .map(str::to_string),
            _ => None,
        })
        .unwrap_or_else(|| lower.to_string())
}

fn first_paragraph(page: &Page) -> String {
    sections(page)
        .filter(|(s, _)| !s.h2.is_empty() && s.h3.is_empty())
        .take_while(|(_, b)| !matches!(b, Block::Table(_) | Block::Code(_)))
        .find_map(|(_, b)| match b {
            Block::Paragraph(p)
                if !p.text.starts_with("Namespace:") && !p.text.starts_with('!') && !p.text.starts_with("[!") && !p.text.is_empty() =>
            {
                Some(p.text.clone())
            }
            _ => None,
        })
        .unwrap_or_default()
}

pub(super) fn property_rows(page: &Page, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<PropertyFacts> {
    let src = &page.source;
    let name_col = 0;
    let Some(type_col) = t.column(|c| c.contains("type")) else { return vec![] };
    let desc_col = t.column(|c| c.contains("description")).unwrap_or(t.header.len().saturating_sub(1));
    let mut out = Vec::new();
    for row in &t.rows {
        let Some(name_cell) = row.get(name_col) else { continue };
        let name = name_cell.text.trim().trim_matches(['`', '*']).split_whitespace().next().unwrap_or("").to_string();
        if name.is_empty() {
            diags.push(
                Diagnostic::new(codes::EMPTY_TABLE_CELL, src.origin(name_cell.offset), "property row has no name; the row is skipped")
                    .help("write the property's name in the first column"),
            );
            continue;
        }
        // `@odata.type`, `@microsoft.graph.downloadUrl`: instance annotations, not properties
        // (OData names are identifiers).
        if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            diags.push(
                Diagnostic::new(codes::NOT_A_PROPERTY_NAME, src.origin(name_cell.offset), format!("`{name}` is not a property name; the row is not a property"))
                    .len(name.len())
                    .help("instance annotations (`@...`) are described in prose; property names are identifiers"),
            );
            continue;
        }
        let (doc, doc_links) = row.get(desc_col).filter(|_| desc_col != type_col).map_or((String::new(), &[][..]), |c| (c.text.clone(), &c.links[..]));
        let ty = match row.get(type_col) {
            Some(c) if c.text.trim().is_empty() => {
                diags.push(
                    Diagnostic::new(codes::EMPTY_TABLE_CELL, src.origin(c.offset), format!("property `{name}` has no type"))
                        .help("write the type, e.g. `String` or `[x](x.md) collection`"),
                );
                None
            }
            Some(c) => {
                let parsed = types::parse_cell(&c.text, &c.links, &src.path);
                if parsed.is_none() {
                    diags.push(
                        Diagnostic::new(codes::TYPE_CELL_UNKNOWN, src.origin(c.offset), format!("type `{}` of property `{name}` is not a type", c.text))
                            .len(c.text.len())
                            .help("use an Edm primitive (`String`, `Int32`, ...) or link the type's page"),
                    );
                }
                parsed
            }
            None => None,
        };
        let lower = doc.to_lowercase();
        out.push(PropertyFacts {
            inherited_from: if lower.contains("inherited from") { inherits_from(&doc, doc_links, &src.path) } else { None },
            read_only: lower.contains("read-only") || lower.contains("readonly") || lower.contains("read only"),
            nullable: !(lower.contains("not nullable") || lower.contains("non-nullable") || lower.contains("required")),
            name,
            ty,
            doc,
            origin: src.origin(name_cell.offset),
        });
    }
    out
}

fn enum_table(page: &Page, t: &Table, name: String, diags: &mut Vec<Diagnostic>) -> EnumFacts {
    let cols = t.columns();
    let member_col = cols.iter().position(|c| c == "member" || c == "name" || c.starts_with("member")).unwrap_or(0);
    let value_col = cols.iter().position(|c| c == "value").filter(|&v| v != member_col);
    let desc_col = cols.iter().position(|c| c.contains("description"));
    let mut members = Vec::new();
    for row in &t.rows {
        let Some(cell) = row.get(member_col) else { continue };
        let m = cell.text.trim().trim_matches(['`', '*']).to_string();
        if m.is_empty() || !m.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') {
            diags.push(
                Diagnostic::new(codes::EMPTY_TABLE_CELL, page.source.origin(cell.offset), format!("enum `{name}` row has no usable member name; skipped"))
                    .help("write the member's name in the Member column"),
            );
            continue;
        }
        let value = value_col.and_then(|v| row.get(v)).and_then(|c| c.text.trim().parse::<i64>().ok());
        let doc = desc_col.and_then(|d| row.get(d)).map(|c| c.text.clone()).unwrap_or_default();
        members.push((m, value, doc));
    }
    EnumFacts { name, members, doc: String::new(), origin: page.source.origin(t.offset) }
}

