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
    },
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
enum EmitKind {
    Rust,
    Csdl,
    Openapi,
    Model,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = match &cli.command {
        Command::Generate { common, .. } | Command::Check { common, .. } | Command::Lint { common } => common,
    };
    if let Some(n) = common.jobs {
        // Only fails if a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let mut config = Config::new().input(&common.input);
    let result = match &cli.command {
        Command::Generate { out, emit, crate_name, .. } => {
            config = config.out_dir(out).crate_name(crate_name.clone());
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
    };
    match result {
        Ok((run, ok)) => {
            report(&run, common);
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
