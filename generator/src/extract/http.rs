//! HTTP text in code blocks: request lines, status lines, headers and bodies.

use crate::model::{Method, PathTemplate, Segment};

pub fn method(word: &str) -> Option<Method> {
    Some(match word.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

/// A request line's method and target: `GET /users/{id} HTTP/1.1` → (GET, `/users/{id}`); `None`
/// when its first word is no method (a header, a body).
pub fn request_line(line: &str) -> Option<(Method, &str)> {
    let mut words = line.trim().splitn(2, char::is_whitespace);
    let method = method(words.next()?)?;
    let target = words.next().unwrap_or("").trim();
    Some((method, target.strip_suffix("HTTP/1.1").unwrap_or(target).trim()))
}

/// Why a request line's target is not a usable path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// `** Collection URI for x not found`: a generator's placeholder, not a path.
    Placeholder,
    /// Not a path at all (prose, code, empty).
    NotAPath,
    /// A URL on another host (callbacks, upload URLs).
    ForeignHost(String),
}

/// `https://graph.microsoft.com/v1.0/users/{id}?$select=x` → `/users/{id}`; `/me` → `/me`;
/// `me/events` → `/me/events`. The version segment after the Graph host is dropped, whatever it is.
pub fn normalize_target(target: &str) -> Result<String, PathError> {
    let t = target.trim();
    if t.contains("**") || t.to_ascii_lowercase().contains("not found") {
        return Err(PathError::Placeholder);
    }
    // The query goes first: `$ref?$id=https://graph.microsoft.com/v1.0/users/{id}` names a
    // `$ref` path whose query holds a URL, not a URL.
    let t = t.split(['?', '#']).next().unwrap_or_default();
    let path = if let Some(rest) = t.split_once("://").map(|(_, r)| r) {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !host.eq_ignore_ascii_case("graph.microsoft.com") {
            return Err(PathError::ForeignHost(host.to_string()));
        }
        // Drop the version segment (v1.0, beta, localtest, ...).
        match path.split_once('/') {
            Some((_, p)) => format!("/{p}"),
            None => "/".to_string(),
        }
    } else {
        let p = t.trim_start_matches('~');
        if p.starts_with('/') { p.to_string() } else { format!("/{p}") }
    };
    let path = squeeze_placeholders(&braced_angles(&path));
    let path = path.trim_end_matches('/');
    if path.is_empty() || path.contains(char::is_whitespace) && !path.contains('(') || path.contains('\\') {
        return Err(PathError::NotAPath);
    }
    if !path.chars().any(|c| c.is_alphanumeric()) {
        return Err(PathError::NotAPath);
    }
    Ok(path.to_string())
}

/// The first placeholder written in angle brackets (`range(address='<address>')`), if any.
pub fn angle_placeholder(path: &str) -> Option<&str> {
    let mut rest = path;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('>') && after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Some(&after[..name_len]);
        }
        rest = after;
    }
    None
}

/// `range(address='<address>')` → `range(address='{address}')`: the angle brackets some pages
/// use for placeholders mean what braces mean.
fn braced_angles(path: &str) -> String {
    let mut out = path.to_string();
    while let Some(name) = angle_placeholder(&out) {
        let name = name.to_string();
        out = out.replacen(&format!("<{name}>"), &format!("{{{name}}}"), 1);
    }
    out
}

/// `{id | userPrincipalName}` → `{id|userPrincipalName}`: spaces inside placeholders are layout.
fn squeeze_placeholders(path: &str) -> String {
    let mut depth = 0;
    path.chars()
        .filter(|c| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            !(depth > 0 && c.is_whitespace())
        })
        .collect()
}

/// Splits a normalized path into segments. Placeholders get readable, distinct names derived
/// from the segment before them (`/users/{id}` → `{user-id}`); the docs' alternatives are kept.
pub fn path_template(path: &str) -> PathTemplate {
    let mut segments = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut prev_literal = String::new();
    for raw in split_segments(path) {
        let seg = raw.trim();
        if seg.is_empty() {
            continue;
        }
        let inner = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
            .or_else(|| seg.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
            .or_else(|| is_literal_key(seg).then_some("id"));
        match inner {
            Some(inner) if !inner.contains(['{', '}']) => {
                let alternatives: Vec<String> =
                    inner.split('|').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
                let base = param_name(&prev_literal, &alternatives);
                let mut name = base.clone();
                let mut n = 2;
                while used.contains(&name) {
                    name = format!("{base}{n}");
                    n += 1;
                }
                used.push(name.clone());
                segments.push(Segment::Param { name, alternatives });
            }
            _ => {
                prev_literal = seg.to_string();
                segments.push(Segment::Literal { value: seg.to_string() });
            }
        }
    }
    PathTemplate { segments }
}

/// A GUID written where a key parameter belongs (`/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793`):
/// no Graph segment name looks like one.
pub fn is_literal_key(seg: &str) -> bool {
    let groups: Vec<&str> = seg.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Splits on `/` outside parentheses, so `range(address='A1/B2')` stays one segment.
fn split_segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in path.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '/' if depth <= 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out
}

fn param_name(prev_literal: &str, alternatives: &[String]) -> String {
    let only = alternatives.first().map(String::as_str).unwrap_or("id");
    let generic = alternatives.len() != 1 || only.eq_ignore_ascii_case("id");
    if !generic {
        return heck::ToKebabCase::to_kebab_case(only);
    }
    let owner = prev_literal.rsplit('.').next().unwrap_or(prev_literal);
    if owner.is_empty() || owner.contains(['(', '$']) {
        return "id".to_string();
    }
    format!("{}-id", heck::ToKebabCase::to_kebab_case(singular(owner).as_str()))
}

/// English singular of a path word (`users` → `user`, `policies` → `policy`).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") {
        word[..word.len() - 2].to_string()
    } else if word.ends_with('s') && !word.ends_with("ss") && word.len() > 1 {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// A status line: `HTTP/1.1 201 Created`. Returns the status and whether the line was malformed
/// (`HTTP 1.1 201 Created`, `HTTP 201`), or `None` when there is no status code at all.
pub fn status_line(line: &str) -> Option<(u16, bool)> {
    let l = line.trim();
    if !l.to_ascii_uppercase().starts_with("HTTP") {
        return None;
    }
    let mut words = l.split_whitespace();
    let first = words.next()?;
    let well_formed_version = first.len() > 5 && first.get(..5).is_some_and(|v| v.eq_ignore_ascii_case("HTTP/"));
    let code = std::iter::once(first)
        .chain(words)
        .skip(1)
        .find_map(|w| w.parse::<u16>().ok().filter(|c| (100..600).contains(c)))?;
    let expected_code_pos = l.split_whitespace().nth(1).and_then(|w| w.parse::<u16>().ok()) == Some(code);
    Some((code, !(well_formed_version && expected_code_pos)))
}

/// An HTTP message in a code block: first line, headers, body, with offsets into the block body.
#[derive(Debug, Clone, PartialEq)]
pub struct Message<'a> {
    pub start_line: &'a str,
    pub start_offset: usize,
    pub headers: Vec<(&'a str, &'a str)>,
    /// A blank line came between the start line and the headers.
    pub blank_before_headers: bool,
    pub body: &'a str,
    pub body_offset: usize,
}

impl Message<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// Splits a block into start line, headers and body. Tolerates blank lines around headers.
pub fn message(text: &str) -> Option<Message<'_>> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').map(|l| {
        let at = offset;
        offset += l.len();
        (at, l)
    }).peekable();
    let (start_offset, start_line) = lines.by_ref().find(|(_, l)| !l.trim().is_empty())?;
    let mut headers = Vec::new();
    let mut blank_before_headers = false;
    let mut seen_blank = false;
    let mut body_offset = text.len();
    while let Some(&(at, line)) = lines.peek() {
        let t = line.trim();
        if t.is_empty() {
            seen_blank = true;
            lines.next();
            continue;
        }
        if is_header(t) && !t.starts_with('{') && !t.starts_with('"') {
            if seen_blank && headers.is_empty() {
                blank_before_headers = true;
            } else if seen_blank {
                body_offset = at;
                break;
            }
            seen_blank = false;
            if let Some((k, v)) = t.split_once(':') {
                headers.push((k.trim(), v.trim()));
            }
            lines.next();
            continue;
        }
        body_offset = at;
        break;
    }
    Some(Message {
        start_line: start_line.trim_end(),
        start_offset,
        headers,
        blank_before_headers,
        body: &text[body_offset..],
        body_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(normalize_target("https://graph.microsoft.com/beta/users/{id}/photo"), Ok("/users/{id}/photo".into()));
        assert_eq!(normalize_target("/me/profile/account?$top=1"), Ok("/me/profile/account".into()));
        assert_eq!(normalize_target("me/events"), Ok("/me/events".into()));
        assert_eq!(
            normalize_target("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')/format"),
            Ok("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')/format".into())
        );
        assert_eq!(normalize_target("/a/<b>/c<d"), Ok("/a/{b}/c<d".into()));
        assert_eq!(angle_placeholder("/x/range(<address>)"), Some("address"));
        assert_eq!(angle_placeholder("/x/a<1>/b<>"), None);
        assert_eq!(
            normalize_target("/groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}"),
            Ok("/groups/{id}/acceptedSenders/$ref".into())
        );
        assert_eq!(normalize_target("** Collection URI for microsoft.graph.profile not found"), Err(PathError::Placeholder));
        assert_eq!(
            normalize_target("https://graph.microsoft.com/docs\\api** Collection URI for microsoft.graph.profile not found"),
            Err(PathError::Placeholder)
        );
        assert!(matches!(normalize_target("https://bot.contoso.com/api/calls"), Err(PathError::ForeignHost(_))));
        assert_eq!(normalize_target("or"), Ok("/or".into()));
        assert_eq!(normalize_target("/users/{id | userPrincipalName}/profile"), Ok("/users/{id|userPrincipalName}/profile".into()));
    }

    #[test]
    fn templates_name_params() {
        let t = path_template("/users/{id | userPrincipalName}/profile/account");
        assert_eq!(t.to_string(), "/users/{user-id}/profile/account");
        assert_eq!(t.params().next().unwrap().1, ["id".to_string(), "userPrincipalName".to_string()]);
        assert_eq!(path_template("/groups/{id}/members/{id}").to_string(), "/groups/{group-id}/members/{member-id}");
        assert_eq!(path_template("/a/{id}/a/{id}").to_string(), "/a/{a-id}/a/{a-id2}");
        assert_eq!(path_template("/policies/{policyId}").to_string(), "/policies/{policy-id}");
        assert_eq!(
            path_template("/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments/CF6005FC-9E13-44A2-A6AC-A53322006454").to_string(),
            "/education/classes/{class-id}/assignments/{assignment-id}"
        );
        assert!(!is_literal_key("acdefc6b-2dc6-4e71-b1e9") && !is_literal_key("zzzzzzzz-2dc6-4e71-b1e9-6d9810ab1793"));
        assert_eq!(
            path_template("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='A1/B2')").segments.len(),
            8
        );
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_line("HTTP/1.1 201 Created"), Some((201, false)));
        assert_eq!(status_line("HTTP 1.1 201 Created"), Some((201, true)));
        assert_eq!(status_line("HTTP/1.1 422"), Some((422, false)));
        assert_eq!(status_line("POST /x"), None);
    }

    #[test]
    fn messages() {
        let m = message("HTTP/1.1 201 Created\n\nContent-Type: application/json\n{\n \"a\": 1\n}\n").unwrap();
        assert!(m.blank_before_headers);
        assert_eq!(m.header("content-type"), Some("application/json"));
        assert_eq!(m.body.trim(), "{\n \"a\": 1\n}");
        let m = message("POST /x\nContent-type: application/json\n\n{}\n").unwrap();
        assert!(!m.blank_before_headers);
        assert_eq!((m.start_line, m.body.trim()), ("POST /x", "{}"));
        assert!(message("\n\n").is_none());
    }
}
