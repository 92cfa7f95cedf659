//! `cargo bench -p graphdoc --bench stages`: each pipeline stage on its own (read, extract,
//! resolve, each emitter), on the v1.0 corpus when `../shared/corpus` is there, else docs-input.
//! Figures, not pass/fail: see scripts/bench-e2e for the end-to-end ratios.

use graphdoc::source::SourceFile;
use std::path::{Path, PathBuf};

fn input() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("../shared/corpus/graph-docs-v1.0");
    if corpus.is_dir() {
        corpus
    } else {
        root.join("docs-input")
    }
}

fn main() {
    println!("input: {}", input().display());
    divan::main();
}

fn sources() -> Vec<SourceFile> {
    graphdoc::load(&input()).expect("input folder").0
}

#[divan::bench(sample_count = 10)]
fn load(b: divan::Bencher) {
    b.bench(sources);
}

#[divan::bench(sample_count = 10)]
fn read(b: divan::Bencher) {
    use rayon::prelude::*;
    let s = sources();
    b.bench(|| s.par_iter().map(|p| graphdoc::read::read_page(p.clone()).0).collect::<Vec<_>>());
}

#[divan::bench(sample_count = 10)]
fn extract(b: divan::Bencher) {
    use rayon::prelude::*;
    let pages: Vec<_> = sources().into_iter().map(|p| graphdoc::read::read_page(p).0).collect();
    b.bench(|| pages.par_iter().map(|p| graphdoc::extract::extract(p).0).collect::<Vec<_>>());
}

#[divan::bench(sample_count = 10)]
fn resolve(b: divan::Bencher) {
    let facts: Vec<_> = sources().into_iter().map(|p| graphdoc::extract::extract(&graphdoc::read::read_page(p).0).0).collect();
    b.with_inputs(|| facts.clone()).bench_values(graphdoc::resolve::resolve);
}

fn schema() -> graphdoc::model::Schema {
    graphdoc::schema_from_sources(&sources()).0
}

#[divan::bench(sample_count = 10)]
fn emit_rust(b: divan::Bencher) {
    let s = schema();
    let groups = graphdoc::emit::rust::feature_groups(&s);
    b.bench(|| graphdoc::emit::rust::emit(&s, &groups));
}

#[divan::bench(sample_count = 10)]
fn emit_csdl(b: divan::Bencher) {
    let s = schema();
    b.bench(|| graphdoc::emit::csdl::render(&s));
}

#[divan::bench(sample_count = 10)]
fn emit_openapi(b: divan::Bencher) {
    let s = schema();
    b.bench(|| graphdoc::emit::openapi::Document::new(&s, "bench", "1.0", graphdoc::OpenApiVersion::V3_0).to_json_and_yaml());
}
