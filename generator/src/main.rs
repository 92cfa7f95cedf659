//! The `graphdoc` command: arguments → [`graphdoc::Config`] → the library. No logic here.

use clap::{Parser, Subcommand, ValueEnum};
use graphdoc::diag::{self, Severity};
use graphdoc::{Config, Emit, Run};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "graphdoc", version, about = "Rust models and client, CSDL and OpenAPI from Graph-style markdown API docs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Common {
    /// The docs folder.
    #[arg(default_value = "docs-input")]
    input: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// `--deny warnings`: exit 1 when the docs have warnings.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Worker threads (default: all cores). The output is the same for any count.
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Print only the summary line, not each diagnostic.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated crate, CSDL and OpenAPI into the output folder.
    Generate {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// What to write (repeat or comma-separate); default: rust, csdl, openapi.
        #[arg(long, value_enum, value_delimiter = ',')]
        emit: Vec<EmitKind>,
        /// The generated crate's package name.
        #[arg(long, default_value = "graphdoc-generated")]
        crate_name: String,
        /// OpenAPI version of openapi.json/openapi.yaml.
        #[arg(long, value_enum, default_value_t = OpenApiArg::V3_0)]
        openapi_version: OpenApiArg,
    },
    /// Exit 1 when the output folder differs from what `generate` would write.
    Check {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[arg(long, default_value = "graphdoc-generated")]
        crate_name: String,
    },
    /// Report the docs' problems; write nothing.
    Lint {
        #[command(flatten)]
        common: Common,
        /// Print a table of counts by diagnostic code (with what each code means), not each one.
        #[arg(long)]
        summary: bool,
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

fn diff_metadata(reference: &std::path::Path, candidate: &std::path::Path, scope: DiffScope, misses: usize, format: DiffFormat) -> Result<(), String> {
    use graphdoc::diff;
    let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
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

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = match &cli.command {
        Command::Generate { common, .. } | Command::Check { common, .. } | Command::Lint { common, .. } => common,
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
    let mut config = Config::new().input(&common.input);
    let result = match &cli.command {
        Command::Generate { out, emit, crate_name, openapi_version, .. } => {
            let version = match openapi_version {
                OpenApiArg::V3_0 => graphdoc::OpenApiVersion::V3_0,
                OpenApiArg::V3_1 => graphdoc::OpenApiVersion::V3_1,
            };
            config = config.out_dir(out).crate_name(crate_name.clone()).openapi_version(version);
            if !emit.is_empty() {
                let mut e = Emit::NONE;
                e.rust = emit.contains(&EmitKind::Rust);
                e.csdl = emit.contains(&EmitKind::Csdl);
                e.openapi = emit.contains(&EmitKind::Openapi);
                e.model = emit.contains(&EmitKind::Model);
                config = config.emit(e);
            }
            config.generate().map(|run| (run, true))
        }
        Command::Check { out, crate_name, .. } => config.crate_name(crate_name.clone()).run().map(|run| {
            let diffs = graphdoc::write::check(out, &run.files);
            for d in diffs.iter().take(20) {
                eprintln!("graphdoc check: {d}");
            }
            if !diffs.is_empty() {
                eprintln!("graphdoc check: {} is stale ({} files differ); run `graphdoc generate`", out.display(), diffs.len());
            }
            (run, diffs.is_empty())
        }),
        Command::Lint { .. } => config.run().map(|run| (run, true)),
        Command::DiffMetadata { .. } => unreachable!("handled above"),
    };
    let summary = matches!(cli.command, Command::Lint { summary: true, .. });
    match result {
        Ok((run, ok)) => {
            if summary {
                print!("{}", summary_table(&run));
            } else {
                report(&run, common);
            }
            let denied = matches!(common.deny, Some(Deny::Warnings)) && run.count(Severity::Warning) > 0;
            if ok && !denied && run.count(Severity::Error) == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
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

fn report(run: &Run, common: &Common) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    if !common.quiet {
        let sources = run.source_map();
        let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        for d in &run.diagnostics {
            let text = match common.message_format {
                MessageFormat::Human => diag::render_human(d, &sources, color) + "\n",
                MessageFormat::Json => diag::render_json(d),
            };
            let _ = writeln!(out, "{text}");
        }
    }
    let by_code: Vec<String> = diag::count_by_code(&run.diagnostics).iter().map(|(c, n)| format!("{c}×{n}")).collect();
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
