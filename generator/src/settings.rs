//! `graphdoc.toml`: the settings a docs repository or a crate keeps beside its docs, so CI, the
//! editor and `build.rs` agree. Command-line flags override them. Paths are relative to the file.
//!
//! ```toml
//! input = "docs"
//! out = "generated"
//! crate-name = "contoso-graph"
//! openapi-version = "3.1"
//!
//! [lint]
//! deny = ["warnings"]      # every warning fails the run
//! allow = ["GD0303"]       # except these, which are dropped
//! warn = ["GD0111"]
//! ```

use crate::{Config, Error, OpenApiVersion};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file's name, looked up in the current folder by the CLI.
pub const FILE_NAME: &str = "graphdoc.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Settings {
    pub input: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    /// `"3.0"` or `"3.1"`.
    pub openapi_version: Option<String>,
    #[serde(default)]
    pub lint: LintSettings,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LintSettings {
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub warn: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
}

impl Settings {
    /// Reads and parses `path`; relative paths in it are made relative to its folder.
    pub fn read(path: &Path) -> Result<Settings, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
        let mut settings = Settings::parse(&text).map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [&mut settings.input, &mut settings.out].into_iter().flatten() {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(settings)
    }

    pub fn parse(text: &str) -> Result<Settings, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(v) = settings.openapi_version.as_deref().filter(|v| !matches!(*v, "3.0" | "3.1")) {
            return Err(format!("openapi-version = \"{v}\": expected \"3.0\" or \"3.1\""));
        }
        Ok(settings)
    }

    /// The settings applied to `config` (levels as [`Config::levels_from`] sets them).
    pub fn apply(&self, mut config: Config) -> Config {
        if let Some(input) = &self.input {
            config = config.input(input);
        }
        if let Some(out) = &self.out {
            config = config.out_dir(out);
        }
        if let Some(name) = &self.crate_name {
            config = config.crate_name(name.clone());
        }
        if let Some(v) = &self.openapi_version {
            config = config.openapi_version(if v == "3.1" { OpenApiVersion::V3_1 } else { OpenApiVersion::V3_0 });
        }
        config.levels_from(&self.lint.allow, &self.lint.warn, &self.lint.deny)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_rejects_unknown_keys_codes_and_versions() {
        let s = Settings::parse("out = \"gen\"\n[lint]\ndeny = [\"warnings\"]\nallow = [\"GD0303\"]\n").unwrap();
        let config = s.apply(Config::new());
        assert_eq!(config.out_dir.as_deref(), Some(Path::new("gen")));
        assert!(config.run().is_err_and(|e| matches!(e, Error::Input { .. })), "levels are valid; only the input is missing");
        assert!(Settings::parse("outt = \"x\"").is_err());
        assert!(Settings::parse("openapi-version = \"2.0\"").is_err());
        let bad = Settings::parse("[lint]\ndeny = [\"GD9999\"]").unwrap().apply(Config::new());
        assert!(bad.run().is_err_and(|e| matches!(e, Error::Config(m) if m.contains("GD9999"))));
    }
}
