//! The command's contract: formats, exit codes, selection, colour rules, --output, completions
//! and the man page, run as a user would run the binary.

mod common;

use common::{Fixture, info_plist, result_for, results};
use predicates::prelude::*;

/// A Linux home with one browser in each state: Chrome current (pass), Firefox 5 majors behind
/// (fail), a snap Chromium whose `Local State` is damaged (warn) and whose version cannot be
/// found (unknown).
fn mixed_home() -> Fixture {
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .local_state(
            &[("Default", "Person 1"), ("Profile 1", "Work")],
            "Profile 1",
        )
        .profile("Default")
        .profile("Profile 1")
        .last_version("157.0.7390.54");
    f.firefox(".mozilla/firefox")
        .profiles_ini("[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=k3x9.default-release\nDefault=1\n")
        .profile("k3x9.default-release", Some("156.0.1"));
    // Cookies: Chrome's Work profile has auth0 at two domain levels (fail); Firefox's are clean.
    let now = 1_795_521_600;
    let ck =
        |host: &str, name: &str| login_check::fixtures::FixtureCookie::new(host, name, "v", now);
    login_check::fixtures::write_chromium_cookies(
        &f.home().join(".config/google-chrome/Profile 1/Cookies"),
        24,
        &[
            ck(".openai.com", "auth0"),
            ck("auth.openai.com", "auth0"),
            ck("chatgpt.com", "__cf_bm"),
        ],
    )
    .unwrap();
    drop(
        login_check::fixtures::write_firefox_cookies(
            &f.home()
                .join(".mozilla/firefox/k3x9.default-release/cookies.sqlite"),
            17,
            &[ck(".chatgpt.com", "oai-did")],
        )
        .unwrap(),
    );
    let snap = f.chromium("snap/chromium/common/chromium");
    snap.profile("Default");
    common::write(
        &snap.dir.join("Local State"),
        "{\"profile\": {\"info_cache\": ",
    );
    f
}

/// Replaces the header's machine-specific OS description.
fn normalise(text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(first) = lines.first_mut() {
        if let Some(i) = first.rfind(" · ") {
            first.replace_range(i.., " · <os>, <arch>");
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn text_report_snapshot() {
    let f = mixed_home();
    let out = f
        .cmd("linux")
        .args(["--offline", "--color", "never", "--skip", "network"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "text_report",
        normalise(&String::from_utf8(out.stdout).unwrap())
    );
}

#[test]
fn verbose_text_report_snapshot() {
    let f = mixed_home();
    let out = f
        .cmd("linux")
        .args(["--offline", "--color", "never", "-v", "--skip", "network"])
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "text_report_verbose",
        normalise(&String::from_utf8(out.stdout).unwrap())
    );
}

#[test]
fn json_report_snapshot() {
    let f = mixed_home();
    let (report, code) = f.report("linux", &["--offline", "--skip", "network"]);
    assert_eq!(code, 1);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["generated_at"], common::NOW);
    assert_eq!(report["system"]["inspected_os"], "linux");
    assert!(report["ticket"].is_object());
    insta::assert_json_snapshot!("json_report", report, {
        ".tool.version" => "[version]",
        ".system.os" => "[os]",
        ".system.os_name" => "[os_name]",
        ".system.os_version" => "[os_version]",
        ".system.kernel_version" => "[kernel]",
        ".system.arch" => "[arch]",
        ".system.hostname" => "[hostname]",
        ".privacy.replaced" => "[depends on the machine]",
        ".ticket.device" => "[device]",
    });
}

#[test]
fn markdown_report_snapshot() {
    let f = mixed_home();
    let out = f
        .cmd("linux")
        .args(["--offline", "--format", "markdown", "--skip", "network"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("Generated ") {
                "Generated <time> by login-check <version> on <os>."
            } else if l.starts_with("| Device |") {
                "| Device | <os>, host1 |"
            } else if l.starts_with("> **Privacy:**") {
                "> **Privacy:** <statement; its counts depend on the machine>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("markdown_report", text);
}

#[test]
fn summary_counts_match_the_checks() {
    let f = mixed_home();
    let (report, _) = f.report("linux", &["--offline"]);
    let checks = report["checks"].as_array().unwrap();
    for status in ["pass", "warn", "fail", "skip", "unknown"] {
        let n = checks.iter().filter(|c| c["status"] == status).count();
        assert_eq!(report["summary"][status], n, "{status}");
    }
    // Every result carries the contract's fields; fix is null exactly on pass.
    for c in checks {
        for k in [
            "id", "category", "status", "subject", "title", "detail", "evidence", "fix",
        ] {
            assert!(c.get(k).is_some(), "{k} missing in {c}");
        }
        assert!(c["evidence"].is_object());
        if c["status"] == "pass" {
            assert!(c["fix"].is_null(), "{c}");
        }
        if c["status"] == "fail" || c["status"] == "warn" {
            assert!(c["fix"].is_string(), "{c}");
        }
    }
}

#[test]
fn exit_0_when_nothing_fails() {
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .profile("Default")
        .last_version("158.0.7400.10");
    f.cmd("linux").arg("--offline").assert().code(0);
}

#[test]
fn exit_1_when_a_check_fails_in_every_format() {
    let f = mixed_home();
    for format in ["text", "json", "markdown"] {
        f.cmd("linux")
            .args(["--offline", "--format", format])
            .assert()
            .code(1);
    }
}

#[test]
fn exit_2_on_usage_errors() {
    let f = Fixture::new();
    f.cmd("linux").arg("--no-such-flag").assert().code(2);
    f.cmd("linux")
        .args(["--only", "browser.versions"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `browser.version`"));
    f.cmd("linux")
        .env("LOGIN_CHECK_NOW", "yesterday")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("LOGIN_CHECK_NOW"));
    f.cmd("linux")
        .args(["--resolve", "chatgpt.com:443"])
        .assert()
        .code(2);
    f.cmd("linux").args(["--timeout", "0"]).assert().code(2);
    f.cmd("linux").args(["--format", "yaml"]).assert().code(2);
    let mut c = assert_cmd::Command::cargo_bin("login-check").unwrap();
    c.args(["--home", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--home"));
}

#[test]
fn exit_3_when_the_report_cannot_be_written() {
    let f = mixed_home();
    let target = f.dir.path().join("no-such-dir").join("report.json");
    f.cmd("linux")
        .args(["--offline", "--output"])
        .arg(&target)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("could not write the report"));
}

#[test]
fn output_writes_the_report_and_prints_the_summary() {
    let f = mixed_home();
    let target = f.dir.path().join("report.md");
    let out = f
        .cmd("linux")
        .args([
            "--offline",
            "--format",
            "markdown",
            "--color",
            "always",
            "--output",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Summary:") && stdout.contains("Report written to"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&target).unwrap();
    assert!(md.starts_with("# login-check report"));
    assert!(!md.contains('\u{1b}'), "no colour codes in the file");
}

#[test]
fn help_documents_exit_codes() {
    assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Exit codes")
                .and(predicate::str::contains("3  login-check itself broke")),
        );
}

#[test]
fn list_checks_prints_every_id() {
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .arg("--list-checks")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "browser.installed",
        "browser.recommended",
        "browser.version",
        "cookies.expired",
        "cookies.stale",
        "cookies.conflict",
        "cookies.oversize",
    ] {
        assert!(text.lines().any(|l| l.starts_with(id)), "{id} in {text}");
    }
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .args([
            "--list-checks",
            "--format",
            "json",
            "--only",
            "browsers",
            "--skip",
            "browser.version",
        ])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["browser.installed", "browser.recommended"]);
}

#[test]
fn only_and_skip_select_checks_and_categories() {
    let f = mixed_home();
    let (r, _) = f.report("linux", &["--offline", "--only", "browser.version"]);
    assert!(
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] == "browser.version")
    );
    assert_eq!(results(&r, "browser.version").len(), 3);
    let (r, _) = f.report(
        "linux",
        &[
            "--offline",
            "--only",
            "browsers",
            "--skip",
            "browser.version,browser.installed",
        ],
    );
    let ids: Vec<&str> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["browser.recommended"]);
    let (r, _) = f.report("linux", &["--offline", "--only", "network"]);
    let checks = r["checks"].as_array().unwrap();
    let network = login_check::checks::registry::all()
        .iter()
        .filter(|c| c.category == login_check::model::Category::Network)
        .count();
    assert_eq!(checks.len(), network);
    assert!(
        network >= 8,
        "vpn, proxy, hosts_file, dns, reachability, tls, clock, status"
    );
    assert!(checks.iter().all(|c| c["category"] == "network"));
}

#[test]
fn colour_follows_flag_and_environment() {
    let f = mixed_home();
    let has_escape = |c: &mut assert_cmd::Command| {
        let out = c.output().unwrap();
        String::from_utf8(out.stdout).unwrap().contains('\u{1b}')
    };
    // Pipes are not terminals: auto means no colour...
    assert!(!has_escape(f.cmd("linux").arg("--offline")));
    // ...unless CLICOLOR_FORCE says so, and NO_COLOR beats it.
    assert!(has_escape(
        f.cmd("linux").arg("--offline").env("CLICOLOR_FORCE", "1")
    ));
    assert!(!has_escape(
        f.cmd("linux")
            .arg("--offline")
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
    ));
    assert!(!has_escape(
        f.cmd("linux").arg("--offline").env("CLICOLOR_FORCE", "0")
    ));
    // The flag wins over the environment.
    assert!(has_escape(
        f.cmd("linux")
            .args(["--offline", "--color", "always"])
            .env("NO_COLOR", "1")
    ));
    assert!(!has_escape(
        f.cmd("linux")
            .args(["--offline", "--color", "never", "--skip", "network"])
            .env("CLICOLOR_FORCE", "1")
    ));
    // JSON never gets colour.
    assert!(!has_escape(f.cmd("linux").args([
        "--offline",
        "--format",
        "json",
        "--color",
        "always"
    ])));
}

#[test]
fn verbose_shows_evidence_of_passing_checks() {
    let f = mixed_home();
    let plain = f
        .cmd("linux")
        .args(["--offline", "--only", "browser.installed"])
        .output()
        .unwrap();
    let verbose = f
        .cmd("linux")
        .args(["--offline", "--only", "browser.installed", "-v"])
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    let verbose = String::from_utf8(verbose.stdout).unwrap();
    assert!(
        !plain.contains("data dir: ~/.config/google-chrome"),
        "{plain}"
    );
    assert!(
        verbose.contains("data dir: ~/.config/google-chrome"),
        "{verbose}"
    );
}

#[test]
fn a_check_that_cannot_read_its_input_is_unknown_and_the_rest_still_run() {
    let f = Fixture::new();
    // Chrome's user-data "folder" is a file: discovery cannot list it.
    f.write(".config/google-chrome", "not a folder");
    f.chromium(".config/microsoft-edge")
        .profile("Default")
        .last_version("158.0.3000.1");
    let (r, code) = f.report("linux", &["--offline"]);
    let chrome = result_for(&r, "browser.installed", "chrome");
    assert_eq!(chrome["status"], "unknown");
    assert!(
        chrome["detail"]
            .as_str()
            .unwrap()
            .contains("~/.config/google-chrome"),
        "{chrome}"
    );
    assert!(chrome["fix"].is_string());
    assert_eq!(
        result_for(&r, "browser.installed", "edge")["status"],
        "pass"
    );
    assert_eq!(result_for(&r, "browser.version", "edge")["status"], "pass");
    assert_eq!(code, 0);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert_cmd::Command::cargo_bin("login-check")
            .unwrap()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(
                predicate::str::contains("login-check")
                    .and(predicate::str::contains("list-checks")),
            );
    }
    assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH").and(predicate::str::contains("offline")));
}

#[test]
fn macos_layout_reads_versions_from_app_bundles() {
    let f = Fixture::new();
    f.chromium("Library/Application Support/Microsoft Edge")
        .profile("Default");
    f.write_root(
        "/Applications/Microsoft Edge.app/Contents/Info.plist",
        info_plist("158.0.3000.5"),
    );
    let (r, _) = f.report("macos", &["--offline", "--only", "browsers"]);
    let v = result_for(&r, "browser.version", "edge");
    assert_eq!(v["status"], "pass");
    assert_eq!(v["evidence"]["found_version"], "158.0.3000.5");
    assert_eq!(
        v["evidence"]["found_source"],
        "/Applications/Microsoft Edge.app/Contents/Info.plist"
    );
    assert_eq!(results(&r, "browser.recommended")[0]["status"], "pass");
}
