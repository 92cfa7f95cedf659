//! Lenient JSON: the docs' examples are JSON written by hand. Strict parsing first; on failure the
//! repairs that fix real pages (measured on the corpus, most frequent first) are tried in order,
//! and the caller reports which were needed.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Repair {
    TrailingComma,
    UnicodeSpace,
    Comment,
    Ellipsis,
    MissingComma,
}

impl Repair {
    pub fn describe(self) -> &'static str {
        match self {
            Repair::TrailingComma => "removed trailing commas",
            Repair::UnicodeSpace => "replaced non-ASCII spaces",
            Repair::Comment => "removed `//` comments",
            Repair::Ellipsis => "removed `...` placeholders",
            Repair::MissingComma => "inserted missing commas",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    /// Empty when the text was valid JSON.
    pub repairs: Vec<Repair>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub message: String,
    /// Byte offset in the original text where strict parsing failed.
    pub offset: usize,
}

const ORDER: [Repair; 5] =
    [Repair::TrailingComma, Repair::UnicodeSpace, Repair::Comment, Repair::Ellipsis, Repair::MissingComma];

pub fn parse_lenient(text: &str) -> Result<Parsed, JsonError> {
    let first_err = match serde_json::from_str::<Value>(text) {
        Ok(value) => return Ok(Parsed { value, repairs: vec![] }),
        Err(e) => e,
    };
    let mut current = text.to_string();
    let mut repairs = Vec::new();
    for repair in ORDER {
        let next = apply(repair, &current);
        if next == current {
            continue;
        }
        current = next;
        repairs.push(repair);
        if let Ok(value) = serde_json::from_str::<Value>(&current) {
            return Ok(Parsed { value, repairs });
        }
    }
    Err(JsonError { message: first_err.to_string(), offset: offset_of(text, first_err.line(), first_err.column()) })
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn apply(repair: Repair, text: &str) -> String {
    match repair {
        Repair::TrailingComma => trailing_commas(text),
        Repair::UnicodeSpace => map_outside_strings(text, |c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{feff}' | '\u{2007}' => Some(' '),
            c => Some(c),
        }),
        Repair::Comment => strip_comments(text),
        Repair::Ellipsis => trailing_commas(&remove_ellipsis(text)),
        Repair::MissingComma => missing_commas(text),
    }
}

/// Walks `text` char by char, telling `f` whether each char is inside a string literal.
fn scan(text: &str, mut f: impl FnMut(usize, char, bool)) {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        let inside = in_string;
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        f(i, c, inside);
    }
}

fn map_outside_strings(text: &str, mut f: impl FnMut(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    scan(text, |_, c, inside| {
        if inside {
            out.push(c)
        } else if let Some(m) = f(c) {
            out.push(m)
        }
    });
    out
}

fn trailing_commas(text: &str) -> String {
    let chars: Vec<(usize, char, bool)> = {
        let mut v = Vec::new();
        scan(text, |i, c, inside| v.push((i, c, inside)));
        v
    };
    let mut out = String::with_capacity(text.len());
    for (k, &(_, c, inside)) in chars.iter().enumerate() {
        if c == ',' && !inside {
            let next = chars[k + 1..].iter().find(|(_, c, _)| !c.is_whitespace()).map(|t| t.1);
            let prev = out.trim_end().chars().last();
            if matches!(next, Some('}') | Some(']')) || matches!(prev, Some('{') | Some('[') | Some(',')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    let mut prev_slash = false;
    scan(text, |_, c, inside| {
        if skipping {
            if c == '\n' {
                skipping = false;
                out.push(c);
            }
            return;
        }
        if !inside && c == '/' {
            if prev_slash {
                out.pop();
                skipping = true;
                prev_slash = false;
                return;
            }
            prev_slash = true;
        } else {
            prev_slash = false;
        }
        out.push(c);
    });
    out
}

fn remove_ellipsis(text: &str) -> String {
    let no_unicode = map_outside_strings(text, |c| if c == '…' { None } else { Some(c) });
    let mut out = String::with_capacity(no_unicode.len());
    let mut dots = 0;
    scan(&no_unicode, |_, c, inside| {
        if !inside && c == '.' {
            dots += 1;
            return;
        }
        if dots > 0 && dots < 3 {
            out.extend(std::iter::repeat_n('.', dots)); // a decimal point, not an ellipsis
        }
        dots = 0;
        out.push(c);
    });
    out
}

fn missing_commas(text: &str) -> String {
    let chars: Vec<(usize, char, bool)> = {
        let mut v = Vec::new();
        scan(text, |i, c, inside| v.push((i, c, inside)));
        v
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (k, &(_, c, inside)) in chars.iter().enumerate() {
        if c == '\n' && !inside {
            let prev = out.trim_end().chars().last();
            let next = chars[k + 1..].iter().find(|(_, c, _)| !c.is_whitespace()).map(|t| t.1);
            let ends_value = matches!(prev, Some('"' | '}' | ']' | 'e' | 'l' | '0'..='9'));
            let starts_value = matches!(next, Some('"' | '{' | '['));
            if ends_value && starts_value {
                out.push(',');
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_json_needs_no_repair() {
        let p = parse_lenient(r#"{"a": [1, 2]}"#).unwrap();
        assert!(p.repairs.is_empty());
        assert_eq!(p.value, json!({"a": [1, 2]}));
    }

    #[test]
    fn trailing_comma_is_repaired_but_not_inside_strings() {
        let p = parse_lenient("{\n \"a\": \"x,}\",\n \"b\": [1,],\n}").unwrap();
        assert_eq!(p.repairs, vec![Repair::TrailingComma]);
        assert_eq!(p.value, json!({"a": "x,}", "b": [1]}));
    }

    #[test]
    fn comments_ellipsis_missing_commas_and_spaces() {
        let p = parse_lenient("{\n \"u\": \"http://x\" // c\n}").unwrap();
        assert_eq!(p.value, json!({"u": "http://x"}));
        let p = parse_lenient("{\"value\": [ {\"a\": 1.5}, ... ]}").unwrap();
        assert_eq!(p.value, json!({"value": [{"a": 1.5}]}));
        let p = parse_lenient("{\n \"a\": 1\n \"b\": true\n \"c\": 2}").unwrap();
        assert_eq!(p.repairs, vec![Repair::MissingComma]);
        assert_eq!(p.value, json!({"a": 1, "b": true, "c": 2}));
        let p = parse_lenient("{\u{a0}\"a\": 1}").unwrap();
        assert_eq!(p.repairs, vec![Repair::UnicodeSpace]);
    }

    #[test]
    fn hopeless_input_reports_position() {
        let e = parse_lenient("{\n  \"a\": nope\n}").unwrap_err();
        assert_eq!(e.offset, 10); // inside the bad token
        assert!(parse_lenient("").is_err());
    }
}
