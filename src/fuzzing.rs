//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz), one per parser login-check owns.
//! Each takes arbitrary bytes and must neither panic nor hang; `tests/fuzz_regressions.rs`
//! replays every input kept in `fuzz/regressions/<target>/` through the same functions.

use serde_json::{Map, Value};

/// The names of the targets, as in `fuzz/Cargo.toml`.
pub const TARGETS: &[&str] = &[
    "prefs_js",
    "profiles_ini",
    "binarycookies",
    "patterns",
    "json_extractors",
    "redact",
];

/// Runs target `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "prefs_js" => prefs_js(data),
        "profiles_ini" => profiles_ini(data),
        "binarycookies" => binarycookies(data),
        "patterns" => patterns(data),
        "json_extractors" => json_extractors(data),
        "redact" => redact(data),
        other => panic!("no fuzz target {other}"),
    }
}

/// Firefox `prefs.js` / `user.js` tokenizer, as a user file and as a defaults file.
pub fn prefs_js(data: &[u8]) {
    let f = crate::formats::prefs_js::parse(data, crate::formats::prefs_js::FileKind::User);
    let _ = f.user_values();
    let _ = crate::formats::prefs_js::parse(data, crate::formats::prefs_js::FileKind::Default);
}

/// Mozilla INI (`profiles.ini`, `installs.ini`, `compatibility.ini`), profile paths, and
/// `serviceworker.txt` records.
pub fn profiles_ini(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let ini = crate::formats::ini::Ini::parse(&text);
    let ctx = crate::context::Context::for_tests(
        std::path::Path::new("/nonexistent-home"),
        crate::context::OsFamily::Linux,
    );
    for (_, keys) in &ini.sections {
        if let Some(p) = crate::formats::ini::get(keys, "Path") {
            let _ = crate::browsers::discovery::resolve_profile_path(
                &ctx,
                std::path::Path::new("/nonexistent-root"),
                p,
                true,
            );
            let _ = crate::browsers::discovery::resolve_profile_path(
                &ctx,
                std::path::Path::new("/nonexistent-root"),
                p,
                false,
            );
        }
    }
    let _ = ini
        .get("Compatibility", "LastVersion")
        .and_then(crate::browsers::version::parse_version);
    // Firefox's other line-based profile file, `serviceworker.txt`.
    for reg in crate::sources::sitedata::service_workers(&text).0 {
        let _ = reg.scope.len();
    }
}

/// Safari `Cookies.binarycookies`.
pub fn binarycookies(data: &[u8]) {
    let _ = crate::formats::binarycookies::parse(data);
    let _ = crate::sources::safari::cookies::read(data, String::new());
}

/// Chromium content-setting patterns and Firefox permission origins, matched against the
/// sign-in hosts.
pub fn patterns(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = crate::formats::site_patterns::Pattern::parse(&text) {
        for h in crate::hosts::LOGIN_HOSTS {
            let _ = p.matches_login_host(h);
            let _ = p.matches("https", h, 443);
        }
        let _ = p.precedence();
    }
    if let Ok(pair) = crate::formats::site_patterns::PatternPair::parse(&text) {
        let _ = pair.matches_first_party("chatgpt.com");
        let _ = pair.covers_third_party("auth.openai.com");
        let _ = pair.precedence();
    }
    if let Ok(o) = crate::formats::site_patterns::Origin::parse(&text) {
        let _ = o.applies_to_login_host("auth.openai.com");
    }
}

/// The JSON extractors: Chromium `Preferences`/`Secure Preferences` extension settings,
/// `disable_reasons`, enablement, Chromium's JSON-with-comments policies.
pub fn json_extractors(data: &[u8]) {
    let _ = crate::sources::chromium::extensions::parse_object(data);
    let text = String::from_utf8_lossy(data);
    let _ = crate::sources::chromium::extensions::strip_comments(&text);
    let _ = crate::formats::json::json_subset(
        &text,
        &[
            &["extensions", "settings"],
            &["profile", "content_settings"],
        ],
    );
    json_bounds(&text);
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        let mut into = Map::new();
        let _ = crate::sources::chromium::extensions::merge_settings(&mut into, v.clone());
        for entry in into.values() {
            if let Some(obj) = entry.as_object() {
                let _ = crate::sources::chromium::extensions::enabled_state(obj);
                if let Some(r) = obj.get("disable_reasons") {
                    let _ = crate::sources::chromium::extensions::decode_disable_reasons(r);
                }
            }
        }
        let _ = crate::sources::chromium::extensions::decode_disable_reasons(&v);
        let _ = crate::checks::network::parse_status(&v);
        let _ = crate::browsers::lookup::chrome_from_json(&v);
        let _ = crate::browsers::lookup::firefox_from_json(&v);
    }
}

/// The bounds of every JSON parse of a browser file (`formats::json`): what is built stays
/// within the limits, a capped list keeps at most its cap, and input nested past the depth limit
/// is an error, never a crash or a huge allocation; comments and trailing commas change nothing.
fn json_bounds(text: &str) {
    use crate::formats::json::{self, LIMITS, MAX_DEPTH};
    fn size(v: &Value, depth: usize) -> (usize, usize) {
        let (mut n, mut d) = (1, depth);
        let children: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            Value::Object(m) => m.values().collect(),
            _ => Vec::new(),
        };
        for c in children {
            let (cn, cd) = size(c, depth + 1);
            n += cn;
            d = d.max(cd);
        }
        (n, d)
    }
    match json::parse(text) {
        Ok(v) => {
            let (n, d) = size(&v, 1);
            assert!(n <= LIMITS.values, "{n} values built");
            assert!(d <= MAX_DEPTH + 1, "nested {d} deep");
        }
        Err(json::JsonError::OverLimit(_)) => assert!(text.len() > 1_000_000 / 4),
        Err(json::JsonError::Invalid(_)) => {}
    }
    let cap = 3;
    if let Ok(c) = json::json_capped(text, &[&["addons"]], &[(&["addons"], cap)]) {
        let kept = match &c.value["addons"] {
            Value::Array(a) => a.len(),
            Value::Object(m) => m.len(),
            _ => 0,
        };
        assert!(kept <= cap, "{kept} items kept past the cap");
        for cut in &c.cut {
            assert!(cut.found > cut.kept && cut.kept == cap, "{cut:?}");
        }
    }
    let nested = format!(
        "{}{text}{}",
        "[".repeat(MAX_DEPTH + 1),
        "]".repeat(MAX_DEPTH + 1)
    );
    assert!(json::parse(&nested).is_err(), "nested past the limit");
    assert!(
        json::relaxed_json(&nested).is_err(),
        "nested past the limit"
    );
    assert!(json::json_subset(&nested, &[&["a"]]).is_err());
}

/// The redactor's scanner for e-mails, addresses, MACs and SIDs, and `explain`'s matcher.
/// Invariants: no e-mail address but a public add-on ID survives redaction, and no URL keeps
/// its credentials (removing them again changes nothing).
pub fn redact(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut r = crate::report::redact::Redactor::new(crate::report::redact::Known {
        home: Some("/home/alice".into()),
        user: Some("alice".into()),
        host: Some("alice-laptop".into()),
    });
    let out = r.redact_str(&text);
    let left = r.leaked_emails(&out);
    assert!(left.is_empty(), "e-mails survived: {left:?} in {out:?}");
    assert_eq!(
        crate::sources::network::proxy::remove_credentials(&out),
        out,
        "credentials survived"
    );
    let _ = crate::report::explain::explain(&text);
}
