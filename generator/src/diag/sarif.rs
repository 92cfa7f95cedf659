//! SARIF 2.1.0, the format GitHub code scanning reads, so findings show on a pull request's
//! lines. One run; every code is a rule (with its explanation as help); each diagnostic a result.

use super::{codes, explain, Diagnostic};
use serde_json::{json, Value};

/// `uri_prefix` turns page paths (relative to the docs folder) into paths relative to the
/// repository root, e.g. `docs/` for pages under `docs/api/x.md`.
pub fn render(diagnostics: &[Diagnostic], uri_prefix: &str) -> String {
    let rules: Vec<Value> = codes::ALL
        .iter()
        .map(|c| {
            let help = explain::text(c.id).unwrap_or(c.summary);
            json!({
                "id": c.id,
                "name": heck::ToUpperCamelCase::to_upper_camel_case(c.name),
                "shortDescription": { "text": c.summary },
                "fullDescription": { "text": help },
                "help": { "text": help },
                // SARIF's level names are graphdoc's severities.
                "defaultConfiguration": { "level": c.severity.to_string() },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let text = match &d.help {
                Some(h) => format!("{} (help: {h})", d.message),
                None => d.message.clone(),
            };
            let mut region = json!({ "startLine": d.origin.line.max(1) });
            if d.origin.line > 0 && d.origin.col > 0 {
                region["startColumn"] = json!(d.origin.col);
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": codes::ALL.iter().position(|c| c.id == d.code).unwrap_or(0),
                "level": d.severity.to_string(),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": format!("{uri_prefix}{}", d.origin.file), "uriBaseId": "%SRCROOT%" },
                        "region": region,
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "graphdoc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/graphdoc",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    #[test]
    fn results_point_at_rules_and_lines() {
        let d = Diagnostic::new(codes::BROKEN_LINK, Origin { file: "api/x.md".into(), line: 7, col: 3 }, "link to `y.md`: no such page").help("fix it");
        let log: Value = serde_json::from_str(&render(&[d], "docs/")).unwrap();
        let run = &log["runs"][0];
        let result = &run["results"][0];
        let rule = &run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], "GD0106");
        assert_eq!(result["level"], "warning");
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "docs/api/x.md");
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 3);
    }
}
