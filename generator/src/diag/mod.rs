//! Diagnostics: every problem found in the docs, with a stable code, a severity, where it is,
//! and a short help. All codes live in [`codes`], so they are documented and never reused.

pub mod explain;
pub mod levels;
pub mod sarif;

pub use levels::{Level, Levels};

use crate::model::Origin;
use crate::source::SourceFile;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A diagnostic kind: its stable id, default severity and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub id: &'static str,
    /// The constant's name (`BROKEN_LINK`), for tools that want a word instead of a number.
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

macro_rules! codes {
    ($( $name:ident = $id:literal, $sev:ident, $summary:literal; )*) => {
        /// Every diagnostic code graphdoc emits. Ids are stable: never renumber, only add.
        pub mod codes {
            use super::{Code, Severity};
            $( pub const $name: Code = Code { id: $id, name: stringify!($name), severity: Severity::$sev, summary: $summary }; )*
            pub const ALL: &[Code] = &[$($name),*];
        }
    };
}

codes! {
    // 00xx: files
    READ_FAILED = "GD0001", Error, "a file could not be read";
    NOT_UTF8 = "GD0002", Warning, "a file is not valid UTF-8; invalid bytes were replaced";
    WRITE_FAILED = "GD0003", Error, "an output file could not be written";
    // 01xx: page structure
    FRONT_MATTER_MISSING = "GD0101", Warning, "the page has no YAML front matter";
    FRONT_MATTER_INVALID = "GD0102", Warning, "the front matter is not valid YAML";
    PLACEHOLDER_TEXT = "GD0103", Warning, "the page contains unfinished placeholder text";
    ANNOTATION_INVALID = "GD0104", Warning, "an annotation comment is not valid JSON";
    ANNOTATION_DETACHED = "GD0105", Warning, "an annotation is not followed by a code block";
    BROKEN_LINK = "GD0106", Warning, "a relative link points to a page that does not exist";
    PAGE_UNUSED = "GD0107", Warning, "the page documents neither a resource nor an operation";
    EMPTY_TABLE_CELL = "GD0108", Warning, "a table cell that should hold a value is empty";
    TABLE_ROW_SHAPE = "GD0109", Warning, "a table row has a different number of cells than its header";
    NOT_A_PROPERTY_NAME = "GD0113", Note, "a property row's name is not an identifier (e.g. an instance annotation `@odata.type`); it is not a property";
    NAME_CASING = "GD0112", Warning, "two places spell a type or property name in different casings; the lowerCamelCase spelling is used";
    PREVIEW_PAGE = "GD0111", Note, "the page documents a /beta API among pages that do not; it is left out of the model";
    VALUES_OF_PROPERTY = "GD0110", Note, "a `### x values` table lists the values of a string property (or is not named like a type); no enum type is made";
    // 02xx: JSON examples
    JSON_REPAIRED = "GD0201", Warning, "a JSON block is invalid; it was repaired to be used";
    JSON_UNUSABLE = "GD0202", Warning, "a JSON block is invalid and could not be repaired; it is skipped";
    VALUE_WRAPPED_ENTITY = "GD0203", Warning, "a single entity is wrapped in a `value` property";
    TYPE_NAME_AS_VALUE = "GD0204", Warning, "an example uses type names as values";
    EXAMPLE_MISMATCH = "GD0205", Warning, "an example does not match the documented type; it is not used as a test";
    EXAMPLE_UNKNOWN_PROPERTY = "GD0206", Warning, "an example uses a property that its type does not define";
    // 03xx: HTTP blocks
    HTTP_BLOCK_EMPTY = "GD0301", Warning, "the HTTP request block is empty";
    REQUEST_LINE_INVALID = "GD0302", Warning, "a request line has no usable path";
    PATH_FROM_EXAMPLE = "GD0303", Note, "the endpoint's path was taken from the example request";
    STATUS_LINE_MALFORMED = "GD0304", Warning, "a response status line is malformed";
    BLANK_BEFORE_HEADERS = "GD0305", Warning, "a blank line separates the status line from the headers";
    NO_ENDPOINT = "GD0306", Warning, "an operation page has no usable HTTP request; the page is skipped";
    TYPE_CELL_UNKNOWN = "GD0307", Warning, "a type cell could not be understood; the property is untyped";
    LITERAL_KEY_IN_PATH = "GD0308", Warning, "a request path holds a literal key (a GUID) where a `{parameter}` belongs; it is read as one";
    // 04xx: consistency across pages
    NAMESPACE_CONFLICT = "GD0401", Warning, "a type is referenced in a namespace other than where it is documented";
    LIST_OF_ONE = "GD0309", Warning, "a list operation's response names one object; it is read as a collection";
    ANGLE_PLACEHOLDER = "GD0310", Warning, "a request path writes a placeholder in angle brackets (`<address>`); it is read as `{address}`";
    RESPONSE_TYPE_DISAGREES = "GD0402", Warning, "the response annotation names a different type than the page";
    TYPE_INFERRED = "GD0403", Warning, "a referenced type is not documented; it was inferred from examples";
    TYPE_UNKNOWN = "GD0404", Warning, "a referenced type is not documented anywhere; it is kept as untyped JSON";
    DUPLICATE_TYPE = "GD0405", Warning, "a type is documented on more than one page (types are merged; enums: the first is used)";
    BASE_TYPE_UNKNOWN = "GD0406", Warning, "a base type is not documented; the type has no base";
    DUPLICATE_ENDPOINT = "GD0407", Warning, "the same method and path are documented twice; the first is used";
    INHERITANCE_CYCLE = "GD0408", Warning, "base types form a cycle; the cycle is cut";
    OPERATION_NAME_CLASH = "GD0410", Warning, "an operation's name is taken by a type or by an operation of the other kind; it is left out of the CSDL";
    KEY_PROPERTY_MISSING = "GD0409", Warning, "the key property is not among the type's properties; it was added as a string";
    BASE_TYPE_INFERRED = "GD0411", Note, "a base type the type's page does not state was taken from the base's page or from repeated properties";
    KEY_IGNORED = "GD0412", Warning, "a `keyProperty` is ignored: the type is only used as a property value, which makes it a complex type";
    ENTITY_FROM_PATHS = "GD0413", Note, "a type documented without a key is addressed by key in request paths, or has operations bound below it; it is an entity";
    ROOT_TYPE_INFERRED = "GD0415", Warning, "request paths start at a root whose type no page documents; an entity type named after it was made";
    ENUM_FROM_VALUES = "GD0416", Warning, "a property documented as a string lists exactly the members of a documented enum as its possible values; it is typed with the enum";
    NAVIGATION_FROM_PATHS = "GD0414", Note, "a navigation property is taken from request paths; the resource page does not list it";
    REPRESENTATION_DISAGREES = "GD0417", Warning, "a resource's JSON representation shows a property that its tables do not define";
    DEFINITION_CONFLICT = "GD0418", Warning, "pages that document the same type disagree on a property's type or on the base type; the leading page wins";
    SHARED_ROUTE_BASE = "GD0419", Note, "pages document one route for different derived types; it takes their common base type";
    RESPONSE_FOLLOWS_PATH = "GD0420", Warning, "a GET's response disagrees with what its path addresses (one object or a collection, or a type derived from the path's); the path decides";
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    #[serde(flatten)]
    pub origin: Origin,
    /// Length in bytes of the highlighted text at `origin` (0: a point).
    #[serde(skip)]
    pub len: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.id,
            severity: code.severity,
            origin,
            len: 0,
            message: message.into(),
            help: None,
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn len(mut self, len: usize) -> Self {
        self.len = len;
        self
    }
}

/// A thread-safe collector: stages push, the caller sorts and renders.
#[derive(Debug, Default)]
pub struct Sink(Mutex<Vec<Diagnostic>>);

impl Sink {
    pub fn push(&self, d: Diagnostic) {
        // A poisoned lock only means another thread panicked mid-push; the data is still valid.
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend(ds);
    }
    /// Sorted by file, line, column, code: the same order on every run and thread count.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| {
            (&a.origin, a.code, &a.message).cmp(&(&b.origin, b.code, &b.message))
        });
        v.dedup();
        v
    }
}

/// Counts by code, for summaries.
pub fn count_by_code(diags: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d.code).or_insert(0) += 1;
    }
    m
}

/// Renders like rustc: the message, the source line with the spot underlined, and the help.
pub fn render_human(d: &Diagnostic, sources: &BTreeMap<String, &SourceFile>, color: bool) -> String {
    use annotate_snippets::{Level, Renderer, Snippet};
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let title = level.title(&d.message).id(d.code);
    let help = d.help.as_deref();
    let Some(src) = sources.get(&d.origin.file).filter(|_| d.origin.line > 0) else {
        let mut msg = title;
        if let Some(h) = help {
            msg = msg.footer(Level::Help.title(h));
        }
        return format!("{}\n --> {}", renderer.render(msg), d.origin);
    };
    // Show the whole line the diagnostic starts on; the span is relative to it.
    let line_start = src.line_start(d.origin.line);
    let line_end = src.text[line_start..].find('\n').map_or(src.text.len(), |i| line_start + i);
    let line = &src.text[line_start..line_end];
    let col_byte = line
        .char_indices()
        .nth(d.origin.col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let end = (col_byte + d.len.max(1)).min(line.len()).max(col_byte);
    let snippet = Snippet::source(line)
        .line_start(d.origin.line as usize)
        .origin(&d.origin.file)
        .annotation(level.span(col_byte..end));
    let mut msg = title.snippet(snippet);
    if let Some(h) = help {
        msg = msg.footer(Level::Help.title(h));
    }
    let out = renderer.render(msg).to_string();
    out
}

/// One JSON object per line, for tools.
pub fn render_json(d: &Diagnostic) -> String {
    serde_json::to_string(d).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut ids: Vec<_> = codes::ALL.iter().map(|c| c.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate diagnostic id");
        assert!(ids.iter().all(|id| id.len() == 6 && id.starts_with("GD")));
    }

    #[test]
    fn renders_location_and_help() {
        let f = SourceFile::new("api/x.md", "line one\nHTTP 1.1 201 Created\n");
        let mut sources = BTreeMap::new();
        sources.insert(f.path.clone(), &f);
        let d = Diagnostic::new(codes::STATUS_LINE_MALFORMED, f.origin(9), "bad status line")
            .len(8)
            .help("write `HTTP/1.1 201 Created`");
        let out = render_human(&d, &sources, false);
        assert!(out.contains("warning[GD0304]: bad status line"), "{out}");
        assert!(out.contains("api/x.md:2:1"), "{out}");
        assert!(out.contains("--------"), "{out}"); // underlines the 8 bytes
        assert!(out.contains("help: write"), "{out}");
        let json = render_json(&d);
        assert!(json.contains(r#""code":"GD0304""#) && json.contains(r#""line":2"#), "{json}");
    }
}
