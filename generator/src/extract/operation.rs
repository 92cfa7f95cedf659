//! Operation pages: kind from the title, endpoints from the HTTP request block (or the example
//! request when that block is empty or broken), request body and response from their sections,
//! and the examples.

use super::http::{self, PathError};
use super::{sections, types, ExampleFacts, OperationFacts, PageFacts, TypeExpr};
use crate::diag::{codes, Diagnostic};
use crate::model::{Method, OperationKind, Origin, PathTemplate, Segment};
use crate::read::{json, Block, CodeBlock, Page};
use crate::source::SourceFile;
use serde_json::Value;

pub(super) fn extract(page: &Page, facts: &mut PageFacts, diags: &mut Vec<Diagnostic>) -> Option<OperationFacts> {
    let src = &page.source;
    let (title, title_offset) = title(page);
    let origin = src.origin(title_offset);
    let mut requests = Vec::new();
    let mut body_text_type = None;
    let mut body_table = false;
    let mut body_params = Vec::new();
    let mut response_status = None;
    let mut response_type = None;
    let mut query_params = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut permissions = crate::model::Permissions::default();
    let mut doc = String::new();

    for (section, block) in sections(page) {
        let h2 = section.h2.as_str();
        match block {
            Block::Code(c) if h2.starts_with("http request") => {
                request_lines(src, c, &mut requests, diags);
            }
            Block::Paragraph(p)
                if doc.is_empty()
                    && h2 == title.to_lowercase()
                    && !p.text.starts_with("Namespace:")
                    && !p.text.starts_with('!')
                    && !p.text.starts_with("[!") =>
            {
                doc = p.text.clone();
            }
            Block::Paragraph(p) if h2.starts_with("request body") => {
                let lower = p.text.to_lowercase();
                if lower.contains("json representation") {
                    body_text_type = p.links.iter().find_map(|l| types::parse_cell(&l.text, std::slice::from_ref(l), &src.path));
                }
            }
            Block::Table(t) if h2.starts_with("request body") => {
                body_table = true;
                // An action's parameters, or the properties a create/update body may carry.
                for p in super::resource::property_rows(page, t, diags) {
                    if !body_params.iter().any(|b: &super::PropertyFacts| b.name == p.name) {
                        body_params.push(p);
                    }
                }
            }
            // The first statement of a status decides; where it names no type (a page that
            // returns binary data for `$value` and an object for the metadata), a later
            // statement of the same status may.
            Block::Paragraph(p)
                if h2.starts_with("response")
                    && (response_status.is_none() || response_type.is_none() && status_in_prose(&p.text) == response_status) =>
            {
                response_status = status_in_prose(&p.text);
                let lower = p.text.to_lowercase();
                if let Some(l) = p.links.iter().find(|l| l.target.contains("resources/") || l.target.ends_with(".md") && !l.target.contains("errors")) {
                    response_type = types::parse_cell(&l.text, std::slice::from_ref(l), &src.path).map(|t| {
                        if lower.contains("collection of") && !matches!(t, TypeExpr::Collection(_)) {
                            TypeExpr::Collection(Box::new(t))
                        } else {
                            t
                        }
                    });
                }
            }
            Block::Table(t) if h2.contains("query parameters") => {
                let type_col = t.column(|c| c.contains("type"));
                let desc_col = t.column(|c| c.contains("description"));
                for row in &t.rows {
                    let Some(name) = row.first().map(|c| c.text.trim().trim_matches('`').to_string()).filter(|n| !n.is_empty()) else { continue };
                    if query_params.iter().any(|(n, _, _)| *n == name) {
                        continue; // the same option in two tables (or rows) is one parameter
                    }
                    let ty = type_col.and_then(|i| row.get(i)).and_then(|c| types::parse_cell(&c.text, &c.links, &src.path));
                    let d = desc_col.and_then(|i| row.get(i)).map(|c| c.text.clone()).unwrap_or_default();
                    query_params.push((name, ty, d));
                }
            }
            Block::Paragraph(p) if h2.contains("query parameters") => {
                for option in ["$select", "$filter", "$expand", "$top", "$orderby", "$count", "$search", "$skip"] {
                    if p.text.contains(option) && !query_params.iter().any(|(n, _, _)| n == option) {
                        query_params.push((option.to_string(), None, format!("OData `{option}` query option.")));
                    }
                }
            }
            Block::Table(t) if h2.starts_with("permissions") => {
                // Most pages list least privileged first; some say "from most to least".
                let reversed = t.columns().iter().any(|c| c.contains("most to least"));
                let mut table = crate::model::Permissions::default();
                for row in &t.rows {
                    if let Some(cell) = row.get(1).filter(|c| c.text.trim().is_empty()) {
                        diags.push(
                            Diagnostic::new(codes::EMPTY_TABLE_CELL, src.origin(cell.offset), format!("no permission given for `{}`", row[0].text))
                                .help("list the permissions, or write `Not supported.`"),
                        );
                        continue;
                    }
                    let (Some(kind), Some(cell)) = (row.first(), row.get(1)) else { continue };
                    let kind = kind.text.to_lowercase();
                    let list = if kind.contains("application") {
                        &mut table.application
                    } else if kind.contains("personal") {
                        &mut table.delegated_personal
                    } else if kind.contains("delegated") {
                        &mut table.delegated_work
                    } else {
                        continue;
                    };
                    list.extend(scopes(&cell.text));
                    if reversed {
                        list.reverse();
                    }
                }
                for (all, more) in [
                    (&mut permissions.delegated_work, table.delegated_work),
                    (&mut permissions.delegated_personal, table.delegated_personal),
                    (&mut permissions.application, table.application),
                ] {
                    for scope in more {
                        if !all.contains(&scope) {
                            all.push(scope);
                        }
                    }
                }
            }
            Block::Table(t) if h2.starts_with("request headers") => {
                let desc_col = t.column(|c| c.contains("description") || c.contains("value"));
                for row in &t.rows {
                    let Some(name) = row.first().map(|c| c.text.trim().trim_matches('`').to_string()) else { continue };
                    let is_header = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                    let known = ["authorization", "content-type"].contains(&name.to_lowercase().as_str());
                    if !is_header || known || headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                        continue;
                    }
                    let d = desc_col.and_then(|i| row.get(i)).map(|c| c.text.clone()).unwrap_or_default();
                    headers.push((name, d));
                }
            }
            _ => {}
        }
    }

    let examples = examples(page, facts, diags);
    let response_annotation = page.blocks.iter().find_map(|b| match b {
        Block::Code(c) => c.annotation.as_ref().filter(|a| a.block_type() == Some("response")).and_then(|a| {
            a.odata_type().map(|t| (t.to_string(), src.origin(a.offset)))
        }),
        _ => None,
    });

    if requests.is_empty() {
        if let Some((method, path, at)) = example_request_line(page) {
            diags.push(
                Diagnostic::new(codes::PATH_FROM_EXAMPLE, at.clone(), format!("endpoint `{} {}` taken from the example request", method.as_str(), path))
                    .help("document the path in the `## HTTP request` block"),
            );
            requests.push((method, path, at));
        }
    }
    if requests.is_empty() {
        diags.push(
            Diagnostic::new(codes::NO_ENDPOINT, origin.clone(), format!("`{title}` has no usable `METHOD /path`; the page is skipped"))
                .help("write the request as `POST /users/{id}/photo` in the `## HTTP request` block"),
        );
        return None;
    }
    let method = requests[0].0;
    let status = response_status.or_else(|| examples.iter().find_map(|e| e.status));
    let mut kind = kind_of(&title, method);
    if kind == OperationKind::Get && matches!(response_type, Some(TypeExpr::Collection(_))) {
        kind = OperationKind::List;
    }
    let response_type = response_type.or_else(|| {
        let (t, _) = response_annotation.as_ref()?;
        let parsed = types::parse_type_name(t)?;
        let is_collection_page = page.blocks.iter().any(|b| matches!(b, Block::Code(c) if c.annotation.as_ref().is_some_and(|a| a.block_type() == Some("response") && a.get_bool("isCollection"))));
        Some(if is_collection_page { TypeExpr::Collection(Box::new(parsed)) } else { parsed })
    });
    let body = match (body_text_type, body_table, kind) {
        (Some(t), _, _) => Some(t),
        (None, true, OperationKind::Create | OperationKind::Update) => response_type.clone().or_else(|| title_link_type(page)),
        (None, true, _) => Some(TypeExpr::Untyped),
        (None, false, _) => None,
    };
    let (status, response_type) = match status {
        Some(204) => (204, None),
        Some(s) => (s, response_type),
        None if kind == OperationKind::Delete => (204, None),
        None if kind == OperationKind::Create => (201, response_type),
        None => (200, response_type),
    };
    // A list returns a collection: a `List` page whose paths end in a plural word
    // (`GET /teams/{id}/schedule/openShifts`) but whose prose names one object lists that type.
    let plural = |p: &PathTemplate| {
        matches!(p.segments.last(), Some(Segment::Literal { value }) if value.chars().all(|c| c.is_ascii_alphanumeric()) && http::singular(value) != *value)
    };
    let response_type = match response_type {
        Some(t @ TypeExpr::Named { .. }) if kind == OperationKind::List && method == Method::Get && requests.iter().all(|(_, p, _)| plural(p)) => {
            diags.push(
                Diagnostic::new(codes::LIST_OF_ONE, origin.clone(), format!("`{title}` lists `{}`, but its response names one object; it returns a collection", requests[0].1))
                    .help("write \"a collection of [type](...) objects\" in the Response section"),
            );
            Some(TypeExpr::Collection(Box::new(t)))
        }
        other => other,
    };
    Some(OperationFacts {
        title,
        doc,
        kind,
        requests,
        body,
        response_status: status,
        response_type,
        response_annotation,
        query_params,
        headers,
        permissions,
        body_params,
        examples,
        origin,
    })
}

fn title(page: &Page) -> (String, usize) {
    let h1 = page.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == 1 && !h.is_tab => Some((h.text.clone(), h.offset)),
        _ => None,
    });
    match (page.front_matter.get("title"), h1) {
        (Some(t), Some((_, at))) => (t.to_string(), at),
        (Some(t), None) => (t.to_string(), 0),
        (None, Some(h)) => h,
        (None, None) => (page.source.path.clone(), 0),
    }
}

/// The operation kind from the title's form, falling back to the HTTP method.
pub(super) fn kind_of(title: &str, method: Method) -> OperationKind {
    let first = title.split_whitespace().next().unwrap_or("").to_lowercase();
    match first.as_str() {
        _ if title.contains(':') || !title.contains(' ') && !title.is_empty() => {
            if method == Method::Get { OperationKind::Function } else { OperationKind::Action }
        }
        "create" | "add" | "post" => OperationKind::Create,
        "list" => OperationKind::List,
        "get" | "read" | "retrieve" => OperationKind::Get,
        "update" | "replace" | "upsert" | "patch" => OperationKind::Update,
        "delete" | "remove" => OperationKind::Delete,
        _ => match method {
            Method::Get => OperationKind::Get,
            Method::Post => OperationKind::Action,
            Method::Put | Method::Patch => OperationKind::Update,
            Method::Delete => OperationKind::Delete,
        },
    }
}

/// Scope names in a permissions cell (`User.Read, User.ReadWrite`); "Not supported." has none.
fn scopes(cell: &str) -> Vec<String> {
    cell.split([',', ' ', ';'])
        .map(|w| w.trim().trim_matches(['`', '*']).trim_end_matches('.'))
        .filter(|w| w.contains('.') && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .map(str::to_string)
        .collect()
}

/// The resource the title's first paragraph links to ("Create a new [profile](..) object").
fn title_link_type(page: &Page) -> Option<TypeExpr> {
    page.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => p
            .links
            .iter()
            .find(|l| l.target.contains("resources/"))
            .and_then(|l| types::parse_cell(&l.text, std::slice::from_ref(l), &page.source.path)),
        _ => None,
    })
}

/// "returns a `201 Created` response code" → 201.
fn status_in_prose(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|c| (200..300).contains(c))
}

fn request_lines(src: &SourceFile, c: &CodeBlock, out: &mut Vec<(Method, crate::model::PathTemplate, Origin)>, diags: &mut Vec<Diagnostic>) {
    if c.body.trim().is_empty() {
        diags.push(
            Diagnostic::new(codes::HTTP_BLOCK_EMPTY, src.origin(c.offset), "the HTTP request block is empty")
                .len(3)
                .help("write each request as `METHOD /path`, e.g. `POST /users/{id}/photo`"),
        );
        return;
    }
    let mut offset = c.body_offset;
    for line in c.body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let Some((method, target)) = http::request_line(line) else {
            // Headers or a body inside the request block: not endpoints, not worth a warning.
            continue;
        };
        match http::normalize_target(target) {
            Ok(path) => {
                let origin = src.origin(at + (line.len() - line.trim_start().len()));
                if path.split('/').any(http::is_literal_key) {
                    diags.push(
                        Diagnostic::new(codes::LITERAL_KEY_IN_PATH, origin.clone(), "the request path holds a literal key; it is read as a parameter")
                            .len(line.trim().len())
                            .help("write `{id}` in the HTTP request section; keep real keys for the example"),
                    );
                }
                if let Some(name) = http::angle_placeholder(target) {
                    diags.push(
                        Diagnostic::new(codes::ANGLE_PLACEHOLDER, origin.clone(), format!("the request path writes a placeholder as `<{name}>`; it is read as `{{{name}}}`"))
                            .len(line.trim().len())
                            .help(format!("write `{{{name}}}`")),
                    );
                }
                out.push((method, http::path_template(&path), origin));
            }
            Err(e) => diags.push(path_error(src, at, line, e)),
        }
    }
}

fn path_error(src: &SourceFile, at: usize, line: &str, e: PathError) -> Diagnostic {
    let (msg, help) = match e {
        PathError::Placeholder => ("the request line holds a placeholder instead of a path".to_string(), "replace the `** ... not found` text with the resource's path"),
        PathError::NotAPath => ("the request line has no usable path".to_string(), "write `METHOD /path`"),
        PathError::ForeignHost(h) => (format!("the request goes to `{h}`, not Microsoft Graph"), "use a path relative to the Graph service root"),
    };
    Diagnostic::new(codes::REQUEST_LINE_INVALID, src.origin(at), msg).len(line.trim_end().len()).help(help)
}

/// The first example request whose URL is usable.
fn example_request_line(page: &Page) -> Option<(Method, crate::model::PathTemplate, Origin)> {
    page.blocks.iter().find_map(|b| {
        let Block::Code(c) = b else { return None };
        if !is_request_block(c) {
            return None;
        }
        let m = http::message(&c.body)?;
        let mut words = m.start_line.split_whitespace();
        let method = http::method(words.next()?)?;
        let path = http::normalize_target(words.next()?).ok()?;
        Some((method, http::path_template(&path), page.source.origin(c.body_offset + m.start_offset)))
    })
}

fn is_request_block(c: &CodeBlock) -> bool {
    match c.annotation.as_ref().and_then(|a| a.block_type()) {
        Some("request") => true,
        Some(_) => false,
        None => c.lang.starts_with("http") && c.body.split_whitespace().next().and_then(http::method).is_some(),
    }
}

fn is_response_block(c: &CodeBlock) -> bool {
    match c.annotation.as_ref().and_then(|a| a.block_type()) {
        Some("response") => true,
        Some(_) => false,
        None => c.lang.starts_with("http") && c.body.trim_start().to_ascii_uppercase().starts_with("HTTP"),
    }
}

/// Request/response example pairs, in page order; a response pairs with the request before it.
fn examples(page: &Page, facts: &mut PageFacts, diags: &mut Vec<Diagnostic>) -> Vec<ExampleFacts> {
    let src = &page.source;
    let mut out: Vec<ExampleFacts> = Vec::new();
    for b in &page.blocks {
        let Block::Code(c) = b else { continue };
        let name = c
            .annotation
            .as_ref()
            .and_then(|a| a.value.as_ref()?.get("name").cloned())
            .and_then(|v| match v {
                Value::String(s) => Some(s),
                Value::Array(a) => a.first().and_then(|x| x.as_str().map(str::to_string)),
                _ => None,
            });
        if let Some(t) = c.annotation.as_ref().filter(|_| is_request_block(c) || is_response_block(c)).and_then(|a| a.odata_type()) {
            facts.mentions.push((t.to_string(), src.origin(c.annotation.as_ref().map_or(c.offset, |a| a.offset))));
        }
        if is_request_block(c) {
            let message = http::message(&c.body);
            let path = message.as_ref().and_then(|m| {
                let (_, target) = http::request_line(m.start_line)?;
                http::normalize_target(target.split_whitespace().next()?).ok()
            });
            let body = message.and_then(|m| json_body(src, c, m.body, m.body_offset, facts, diags));
            out.push(ExampleFacts {
                name: name.unwrap_or_else(|| format!("example{}", out.len() + 1)),
                path,
                request: body,
                response: None,
                status: None,
                origin: src.origin(c.offset),
            });
        } else if is_response_block(c) {
            let Some(m) = http::message(&c.body) else { continue };
            let line_at = c.body_offset + m.start_offset;
            let status = match http::status_line(m.start_line) {
                Some((code, malformed)) => {
                    if malformed {
                        diags.push(
                            Diagnostic::new(codes::STATUS_LINE_MALFORMED, src.origin(line_at), format!("malformed status line `{}`", m.start_line))
                                .len(m.start_line.len())
                                .help(format!("write `HTTP/1.1 {code} ...`")),
                        );
                    }
                    Some(code)
                }
                None => {
                    diags.push(
                        Diagnostic::new(codes::STATUS_LINE_MALFORMED, src.origin(line_at), format!("response has no status line (starts with `{}`)", m.start_line))
                            .len(m.start_line.len())
                            .help("start the response with `HTTP/1.1 200 OK`"),
                    );
                    None
                }
            };
            if m.blank_before_headers {
                diags.push(
                    Diagnostic::new(codes::BLANK_BEFORE_HEADERS, src.origin(line_at), "a blank line follows this status line, before the headers")
                        .len(m.start_line.len())
                        .help("remove the blank line: headers follow the status line directly"),
                );
            }
            let mut body = json_body(src, c, m.body, m.body_offset, facts, diags);
            // `{"value": {single entity}}`: unwrap, but say so.
            if let Some(Value::Object(map)) = &body {
                if map.len() == 1 {
                    if let Some(inner @ Value::Object(_)) = map.get("value") {
                        diags.push(
                            Diagnostic::new(codes::VALUE_WRAPPED_ENTITY, src.origin(c.body_offset + m.body_offset), "a single entity is wrapped in `\"value\"`")
                                .help("`value` holds collections; return the entity itself"),
                        );
                        body = Some(inner.clone());
                    }
                }
            }
            let ex = match out.last_mut() {
                Some(last) if last.response.is_none() && last.status.is_none() => last,
                _ => {
                    out.push(ExampleFacts {
                        name: name.clone().unwrap_or_else(|| format!("example{}", out.len() + 1)),
                        path: None,
                        request: None,
                        response: None,
                        status: None,
                        origin: src.origin(c.offset),
                    });
                    let n = out.len() - 1;
                    &mut out[n]
                }
            };
            ex.response = body;
            ex.status = status;
        }
    }
    out
}

/// Parses a message body as JSON when it looks like JSON; repairs and failures are reported.
fn json_body(src: &SourceFile, c: &CodeBlock, body: &str, body_offset: usize, facts: &mut PageFacts, diags: &mut Vec<Diagnostic>) -> Option<Value> {
    let trimmed = body.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    let at = c.body_offset + body_offset + (body.len() - trimmed.len());
    match json::parse_lenient(trimmed.trim_end()) {
        Ok(p) => {
            if !p.repairs.is_empty() {
                let what: Vec<_> = p.repairs.iter().map(|r| r.describe()).collect();
                diags.push(
                    Diagnostic::new(codes::JSON_REPAIRED, src.origin(at), format!("invalid JSON example ({})", what.join(", ")))
                        .len(1)
                        .help("examples must be strict JSON: no trailing commas, comments or `...`"),
                );
            }
            if let Some(names) = type_names_as_values(&p.value) {
                diags.push(
                    Diagnostic::new(codes::TYPE_NAME_AS_VALUE, src.origin(at), format!("the example uses type names as values ({names})"))
                        .len(1)
                        .help("use realistic values, e.g. `\"height\": 96`"),
                );
            }
            observe(&p.value, &src.origin(at), facts);
            Some(p.value)
        }
        Err(e) => {
            diags.push(
                Diagnostic::new(codes::JSON_UNUSABLE, src.origin(at + e.offset), format!("JSON example cannot be read: {}", e.message))
                    .len(1)
                    .help("fix the JSON; the example is not used until then"),
            );
            None
        }
    }
}

/// `"height": "Int32"`: values that are type names. Returns the offending property names.
fn type_names_as_values(v: &Value) -> Option<String> {
    let mut found = Vec::new();
    walk(v, &mut |k, val| {
        if let (Some(k), Value::String(s)) = (k, val) {
            let word = s.split(['(', ' ']).next().unwrap_or("");
            if types::primitive(word).is_some() && word.chars().next().is_some_and(char::is_uppercase) && s.len() < 40 {
                found.push(k.to_string());
            }
        }
    });
    (!found.is_empty()).then(|| found.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
}

fn walk<'a>(v: &'a Value, f: &mut impl FnMut(Option<&'a str>, &'a Value)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                f(Some(k), x);
                walk(x, f);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

/// Records objects that carry `@odata.type`, to infer types the docs never describe.
fn observe(v: &Value, origin: &Origin, facts: &mut PageFacts) {
    let mut found = Vec::new();
    let mut visit = |v: &Value| {
        if let Value::Object(m) = v {
            if let Some(Value::String(t)) = m.get("@odata.type") {
                found.push((t.trim_start_matches('#').to_string(), m.clone()));
            }
        }
    };
    visit(v);
    walk(v, &mut |_, x| visit(x));
    facts.observed.extend(found.into_iter().map(|(t, m)| (t, m, origin.clone())));
}
