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

/// What the design's Rust path costs by itself: the generated Rust's items, already as token
/// trees, parsed by syn and printed by prettyplease, on one thread (token trees cannot cross
/// threads). Half of it is the least any 2-core run that prints this Rust can spend on it.
#[divan::bench(sample_count = 5)]
fn rust_print_only(b: divan::Bencher) {
    let s = schema();
    let groups = graphdoc::emit::rust::feature_groups(&s);
    let items: Vec<String> = graphdoc::emit::rust::emit(&s, &groups)
        .iter()
        .flat_map(|(_, text)| syn::parse_file(text).map(|f| f.items).unwrap_or_default())
        .map(|item| quote::quote!(#item).to_string())
        .collect();
    // Lexed outside the timed part, as the emitter never lexes: it builds token trees.
    let lexed = || items.iter().map(|text| text.parse::<proc_macro2::TokenStream>().unwrap_or_default()).collect::<Vec<_>>();
    b.with_inputs(lexed).bench_values(|items| {
        items.into_iter().map(|tokens| syn::parse2::<syn::File>(tokens).map(|f| prettyplease::unparse(&f).len()).unwrap_or_default()).sum::<usize>()
    });
}
