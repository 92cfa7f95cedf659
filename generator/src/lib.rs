//! graphdoc: Microsoft Graph-style markdown API docs → Rust models and client, CSDL, OpenAPI.
//!
//! The pipeline, one module per stage: [`read`] (markdown → pages) → [`extract`] (page → facts)
//! → [`resolve`] (all facts → one [`model::Schema`]) → [`emit`] (schema → files) → [`mod@write`].
//!
//! From a `build.rs` (then `include!(concat!(env!("OUT_DIR"), "/src/models.rs"))`):
//! ```no_run
//! let out = std::env::var("OUT_DIR").unwrap();
//! let run = graphdoc::Config::new().input("docs").out_dir(out).generate().unwrap();
//! for d in &run.diagnostics {
//!     println!("cargo:warning={} {}: {}", d.code, d.origin, d.message);
//! }
//! ```
//!
//! As a docs linter, with levels as on the command line (`--deny GD0304`, `--allow warnings`);
//! a failing [`Config::generate`] is an [`Error`] whose `Display` lists the errors:
//! ```
//! use graphdoc::{diag::Severity, Config, Error};
//! let config = Config::new().input("../docs-input").deny("GD0304").allow("GD0103");
//! let run = config.run()?;
//! assert!(run.diagnostics.iter().all(|d| d.code != "GD0103"));
//! assert!(run.diagnostics.iter().any(|d| d.code == "GD0304" && d.severity == Severity::Error));
//! let failed = config.out_dir(std::env::temp_dir().join("graphdoc-doctest")).generate();
//! assert!(matches!(&failed, Err(Error::Docs(_))));
//! assert!(failed.unwrap_err().to_string().contains("error[GD0304]"));
//! # Ok::<(), graphdoc::Error>(())
//! ```

pub mod diag;
pub mod diff;
pub mod emit;
pub mod extract;
pub mod model;
pub mod read;
pub mod resolve;
pub mod settings;
pub mod source;
pub mod write;

use diag::{codes, Diagnostic, Level, Levels, Severity};
use model::Schema;
use rayon::prelude::*;
use source::SourceFile;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Emit {
    pub rust: bool,
    pub csdl: bool,
    pub openapi: bool,
    /// The intermediate model as `model.json`.
    pub model: bool,
    /// Rust: one cargo feature per resource group (the paths' first segment) gating its
    /// endpoints and navigation, all on by default. Off for code `include!`d into a crate that
    /// does not declare those features.
    pub group_features: bool,
}

impl Default for Emit {
    fn default() -> Self {
        Emit { rust: true, csdl: true, openapi: true, model: false, group_features: true }
    }
}

impl Emit {
    pub const NONE: Emit = Emit { rust: false, csdl: false, openapi: false, model: false, group_features: true };
}

/// Which OpenAPI to write: 3.0.3 (the default; what most client generators read) or 3.1.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OpenApiVersion {
    #[default]
    V3_0,
    V3_1,
}

/// The generator's settings, in the style of `prost_build::Config`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    pub input: PathBuf,
    pub out_dir: Option<PathBuf>,
    pub emit: Emit,
    pub crate_name: String,
    pub openapi_version: OpenApiVersion,
    /// Lint levels by code or group (`warnings`), see [`Config::deny`].
    pub levels: Levels,
    /// Level settings that named no known code; [`Config::run`] reports them as [`Error::Config`].
    invalid_levels: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            input: PathBuf::from("docs-input"),
            out_dir: None,
            emit: Emit::default(),
            crate_name: "graphdoc-generated".into(),
            openapi_version: OpenApiVersion::V3_0,
            levels: Levels::default(),
            invalid_levels: Vec::new(),
        }
    }
}

/// A failure of the run itself (not a problem in the docs: those are diagnostics).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input folder could not be listed.
    Input { path: PathBuf, source: std::io::Error },
    /// Writing the output failed.
    Output { path: PathBuf, source: std::io::Error },
    /// The settings are invalid (an unknown diagnostic code, an unreadable `graphdoc.toml`).
    Config(String),
    /// The docs have errors (unreadable pages, or diagnostics raised to errors by
    /// [`Config::deny`]), so [`Config::generate`] wrote nothing. The run, for its diagnostics.
    Docs(Box<Run>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input { path, source } => write!(f, "cannot read input folder {}: {source}", path.display()),
            Error::Output { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Error::Config(message) => f.write_str(message),
            Error::Docs(run) => {
                write!(f, "the docs have {} error(s); nothing was written", run.count(Severity::Error))?;
                for d in run.diagnostics.iter().filter(|d| d.severity == Severity::Error).take(10) {
                    write!(f, "\n  error[{}] {}: {}", d.code, d.origin, d.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Input { source, .. } | Error::Output { source, .. } => Some(source),
            Error::Config(_) | Error::Docs(_) => None,
        }
    }
}

/// The result of a run: the model, every diagnostic (sorted), the pages read, and the files.
#[derive(Debug)]
#[non_exhaustive]
pub struct Run {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<SourceFile>,
    /// Output files, relative to the output folder, from [`Config::run`] ([`Config::generate`]
    /// writes each as it is rendered and keeps none).
    pub files: BTreeMap<String, Vec<u8>>,
    /// What [`Config::generate`] changed in the output folder (empty for [`Config::run`]).
    pub written: write::WriteReport,
    /// Wall time of each stage, in pipeline order (`load`, `read+extract`, `resolve`, then `emit`
    /// for [`Config::run`], or `emit+write` and `swap` for [`Config::generate`]): what
    /// `graphdoc --timings` prints.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Run {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
    /// Sources by path, for rendering diagnostics.
    pub fn source_map(&self) -> BTreeMap<String, &SourceFile> {
        self.sources.iter().map(|s| (s.path.clone(), s)).collect()
    }
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn input(mut self, dir: impl Into<PathBuf>) -> Self {
        self.input = dir.into();
        self
    }
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }
    pub fn emit(mut self, emit: Emit) -> Self {
        self.emit = emit;
        self
    }
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = name.into();
        self
    }

    /// OpenAPI 3.0.3 (default) or 3.1.0.
    pub fn openapi_version(mut self, version: OpenApiVersion) -> Self {
        self.openapi_version = version;
        self
    }

    /// Sets the level of a diagnostic code (`"GD0106"`) or group (`"warnings"`, `"notes"`):
    /// [`Level::Deny`] makes it an error (the run fails, nothing is written), [`Level::Allow`]
    /// drops it. A code's own level wins over its group's.
    pub fn level(mut self, code: &str, level: Level) -> Self {
        if let Err(e) = self.levels.set(code, level) {
            self.invalid_levels.push(e);
        }
        self
    }
    /// `level(code, Level::Deny)`.
    pub fn deny(self, code: &str) -> Self {
        self.level(code, Level::Deny)
    }
    /// `level(code, Level::Allow)`.
    pub fn allow(self, code: &str) -> Self {
        self.level(code, Level::Allow)
    }
    /// Lists of codes to allow, warn and deny, set in that order, so that a code listed twice
    /// ends up with the stricter level (as `graphdoc.toml` and the command line give them).
    pub fn levels_from(mut self, allow: &[String], warn: &[String], deny: &[String]) -> Self {
        for (codes, level) in [(allow, Level::Allow), (warn, Level::Warn), (deny, Level::Deny)] {
            for code in codes {
                self = self.level(code, level);
            }
        }
        self
    }

    /// Reads, resolves and renders, without touching the output folder.
    pub fn run(&self) -> Result<Run, Error> {
        let mut run = self.analyze()?;
        if self.input.is_file() {
            return Ok(run);
        }
        let clock = std::time::Instant::now();
        run.files = emit::render_with(&run.schema, &self.emit, &self.crate_name, &self.input_name(), self.openapi_version);
        run.timings.push(("emit", clock.elapsed()));
        Ok(run)
    }

    /// Reads and resolves: the model and the diagnostics, nothing rendered.
    fn analyze(&self) -> Result<Run, Error> {
        if let Some(e) = self.invalid_levels.first() {
            return Err(Error::Config(e.clone()));
        }
        if self.input.is_file() {
            return self.run_one_page();
        }
        let mut timings = Vec::new();
        let mut clock = std::time::Instant::now();
        let mut lap = |stage: &'static str| timings.push((stage, std::mem::replace(&mut clock, std::time::Instant::now()).elapsed()));
        let (sources, mut diagnostics) = load(&self.input)?;
        lap("load");
        let (facts, diags) = read_and_extract(&sources);
        diagnostics.extend(diags);
        lap("read+extract");
        let (schema, diags) = resolve::resolve(facts);
        diagnostics.extend(diags);
        lap("resolve");
        let sink = diag::Sink::default();
        sink.extend(self.levels.apply(diagnostics));
        let diagnostics = sink.into_sorted();
        Ok(Run { schema, diagnostics, sources, files: BTreeMap::new(), written: write::WriteReport::default(), timings })
    }

    /// Outputs name the input by its folder name only, so they do not depend on where the
    /// checkout lives.
    fn input_name(&self) -> String {
        self.input.file_name().map_or_else(|| "docs".into(), |n| n.to_string_lossy().into_owned())
    }

    /// An editor's save: one page, read and extracted on its own, in milliseconds. Only what
    /// the page shows by itself is reported (front matter, tables, annotations, JSON and HTTP
    /// blocks, type cells); links and checks across pages need the folder. Nothing is rendered.
    fn run_one_page(&self) -> Result<Run, Error> {
        let bytes = std::fs::read(&self.input).map_err(|source| Error::Input { path: self.input.clone(), source })?;
        let (source, not_utf8) = decode(slash_path(&self.input), bytes);
        let mut diagnostics: Vec<Diagnostic> = not_utf8.into_iter().collect();
        let (page, d) = read::read_page(source.clone());
        diagnostics.extend(d);
        diagnostics.extend(extract::extract(&page).1);
        let sink = diag::Sink::default();
        sink.extend(self.levels.apply(diagnostics));
        Ok(Run { schema: Schema::default(), diagnostics: sink.into_sorted(), sources: vec![source], files: BTreeMap::new(), written: write::WriteReport::default(), timings: vec![] })
    }

    /// Runs and writes the files into `out_dir` (default `generated`), atomically (see
    /// [`write::Staging`]); prints `cargo:rerun-if-changed` for each page when run by cargo
    /// from a build script. When the docs have errors, nothing is written: [`Error::Docs`].
    /// Each file is written as soon as it is rendered and not kept: the returned run's `files`
    /// is empty, and `written` says what changed.
    pub fn generate(&self) -> Result<Run, Error> {
        if self.input.is_file() {
            return Err(Error::Config(format!("{} is a page; generate needs the docs folder (a page alone can be linted)", self.input.display())));
        }
        let mut run = self.analyze()?;
        if std::env::var_os("CARGO_MANIFEST_DIR").is_some() && std::env::var_os("OUT_DIR").is_some() {
            println!("cargo:rerun-if-changed={}", self.input.display());
            for s in &run.sources {
                println!("cargo:rerun-if-changed={}", self.input.join(&s.path).display());
            }
        }
        if run.count(Severity::Error) > 0 {
            return Err(Error::Docs(Box::new(run)));
        }
        let out = self.out_dir.clone().unwrap_or_else(|| PathBuf::from("generated"));
        let mut clock = std::time::Instant::now();
        let staging = write::Staging::begin(&out)?;
        emit::render_into(&run.schema, &self.emit, &self.crate_name, &self.input_name(), self.openapi_version, &|rel, bytes| staging.put(&rel, &bytes));
        run.timings.push(("emit+write", std::mem::replace(&mut clock, std::time::Instant::now()).elapsed()));
        run.written = staging.finish()?;
        run.timings.push(("swap", clock.elapsed()));
        Ok(run)
    }
}

/// Reads every `.md` file under `input` (sorted by path). Unreadable files are diagnostics.
pub fn load(input: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), Error> {
    let mut paths = Vec::new();
    list_markdown(input, input, &mut paths).map_err(|source| Error::Input { path: input.to_path_buf(), source })?;
    paths.sort();
    let results: Vec<(Option<SourceFile>, Option<Diagnostic>)> = paths
        .par_iter()
        .map(|rel| {
            let origin = model::Origin { file: rel.clone(), line: 0, col: 0 };
            match std::fs::read(input.join(rel)) {
                Ok(bytes) => {
                    let (f, d) = decode(rel.clone(), bytes);
                    (Some(f), d)
                }
                Err(e) => (None, Some(Diagnostic::new(codes::READ_FAILED, origin, format!("cannot read: {e}")))),
            }
        })
        .collect();
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    for (s, d) in results {
        sources.extend(s);
        diags.extend(d);
    }
    Ok((sources, diags))
}

/// A page's bytes as text: invalid UTF-8 is replaced, and reported where it starts.
fn decode(path: String, bytes: Vec<u8>) -> (SourceFile, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(path, text), None),
        Err(e) => {
            let f = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let at = f.origin(e.utf8_error().valid_up_to());
            (f, Some(Diagnostic::new(codes::NOT_UTF8, at, "the file is not valid UTF-8").help("save the file as UTF-8")))
        }
    }
}

/// A path with `/` separators whatever the platform (`api/x.md`, `/abs/x.md`): how outputs and
/// diagnostics name files, so they are the same on every machine.
/// ```
/// use std::path::Path;
/// assert_eq!(graphdoc::slash_path(Path::new("./api/x.md")), "api/x.md");
/// assert_eq!(graphdoc::slash_path(Path::new("/docs/api/x.md")), "/docs/api/x.md");
/// ```
pub fn slash_path(path: &Path) -> String {
    use std::path::Component;
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::RootDir => Some(String::new()),
            Component::CurDir => None,
            other => Some(other.as_os_str().to_string_lossy().into_owned()),
        })
        .collect();
    match parts.as_slice() {
        [root] if root.is_empty() => "/".into(),
        _ => parts.join("/"),
    }
}

fn list_markdown(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            list_markdown(root, &path, out)?;
        } else if ty.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push(slash_path(rel));
            }
        }
    }
    Ok(())
}

/// read → extract (parallel, per page) → resolve.
pub fn schema_from_sources(sources: &[SourceFile]) -> (Schema, Vec<Diagnostic>) {
    let (facts, mut diags) = read_and_extract(sources);
    let (schema, d) = resolve::resolve(facts);
    diags.extend(d);
    (schema, diags)
}

/// Each page read and its facts extracted, in parallel.
fn read_and_extract(sources: &[SourceFile]) -> (Vec<extract::PageFacts>, Vec<Diagnostic>) {
    let per_page: Vec<(extract::PageFacts, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|s| {
            let (page, mut diags) = read::read_page(s.clone());
            let (facts, d) = extract::extract(&page);
            diags.extend(d);
            let skipped = diags.iter().any(|d| d.code == codes::NO_ENDPOINT.id);
            if facts.resources.is_empty() && facts.enums.is_empty() && facts.operation.is_none() && !skipped && !is_conceptual(&page) {
                diags.push(
                    Diagnostic::new(codes::PAGE_UNUSED, s.origin(0), "the page documents no resource, enum or operation")
                        .help("add a `\"blockType\": \"resource\"` annotation or an `## HTTP request` section"),
                );
            }
            (facts, diags)
        })
        .collect();
    let mut diags = Vec::new();
    let mut facts = Vec::new();
    for (f, d) in per_page {
        facts.push(f);
        diags.extend(d);
    }
    (facts, diags)
}

fn is_conceptual(page: &read::Page) -> bool {
    page.front_matter.get("doc_type").is_some_and(|d| d.to_lowercase().contains("conceptual"))
}
