//! `apps.codex_login` on fixture homes: not set up, and inspected files (not this machine). The ports and the
//! program holding them are tested in `tests/netns.rs`, inside a network namespace.

mod common;

use common::{Fixture, results};

#[test]
fn codex_not_set_up_is_skipped_and_inspected_files_are_not_judged() {
    let f = Fixture::new();
    let (r, _) = f.report("linux", &["--offline", "--only", "apps"]);
    let v = results(&r, "apps.codex_login")[0];
    assert_eq!(v["status"], "skip", "{v}");
    assert_eq!(v["title"], "Not checked: Codex is not set up here");

    // Codex set up in inspected files: this machine's ports say nothing about them.
    f.write(".codex/auth.json", "{}");
    for os in ["linux", "windows", "macos"] {
        let (r, _) = f.report(os, &["--offline", "--only", "apps"]);
        let v = results(&r, "apps.codex_login")[0];
        assert_eq!(v["status"], "skip", "{v}");
        assert_eq!(
            v["title"],
            "Not checked: inspecting files, not this machine"
        );
    }
}
