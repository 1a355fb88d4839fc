//! Whole homes as people bring them to login-check, for the report's snapshot and layout tests:
//! one with several problems across categories (the home issue #17 was tried on), one where
//! everything is fine. Each is built by code in the browsers' real file shapes.

use serde_json::{Value, json};

use super::{Fixture, write};
use login_check::fixtures::{FixtureCookie, write_chromium_cookies, write_firefox_cookies};

/// `NOW` (2026-11-24T12:00:00Z) as a Unix time.
pub const NOW_UNIX: i64 = 1_795_521_600;
const DAY: i64 = 86_400;

const UBOL: &str = "ddkjiahejlhfcafbddmgiahcphecmpfh";
const ADBLOCK: &str = "gighmmpiobklfepjocnamgkkbiglidom";
const DARK_READER: &str = "aaaabbbbccccddddeeeeffffgggghhhh";
const UBOL_COPY: &str = "iiiijjjjkkkkllllmmmmnnnnoooopppp";

/// One `extensions.settings` entry as Chromium 156 writes it, with a cached manifest.
fn extension(path: &str, name: &str, version: &str, location: i64, incognito: bool) -> Value {
    json!({
        "active_permissions": {"api": ["storage", "tabs"], "explicit_host": ["<all_urls>"]},
        "creation_flags": if location == 4 { 1 } else { 9 },
        "disable_reasons": [],
        "first_install_time": "13439998510485299",
        "from_webstore": location != 4,
        "incognito": incognito,
        "last_update_time": "13439998510485299",
        "location": location,
        "manifest": {"manifest_version": 3, "name": name, "version": version},
        "path": path,
        "state": 1,
        "was_installed_by_default": false
    })
}

/// Writes an extension's folder (`manifest.json`) and returns the entry for `Preferences`.
fn install(
    profile: &std::path::Path,
    id: &str,
    name: &str,
    version: &str,
    unpacked: bool,
    incognito: bool,
) -> Value {
    let (dir, path) = if unpacked {
        let dir = profile.parent().unwrap().join("unpacked").join(id);
        let p = dir.display().to_string();
        (dir, p)
    } else {
        let rel = format!("{id}/{version}_0");
        (profile.join("Extensions").join(&rel), rel)
    };
    write(
        &dir.join("manifest.json"),
        serde_json::to_vec_pretty(
            &json!({"manifest_version": 3, "name": name, "version": version}),
        )
        .unwrap(),
    );
    extension(
        &path,
        name,
        version,
        if unpacked { 4 } else { 1 },
        incognito,
    )
}

fn preferences(name: &str, content_exceptions: Value, extensions: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "browser": {"has_seen_welcome_page": true},
        "extensions": {"settings": extensions, "last_chrome_version": "157.0.7390.54"},
        "profile": {
            "avatar_index": 26,
            "content_settings": {"exceptions": content_exceptions, "pref_version": 1},
            "exit_type": "Normal",
            "name": name,
            "created_by_version": "156.0.8078.79"
        },
        "protection": {"macs": {}}
    }))
    .unwrap()
}

fn cookie(host: &str, name: &str, value_len: usize) -> FixtureCookie {
    FixtureCookie::new(host, name, &"v".repeat(value_len), NOW_UNIX)
}

/// Several problems across categories, as issue #17 describes the home it was tried on:
///
/// - Chromium only (neither Chrome nor Edge: `browser.recommended` warns), current version.
///   Its `Person 1` profile blocks cookies for auth.openai.com (`settings.cookies_blocked`
///   fails), runs uBlock Origin Lite (twice: a store copy and an unpacked one, allowed in
///   private windows) and AdBlock (`extensions.interfering` fails), and keeps an expired
///   OpenAI cookie, `auth0` at two domain levels and a 9 KB Cookie header (three cookie
///   checks, one fix).
/// - Firefox 155, six major releases behind (`browser.version` fails), with expired cookies.
pub fn troubled() -> Fixture {
    let f = Fixture::new();
    let cr = f.chromium(".config/chromium");
    cr.local_state(&[("Default", "Person 1")], "Default")
        .last_version("157.0.7390.54");
    let profile = cr.dir.join("Default");
    let block = json!({"last_modified": "13439998594144853", "setting": 2});
    let extensions = json!({
        UBOL: install(&profile, UBOL, "uBlock Origin Lite", "2026.1116.1", false, true),
        UBOL_COPY: install(&profile, UBOL_COPY, "uBlock Origin Lite", "2026.1116.1", true, false),
        ADBLOCK: install(&profile, ADBLOCK, "AdBlock — block ads across the web", "6.20.0", false, false),
        DARK_READER: install(&profile, DARK_READER, "Dark Reader", "4.9.110", false, false),
    });
    write(
        &profile.join("Preferences"),
        preferences(
            "Person 1",
            json!({"cookies": {"auth.openai.com,*": block}}),
            extensions,
        ),
    );
    let mut expired = cookie("chatgpt.com", "__Secure-next-auth.callback-url", 40);
    expired.expires = Some(NOW_UNIX - 3 * DAY);
    let mut cookies = vec![
        expired,
        cookie(".openai.com", "auth0", 60),
        cookie("auth.openai.com", "auth0", 60),
    ];
    for i in 0..3 {
        cookies.push(cookie(
            ".chatgpt.com",
            &format!("__Secure-next-auth.session-token.{i}"),
            3000,
        ));
    }
    write_chromium_cookies(&profile.join("Cookies"), 24, &cookies).unwrap();

    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini("[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=k3x9.default-release\nDefault=1\n")
        .profile("k3x9.default-release", Some("155.0.2"));
    let mut old = cookie(".chatgpt.com", "oai-did", 36);
    old.expires = Some(NOW_UNIX - 10 * DAY);
    let mut old2 = cookie("auth.openai.com", "did", 36);
    old2.expires = Some(NOW_UNIX - 12 * DAY);
    drop(
        write_firefox_cookies(
            &ff.dir.join("k3x9.default-release/cookies.sqlite"),
            17,
            &[old, old2],
        )
        .unwrap(),
    );
    f
}

/// Everything fine: a current Chrome with clean cookies and no interfering extension, and a
/// current Firefox.
pub fn healthy() -> Fixture {
    let f = Fixture::new();
    let cr = f.chromium(".config/google-chrome");
    cr.local_state(&[("Default", "Person 1")], "Default")
        .last_version("157.0.7390.54");
    let profile = cr.dir.join("Default");
    let extensions = json!({
        DARK_READER: install(&profile, DARK_READER, "Dark Reader", "4.9.110", false, false),
    });
    write(
        &profile.join("Preferences"),
        preferences("Person 1", json!({}), extensions),
    );
    write_chromium_cookies(
        &profile.join("Cookies"),
        24,
        &[
            cookie(".chatgpt.com", "oai-did", 36),
            cookie(".chatgpt.com", "__Secure-next-auth.session-token", 900),
        ],
    )
    .unwrap();
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini("[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=k3x9.default-release\nDefault=1\n")
        .profile("k3x9.default-release", Some("161.0.1"));
    f
}
