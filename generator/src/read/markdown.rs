//! The markdown walk: pulldown-cmark events → blocks with offsets, annotations attached to the
//! code block that follows them.

use super::{json, Annotation, Block, Cell, CodeBlock, Heading, Link, Paragraph, Table};
use crate::diag::{codes, Diagnostic};
use crate::source::SourceFile;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Text being collected for the innermost heading, paragraph or table cell, its whitespace
/// collapsed as it comes (one pass, no second copy).
#[derive(Default)]
struct Inline {
    text: String,
    /// Whitespace seen since the last word: a space, once a word follows.
    gap: bool,
    links: Vec<Link>,
    /// Open link: its target, offset, and where its text starts in `text`.
    open_link: Option<(String, usize, usize)>,
}

impl Inline {
    fn push(&mut self, s: &str) {
        let mut rest = s;
        while !rest.is_empty() {
            let word = rest.trim_start();
            self.gap |= word.len() < rest.len();
            let end = word.find(char::is_whitespace).unwrap_or(word.len());
            if end > 0 {
                if self.gap && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.text.push_str(&word[..end]);
                self.gap = false;
            }
            rest = &word[end..];
        }
    }
    fn finish(self) -> (String, Vec<Link>) {
        (self.text, self.links)
    }
}

/// Tabs in a table's delimiter row (`| --- \t|`) stop pulldown-cmark from seeing a table,
/// while the docs' renderer accepts them. Each tab on a line that starts with `|` becomes one
/// space, so every byte offset (and so every diagnostic's position) stays the same.
fn table_tabs_as_spaces(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains('\t') {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = body.as_bytes().to_vec();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with('|') {
            out[start..start + line.len()].iter_mut().filter(|b| **b == b'\t').for_each(|b| *b = b' ');
        }
        start += line.len();
    }
    // An ASCII byte for an ASCII byte: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

pub(super) fn blocks(source: &SourceFile, body_start: usize, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let body = table_tabs_as_spaces(&source.text[body_start..]);
    let parser = Parser::new_ext(&body, Options::ENABLE_TABLES).into_offset_iter();

    let mut out = Vec::new();
    let mut inline: Option<Inline> = None;
    let mut heading_level = 0u8;
    let mut block_start = 0usize;
    let mut html = String::new();
    let mut in_html_block = false;
    let mut code: Option<(String, usize, Option<usize>, String)> = None; // lang, offset, body offset, body
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut pending: Option<Annotation> = None;

    for (event, range) in parser {
        let at = body_start + range.start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = level as u8;
                block_start = at;
                inline = Some(Inline::default());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(i) = inline.take() {
                    let is_tab = i.links.iter().any(|l| l.target.starts_with("#tab/"));
                    let (text, _) = i.finish();
                    out.push(Block::Heading(Heading { level: heading_level, text, is_tab, offset: block_start }));
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() => {
                block_start = at;
                inline = Some(Inline::default());
            }
            Event::End(TagEnd::Paragraph) if table.is_none() => {
                if let Some(i) = inline.take() {
                    let (text, links) = i.finish();
                    out.push(Block::Paragraph(Paragraph { text, links, offset: block_start }));
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table { header: vec![], rows: vec![], offset: at }),
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    table_shape(source, &t, diags);
                    out.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableCell) => {
                block_start = at;
                inline = Some(Inline::default());
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(i) = inline.take() {
                    let (text, links) = i.finish();
                    row.push(Cell { text, links, offset: block_start });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = inline.as_mut() {
                    i.open_link = Some((dest_url.to_string(), at, i.text.len()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = inline.as_mut() {
                    if let Some((target, offset, from)) = i.open_link.take() {
                        let text = i.text.get(from..).unwrap_or_default().trim_start().to_string();
                        i.links.push(Link { text, target, offset });
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, at, None, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, offset, body_offset, body)) = code.take() {
                    // An empty fenced block has no text event: its body starts on the next line.
                    let body_offset = body_offset.unwrap_or_else(|| {
                        source.text[offset..].find('\n').map_or(source.text.len(), |i| offset + i + 1)
                    });
                    out.push(Block::Code(CodeBlock {
                        lang,
                        body,
                        body_offset,
                        offset,
                        annotation: pending.take(),
                    }));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, body_offset, body)) = code.as_mut() {
                    body_offset.get_or_insert(at);
                    body.push_str(&t);
                } else if let Some(i) = inline.as_mut() {
                    i.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = inline.as_mut() {
                    i.push(" ");
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                block_start = at;
                html.clear();
            }
            Event::Html(t) if in_html_block => html.push_str(&t),
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                if let Some(a) = annotation(source, &html, block_start, diags) {
                    place(source, a, &mut pending, &mut out, diags);
                }
            }
            // An annotation written inside a paragraph (no blank line before it).
            Event::InlineHtml(t) if t.trim_start().starts_with("<!--") => {
                if let Some(a) = annotation(source, &t, at, diags) {
                    place(source, a, &mut pending, &mut out, diags);
                }
            }
            _ => {}
        }
    }
    if let Some(prev) = pending.take() {
        detached(source, &prev, diags);
        out.push(Block::Annotation(prev));
    }
    out
}

/// A page annotation stands alone; any other waits for the next code block, and one that
/// was still waiting is reported as detached.
fn place(source: &SourceFile, a: Annotation, pending: &mut Option<Annotation>, out: &mut Vec<Block>, diags: &mut Vec<Diagnostic>) {
    if a.is_page_annotation() {
        out.push(Block::Annotation(a));
    } else if let Some(prev) = pending.replace(a) {
        detached(source, &prev, diags);
        out.push(Block::Annotation(prev));
    }
}

fn detached(source: &SourceFile, a: &Annotation, diags: &mut Vec<Diagnostic>) {
    diags.push(
        Diagnostic::new(codes::ANNOTATION_DETACHED, source.origin(a.offset), "this annotation has no code block after it")
            .len(4)
            .help("put the annotation right before the fenced block it describes"),
    );
}

/// An HTML comment whose body starts with `{` is an annotation.
pub(super) fn annotation(source: &SourceFile, html: &str, offset: usize, diags: &mut Vec<Diagnostic>) -> Option<Annotation> {
    let trimmed = html.trim_start();
    let inner = trimmed.strip_prefix("<!--")?;
    let end = inner.find("-->").unwrap_or(inner.len());
    let body = inner[..end].trim();
    if !body.starts_with('{') {
        return None;
    }
    let body_offset = offset + (html.len() - trimmed.len()) + 4 + (inner[..end].len() - inner[..end].trim_start().len());
    // Page annotations carry literal newlines in strings (21 pages): they are not JSON errors
    // worth a repair, so read them with newlines escaped.
    let parsed = json::parse_lenient(body).or_else(|e| {
        json::parse_lenient(&body.replace('\n', " ")).map_err(|_| e)
    });
    match parsed {
        Ok(p) => {
            if !p.repairs.is_empty() {
                let what: Vec<_> = p.repairs.iter().map(|r| r.describe()).collect();
                diags.push(
                    Diagnostic::new(codes::ANNOTATION_INVALID, source.origin(body_offset), format!("annotation is not valid JSON ({})", what.join(", ")))
                        .len(1)
                        .help("annotations must be strict JSON: no trailing commas or comments"),
                );
            }
            match p.value {
                serde_json::Value::Object(map) => Some(Annotation { value: Some(map), offset }),
                _ => Some(Annotation { value: None, offset }),
            }
        }
        Err(e) => {
            diags.push(
                Diagnostic::new(codes::ANNOTATION_INVALID, source.origin(body_offset + e.offset), format!("annotation is not valid JSON: {}", e.message))
                    .len(1)
                    .help("fix the JSON; the annotation is ignored until then"),
            );
            Some(Annotation { value: None, offset })
        }
    }
}

/// Cells a table line holds as written: unescaped `|`s, less the optional outer ones.
/// (pulldown-cmark pads or cuts rows to the header's width, so the text is what tells.)
fn cells_written(line: &str) -> usize {
    let t = line.trim();
    let mut pipes = 0usize;
    let mut escaped = false;
    for c in t.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            pipes += 1;
        }
    }
    let outer = usize::from(t.starts_with('|')) + usize::from(t.ends_with('|') && !t.ends_with("\\|") && t.len() > 1);
    (pipes + 1).saturating_sub(outer)
}

fn table_shape(source: &SourceFile, t: &Table, diags: &mut Vec<Diagnostic>) {
    for row in &t.rows {
        let at = row.first().map_or(t.offset, |c| c.offset);
        let start = source.text[..at.min(source.text.len())].rfind('\n').map_or(0, |i| i + 1);
        let line = source.text[start..].lines().next().unwrap_or_default();
        let written = cells_written(line);
        if written != t.header.len() {
            diags.push(
                Diagnostic::new(codes::TABLE_ROW_SHAPE, source.origin(at), format!("row has {written} cells, the header has {}", t.header.len()))
                    .help("escape `|` inside cells as `\\|`, or add the missing cells"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::read::{read_page, Block};
    use crate::source::SourceFile;

    const PAGE: &str = "---\ntitle: t\n---\n# Title\n\nNamespace: microsoft.graph\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|tags|[tag](tag.md) collection|Read-only.|\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"x\",\n} -->\n```http\nGET /me\n```\n\n# [C#](#tab/csharp)\n\n<!-- { \"type\": \"#page.annotation\" } -->\n";

    #[test]
    fn reads_headings_tables_code_and_annotations() {
        let (page, diags) = read_page(SourceFile::new("p.md", PAGE));
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["GD0104"], "{diags:?}");
        let Block::Table(t) = &page.blocks[3] else { panic!("{:?}", page.blocks[3]) };
        assert_eq!(t.columns(), vec!["property", "type", "description"]);
        assert_eq!(t.rows[0][1].text, "tag collection");
        assert_eq!(t.rows[0][1].links[0].target, "tag.md");
        assert_eq!(page.source.line_col(t.rows[0][0].offset), (11, 2));
        let Block::Code(c) = &page.blocks[4] else { panic!() };
        assert_eq!(c.lang, "http");
        assert_eq!(c.body, "GET /me\n");
        assert_eq!(page.source.line_col(c.body_offset).0, 18);
        assert_eq!(c.annotation.as_ref().unwrap().block_type(), Some("request"));
        let Block::Heading(h) = &page.blocks[5] else { panic!() };
        assert!(h.is_tab);
        let Block::Annotation(a) = &page.blocks[6] else { panic!() };
        assert!(a.is_page_annotation());
    }

    #[test]
    fn empty_fence_and_detached_annotation() {
        let (page, diags) = read_page(SourceFile::new("p.md", "---\nt: 1\n---\n```http\n\n```\n\n<!-- {\"blockType\": \"ignored\"} -->\n\ntext\n"));
        let Block::Code(c) = &page.blocks[0] else { panic!() };
        assert!(c.body.trim().is_empty());
        assert_eq!(page.source.line_col(c.body_offset).0, 5);
        assert!(diags.iter().any(|d| d.code == "GD0105"));
    }
}
