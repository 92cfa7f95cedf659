//! The type-cell grammar: `String`, `Edm.Int32`, `[userAccount](useraccount.md) collection`,
//! `Collection(microsoft.graph.x)`, `` `DateTimeOffset` ``, `string (timestamp)`, in any casing.

use crate::model::Primitive;
use crate::read::Link;

/// A type as written on a page, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeExpr {
    Primitive(Primitive),
    /// A reference to a documented type.
    Named {
        /// As written: `userAccount`, `microsoft.graph.userAccount`, or a link's text.
        name: String,
        /// The page a link points to, relative to the input folder (`resources/useraccount.md`).
        page: Option<String>,
        /// The link's `#anchor`, which names the enum on enum pages (`allowedaudiences-values`).
        anchor: Option<String>,
    },
    Collection(Box<TypeExpr>),
    /// `Json`: any JSON value.
    Untyped,
}

impl TypeExpr {
    pub fn named(name: impl Into<String>) -> Self {
        TypeExpr::Named { name: name.into(), page: None, anchor: None }
    }
}

/// Maps a primitive spelling (any case, `Edm.` optional) to the Edm type.
pub fn primitive(word: &str) -> Option<Primitive> {
    let w = word.trim().trim_matches('`').to_ascii_lowercase();
    let w = w.strip_prefix("edm.").unwrap_or(&w);
    Some(match w {
        "string" | "url" | "uri" | "etag" | "str" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "int32" | "int" | "integer" => Primitive::Int32,
        "int64" | "long" | "number" => Primitive::Int64,
        "int16" | "short" => Primitive::Int16,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "double" | "float" => Primitive::Double,
        "single" => Primitive::Single,
        "decimal" | "numeric" => Primitive::Decimal,
        "guid" | "uuid" => Primitive::Guid,
        "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "timeofday" | "time" => Primitive::TimeOfDay,
        "duration" | "timespan" => Primitive::Duration,
        "binary" | "base64" => Primitive::Binary,
        "stream" => Primitive::Stream,
        _ => return None,
    })
}

/// How much a spelling looks like a Graph (lowerCamelCase) name: starts lowercase, then keeps
/// its inner capitals. Of two spellings equal but for case, the greater is the one to use
/// (`orgContact` over `orgcontact`, `openShifts` over `openshifts`, `mute…` over `Mute…`).
pub(crate) fn camel_preference(name: &str) -> (bool, usize) {
    (name.starts_with(|c: char| c.is_ascii_lowercase()), name.chars().filter(char::is_ascii_uppercase).count())
}

/// Parses a type cell. `page_path` is the page the cell is on, for resolving relative links.
/// Returns `None` when nothing recognisable is there.
pub fn parse_cell(text: &str, links: &[Link], page_path: &str) -> Option<TypeExpr> {
    let lower = text.to_ascii_lowercase();
    let collection = lower.contains("collection");
    // A link names the type; prefer its target page over its text (they disagree on 326 pages).
    if let Some(link) = links.iter().find(|l| !l.target.starts_with("http")) {
        let (page, anchor) = resolve_link(page_path, &link.target);
        let name = link.text.trim().trim_matches('`').to_string();
        let inner = match primitive(&name) {
            Some(p) if page.is_none() => TypeExpr::Primitive(p),
            _ => TypeExpr::Named { name, page, anchor },
        };
        return Some(wrap(inner, collection));
    }
    // `Collection(X)` / `collection(X)`.
    let t = text.trim().trim_matches('`').trim();
    if let Some(inner) = t.strip_prefix("Collection(").or_else(|| t.strip_prefix("collection(")) {
        let inner = inner.trim_end_matches(')').trim();
        return parse_word(inner).map(|e| TypeExpr::Collection(Box::new(e)));
    }
    // `Collection of String`.
    // (`get`: byte 14 may fall inside a multi-byte character; found by fuzzing.)
    let t = match (t.get(..14), t.get(14..)) {
        (Some(head), Some(rest)) if !rest.is_empty() && head.eq_ignore_ascii_case("collection of ") => rest,
        _ => t,
    };
    // `String collection`, `string (timestamp)`, `string, maximum size 20`, `A or B`.
    let head = t
        .split([',', '(', ' '])
        .map(|w| w.trim().trim_matches('`'))
        .find(|w| !w.is_empty())?;
    parse_word(head).map(|e| wrap(e, collection))
}

fn wrap(e: TypeExpr, collection: bool) -> TypeExpr {
    if collection {
        TypeExpr::Collection(Box::new(e))
    } else {
        e
    }
}

/// One word: a primitive, `Json`, or a (maybe qualified) type name.
fn parse_word(word: &str) -> Option<TypeExpr> {
    let w = word.trim().trim_matches(['`', '*', '.']);
    if w.is_empty() || !w.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    if w.eq_ignore_ascii_case("json") || w.eq_ignore_ascii_case("object") || w.eq_ignore_ascii_case("edm.untyped") {
        return Some(TypeExpr::Untyped);
    }
    if let Some(p) = primitive(w) {
        return Some(TypeExpr::Primitive(p));
    }
    if w.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '_') {
        return Some(TypeExpr::named(w));
    }
    None
}

/// Parses a type name as annotations and `@odata.type` values write it:
/// `microsoft.graph.user`, `#microsoft.graph.user`, `Collection(microsoft.graph.user)`, `String`.
pub fn parse_type_name(s: &str) -> Option<TypeExpr> {
    let s = s.trim().trim_start_matches('#');
    if let Some(inner) = s.strip_prefix("Collection(").or_else(|| s.strip_prefix("collection(")) {
        return parse_type_name(inner.trim_end_matches(')')).map(|e| TypeExpr::Collection(Box::new(e)));
    }
    parse_word(s)
}

/// Resolves a relative link against the page it is on: `../resources/x.md#a` on `api/y.md` →
/// (`resources/x.md`, `a`). Site-absolute and external links resolve to nothing.
pub fn resolve_link(page_path: &str, target: &str) -> (Option<String>, Option<String>) {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a.to_ascii_lowercase())),
        None => (target, None),
    };
    if path.is_empty() {
        return (Some(page_path.to_ascii_lowercase()), anchor);
    }
    if path.starts_with('/') || path.contains("://") || !path.ends_with(".md") {
        return (None, anchor);
    }
    let mut parts: Vec<&str> = page_path.split('/').collect();
    parts.pop(); // the page's own file name
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (Some(parts.join("/").to_ascii_lowercase()), anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, target: &str) -> Link {
        Link { text: text.into(), target: target.into(), offset: 0 }
    }

    #[test]
    fn primitives_in_every_spelling() {
        for (cell, p) in [
            ("String", Primitive::String),
            ("`Edm.DateTimeOffset`", Primitive::DateTimeOffset),
            ("GUID", Primitive::Guid),
            ("int", Primitive::Int32),
            ("string (timestamp)", Primitive::String),
            ("string, maximum size 20", Primitive::String),
            ("numeric", Primitive::Decimal),
        ] {
            assert_eq!(parse_cell(cell, &[], "r/x.md"), Some(TypeExpr::Primitive(p)), "{cell}");
        }
        assert_eq!(parse_cell("Json", &[], "r/x.md"), Some(TypeExpr::Untyped));
        assert_eq!(parse_cell("", &[], "r/x.md"), None);
        assert_eq!(parse_cell("—", &[], "r/x.md"), None);
    }

    #[test]
    fn collection_of_x() {
        assert_eq!(parse_cell("Collection of String", &[], "r/x.md"), Some(TypeExpr::Collection(Box::new(TypeExpr::Primitive(Primitive::String)))));
    }

    #[test]
    fn collections_and_links() {
        assert_eq!(
            parse_cell("String collection", &[], "r/x.md"),
            Some(TypeExpr::Collection(Box::new(TypeExpr::Primitive(Primitive::String))))
        );
        assert_eq!(
            parse_cell("Collection(microsoft.graph.user)", &[], "r/x.md"),
            Some(TypeExpr::Collection(Box::new(TypeExpr::named("microsoft.graph.user"))))
        );
        let got = parse_cell("userAccount collection", &[link("userAccount", "../resources/useraccount.md")], "api/p.md");
        assert_eq!(
            got,
            Some(TypeExpr::Collection(Box::new(TypeExpr::Named {
                name: "userAccount".into(),
                page: Some("resources/useraccount.md".into()),
                anchor: None
            })))
        );
        let got = parse_cell("allowedAudiences", &[link("allowedAudiences", "enums.md#allowedAudiences-values")], "resources/p.md");
        assert_eq!(
            got,
            Some(TypeExpr::Named {
                name: "allowedAudiences".into(),
                page: Some("resources/enums.md".into()),
                anchor: Some("allowedaudiences-values".into())
            })
        );
    }

    #[test]
    fn type_names() {
        assert_eq!(parse_type_name("#microsoft.graph.user"), Some(TypeExpr::named("microsoft.graph.user")));
        assert_eq!(
            parse_type_name("Collection(Edm.String)"),
            Some(TypeExpr::Collection(Box::new(TypeExpr::Primitive(Primitive::String))))
        );
        assert_eq!(resolve_link("api/a.md", "/graph/x"), (None, None));
        assert_eq!(resolve_link("api/a.md", "#tab/http"), (Some("api/a.md".into()), Some("tab/http".into())));
    }
}
