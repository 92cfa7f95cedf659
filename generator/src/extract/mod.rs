//! Extraction: one [`Page`] → the facts it states, with Graph meaning (resource types, enums,
//! operations). Pages are independent here, so this runs in parallel; `resolve` joins them.

pub mod http;
mod operation;
mod resource;
pub mod types;

use crate::diag::Diagnostic;
use crate::model::{Method, OperationKind, Origin, PathTemplate};
use crate::read::{Block, Link, Page};
pub use types::TypeExpr;

/// Everything one page says.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    pub path: String,
    /// The `Namespace:` line, when present.
    pub namespace: Option<String>,
    pub resources: Vec<ResourceFacts>,
    pub enums: Vec<EnumFacts>,
    pub operation: Option<OperationFacts>,
    /// Relative links to other pages, for the broken-link check.
    pub links: Vec<(String, Origin)>,
    /// Objects in JSON examples carrying `@odata.type`: (type, property name → value), used to
    /// infer undocumented types.
    pub observed: Vec<(String, serde_json::Map<String, serde_json::Value>, Origin)>,
    /// Where the page says it documents a `/beta` API (Graph's beta disclaimer).
    pub preview: Option<Origin>,
    /// Type names that annotations of examples mention (`"@odata.type": "x.y"`), to check
    /// their namespaces even on pages that yield no endpoint.
    pub mentions: Vec<(String, Origin)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFacts {
    /// As the resource annotation writes it: `microsoft.graph.profile` (or the H1's name).
    pub name: String,
    pub base: Option<TypeExpr>,
    pub key: Option<String>,
    pub is_abstract: bool,
    pub open: bool,
    pub properties: Vec<PropertyFacts>,
    pub navigation: Vec<PropertyFacts>,
    /// The page has a `## Relationships` section (even "None."): Graph's template for entities.
    pub relationships_section: bool,
    /// The base that prose states (`Inherits from [x]`), kept beside an annotation's `baseType`
    /// to prefer the more specific of the two.
    pub prose_base: Option<TypeExpr>,
    /// Types this page says derive from it (a `## Derived types` table, or `the derived types are [a]`).
    pub derived: Vec<TypeExpr>,
    /// The top-level property names of the `"blockType": "resource"` JSON block, where each
    /// is written, to check the representation against the tables.
    pub representation: Vec<(String, Origin)>,
    pub doc: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyFacts {
    pub name: String,
    /// `None`: the type cell was empty or unreadable (already reported).
    pub ty: Option<TypeExpr>,
    pub doc: String,
    pub read_only: bool,
    pub nullable: bool,
    /// The description says `Inherited from [x]`: the property belongs to a base type.
    pub inherited_from: Option<TypeExpr>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumFacts {
    pub name: String,
    pub members: Vec<(String, Option<i64>, String)>,
    pub doc: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperationFacts {
    pub title: String,
    pub doc: String,
    pub kind: OperationKind,
    /// Each documented `METHOD /path`.
    pub requests: Vec<(Method, PathTemplate, Origin)>,
    pub body: Option<TypeExpr>,
    pub response_status: u16,
    pub response_type: Option<TypeExpr>,
    /// What the response example's annotation says the type is, and where.
    pub response_annotation: Option<(String, Origin)>,
    pub query_params: Vec<(String, Option<TypeExpr>, String)>,
    /// Request headers beyond `Authorization` and `Content-Type`: (name, description).
    pub headers: Vec<(String, String)>,
    pub permissions: crate::model::Permissions,
    /// Rows of the Request body table: an action's parameters.
    pub body_params: Vec<PropertyFacts>,
    pub examples: Vec<ExampleFacts>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFacts {
    pub name: String,
    /// The example request's path (`/me/mailboxSettings/workingHours`), when it has one: on a
    /// page with several paths, the example belongs to the path it matches.
    pub path: Option<String>,
    pub request: Option<serde_json::Value>,
    pub response: Option<serde_json::Value>,
    pub status: Option<u16>,
    pub origin: Origin,
}

/// Extracts the facts of one page. Never fails; problems become diagnostics.
pub fn extract(page: &Page) -> (PageFacts, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut facts = PageFacts { path: page.source.path.clone(), ..Default::default() };
    facts.namespace = namespace_line(page);
    facts.links = page_links(page);
    facts.preview = BETA_DISCLAIMERS.iter().filter_map(|d| memchr::memmem::find(page.source.text.as_bytes(), d.as_bytes())).min().map(|at| page.source.origin(at));
    resource::extract(page, &mut facts, &mut diags);
    if is_operation_page(page) {
        facts.operation = operation::extract(page, &mut facts, &mut diags);
    }
    (facts, diags)
}

/// How Graph pages say they document the beta endpoint. (The `beta-disclaimer` include is not
/// a signal: v1.0 pages keep it long after their API reached v1.0.)
const BETA_DISCLAIMERS: &[&str] = &["APIs under the /beta version are subject to change"];

fn is_operation_page(page: &Page) -> bool {
    page.front_matter.get("doc_type").is_some_and(|d| d.eq_ignore_ascii_case("apiPageType"))
        && !page.blocks.iter().any(|b| matches!(b, Block::Code(c) if c.annotation.as_ref().and_then(|a| a.block_type()) == Some("resource")))
        || sections(page).any(|(s, _)| s.h2.starts_with("http request"))
}

fn namespace_line(page: &Page) -> Option<String> {
    page.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => p
            .text
            .strip_prefix("Namespace:")
            .and_then(|ns| ns.split_whitespace().next())
            .map(|ns| ns.trim_end_matches('.').to_string()),
        _ => None,
    })
}

fn page_links(page: &Page) -> Vec<(String, Origin)> {
    let mut out = Vec::new();
    let mut add = |links: &[Link]| {
        for l in links {
            out.push((l.target.clone(), page.source.origin(l.offset)));
        }
    };
    for b in &page.blocks {
        match b {
            Block::Paragraph(p) => add(&p.links),
            Block::Table(t) => t.rows.iter().flatten().for_each(|c| add(&c.links)),
            _ => {}
        }
    }
    out
}

/// Where a block sits: the lowercased text of the nearest H1/H2 and H3+ headings above it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    pub h2: String,
    pub h3: String,
}

/// Blocks with their section. Tab headings (`# [C#](#tab/csharp)`) do not open sections.
/// (Shared: a page is walked by section several times, and most blocks are not headings.)
pub(crate) fn sections(page: &Page) -> impl Iterator<Item = (std::rc::Rc<Section>, &Block)> {
    let mut current = std::rc::Rc::new(Section::default());
    page.blocks.iter().filter_map(move |b| {
        if let Block::Heading(h) = b {
            if !h.is_tab {
                let text = h.text.trim().to_lowercase();
                if h.level <= 2 {
                    current = std::rc::Rc::new(Section { h2: text, h3: String::new() });
                } else {
                    std::rc::Rc::make_mut(&mut current).h3 = text;
                }
            }
            return None;
        }
        Some((current.clone(), b))
    })
}

/// "Inherited from [x](x.md)" / "Inherits from [x](x.md)" in a text with its links.
pub(crate) fn inherits_from(text: &str, links: &[Link], page_path: &str) -> Option<TypeExpr> {
    let lower = text.to_lowercase();
    let at = ["inherited from", "inherits from", "derived from", "derives from", "subclass of"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()?;
    // The link written first after the phrase (the longer text where one contains another:
    // `[teamsApp]` earlier in the paragraph must not match inside `teamsAppInstallation`).
    let tail = &text[at..];
    links
        .iter()
        .filter(|l| !l.text.is_empty())
        .filter_map(|l| tail.find(&l.text).map(|pos| (pos, std::cmp::Reverse(l.text.len()), l)))
        .min_by_key(|(pos, len, _)| (*pos, *len))
        .and_then(|(_, _, l)| types::parse_cell(&l.text, std::slice::from_ref(l), page_path))
}

/// Phrases of a base type's page naming the types that derive from it, and whether those
/// types are linked before the phrase ("[a] and [b] are subclasses of this") or after it
/// ("the derived types are [a] and [b]").
const DERIVED_PHRASES: &[(&str, bool)] = &[
    ("subclasses of this", true),
    ("is a derived type of", true),
    ("are derived types of", true),
    ("derived type", false),
    ("base type for", false),
    ("base class for", false),
    ("base resource for", false),
];

/// The types a base page's paragraph names as its derived types: the linked pages on the side
/// of the last such phrase that names them, unless the paragraph states the page's own base.
pub(crate) fn derived_types(text: &str, links: &[Link], page_path: &str) -> Vec<TypeExpr> {
    let lower = text.to_lowercase();
    if ["inherits from", "derives from", "derived from"].iter().any(|p| lower.contains(p)) {
        return vec![];
    }
    // The last phrase; at one position the longer (more specific) phrase wins.
    let Some((at, before)) = DERIVED_PHRASES
        .iter()
        .filter_map(|(p, before)| lower.rfind(p).map(|at| (at, p.len(), *before)))
        .max_by_key(|(at, len, _)| (*at + len, *len))
        .map(|(at, _, before)| (at, before))
    else {
        return vec![];
    };
    links
        .iter()
        .filter(|l| !l.text.is_empty() && l.target.contains(".md"))
        .filter(|l| text.find(&l.text).is_some_and(|pos| if before { pos < at } else { pos > at }))
        .filter_map(|l| types::parse_cell(&l.text, std::slice::from_ref(l), page_path))
        .filter(|t| matches!(t, TypeExpr::Named { .. }))
        .collect()
}

#[cfg(test)]
mod tests;
