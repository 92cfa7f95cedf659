//! Every Rust identifier graphdoc writes is decided here: case conversion, keywords, leading
//! digits, non-ASCII, and collisions after conversion. Emitters ask; they never improvise.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Strict and reserved keywords (2021 edition and later).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Reduces any text to ASCII identifier characters: other characters become `_`, non-ASCII
/// letters are spelled as their code point so distinct names stay distinct.
fn ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

fn fix_start(s: String, prefix: &str, fallback: &str) -> String {
    if s.is_empty() || s.chars().all(|c| c == '_') {
        fallback.to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{s}")
    } else {
        s
    }
}

/// `displayName` → `display_name`; `type` → `r#type`; `2fa` → `n2fa`; `self` → `self_`.
pub fn snake(name: &str) -> String {
    let s = ascii(name).to_snake_case();
    let s = fix_start(s, "n", "field");
    escape_keyword(s)
}

/// `userAccount` → `UserAccount`; `Self` → `Self_`; `2fa` → `N2fa`.
pub fn camel(name: &str) -> String {
    let s = ascii(name).to_upper_camel_case();
    let s = fix_start(s, "N", "Type");
    escape_keyword(s)
}

fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The identifier for a name produced by [`snake`] or [`camel`].
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without `r#`, as serde sees a field.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Names in one scope (a struct's fields, a module's items): the first to claim a name gets
/// it, later ones get `_2`, `_3`, ... in the order they are asked, which is the model's order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope { used: names.iter().map(|n| n.to_string()).collect() }
    }

    /// Claims a snake_case name; a taken one gets `_2`, `_3`, ...
    pub fn claim(&mut self, candidate: String) -> String {
        self.claim_with(candidate, "_")
    }

    /// Claims an UpperCamelCase name; a taken one gets `2`, `3`, ... (an underscore would
    /// break the naming lint).
    pub fn claim_camel(&mut self, candidate: String) -> String {
        self.claim_with(candidate, "")
    }

    fn claim_with(&mut self, candidate: String, separator: &str) -> String {
        if self.used.insert(unraw(&candidate).to_string()) {
            return candidate;
        }
        let base = unraw(&candidate).to_string();
        let mut n = 2;
        loop {
            let next = format!("{base}{separator}{n}");
            if self.used.insert(next.clone()) {
                return next;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards() {
        assert_eq!(snake("displayName"), "display_name");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("@odata.etag"), "odata_etag");
        assert_eq!(snake("名前"), "u540d_u524d");
        assert_eq!(snake(""), "field");
        assert_eq!(snake("---"), "field");
        assert_eq!(camel("userAccount"), "UserAccount");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel("3dModel"), "N3dModel");
        assert_eq!(camel("Option"), "Option");
        // Every result is a valid identifier.
        for n in ["type", "self", "Self", "crate", "super", "2fa", "名前", "", "a-b", "match"] {
            let _ = ident(&snake(n));
            let _ = ident(&camel(n));
        }
    }

    #[test]
    fn collisions_after_conversion_get_suffixes() {
        let mut s = Scope::with_reserved(&["additional_properties"]);
        assert_eq!(s.claim(snake("displayName")), "display_name");
        assert_eq!(s.claim(snake("display_name")), "display_name_2");
        assert_eq!(s.claim(snake("DisplayName")), "display_name_3");
        assert_eq!(s.claim(snake("additionalProperties")), "additional_properties_2");
        assert_eq!(s.claim(snake("type")), "r#type");
        assert_eq!(s.claim(snake("Type")), "type_2");
        let mut t = Scope::with_reserved(&["Other"]);
        assert_eq!(t.claim_camel(camel("other")), "Other2");
    }
}
