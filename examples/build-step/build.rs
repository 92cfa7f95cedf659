//! Generates Rust from the docs in `docs/` into `OUT_DIR`; cargo reruns it when a page changes
//! (graphdoc prints `cargo:rerun-if-changed` for every page it reads).
fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut emit = graphdoc::Emit::NONE;
    emit.rust = true;
    // The files are `include!`d into this crate, which does not declare a feature per resource
    // group: generate them ungated.
    emit.group_features = false;
    let run = match graphdoc::Config::new().input("docs").out_dir(&out).emit(emit).generate() {
        Ok(run) => run,
        Err(e) => panic!("graphdoc: {e}"),
    };
    for d in &run.diagnostics {
        println!("cargo:warning={} {}: {}", d.code, d.origin, d.message);
    }
}
