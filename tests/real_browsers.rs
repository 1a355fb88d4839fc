//! Real Debian `chromium` and `firefox-esr`, run once headless under a throwaway home, then
//! login-check on that home must find both with the versions the programs report.
//!
//! `.ci/run` installs both browsers. Where they are missing this test fails under CI (`CI` set)
//! and is skipped with a message elsewhere, so a developer without them can still run the suite.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{installed, result_for};
use serde_json::Value;

fn require(bin: &str) -> bool {
    if Path::new(bin).exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{bin} is missing: .ci/run must install Debian's chromium and firefox-esr");
    }
    eprintln!("skipping: {bin} is not installed (apt-get install chromium firefox-esr)");
    false
}

/// Runs a program with a time limit, killing it if it overruns.
fn run_bounded(cmd: &mut Command, limit: Duration) {
    let mut child = cmd.spawn().expect("start browser");
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{cmd:?} failed: {status}");
            return;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn version_of(bin: &str) -> String {
    let out = Command::new(bin).arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = login_check::browsers::version::parse_version(&text)
        .unwrap_or_else(|| panic!("no version in {text}"));
    v.trim_end_matches("esr").to_string()
}

/// A browser's environment: the throwaway home and nothing of the real user's.
fn browser_cmd(bin: &str, home: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("CHROME_CONFIG_HOME")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

#[test]
fn finds_real_chromium_and_firefox_esr_with_their_versions() {
    if !(require("/usr/bin/chromium") && require("/usr/bin/firefox-esr")) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Headless Chromium uses a throwaway profile unless told where its user-data folder is.
    run_bounded(
        browser_cmd("/usr/bin/chromium", h)
            .arg(format!(
                "--user-data-dir={}",
                h.join(".config/chromium").display()
            ))
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--dump-dom",
                "about:blank",
            ]),
        Duration::from_secs(90),
    );
    run_bounded(
        browser_cmd("/usr/bin/firefox-esr", h)
            .args(["--headless", "--screenshot"])
            .arg(h.join("shot.png"))
            .arg("about:blank"),
        Duration::from_secs(120),
    );

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
        version_of("/usr/bin/chromium"),
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
        version_of("/usr/bin/firefox-esr"),
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
