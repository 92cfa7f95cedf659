//! The `graphdoc` command: arguments (and `graphdoc.toml`) → [`graphdoc::Config`] → the
//! library. No logic here beyond printing.

use clap::{Parser, Subcommand, ValueEnum};
use graphdoc::diag::{self, explain, Severity};
use graphdoc::settings::{self, Settings};
use graphdoc::{Config, Emit, Error, Run};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// glibc's malloc was a third of the profile (many small strings and token trees); mimalloc
// is the CLI's choice only: a build script using the library keeps its own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "graphdoc", version, about = "Rust models and client, CSDL and OpenAPI from Graph-style markdown API docs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Common {
    /// The docs folder (default: `input` of graphdoc.toml, else `docs-input`).
    input: Option<PathBuf>,
    /// Settings file (default: `graphdoc.toml` in the current folder, if there is one).
    #[arg(long)]
    config: Option<PathBuf>,
    /// How to print diagnostics: rustc-style text, JSON lines, or one SARIF 2.1.0 log on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Make a code (`GD0106`) or group (`warnings`, `notes`) an error. Repeatable.
    #[arg(long, value_name = "CODE")]
    deny: Vec<String>,
    /// Report a code or group as a warning. Repeatable.
    #[arg(long, value_name = "CODE")]
    warn: Vec<String>,
    /// Drop a code or group. Repeatable.
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// Worker threads (default: all cores). The output is the same for any count.
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Print only the summary line, not each diagnostic.
    #[arg(short, long)]
    quiet: bool,
    /// Print each stage's wall time (load, read+extract, resolve, emit, write) to stderr.
    #[arg(long)]
    timings: bool,
}

/// What `generate` writes, and so what `check` compares.
#[derive(clap::Args)]
struct Output {
    /// Output folder (default: `out` of graphdoc.toml, else `generated`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to write (repeat or comma-separate); default: rust, csdl, openapi.
    #[arg(long, value_enum, value_delimiter = ',')]
    emit: Vec<EmitKind>,
    /// The generated crate's package name.
    #[arg(long)]
    crate_name: Option<String>,
    /// OpenAPI version of openapi.json/openapi.yaml (default 3.0).
    #[arg(long, value_enum)]
    openapi_version: Option<OpenApiArg>,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated crate, CSDL and OpenAPI into the output folder (atomically).
    Generate {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        output: Output,
        /// Keep running: regenerate whenever a page changes (debounced), printing what changed.
        #[arg(long)]
        watch: bool,
    },
    /// Exit 1, printing a unified diff, when the output folder differs from what `generate` would write.
    Check {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        output: Output,
        /// List the stale files with counts of changed lines instead of the diff.
        #[arg(long)]
        stat: bool,
    },
    /// Report the docs' problems; write nothing.
    Lint {
        #[command(flatten)]
        common: Common,
        /// Print a table of counts by diagnostic code (with what each code means), not each one.
        #[arg(long)]
        summary: bool,
    },
    /// Explain a diagnostic code: what it means, what graphdoc did, how to fix the page.
    Explain {
        /// A code such as GD0106.
        code: Option<String>,
        /// List every code with its severity and meaning (a markdown table).
        #[arg(long)]
        list: bool,
    },
    /// Score a CSDL schema, or the one graphdoc builds from a docs folder, against a reference CSDL.
    DiffMetadata {
        /// The reference CSDL (e.g. the service's `$metadata`).
        reference: PathBuf,
        /// A CSDL file, or a docs folder to build one from.
        candidate: PathBuf,
        /// `documented`: narrow the reference to what the docs document (needs a docs folder).
        #[arg(long, value_enum, default_value_t = DiffScope::All)]
        scope: DiffScope,
        /// List up to N misses of each kind, with the page that should have supplied them.
        #[arg(long, default_value_t = 0)]
        misses: usize,
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
    },
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum DiffScope {
    All,
    Documented,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum DiffFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum OpenApiArg {
    #[value(name = "3.0")]
    V3_0,
    #[value(name = "3.1")]
    V3_1,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum EmitKind {
    Rust,
    Csdl,
    Openapi,
    Model,
}

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in `mimalloc.h`, v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the OS after 5 ms instead of mimalloc v3's 1 s: a run frees whole
/// stages (pages' facts, token trees) while the next allocates, and the default kept both
/// resident (corpus, every output: peak 185 -> ~145 MB, ~4% slower; `--emit model` 125 -> 106
/// MB). `MIMALLOC_PURGE_DELAY` still wins.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option; mimalloc reads options with atomic loads, and no
        // other thread exists yet.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 5) };
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let common = match &cli.command {
        Command::Generate { common, .. } | Command::Check { common, .. } | Command::Lint { common, .. } => common,
        Command::Explain { code, list } => return explain_code(code.as_deref(), *list),
        Command::DiffMetadata { reference, candidate, scope, misses, format } => {
            return match diff_metadata(reference, candidate, *scope, *misses, *format) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            };
        }
    };
    if let Some(n) = common.jobs {
        // Only fails if a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let config = match config(&cli.command, common) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match &cli.command {
        Command::Generate { watch: true, .. } => watch(&config, common),
        Command::Generate { .. } => finish(config.generate().map(|run| (run, true)), &config, common, false),
        Command::Check { stat, .. } => {
            let out = config.out_dir.clone().unwrap_or_else(|| PathBuf::from("generated"));
            let result = config.run().map(|run| {
                let ok = report_staleness(&out, &run, *stat);
                (run, ok)
            });
            finish(result, &config, common, false)
        }
        // Lint renders nothing: the diagnostics come from reading and resolving.
        Command::Lint { summary, .. } => finish(config.clone().emit(Emit::NONE).run().map(|run| (run, true)), &config, common, *summary),
        Command::Explain { .. } | Command::DiffMetadata { .. } => unreachable!("handled above"),
    }
}

/// graphdoc.toml, then the flags over it.
fn config(command: &Command, common: &Common) -> Result<Config, Error> {
    let file = common.config.clone().or_else(|| Some(PathBuf::from(settings::FILE_NAME)).filter(|p| p.is_file()));
    let settings = file.map(|f| Settings::read(&f)).transpose()?.unwrap_or_default();
    let mut config = settings.apply(Config::new());
    if let Some(input) = &common.input {
        config = config.input(input);
    }
    config = config.levels_from(&common.allow, &common.warn, &common.deny);
    let (Command::Generate { output, .. } | Command::Check { output, .. }) = command else { return Ok(config) };
    let Output { out, emit, crate_name, openapi_version } = output;
    if !emit.is_empty() {
        let mut e = Emit::NONE;
        e.rust = emit.contains(&EmitKind::Rust);
        e.csdl = emit.contains(&EmitKind::Csdl);
        e.openapi = emit.contains(&EmitKind::Openapi);
        e.model = emit.contains(&EmitKind::Model);
        config = config.emit(e);
    }
    if let Some(out) = out {
        config = config.out_dir(out);
    }
    if let Some(name) = crate_name {
        config = config.crate_name(name.clone());
    }
    match openapi_version {
        Some(OpenApiArg::V3_0) => config = config.openapi_version(graphdoc::OpenApiVersion::V3_0),
        Some(OpenApiArg::V3_1) => config = config.openapi_version(graphdoc::OpenApiVersion::V3_1),
        None => {}
    }
    Ok(config)
}

/// Prints the run's diagnostics (and for `generate`, what changed); the exit code.
fn finish(result: Result<(Run, bool), Error>, config: &Config, common: &Common, summary: bool) -> ExitCode {
    match result {
        Ok((run, ok)) => {
            if summary {
                print!("{}", summary_table(&run));
            } else {
                report(&run, config, common);
            }
            if !run.written.is_empty() {
                eprintln!("graphdoc: wrote {} files, removed {}", run.written.written.len(), run.written.removed.len());
            }
            if common.timings {
                let stages: Vec<String> = run.timings.iter().map(|(stage, t)| format!("{stage} {:.1} ms", t.as_secs_f64() * 1e3)).collect();
                eprintln!("graphdoc: timings: {}", stages.join(", "));
            }
            let code = if ok && run.count(Severity::Error) == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) };
            // Freeing the schema and the outputs takes milliseconds the user waits for; the
            // process may end first (or, under --watch, the next run starts meanwhile).
            let _ = std::thread::Builder::new().spawn(move || drop(run));
            code
        }
        Err(Error::Docs(run)) => {
            report(&run, config, common);
            eprintln!("graphdoc: the docs have errors; nothing was written");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `check`: a unified diff (or `--stat`) of what `generate` would change. True when up to date.
fn report_staleness(out: &Path, run: &Run, stat: bool) -> bool {
    let diffs = graphdoc::write::check(out, &run.files);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for d in &diffs {
        if stat {
            let (add, del) = d.line_counts();
            let _ = writeln!(w, " {:<50} | +{add} -{del} ({})", d.path, d.kind.word());
        } else {
            let _ = write!(w, "{}", d.unified());
        }
    }
    if !diffs.is_empty() {
        eprintln!("graphdoc check: {} is stale ({} files differ); run `graphdoc generate`", out.display(), diffs.len());
    }
    diffs.is_empty()
}

/// `generate --watch`: regenerate on every (debounced) change under the input folder.
fn watch(config: &Config, common: &Common) -> ExitCode {
    use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
    let generate = || {
        let _ = finish(config.generate().map(|run| (run, true)), config, common, false);
    };
    generate();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = match new_debouncer(std::time::Duration::from_millis(200), tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot watch: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = debouncer.watcher().watch(&config.input, RecursiveMode::Recursive) {
        eprintln!("error: cannot watch {}: {e}", config.input.display());
        return ExitCode::from(2);
    }
    eprintln!("graphdoc: watching {} (Ctrl-C to stop)", config.input.display());
    let input = std::path::absolute(&config.input).unwrap_or_else(|_| config.input.clone());
    for batch in rx {
        let Ok(events) = batch else { continue };
        let mut changed: Vec<String> = events
            .iter()
            .filter(|e| e.path.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")))
            .map(|e| graphdoc::slash_path(e.path.strip_prefix(&input).unwrap_or(&e.path)))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        eprintln!("graphdoc: changed: {}", changed.join(", "));
        generate();
    }
    ExitCode::SUCCESS
}

fn explain_code(code: Option<&str>, list: bool) -> ExitCode {
    if list || code.is_none() {
        print!("{}", explain::markdown_table());
        return ExitCode::SUCCESS;
    }
    let code = code.unwrap_or_default();
    match (diag::codes::ALL.iter().find(|c| c.id.eq_ignore_ascii_case(code.trim())), explain::text(code)) {
        (Some(c), Some(text)) => {
            println!("{} ({}, {}): {}\n\n{text}", c.id, c.name, c.severity, c.summary);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("error: no diagnostic code `{code}`; `graphdoc explain --list` lists them");
            ExitCode::from(2)
        }
    }
}

fn diff_metadata(reference: &Path, candidate: &Path, scope: DiffScope, misses: usize, format: DiffFormat) -> Result<(), String> {
    use graphdoc::diff;
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (reference, err) = diff::csdl::parse(&read(reference)?);
    if let Some(e) = err {
        return Err(format!("reference: {e}"));
    }
    let (candidate_md, documented) = if candidate.is_dir() {
        let mut emit = Emit::NONE;
        emit.csdl = true;
        let run = Config::new().input(candidate).emit(emit).run().map_err(|e| e.to_string())?;
        let xml = String::from_utf8_lossy(run.files.get("metadata.xml").map(Vec::as_slice).unwrap_or_default()).into_owned();
        let documented = (scope == DiffScope::Documented).then(|| diff::Documented::from_sources(&run.sources));
        (diff::csdl::parse(&xml).0, documented)
    } else {
        if scope == DiffScope::Documented {
            return Err("--scope documented needs a docs folder as the candidate".into());
        }
        let (md, err) = diff::csdl::parse(&read(candidate)?);
        if let Some(e) = err {
            return Err(format!("candidate: {e}"));
        }
        (md, None)
    };
    let mut report = diff::compare(&reference, &candidate_md, documented.as_ref());
    report.misses = diff::limit_misses(&report.misses, misses);
    match format {
        DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        DiffFormat::Table => {
            print!("{}", diff::render_table(&report));
            for m in &report.misses {
                let detail = m.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                let page = m.page.as_deref().map(|p| format!("  [{p}]")).unwrap_or_default();
                println!("miss {}: {}{detail}{page}", m.kind, m.item);
            }
        }
    }
    Ok(())
}

/// `lint --summary`: one row per diagnostic code, most frequent first.
fn summary_table(run: &Run) -> String {
    let mut rows: Vec<(&str, usize)> = diag::count_by_code(&run.diagnostics).into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = format!("{:<8} {:<8} {:>6}  meaning\n", "code", "severity", "count");
    for (code, n) in rows {
        let c = diag::codes::ALL.iter().find(|c| c.id == code);
        let severity = c.map_or(String::new(), |c| c.severity.to_string());
        out += &format!("{code:<8} {severity:<8} {n:>6}  {}\n", c.map_or("", |c| c.summary));
    }
    out += &format!(
        "total: {} pages, {} errors, {} warnings, {} notes\n",
        run.sources.len(),
        run.count(Severity::Error),
        run.count(Severity::Warning),
        run.count(Severity::Note)
    );
    out
}

/// The input folder as SARIF wants it: relative to the current folder (the repository root in
/// CI), with `/` separators and a trailing `/`.
fn uri_prefix(input: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rel = if input.is_absolute() { input.strip_prefix(&cwd).unwrap_or(input) } else { input };
    match graphdoc::slash_path(rel) {
        j if j.is_empty() => String::new(),
        j if rel.is_absolute() => format!("file://{}/", j.trim_end_matches('/')),
        j => format!("{j}/"),
    }
}

fn report(run: &Run, config: &Config, common: &Common) {
    let diagnostics = &run.diagnostics;
    if common.message_format == MessageFormat::Sarif {
        println!("{}", diag::sarif::render(diagnostics, &uri_prefix(&config.input)));
        return;
    }
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    if !common.quiet {
        let sources = run.source_map();
        let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        for d in diagnostics {
            let text = match common.message_format {
                MessageFormat::Json => diag::render_json(d),
                _ => diag::render_human(d, &sources, color) + "\n",
            };
            let _ = writeln!(out, "{text}");
        }
    }
    let by_code: Vec<String> = diag::count_by_code(diagnostics).iter().map(|(c, n)| format!("{c}×{n}")).collect();
    let _ = writeln!(
        out,
        "graphdoc: {} pages, {} types, {} endpoints; {} errors, {} warnings, {} notes{}",
        run.sources.len(),
        run.schema.types().count(),
        run.schema.endpoints.len(),
        run.count(Severity::Error),
        run.count(Severity::Warning),
        run.count(Severity::Note),
        if by_code.is_empty() { String::new() } else { format!(" ({})", by_code.join(", ")) }
    );
}
