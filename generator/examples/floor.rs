//! The floor graphdoc is measured against (issue 8): read every `.md` file under a folder and
//! run pulldown-cmark over it, in parallel, building nothing. Prints the wall time of each run.
//! Usage: `floor DIR [RUNS]` (built with `cargo build --release --example floor`).

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The same allocator as the CLI, so the ratio compares work, not allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "docs-input".into()));
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    for _ in 0..runs {
        let start = Instant::now();
        let mut files = Vec::new();
        markdown_files(&dir, &mut files);
        let events: usize = files
            .par_iter()
            .map(|f| {
                let text = String::from_utf8_lossy(&std::fs::read(f).unwrap_or_default()).into_owned();
                Parser::new_ext(&text, Options::ENABLE_TABLES).count()
            })
            .sum();
        println!("{:.4} s  ({} files, {events} events)", start.elapsed().as_secs_f64(), files.len());
    }
}
