//! `graphdoc explain CODE`: what each diagnostic means, why it matters and how to fix it. The
//! texts live in `codes.md` beside this file (one `## GDnnnn` section per code), so they read
//! as documentation and render on the repository page too.

use super::codes;

const TEXT: &str = include_str!("codes.md");

/// The explanation of `code` (any case), without its heading.
pub fn text(code: &str) -> Option<&'static str> {
    sections().find(|(id, _)| id.eq_ignore_ascii_case(code.trim())).map(|(_, body)| body)
}

/// `(code, explanation)` for every section of `codes.md`, in file order.
fn sections() -> impl Iterator<Item = (&'static str, &'static str)> {
    TEXT.split("\n## ").skip(1).map(|s| {
        let (id, body) = s.split_once('\n').unwrap_or((s, ""));
        (id.trim(), body.trim())
    })
}

/// The README's table of codes: code, default severity, meaning.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    let mut all: Vec<_> = codes::ALL.to_vec();
    all.sort_by_key(|c| c.id);
    for c in all {
        out += &format!("| {} | {} | {} |\n", c.id, c.severity, c.summary.replace('|', "\\|"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_exactly_one_explanation_and_no_explanation_is_orphaned() {
        let ids: Vec<&str> = sections().map(|(id, _)| id).collect();
        for c in codes::ALL {
            assert_eq!(ids.iter().filter(|i| **i == c.id).count(), 1, "{} needs one section in codes.md", c.id);
            assert!(text(c.id).is_some_and(|t| t.len() > 80), "{}: explanation too short", c.id);
        }
        for id in ids {
            assert!(codes::ALL.iter().any(|c| c.id == id), "codes.md explains {id}, which is not a code");
        }
        assert_eq!(text("gd0106"), text("GD0106"));
        assert!(text("GD9999").is_none());
    }
}
