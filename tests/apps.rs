//! `apps.codex_login` on fixture homes: not set up, and another OS's layout. The ports and the
//! program holding them are tested in `tests/netns.rs`, inside a network namespace.

mod common;

use common::{Fixture, results};

#[test]
fn codex_not_set_up_is_skipped_and_another_os_layout_is_not_judged() {
    let f = Fixture::new();
    let (r, _) = f.report("linux", &["--offline", "--only", "apps"]);
    let v = results(&r, "apps.codex_login")[0];
    assert_eq!(v["status"], "skip", "{v}");
    assert_eq!(v["title"], "Not checked: Codex is not set up here");

    // Codex set up, but the layout is another OS's: this machine's ports say nothing about it.
    f.write(".codex/auth.json", "{}");
    let other = if cfg!(windows) { "linux" } else { "windows" };
    let (r, _) = f.report(other, &["--offline", "--only", "apps"]);
    let v = results(&r, "apps.codex_login")[0];
    assert_eq!(v["status"], "skip", "{v}");
    assert_eq!(v["title"], "Not checked: inspecting another OS's layout");
}
