//! Lint levels: `--allow CODE`, `--warn CODE`, `--deny CODE` (or `warnings`), from the command
//! line, `graphdoc.toml` or the builder. Like rustc's, a level for one code wins over the level
//! for its group (`warnings`), and the last setting of the same key wins.

use super::{codes, Diagnostic, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Level {
    /// Drop the diagnostic.
    Allow,
    /// Report it as a warning.
    Warn,
    /// Report it as an error: the run fails and `generate` writes nothing.
    Deny,
}

/// Levels by code (`GD0106`) or group (`warnings`, `notes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels {
    by_key: BTreeMap<String, Level>,
}

impl Levels {
    /// Sets the level of a code or group; unknown names are an error naming the valid ones.
    pub fn set(&mut self, key: &str, level: Level) -> Result<(), String> {
        let key = key.trim();
        let known = matches!(key, "warnings" | "notes") || codes::ALL.iter().any(|c| c.id.eq_ignore_ascii_case(key));
        if !known {
            return Err(format!("unknown diagnostic code `{key}` (expected `warnings`, `notes` or a code such as GD0106; `graphdoc explain --list`)"));
        }
        let key = if key.starts_with(['g', 'G']) { key.to_ascii_uppercase() } else { key.to_string() };
        self.by_key.insert(key, level);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The diagnostics with levels applied: allowed ones dropped, others re-graded. Errors of the
    /// run itself (unreadable files) cannot be allowed or lowered.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if d.severity == Severity::Error {
                    return Some(d);
                }
                let group = if d.severity == Severity::Warning { "warnings" } else { "notes" };
                let level = self.by_key.get(d.code).or_else(|| self.by_key.get(group));
                match level {
                    None => Some(d),
                    Some(Level::Allow) => None,
                    Some(Level::Warn) => {
                        d.severity = Severity::Warning;
                        Some(d)
                    }
                    Some(Level::Deny) => {
                        d.severity = Severity::Error;
                        Some(d)
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn diag(code: super::super::Code) -> Diagnostic {
        Diagnostic::new(code, Origin { file: "a.md".into(), line: 1, col: 1 }, "m")
    }

    #[test]
    fn code_levels_win_over_groups_and_unknown_codes_are_rejected() {
        let mut levels = Levels::default();
        levels.set("warnings", Level::Deny).unwrap();
        levels.set("gd0103", Level::Allow).unwrap();
        levels.set("GD0303", Level::Warn).unwrap();
        assert!(levels.set("GD9999", Level::Deny).is_err());
        let out = levels.apply(vec![diag(codes::BROKEN_LINK), diag(codes::PLACEHOLDER_TEXT), diag(codes::PATH_FROM_EXAMPLE), diag(codes::PREVIEW_PAGE), diag(codes::READ_FAILED)]);
        let got: Vec<(&str, Severity)> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [("GD0106", Severity::Error), ("GD0303", Severity::Warning), ("GD0111", Severity::Note), ("GD0001", Severity::Error)]
        );
    }
}
