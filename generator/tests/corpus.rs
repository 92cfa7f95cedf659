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

/// Issue 3's targets for `diff-metadata --scope documented` on the v1.0 corpus, and the floor
/// each score has reached. The test fails when a score falls below its floor (a regression)
/// and prints which targets are still unmet; a floor is raised to the target once it is met.
const FIDELITY: &[(&str, f64, f64)] = &[
    // (score, target, floor)
    ("types_recall", 0.995, 0.995),
    ("types_precision", 0.98, 0.96),
    ("kind_agreement", 0.98, 0.98),
    ("base_type_agreement", 0.97, 0.955),
    ("property_recall", 0.98, 0.98),
    ("property_precision", 0.97, 0.97),
    ("property_type_agreement", 0.98, 0.98),
    ("navigation_recall", 0.97, 0.96),
    ("navigation_target_agreement", 0.97, 0.97),
    ("enum_recall", 0.95, 0.95),
    ("enum_precision", 0.95, 0.915),
    ("enum_member_recall", 0.95, 0.95),
    ("enum_member_precision", 0.95, 0.66),
    ("operation_recall", 0.80, 0.80),
    ("operation_precision", 0.90, 0.90),
    ("container_recall", 0.95, 0.98),
];

#[test]
fn fidelity_against_the_services_metadata() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let (input, reference) = (corpus.join("graph-docs-v1.0"), corpus.join("graph-metadata-v1.0.xml"));
    if !input.is_dir() || !reference.is_file() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut emit = Emit::NONE;
    emit.csdl = true;
    let run = Config::new().input(&input).emit(emit).run().expect("corpus is readable");
    let ours = graphdoc::diff::csdl::parse(&String::from_utf8_lossy(&run.files["metadata.xml"])).0;
    let (service, err) = graphdoc::diff::csdl::parse(&std::fs::read_to_string(&reference).expect("reference is readable"));
    assert!(err.is_none(), "{err:?}");
    let documented = graphdoc::diff::Documented::from_sources(&run.sources);
    let report = graphdoc::diff::compare(&service, &ours, Some(&documented));
    println!("{}", graphdoc::diff::render_table(&report));
    let scores = serde_json::to_value(&report.scores).expect("scores serialize");
    let mut regressions = Vec::new();
    for (name, target, floor) in FIDELITY {
        let r = &scores[name];
        let value = r["hit"].as_f64().unwrap_or(0.0) / r["total"].as_f64().unwrap_or(1.0).max(1.0);
        if value < *target {
            println!("target unmet: {name} {value:.3} < {target}");
        }
        if value < *floor {
            regressions.push(format!("{name} {value:.3} < floor {floor}"));
        }
    }
    assert!(regressions.is_empty(), "fidelity regressed: {regressions:?}");
}
