//! The real Graph v1.0 docs (3,341 pages), when `../shared/corpus` is beside the checkout:
//! the run completes without a panic and uses most of what the docs hold. Skips without it.

use graphdoc::{Config, Emit};
use std::path::Path;

#[test]
fn whole_v1_corpus_runs_and_yields_a_schema() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/graph-docs-v1.0");
    if !input.is_dir() {
        eprintln!("skipped: {} is absent", input.display());
        return;
    }
    let mut emit = Emit::NONE;
    emit.csdl = true;
    emit.openapi = true;
    let run = Config::new().input(&input).emit(emit).run().expect("corpus is readable");
    assert_eq!(run.sources.len(), 3341);
    let types = run.schema.types().count();
    assert!(types >= 1200, "only {types} types");
    assert!(run.schema.endpoints.len() >= 2500, "only {} endpoints", run.schema.endpoints.len());
    // Every diagnostic points into a page that exists.
    for d in &run.diagnostics {
        assert!(run.sources.iter().any(|s| s.path == d.origin.file), "{d:?}");
    }
    assert!(!run.files["metadata.xml"].is_empty() && !run.files["openapi.json"].is_empty());
}
