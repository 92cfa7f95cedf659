//! Reading: a markdown page → [`Page`], syntax only. Nothing here knows what Graph means by a
//! table or a block; that is `extract`'s job. Every block keeps its byte offset in the file.

pub mod front_matter;
pub mod json;
mod markdown;

use crate::diag::{codes, Diagnostic};
use crate::source::SourceFile;
pub use front_matter::FrontMatter;

/// One page, parsed.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceFile,
    pub front_matter: FrontMatter,
    /// Headings, paragraphs, tables, code blocks and annotations in document order.
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Table(Table),
    Code(CodeBlock),
    /// An annotation that belongs to the page (`"type": "#page.annotation"`), or one that no code
    /// block follows.
    Annotation(Annotation),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// `# [C#](#tab/csharp)` lines: tab labels in the docs' renderer, not sections.
    pub is_tab: bool,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub links: Vec<Link>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub text: String,
    pub target: String,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    pub offset: usize,
}

impl Table {
    /// Header cells lowercased and trimmed, for classifying the table by its columns.
    pub fn columns(&self) -> Vec<String> {
        self.header.iter().map(|c| c.text.trim().to_lowercase()).collect()
    }
    /// Index of the first column whose header satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.columns().iter().position(|c| pred(c))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Plain text: markup removed, link text kept, whitespace collapsed.
    pub text: String,
    pub links: Vec<Link>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The fence's info string, lowercased (`http`, `json`, `msgraph-interactive`, or empty).
    pub lang: String,
    pub body: String,
    /// Offset of the body's first byte (the line after the opening fence).
    pub body_offset: usize,
    pub offset: usize,
    pub annotation: Option<Annotation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The JSON object, after lenient repairs; `None` when it could not be read at all.
    pub value: Option<serde_json::Map<String, serde_json::Value>>,
    pub offset: usize,
}

impl Annotation {
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.value.as_ref()?.get(key)?.as_str()
    }
    /// `true`/`"true"` both count: the docs spell booleans both ways.
    pub fn get_bool(&self, key: &str) -> bool {
        match self.value.as_ref().and_then(|v| v.get(key)) {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
    pub fn block_type(&self) -> Option<&str> {
        self.get_str("blockType")
    }
    /// `@odata.type`, or its alias `@type`.
    pub fn odata_type(&self) -> Option<&str> {
        self.get_str("@odata.type").or_else(|| self.get_str("@type"))
    }
    pub fn is_page_annotation(&self) -> bool {
        self.get_str("type").is_some_and(|t| t.starts_with("#page"))
    }
}

/// Reads one HTML comment as an annotation (`<!-- { "blockType": ... } -->`): `None` when the
/// comment is not one. The reader's own entry point for it, public for fuzzing and tools.
pub fn read_annotation(source: &SourceFile, html: &str, offset: usize) -> (Option<Annotation>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let a = markdown::annotation(source, html, offset, &mut diags);
    (a, diags)
}

/// Reads one page. Never fails: problems become diagnostics and the page keeps what it can.
pub fn read_page(source: SourceFile) -> (Page, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (front_matter, body_start) = front_matter::split(&source, &mut diags);
    let blocks = markdown::blocks(&source, body_start, &mut diags);
    placeholder_text(&source, &mut diags);
    (Page { source, front_matter, blocks }, diags)
}

/// Unfinished template text (`**TODO: ...`, `$(metadata.owner)`) is reported once per line,
/// at the line's first marker. (One scan of the page per marker, not one per line.)
fn placeholder_text(source: &SourceFile, diags: &mut Vec<Diagnostic>) {
    const MARKERS: [&str; 2] = ["TODO", "$(metadata."];
    let mut found: Vec<(usize, &str)> =
        MARKERS.iter().flat_map(|m| memchr::memmem::find_iter(source.text.as_bytes(), m.as_bytes()).map(move |at| (at, *m))).collect();
    found.sort();
    let mut last_line = None;
    for (at, marker) in found {
        let origin = source.origin(at);
        if last_line.replace(origin.line) == Some(origin.line) {
            continue;
        }
        diags.push(
            Diagnostic::new(codes::PLACEHOLDER_TEXT, origin, format!("placeholder `{}` left in the page", marker.trim_end_matches('.')))
                .len(marker.len())
                .help("replace the placeholder with the real value before publishing"),
        );
    }
}
