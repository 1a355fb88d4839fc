//! Real Debian `chromium` and `firefox-esr`, run once headless under a throwaway home, then
//! login-check on that home must find both with the versions the programs report.
//!
//! `.ci/run` installs both browsers. Where they are missing this test fails under CI (`CI` set)
//! and is skipped with a message elsewhere, so a developer without them can still run the suite.

mod common;

use std::process::Command;
use std::time::Duration;

use common::real::{CHROMIUM, FIREFOX, browser_cmd, chromium_cmd, require, run_bounded};
use common::{installed, result_for};
use serde_json::Value;

fn version_of(bin: &str) -> String {
    let out = Command::new(bin).arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = login_check::browsers::version::parse_version(&text)
        .unwrap_or_else(|| panic!("no version in {text}"));
    v.trim_end_matches("esr").to_string()
}

#[test]
fn finds_real_chromium_and_firefox_esr_with_their_versions() {
    if !(require(CHROMIUM, "chromium") && require(FIREFOX, "firefox-esr")) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Headless Chromium uses a throwaway profile unless told where its user-data folder is.
    run_bounded(
        chromium_cmd(h).args(["--dump-dom", "about:blank"]),
        Duration::from_secs(90),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    run_bounded(
        browser_cmd(FIREFOX, h)
            .args(["--headless", "--screenshot"])
            .arg(h.join("shot.png"))
            .arg("about:blank"),
        Duration::from_secs(120),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .env("LOGIN_CHECK_NOW", common::NOW)
        .env_remove("XDG_CONFIG_HOME")
        .args([
            "--offline",
            "--format",
            "json",
            "--only",
            "browsers",
            "--home",
        ])
        .arg(h)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = installed(&r);
    assert!(keys.contains(&"chromium".to_string()), "{keys:?}");
    assert!(keys.contains(&"firefox-esr".to_string()), "{keys:?}");

    let chromium = result_for(&r, "browser.version", "chromium");
    assert_eq!(
        chromium["evidence"]["found_version"],
        version_of(CHROMIUM),
        "{chromium}"
    );
    assert_eq!(
        chromium["evidence"]["found_source"],
        "~/.config/chromium/Last Version"
    );
    let firefox = result_for(&r, "browser.version", "firefox-esr");
    assert_eq!(
        firefox["evidence"]["found_version"]
            .as_str()
            .unwrap()
            .trim_end_matches("esr"),
        version_of(FIREFOX),
        "{firefox}"
    );
    assert_eq!(firefox["evidence"]["esr"], true);
    assert_ne!(firefox["status"], "unknown", "{firefox}");

    let ff = result_for(&r, "browser.installed", "firefox-esr");
    let profiles = ff["evidence"]["profiles"].as_array().unwrap();
    assert!(!profiles.is_empty(), "{ff}");
    assert_eq!(
        profiles.iter().filter(|p| p["default"] == true).count(),
        1,
        "{ff}"
    );
    let cr = result_for(&r, "browser.installed", "chromium");
    assert_eq!(cr["evidence"]["profiles"][0]["id"], "Default", "{cr}");
}
