//! The default input, end to end: every seed defect is reported where it is, every seed page
//! ends up in the output or in a diagnostic, and `generated/` is what `generate` writes.

use graphdoc::{Config, Run};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run() -> Run {
    Config::new().input(root().join("docs-input")).run().expect("docs-input is readable")
}

fn has(run: &Run, code: &str, file: &str, line: u32) -> bool {
    run.diagnostics.iter().any(|d| d.code == code && d.origin.file == file && d.origin.line == line)
}

#[test]
fn every_seed_defect_is_reported_at_its_line() {
    let run = run();
    let expected = [
        // TODO placeholders in permissions and front matter
        ("GD0103", "api/profile-post.md", 19),
        ("GD0103", "api/profilephoto-post.md", 4),
        ("GD0103", "api/usersecurityprofile-post.md", 21),
        // `** Collection URI for ... not found` instead of a path
        ("GD0302", "api/profile-post.md", 29),
        ("GD0302", "api/profilephoto-post.md", 31),
        // an empty http block, and the path taken from the example instead
        ("GD0301", "api/user-post-photo.md", 35),
        ("GD0303", "api/user-post-photo.md", 77),
        // a trailing comma in JSON
        ("GD0201", "api/profile-post-accounts.md", 71),
        // `HTTP 1.1 201 Created`, and a blank line before the headers
        ("GD0304", "api/user-post-photo.md", 102),
        ("GD0305", "api/user-post-photo.md", 102),
        ("GD0305", "api/profilephoto-post.md", 83),
        // a response wrapped in "value"
        ("GD0203", "api/user-post-photo.md", 105),
        // type names as example values
        ("GD0204", "api/user-post-photo.md", 82),
        // response annotations that disagree with the page
        ("GD0402", "api/user-post-photo.md", 94),
        ("GD0402", "api/usersecurityprofile-post.md", 111),
        // empty permission cells
        ("GD0108", "api/user-post-photo.md", 24),
        // a link to `../resources/-profilephoto.md`
        ("GD0106", "api/user-post-photo.md", 48),
    ];
    let missing: Vec<_> = expected.iter().filter(|(c, f, l)| !has(&run, c, f, *l)).collect();
    let got: Vec<String> = run.diagnostics.iter().map(|d| format!("{} {}", d.code, d.origin)).collect();
    assert!(missing.is_empty(), "missing {missing:?}\ngot:\n{}", got.join("\n"));
}

#[test]
fn two_namespaces_for_profile_photo_are_reported() {
    let run = run();
    let conflicts: Vec<_> = run.diagnostics.iter().filter(|d| d.code == "GD0401").map(|d| d.message.as_str()).collect();
    assert!(conflicts.iter().any(|m| m.contains("Microsoft.Teams.GraphSvc.profilePhoto")), "{conflicts:?}");
    assert!(conflicts.iter().any(|m| m.contains("Microsoft.OutlookServices.profilePhoto")), "{conflicts:?}");
}

#[test]
fn every_seed_page_is_in_the_output_or_explained() {
    let run = run();
    for seed in ["profile-post.md", "profilephoto-post.md", "user-post-photo.md", "usersecurityprofile-post.md", "profile-post-accounts.md"] {
        let file = format!("api/{seed}");
        let used = run.schema.endpoints.iter().any(|e| e.origin.file == file);
        let explained = run.diagnostics.iter().any(|d| d.code == "GD0306" && d.origin.file == file);
        assert!(used ^ explained, "{file}: used={used} explained={explained}");
    }
    let routes: Vec<String> = run.schema.endpoints.iter().map(|e| format!("{} {}", e.method.as_str(), e.path)).collect();
    for r in ["POST /me/profile/account", "POST /users/{user-id}/profile/account", "POST /users/{user-id}/photo", "POST /Security/userSecurityProfiles"] {
        assert!(routes.iter().any(|x| x == r), "{r} not in {routes:?}");
    }
}

#[test]
fn seed_types_are_resolved_with_their_documented_names() {
    let run = run();
    let post = run.schema.endpoints.iter().find(|e| e.path.to_string() == "/me/profile/account" && e.method == graphdoc::model::Method::Post).expect("endpoint");
    assert_eq!(post.operation_id, "me.profile.account.create");
    assert_eq!(post.response.status, 201);
    assert_eq!(post.body.as_ref().map(|t| t.to_string()).as_deref(), Some("microsoft.graph.userAccountInformation"));
    let photo = run.schema.endpoints.iter().find(|e| e.path.to_string() == "/users/{user-id}/photo").expect("endpoint");
    assert_eq!(photo.response.body.as_ref().map(|t| t.to_string()).as_deref(), Some("microsoft.graph.profilePhoto"));
    // The `{"value": {...}}` response is unwrapped for the example.
    let ex = photo.examples[0].response.as_ref().expect("response example");
    assert!(ex.get("value").is_none() && ex.get("height").is_some(), "{ex}");
}

#[test]
fn generated_folder_is_up_to_date() {
    let run = run();
    let diffs = graphdoc::write::check(&root().join("generated"), &run.files);
    assert!(diffs.is_empty(), "generated/ is stale; run `cargo run -p graphdoc -- generate`:\n{diffs:#?}");
}

#[test]
fn output_is_deterministic_across_runs_and_thread_counts() {
    let a = run().files;
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool").install(run).files;
    let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().expect("pool").install(run).files;
    assert_eq!(a, one);
    assert_eq!(a, four);
}
