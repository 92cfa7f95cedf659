//! YAML front matter between `---` lines. Lenient: when the YAML is invalid (an unquoted colon in
//! a title is the real-world case), each `key: value` line is still read on its own.

use crate::diag::{codes, Diagnostic};
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// Scalar front-matter values as text, keyed by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub fields: BTreeMap<String, String>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str).filter(|v| !v.trim().is_empty())
    }
}

/// Splits the front matter off; returns it and the byte offset where the markdown starts.
pub fn split(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> (FrontMatter, usize) {
    let text = &source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        diags.push(
            Diagnostic::new(codes::FRONT_MATTER_MISSING, source.origin(0), "the page does not start with `---` front matter")
                .help("start the page with `---`, `title: ...`, `description: ...`, `---`"),
        );
        return (FrontMatter::default(), 0);
    }
    // Find the closing `---` line.
    let mut offset = first_line_end;
    let mut close = None;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        diags.push(
            Diagnostic::new(codes::FRONT_MATTER_MISSING, source.origin(0), "the front matter is never closed")
                .len(3)
                .help("add a `---` line after the last front-matter key"),
        );
        return (FrontMatter::default(), 0);
    };
    let yaml = &text[first_line_end..yaml_end];
    if let Some(fields) = plain_lines(yaml) {
        return (FrontMatter { fields }, body_start);
    }
    let fields = match serde_yaml_ng::from_str::<BTreeMap<String, serde_yaml_ng::Value>>(yaml) {
        Ok(map) => map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect(),
        Err(e) => {
            let at = e.location().map_or(first_line_end, |l| first_line_end + l.index());
            let message = e.to_string();
            // The parser's own limits (alias expansion, nesting) guard against YAML bombs.
            let help = if message.contains("limit exceeded") {
                "front matter holds plain `key: value` lines; remove the anchors (`&a`) and aliases (`*a`)"
            } else {
                "quote values that contain `:` (e.g. `title: \"a: b\"`)"
            };
            diags.push(Diagnostic::new(codes::FRONT_MATTER_INVALID, source.origin(at), format!("front matter: {message}")).help(help));
            line_by_line(yaml)
        }
    };
    (FrontMatter { fields }, body_start)
}

/// The front matter almost every page has: `key: value` lines whose values can only be strings
/// (quoted without escapes, or plain words that YAML reads as no number, bool or null). Read
/// here in microseconds; anything else (`None`) goes to the YAML parser, which gives the same
/// fields for what this accepts (tested on every page of docs-input and the corpus).
fn plain_lines(yaml: &str) -> Option<BTreeMap<String, String>> {
    let mut fields = BTreeMap::new();
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic()) && key.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !key_ok || !value.is_empty() && !value.starts_with(' ') {
            return None;
        }
        let value = value.trim_matches(|c| c == ' ' || c == '\r');
        let text = match value.as_bytes().first() {
            None => "",
            Some(&q @ (b'"' | b'\'')) => {
                let inner = value.strip_prefix(q as char)?.strip_suffix(q as char)?;
                (!inner.contains([q as char, '\\'])).then_some(inner)?
            }
            Some(_) if plain_string(value) => value,
            Some(_) => return None,
        };
        if text.chars().any(char::is_control) || fields.insert(key.to_string(), text.to_string()).is_some() {
            return None;
        }
    }
    (!fields.is_empty()).then_some(fields)
}

/// A plain scalar that YAML reads as this very string: it starts with a letter, holds no
/// `: ` or ` #`, and is no bool, null or number (`yes`, `~`, `.inf`, `1e3`).
fn plain_string(v: &str) -> bool {
    let words = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "infinity"];
    v.starts_with(|c: char| c.is_alphabetic())
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.ends_with(':')
        && !v.contains('\t')
        && !words.iter().any(|w| v.eq_ignore_ascii_case(w))
        && v.parse::<f64>().is_err()
}

fn scalar_text(v: &serde_yaml_ng::Value) -> String {
    use serde_yaml_ng::Value;
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => serde_yaml_ng::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

fn line_by_line(yaml: &str) -> BTreeMap<String, String> {
    yaml.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| !k.starts_with(' ') && !k.trim().is_empty())
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_valid_front_matter() {
        let f = SourceFile::new("p.md", "---\ntitle: \"Create x\"\ndoc_type: apiPageType\n---\n# X\n");
        let mut d = vec![];
        let (fm, start) = split(&f, &mut d);
        assert!(d.is_empty());
        assert_eq!(fm.get("title"), Some("Create x"));
        assert_eq!(&f.text[start..], "# X\n");
    }

    #[test]
    fn keeps_fields_of_invalid_yaml() {
        let f = SourceFile::new("p.md", "---\ntitle: driveItem: createUploadSession\nms.prod: files\n---\nbody");
        let mut d = vec![];
        let (fm, _) = split(&f, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "GD0102");
        assert_eq!(fm.get("ms.prod"), Some("files"));
        assert_eq!(fm.get("title"), Some("driveItem: createUploadSession"));
    }

    /// What the YAML parser reads from `yaml`, as `split` keeps it (or `None` on an error).
    fn by_yaml(yaml: &str) -> Option<BTreeMap<String, String>> {
        let map = serde_yaml_ng::from_str::<BTreeMap<String, serde_yaml_ng::Value>>(yaml).ok()?;
        Some(map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect())
    }

    #[test]
    fn plain_lines_read_what_yaml_reads_or_leave_it_to_yaml() {
        let cases = [
            "title: \"Create x\"\ndoc_type: apiPageType\nms.prod: 'files'\nempty:\n\nauthor: a-b c#d\n",
            "title: yes\n",
            "title: 1.10\n",
            "title: .inf\n",
            "title: ~\n",
            "title: NaN\n",
            "title: a: b\n",
            "title: a #comment\n",
            "title: \"a\\\"b\"\n",
            "title: 'it''s'\n",
            "  indented: x\n",
            "title: x\ntitle: y\n",
            "- list\n",
            "title: &a x\n",
            "title: [a, b]\n",
            "title: é\n",
            "title: x\r\nauthor: z\r\n",
        ];
        for yaml in cases {
            if let Some(fast) = plain_lines(yaml) {
                assert_eq!(Some(fast), by_yaml(yaml), "{yaml:?}");
            }
        }
        assert!(plain_lines(cases[0]).is_some() && plain_lines(cases[16]).is_some(), "the usual front matter takes the fast path");
        for yaml in &cases[1..16] {
            if *yaml != "title: é\n" {
                assert!(plain_lines(yaml).is_none(), "{yaml:?} is YAML's to read");
            }
        }
    }

    /// Every page of docs-input, and of the corpus when it is beside the checkout: wherever the
    /// fast path answers, the YAML parser answers the same.
    #[test]
    fn plain_lines_agree_with_yaml_on_real_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut fast = 0;
        for dir in [root.join("docs-input"), root.join("../shared/corpus/graph-docs-v1.0")] {
            let Ok((sources, _)) = crate::load(&dir) else { continue };
            for s in &sources {
                let Some(rest) = s.text.strip_prefix("---\n") else { continue };
                let Some(end) = rest.find("\n---") else { continue };
                let yaml = &rest[..=end];
                if let Some(f) = plain_lines(yaml) {
                    assert_eq!(Some(f), by_yaml(yaml), "{}", s.path);
                    fast += 1;
                }
            }
        }
        assert!(fast > 10, "{fast}");
    }

    #[test]
    fn missing_and_unclosed() {
        let mut d = vec![];
        let (_, s) = split(&SourceFile::new("p.md", "# no front matter"), &mut d);
        assert_eq!((s, d[0].code), (0, "GD0101"));
        let mut d = vec![];
        split(&SourceFile::new("p.md", "---\ntitle: x\n"), &mut d);
        assert_eq!(d[0].code, "GD0101");
    }
}
