//! Every Rust identifier graphdoc writes is decided here: case conversion, keywords, leading
//! digits, non-ASCII, and collisions after conversion. Emitters ask; they never improvise.
//!
//! Names that shadow the prelude (`Option`, `Result`, `String`, `Vec`, `Box`, `Default`, ...)
//! are allowed on purpose: generated code names std, serde and http by absolute paths only.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Strict and reserved keywords (2021 edition, plus `gen` reserved from 2024 so the code
/// survives an edition bump).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Reduces any text to ASCII identifier characters: punctuation and spaces become `_` (word
/// breaks for heck); non-ASCII letters and digits are spelled as their code point so that
/// distinct names stay distinct (`名前` and `名字` must not both become `field`).
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

/// Nothing usable left → `fallback`; a leading digit → `prefix` (identifiers cannot start
/// with one).
fn fix_start(s: String, prefix: &str, fallback: &str) -> String {
    if s.is_empty() || s.chars().all(|c| c == '_') {
        fallback.to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{s}")
    } else {
        s
    }
}

/// Field, function and module names: `displayName` → `display_name`; `type` → `r#type`;
/// `2fa` → `n2fa`; `self` → `self_`; `""` → `field`.
pub fn snake(name: &str) -> String {
    let s = ascii(name).to_snake_case();
    let s = fix_start(s, "n", "field");
    escape_keyword(s)
}

/// Type and variant names: `userAccount` → `UserAccount`; `Self` → `Self_`; `2fa` → `N2fa`.
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

/// Whether `s` is a plain ASCII identifier (what [`snake`] and [`camel`] produce, before any
/// keyword escaping).
fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The identifier for a name produced by [`snake`], [`camel`] or a [`Scope`]. Total: any
/// other text is converted first, so `Ident::new` can never panic on a docs-derived name.
pub fn ident(name: &str) -> Ident {
    let bare = unraw(name);
    let checked = if is_plain_ident(bare) { escape_keyword(bare.to_string()) } else { snake(bare) };
    match checked.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&checked, Span::call_site()),
    }
}

/// The name without `r#`, as serde sees a field.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Names in one scope (a struct's fields, an enum's variants, a module's items): the first to
/// claim a name gets it, later ones get `_2`, `_3`, ... in the order they are asked, which is
/// the model's (deterministic) order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A scope whose `names` are taken already (names the emitter itself uses there).
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope { used: names.iter().map(|n| n.to_string()).collect() }
    }

    /// The names taken so far (reserved ones included).
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.used.iter().map(String::as_str)
    }

    /// Claims a snake_case name; a taken one gets `_2`, `_3`, ...
    pub fn claim(&mut self, candidate: String) -> String {
        self.claim_with(candidate, "_")
    }

    /// Claims an UpperCamelCase name; a taken one gets `2`, `3`, ... (an underscore before a
    /// digit would trip the naming lint).
    pub fn claim_camel(&mut self, candidate: String) -> String {
        self.claim_with(candidate, "")
    }

    fn claim_with(&mut self, candidate: String, separator: &str) -> String {
        if self.used.insert(unraw(&candidate).to_string()) {
            return candidate;
        }
        // `self_` + `_2` would give `self__2` and `Self_` + `2` `Self_2`: both trip the
        // naming lints. The escape underscore is dropped once a suffix makes the name safe.
        let base = unraw(&candidate).trim_end_matches('_').to_string();
        let mut n = 2u64;
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
    fn case_conversion() {
        assert_eq!(snake("displayName"), "display_name");
        assert_eq!(snake("display_name"), "display_name");
        assert_eq!(snake("@odata.etag"), "odata_etag");
        assert_eq!(camel("userAccount"), "UserAccount");
        assert_eq!(camel("callRecords"), "CallRecords");
        assert_eq!(camel("unknownFutureValue"), "UnknownFutureValue");
    }

    #[test]
    fn keywords_are_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
    }

    #[test]
    fn leading_digits_and_junk() {
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(camel("3dModel"), "N3dModel");
        assert_eq!(snake("名前"), "u540d_u524d");
        assert_ne!(snake("名前"), snake("名字"));
        assert_eq!(snake(""), "field");
        assert_eq!(snake("---"), "field");
        assert_eq!(snake("_"), "field");
        assert_eq!(camel(""), "Type");
        assert_eq!(snake("a b-c.d"), "a_b_c_d");
    }

    #[test]
    fn prelude_names_are_kept() {
        // Safe because generated code spells std paths absolutely.
        for n in ["Option", "Result", "String", "Vec", "Box", "Default", "Clone"] {
            assert_eq!(camel(n), n);
        }
    }

    #[test]
    fn ident_is_total() {
        let hostile = [
            "type", "self", "Self", "crate", "super", "_", "__", "2fa", "名前", "", "a-b", "match", "r#self", "r#",
            "r#_", "r#2", "💥", "\u{0}", "a\nb", "gen", "abstract", "Self_", "$value", "@odata.type",
        ];
        for n in hostile {
            // None of these may panic, and each must print as a parseable identifier.
            for id in [ident(n), ident(&snake(n)), ident(&camel(n))] {
                let text = id.to_string();
                syn::parse_str::<syn::Ident>(&text).unwrap_or_else(|e| panic!("{n:?} → {text}: {e}"));
            }
        }
    }

    #[test]
    fn collisions_after_conversion_get_suffixes() {
        let mut s = Scope::with_reserved(&["additional_properties", "odata_type"]);
        assert_eq!(s.claim(snake("displayName")), "display_name");
        assert_eq!(s.claim(snake("display_name")), "display_name_2");
        assert_eq!(s.claim(snake("DisplayName")), "display_name_3");
        assert_eq!(s.claim(snake("additionalProperties")), "additional_properties_2");
        assert_eq!(s.claim(snake("type")), "r#type");
        assert_eq!(s.claim(snake("Type")), "type_2");
        assert_eq!(s.claim(snake("self")), "self_");
        assert_eq!(s.claim(snake("Self")), "self_2");
        assert_eq!(s.claim(snake("")), "field");
        assert_eq!(s.claim(snake("???")), "field_2");
        let mut t = Scope::with_reserved(&["Unknown"]);
        assert_eq!(t.claim_camel(camel("unknown")), "Unknown2");
        assert_eq!(t.claim_camel(camel("a")), "A");
        assert_eq!(t.claim_camel(camel("A")), "A2");
        assert_eq!(t.claim_camel(camel("Self")), "Self_");
        assert_eq!(t.claim_camel(camel("self")), "Self2");
    }

    #[test]
    fn claims_are_deterministic() {
        let names = ["x", "X", "x_2", "x"];
        let run = || {
            let mut s = Scope::default();
            names.iter().map(|n| s.claim(snake(n))).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
        assert_eq!(run(), ["x", "x_2", "x_2_2", "x_3"]);
    }
}
