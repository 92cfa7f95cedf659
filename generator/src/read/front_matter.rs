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
