//! `extensions.interfering` against fixture profiles in the real shapes of Chromium's
//! `Preferences`/`Secure Preferences` (shaped like a Chromium 156 profile), real extension folders
//! (`manifest.json`, `_locales/*/messages.json`), Firefox's `extensions.json` and
//! `extension-preferences.json` (shaped like a Firefox ESR 153 profile) and Safari's app
//! extensions. Every fixture is made here, by code.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Fixture, results, write};
use serde_json::{Value, json};

const ID: &str = "extensions.interfering";

// Catalogued IDs (data/extensions.json, from shared/reference/extensions.md).
const UBO: &str = "cjpalhdlnbpafiamejdnhcphjbkeiagm";
const ADBLOCK: &str = "gighmmpiobklfepjocnamgkkbiglidom";
const GHOSTERY: &str = "mlomiejdfkolichcflejclcbmpeaniij";
const NOSCRIPT: &str = "doojmbjmlfjjnbmnoijecmcbfeoakpjm";
const PB_EDGE: &str = "mkejgcgkdlddbggjhhflekkondicpnop";
const CAD: &str = "fhcgjolkccmbidfldomjliifgaodjagh";
const WINDSCRIBE: &str = "hnmpcagpplmpfojmgmnngilcnanddlhb";
const AVAST: &str = "gomekmidlodglbbmalcneegieacbdmki";
// IDs of no catalogued extension (32 letters a–p, as Chromium makes them).
const OTHER1: &str = "aaaabbbbccccddddeeeeffffgggghhhh";
const OTHER2: &str = "iiiijjjjkkkkllllmmmmnnnnoooopppp";
const OTHER3: &str = "abcdefghijklmnopabcdefghijklmnop";
const PDF: &str = "mhjfbmdgcfjbbpaeojofohoefgiehjai";

// ---------------------------------------------------------------------------------------------
// Chromium fixtures

/// One `extensions.settings` entry with the keys a Chromium 156 profile writes.
fn cr_entry(location: i64, path: &str, from_webstore: bool) -> Value {
    json!({
        "account_extension_type": 0,
        "active_permissions": {"api": ["storage", "tabs"], "explicit_host": ["<all_urls>"],
                               "manifest_permissions": [], "scriptable_host": []},
        "commands": {},
        "content_settings": [],
        "creation_flags": if from_webstore { 9 } else { 1 },
        "disable_reasons": [],
        "events": [],
        "first_install_time": "13439998510485299",
        "from_webstore": from_webstore,
        "granted_permissions": {"api": ["storage", "tabs"], "explicit_host": ["<all_urls>"],
                                "manifest_permissions": [], "scriptable_host": []},
        "incognito_content_settings": [],
        "incognito_preferences": {},
        "last_update_time": "13439998510485299",
        "location": location,
        "path": path,
        "preferences": {},
        "regular_only_preferences": {},
        "was_installed_by_default": false,
        "was_installed_by_oem": false
    })
}

/// Sets (or removes, with `Value::Null`) keys of an entry.
fn with(mut entry: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            entry.as_object_mut().unwrap().remove(k);
        } else {
            entry[k] = v.clone();
        }
    }
    entry
}

/// A manifest as extensions ship it.
fn manifest(name: &str, version: &str, default_locale: Option<&str>) -> Value {
    let mut m = json!({
        "manifest_version": 3,
        "name": name,
        "version": version,
        "description": "__MSG_extDescription__",
        "action": {"default_popup": "popup.html"},
        "background": {"service_worker": "background.js"},
        "permissions": ["storage", "declarativeNetRequest"],
        "host_permissions": ["<all_urls>"]
    });
    if let Some(l) = default_locale {
        m["default_locale"] = json!(l);
    }
    m
}

/// Writes an extension folder: `manifest.json` and `_locales/<locale>/messages.json`.
fn write_extension(dir: &Path, manifest: &Value, locales: &[(&str, Value)]) -> PathBuf {
    write(
        &dir.join("manifest.json"),
        serde_json::to_vec_pretty(manifest).unwrap(),
    );
    write(
        &dir.join("background.js"),
        "chrome.runtime.onInstalled.addListener(() => {});\n",
    );
    for (locale, messages) in locales {
        write(
            &dir.join("_locales").join(locale).join("messages.json"),
            serde_json::to_vec_pretty(messages).unwrap(),
        );
    }
    dir.to_path_buf()
}

/// Writes a packed extension where Chromium unpacks it: `<profile>/Extensions/<id>/<version>_0`;
/// returns the relative `path` Chromium records.
fn install_packed(profile: &Path, id: &str, manifest: &Value, locales: &[(&str, Value)]) -> String {
    let version = manifest["version"].as_str().unwrap();
    let rel = format!("{id}/{version}_0");
    write_extension(&profile.join("Extensions").join(&rel), manifest, locales);
    rel
}

/// A preference file shaped like Chromium's, with extension settings under `extensions.<key>`.
fn prefs_file(settings_key: &str, settings: Value) -> Vec<u8> {
    let mut extensions = json!({
        "alerts": {"initialized": true},
        "chrome_url_overrides": {},
        "last_chrome_version": "156.0.8078.79"
    });
    extensions[settings_key] = settings;
    serde_json::to_vec(&json!({
        "browser": {"has_seen_welcome_page": true},
        "extensions": extensions,
        "profile": {"avatar_index": 26, "name": "Person 1", "exit_type": "Normal"},
        "protection": {"macs": {}}
    }))
    .unwrap()
}

/// The built-in PDF viewer as Chromium records it (absolute path, cached manifest).
fn pdf_viewer() -> Value {
    with(
        cr_entry(5, "/usr/lib/chromium/resources/pdf", false),
        json!({"manifest": {"manifest_version": 2, "name": "Chromium PDF Viewer", "version": "1",
                             "key": "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDN6hM0rsDYGbzQPQfOygqlRtQgKUXMfnSjhIBL7LnReAVBEd7ZmKtyN2qmSasMl4HZpMhVe2rPWVVwBDl6iyNE/Kok6E6v6V3vCLGsOpQAuuNVye/3QxzIldzG/jQAdWZiyXReRVapOhZtLjGfywCvlWq7Sl/e3sbc0vWybSDI2QIDAQAB"}}),
    )
}

fn cached(name: &str, version: &str) -> Value {
    json!({"manifest": manifest(name, version, None)})
}

// ---------------------------------------------------------------------------------------------
// Report helpers

fn run(f: &Fixture, os: &str) -> Value {
    f.report(os, &["--offline", "--only", ID]).0
}

/// The result about one profile.
fn for_profile<'a>(r: &'a Value, browser: &str, profile: &str) -> &'a Value {
    results(r, ID)
        .into_iter()
        .find(|c| c["subject"]["browser"] == browser && c["subject"]["profile"] == profile)
        .unwrap_or_else(|| {
            panic!(
                "no {ID} result for {browser} › {profile} in {}",
                serde_json::to_string_pretty(&r["checks"]).unwrap()
            )
        })
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect()
}

fn finding<'a>(r: &'a Value, key: &str, id: &str) -> &'a Value {
    r["evidence"][key]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {key}: {r}"))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

// ---------------------------------------------------------------------------------------------
// Chromium

#[test]
fn chrome_web_store_extensions_list_form_of_disable_reasons() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Person 1")], "Default");
    let profile = c.dir.join("Default");
    let ubo = install_packed(
        &profile,
        UBO,
        &manifest("uBlock Origin", "1.67.0", None),
        &[],
    );
    let adblock = install_packed(
        &profile,
        ADBLOCK,
        &manifest("AdBlock — block ads across the web", "6.20.0", None),
        &[],
    );
    let other = install_packed(
        &profile,
        OTHER1,
        &manifest("Dark Reader", "4.9.110", None),
        &[],
    );
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                UBO: with(cr_entry(1, &ubo, true), cached("uBlock Origin", "1.67.0")),
                ADBLOCK: with(cr_entry(1, &adblock, true), json!({"disable_reasons": [1]})),
                OTHER1: cr_entry(1, &other, true),
                PDF: pdf_viewer(),
            }),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    assert_eq!(res["category"], "extensions");
    assert!(text(&res["title"]).contains("uBlock Origin"), "{res}");
    assert_eq!(ids(&res["evidence"]["interfering"]), vec![UBO]);
    let u = finding(res, "interfering", UBO);
    assert_eq!(u["name"], "uBlock Origin");
    assert_eq!(u["version"], "1.67.0");
    assert_eq!(u["category"], "content/ad blocker");
    assert_eq!(u["enabled"], true);
    assert_eq!(u["private_window"], false);
    assert_eq!(u["installed"], "store");
    assert_eq!(u["removable"], true);
    assert_eq!(u["matched_by"], "id");
    // Disabled by the user (list form): listed, not counted.
    let a = finding(res, "disabled", ADBLOCK);
    assert_eq!(a["enabled"], false);
    assert_eq!(a["disable_reasons"], json!(["user_action"]));
    assert_eq!(a["name"], "AdBlock — block ads across the web");
    // Uncatalogued and built-in extensions are in the inventory only.
    let all = res["evidence"]["extensions"].to_string();
    assert!(all.contains("Dark Reader 4.9.110"), "{all}");
    assert!(!all.contains("PDF"), "{all}");
    assert!(
        res["evidence"]["built_in"]
            .to_string()
            .contains("Chromium PDF Viewer")
    );
    let fix = text(&res["fix"]);
    assert!(
        fix.contains("⋮ menu › Extensions › Manage Extensions (chrome://extensions)"),
        "{fix}"
    );
    assert!(fix.contains("openai.com and chatgpt.com"), "{fix}");
    assert!(fix.contains("Incognito window (Ctrl+Shift+N)"), "{fix}");
    assert_eq!(
        res["evidence"]["sources"],
        json!(["~/.config/google-chrome/Default/Preferences"])
    );
}

#[test]
fn older_integer_bitmask_and_legacy_state() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Profile 1");
    let entry = |id: &str, name: &str, changes: Value| {
        let rel = install_packed(&profile, id, &manifest(name, "1.0.0", None), &[]);
        with(
            with(cr_entry(1, &rel, true), cached(name, "1.0.0")),
            changes,
        )
    };
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                // Older Chrome: an integer bitmask, 0 = enabled; 1|8192 = user + external.
                GHOSTERY: entry(GHOSTERY, "Ghostery", json!({"disable_reasons": 8193})),
                UBO: entry(UBO, "uBlock Origin", json!({"disable_reasons": 0, "state": 1})),
                // Legacy `state` only: 1 enabled, 0 disabled.
                NOSCRIPT: entry(NOSCRIPT, "NoScript", json!({"disable_reasons": null, "state": 1})),
                CAD: entry(CAD, "Cookie AutoDelete", json!({"disable_reasons": null, "state": 0})),
                // An external extension the user uninstalled (legacy state 2) is not installed.
                AVAST: entry(AVAST, "Avast Online Security & Privacy", json!({"disable_reasons": null, "state": 2, "location": 6})),
            }),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Profile 1");
    assert_eq!(res["status"], "fail", "{res}");
    let mut on = ids(&res["evidence"]["interfering"]);
    on.sort();
    assert_eq!(on, vec![UBO, NOSCRIPT]);
    assert_eq!(
        finding(res, "disabled", GHOSTERY)["disable_reasons"],
        json!(["user_action", "external_extension"])
    );
    assert_eq!(
        finding(res, "disabled", CAD)["disable_reasons"],
        json!(["disabled"])
    );
    assert_eq!(
        finding(res, "interfering", NOSCRIPT)["category"],
        "script blocker"
    );
    assert!(!res["evidence"].to_string().contains(AVAST), "{res}");
}

#[test]
fn secure_preferences_only_on_windows_edge_with_inprivate_allowed() {
    let f = Fixture::new();
    let c = f.chromium("AppData/Local/Microsoft/Edge/User Data");
    let profile = c.dir.join("Default");
    let rel = install_packed(
        &profile,
        PB_EDGE,
        &manifest("Privacy Badger", "2025.5.30", None),
        &[],
    );
    // On Windows the extension settings are a protected pref: only in `Secure Preferences`.
    write(
        &profile.join("Secure Preferences"),
        serde_json::to_vec(&json!({
            "extensions": {"settings": {
                PB_EDGE: with(cr_entry(1, &rel.replace('/', "\\"), true), json!({"incognito": true})),
            }},
            "protection": {"macs": {"extensions": {"settings": {PB_EDGE: "F2A1"}}}, "super_mac": "C0FFEE"}
        }))
        .unwrap(),
    );
    let r = run(&f, "windows");
    let res = for_profile(&r, "edge", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    let pb = finding(res, "interfering", PB_EDGE);
    assert_eq!(pb["name"], "Privacy Badger");
    assert_eq!(pb["version"], "2025.5.30");
    assert_eq!(pb["private_window"], true);
    assert!(
        text(&res["detail"]).contains("allowed in private windows too"),
        "{res}"
    );
    let fix = text(&res["fix"]);
    assert!(fix.contains("edge://extensions"), "{fix}");
    assert!(fix.contains("A private window will not help"), "{fix}");
    assert!(fix.contains("Allow in InPrivate"), "{fix}");
    assert_eq!(
        res["evidence"]["sources"],
        json!(["~/AppData/Local/Microsoft/Edge/User Data/Default/Secure Preferences"])
    );
}

#[test]
fn preferences_and_secure_preferences_are_merged() {
    let f = Fixture::new();
    let c = f.chromium(".config/chromium");
    let profile = c.dir.join("Default");
    let rel = install_packed(
        &profile,
        UBO,
        &manifest("uBlock Origin", "1.66.0", None),
        &[],
    );
    // Preferences says disabled; Secure Preferences (read second) says enabled: it wins.
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({UBO: with(cr_entry(1, &rel, true), json!({"disable_reasons": [1]}))}),
        ),
    );
    write(
        &profile.join("Secure Preferences"),
        serde_json::to_vec(&json!({"extensions": {"settings": {UBO: {"disable_reasons": []}}}}))
            .unwrap(),
    );
    let res_all = run(&f, "linux");
    let res = for_profile(&res_all, "chromium", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    assert_eq!(finding(res, "interfering", UBO)["version"], "1.66.0");
    assert_eq!(res["evidence"]["sources"].as_array().unwrap().len(), 2);
}

#[test]
fn unpacked_extension_with_a_localised_name() {
    let f = Fixture::new();
    let c = f.chromium(".config/chromium");
    let profile = c.dir.join("Default");
    // Unpacked extensions live anywhere (here in the user's source folder); Chromium records an
    // absolute path and caches no manifest.
    let lite = write_extension(
        &f.home().join("src/ubol"),
        &manifest("__MSG_extName__", "2025.1.1", Some("en_US")),
        &[
            (
                "en_US",
                json!({"EXTNAME": {"message": "uBlock Origin Lite", "description": "name"},
                             "extDescription": {"message": "An ad blocker"}}),
            ),
            (
                "de",
                json!({"extName": {"message": "uBlock Origin Lite (de)"}}),
            ),
        ],
    );
    let helper = write_extension(
        &f.home().join("src/helper"),
        &manifest("__MSG_appName__", "0.1.0", Some("fr")),
        &[("fr", json!({"appName": {"message": "Mon assistant"}}))],
    );
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                OTHER1: with(cr_entry(4, lite.to_str().unwrap(), false), json!({"newAllowFileAccess": true})),
                OTHER2: cr_entry(4, helper.to_str().unwrap(), false),
            }),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chromium", "Default");
    // uBlock Origin Lite is recognised by its localised name; medium risk: warn.
    assert_eq!(res["status"], "warn", "{res}");
    let l = finding(res, "interfering", OTHER1);
    assert_eq!(l["name"], "uBlock Origin Lite");
    assert_eq!(l["catalogued_as"], "uBlock Origin Lite");
    assert_eq!(l["matched_by"], "name");
    assert_eq!(l["installed"], "unpacked");
    assert_eq!(l["version"], "2025.1.1");
    assert!(
        text(&res["detail"]).contains("recognised by its name"),
        "{res}"
    );
    let all = res["evidence"]["extensions"].to_string();
    assert!(all.contains("Mon assistant 0.1.0"), "{all}");
    assert!(all.contains("loaded unpacked (developer mode)"), "{all}");
}

#[test]
fn policy_installed_extension_cannot_be_removed_and_points_to_it() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    let rel = install_packed(
        &profile,
        CAD,
        &manifest("Cookie AutoDelete", "3.8.2", None),
        &[],
    );
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({CAD: with(cr_entry(7, &rel, false), cached("Cookie AutoDelete", "3.8.2"))}),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    let x = finding(res, "interfering", CAD);
    assert_eq!(x["installed"], "policy");
    assert_eq!(x["removable"], false);
    assert_eq!(x["category"], "cookie manager/auto-deleter");
    assert!(
        text(&res["detail"]).contains("installed by your organisation's policy"),
        "{res}"
    );
    let fix = text(&res["fix"]);
    assert!(fix.contains("IT department"), "{fix}");
    assert!(!fix.starts_with("Turn off"), "{fix}");
}

#[test]
fn opera_keeps_its_extensions_under_opsettings() {
    let f = Fixture::new();
    // Opera's user-data folder is itself the profile.
    let c = f.chromium(".config/opera");
    let rel = install_packed(
        &c.dir,
        WINDSCRIBE,
        &manifest("__MSG_name__", "3.5.1", Some("en")),
        &[(
            "en",
            json!({"name": {"message": "Windscribe - Free Proxy and Ad Blocker"}}),
        )],
    );
    write(
        &c.dir.join("Preferences"),
        prefs_file("opsettings", json!({WINDSCRIBE: cr_entry(1, &rel, true)})),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "opera", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    let w = finding(res, "interfering", WINDSCRIBE);
    assert_eq!(w["name"], "Windscribe - Free Proxy and Ad Blocker");
    assert_eq!(w["category"], "VPN/proxy extension");
    assert!(text(&res["fix"]).contains("opera://extensions"), "{res}");
}

#[test]
fn lower_risk_extensions_and_private_window_permission_warn() {
    let f = Fixture::new();
    let c = f.chromium(".config/BraveSoftware/Brave-Browser");
    let p1 = c.dir.join("Default");
    let rel = install_packed(
        &p1,
        AVAST,
        &manifest("Avast Online Security & Privacy", "22.1.5", None),
        &[],
    );
    write(
        &p1.join("Preferences"),
        prefs_file("settings", json!({AVAST: cr_entry(1, &rel, true)})),
    );
    let p2 = c.dir.join("Profile 1");
    let rel = install_packed(&p2, OTHER1, &manifest("Tab Organiser", "2.0", None), &[]);
    write(
        &p2.join("Preferences"),
        prefs_file(
            "settings",
            json!({OTHER1: with(cr_entry(1, &rel, true), json!({"incognito": true}))}),
        ),
    );
    let r = run(&f, "linux");
    let avast = for_profile(&r, "brave", "Default");
    assert_eq!(avast["status"], "warn", "{avast}");
    assert_eq!(
        finding(avast, "interfering", AVAST)["category"],
        "antivirus web shield"
    );
    assert!(
        text(&avast["title"]).contains("can get in the way"),
        "{avast}"
    );
    assert!(
        text(&avast["fix"]).contains("brave://extensions"),
        "{avast}"
    );
    let private = for_profile(&r, "brave", "Profile 1");
    assert_eq!(private["status"], "warn", "{private}");
    assert_eq!(
        ids(&private["evidence"]["private_window_allowed"]),
        vec![OTHER1]
    );
    assert!(
        text(&private["title"]).contains("also runs in private windows"),
        "{private}"
    );
    assert!(
        text(&private["fix"]).contains("Allow in Private"),
        "{private}"
    );
}

#[test]
fn nothing_catalogued_on_is_a_pass_with_the_disabled_ones_listed() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    let ubo = install_packed(
        &profile,
        UBO,
        &manifest("uBlock Origin", "1.67.0", None),
        &[],
    );
    let other = install_packed(
        &profile,
        OTHER1,
        &manifest("Dark Reader", "4.9.110", None),
        &[],
    );
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                UBO: with(cr_entry(1, &ubo, true), json!({"disable_reasons": [1]})),
                OTHER1: cr_entry(1, &other, true),
            }),
        ),
    );
    // A second profile with no extensions at all.
    c.profile("Profile 1");
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "pass", "{res}");
    assert!(res["fix"].is_null());
    assert!(
        text(&res["title"]).contains("uBlock Origin turned off"),
        "{res}"
    );
    assert_eq!(ids(&res["evidence"]["disabled"]), vec![UBO]);
    assert_eq!(res["evidence"]["interfering"], json!([]));
    let empty = for_profile(&r, "chrome", "Profile 1");
    assert_eq!(empty["status"], "pass", "{empty}");
    assert_eq!(empty["evidence"]["extensions"], json!([]));
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn damaged_preferences_make_that_profile_unknown_and_the_rest_still_report() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    // Default: Preferences truncated in the middle of the extension settings.
    let full = String::from_utf8(prefs_file(
        "settings",
        json!({UBO: cr_entry(1, "x/1_0", true)}),
    ))
    .unwrap();
    write(
        &c.dir.join("Default").join("Preferences"),
        &full[..full.len() / 2],
    );
    // Profile 1: fine, with uBlock Origin on.
    let p1 = c.dir.join("Profile 1");
    let rel = install_packed(&p1, UBO, &manifest("uBlock Origin", "1.67.0", None), &[]);
    write(
        &p1.join("Preferences"),
        prefs_file("settings", json!({UBO: cr_entry(1, &rel, true)})),
    );
    // Profile 2: Preferences fine with nothing catalogued, Secure Preferences damaged.
    let p2 = c.dir.join("Profile 2");
    write(&p2.join("Preferences"), prefs_file("settings", json!({})));
    write(
        &p2.join("Secure Preferences"),
        "{\"extensions\": {\"settings\": {\"",
    );
    // Profile 3: `extensions.settings` of the wrong type, and an entry that is not an object.
    let p3 = c.dir.join("Profile 3");
    write(
        &p3.join("Preferences"),
        prefs_file("settings", json!({OTHER1: 42})),
    );
    write(
        &p3.join("Secure Preferences"),
        serde_json::to_vec(&json!({"extensions": {"settings": ["not", "a", "map"]}})).unwrap(),
    );
    let (r, code) = f.report("linux", &["--offline"]);
    assert_eq!(code, 1);

    let d = for_profile(&r, "chrome", "Default");
    assert_eq!(d["status"], "unknown", "{d}");
    let err = text(&d["evidence"]["error"]);
    assert!(
        err.contains("~/.config/google-chrome/Default/Preferences")
            && err.contains("not valid JSON"),
        "{err}"
    );
    assert!(d["fix"].is_string());

    assert_eq!(for_profile(&r, "chrome", "Profile 1")["status"], "fail");

    let p2r = for_profile(&r, "chrome", "Profile 2");
    assert_eq!(p2r["status"], "unknown", "{p2r}");
    assert!(
        p2r["evidence"]["problems"]
            .to_string()
            .contains("Secure Preferences"),
        "{p2r}"
    );

    let p3r = for_profile(&r, "chrome", "Profile 3");
    assert_eq!(p3r["status"], "unknown", "{p3r}");
    let problems = p3r["evidence"]["problems"].to_string();
    assert!(problems.contains("not a JSON object"), "{problems}");

    // Other checks still ran.
    assert!(!results(&r, "browser.installed").is_empty());
    assert!(!results(&r, "browser.version").is_empty());
}

#[test]
fn unreadable_extensions_are_named_and_make_the_profile_unknown() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    // Missing manifest: the folder exists, manifest.json does not.
    std::fs::create_dir_all(profile.join("Extensions").join(OTHER1).join("1.0_0")).unwrap();
    // Broken _locales: messages.json is not JSON.
    let broken = install_packed(
        &profile,
        OTHER2,
        &manifest("__MSG_extName__", "2.0", Some("en")),
        &[],
    );
    write(
        &profile
            .join("Extensions")
            .join(&broken)
            .join("_locales/en/messages.json"),
        "{\"extName\": {\"message\": \"Trunc",
    );
    // A path that climbs out of the profile.
    let escape = "../../../../../../etc";
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                OTHER1: cr_entry(1, &format!("{OTHER1}/1.0_0"), true),
                OTHER2: cr_entry(1, &broken, true),
                OTHER3: cr_entry(1, escape, true),
                // Disabled and unreadable: does not matter.
                "ppppoooonnnnmmmmllllkkkkjjjjiiii": with(cr_entry(1, "nowhere/1_0", true), json!({"disable_reasons": [1]})),
            }),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "unknown", "{res}");
    assert_eq!(
        text(&res["title"]),
        "Google Chrome: 3 extensions could not be checked"
    );
    let und = &res["evidence"]["undecided"];
    let reason = |id: &str| text(&finding(res, "undecided", id)["reason"]).to_string();
    assert!(reason(OTHER1).contains("manifest.json is missing"), "{und}");
    assert!(
        reason(OTHER2).contains("_locales/en/messages.json are not valid JSON"),
        "{und}"
    );
    assert!(reason(OTHER3).contains("leaves the folder"), "{und}");
    assert!(res["fix"].is_string());
}

#[test]
fn a_catalogued_extension_is_found_by_id_even_when_its_manifest_is_missing() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({
                UBO: cr_entry(1, &format!("{UBO}/1.67.0_0"), true),
                // A store extension recorded with an absolute path: outside the profile, not read.
                OTHER1: cr_entry(1, "/etc/whatever", true),
            }),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "fail", "{res}");
    assert_eq!(finding(res, "interfering", UBO)["name"], UBO);
    assert!(
        text(&finding(res, "undecided", OTHER1)["reason"]).contains("outside the profile folder"),
        "{res}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_for_a_manifest_does_not_block() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    let dir = profile.join("Extensions").join(OTHER1).join("1.0_0");
    std::fs::create_dir_all(&dir).unwrap();
    let st = std::process::Command::new("mkfifo")
        .arg(dir.join("manifest.json"))
        .status()
        .unwrap();
    assert!(st.success());
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({OTHER1: cr_entry(1, &format!("{OTHER1}/1.0_0"), true)}),
        ),
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "chrome", "Default");
    assert_eq!(res["status"], "unknown", "{res}");
    assert!(
        text(&finding(res, "undecided", OTHER1)["reason"]).contains("not a regular file"),
        "{res}"
    );
}

// ---------------------------------------------------------------------------------------------
// Firefox

/// One `extensions.json` add-on with the fields Firefox ESR 153 writes.
fn ff_addon(id: &str, name: &str, version: &str, location: &str, changes: Value) -> Value {
    let a = json!({
        "id": id, "syncGUID": "{0d3c5d1e-7f41-4f0e-9d55-5a0c2e1b9f10}", "version": version,
        "type": "extension", "loader": null, "updateURL": null, "installOrigins": null,
        "manifestVersion": 2, "optionsURL": "options.html", "optionsType": 3,
        "optionsBrowserStyle": true, "aboutURL": null,
        "defaultLocale": {"name": name, "description": "d", "creator": null, "developers": null,
                          "translators": null, "contributors": null},
        "visible": true, "active": true, "userDisabled": false, "appDisabled": false,
        "embedderDisabled": false, "installDate": 1795524071000_u64, "updateDate": 1795524071000_u64,
        "applyBackgroundUpdates": 1, "path": format!("/home/u/.mozilla/firefox/p/extensions/{id}.xpi"),
        "skinnable": false,
        "sourceURI": format!("https://addons.mozilla.org/firefox/downloads/file/1/{id}.xpi"),
        "releaseNotesURI": null, "softDisabled": false, "foreignInstall": false,
    });
    let b = json!({
        "strictCompatibility": true, "locales": [],
        "targetApplications": [{"id": "toolkit@mozilla.org", "minVersion": null, "maxVersion": null}],
        "targetPlatforms": [], "signedState": 2, "signedTypes": [2, 0], "signedDate": 1795524071000_u64,
        "seen": true, "dependencies": [], "incognito": "spanning",
        "userPermissions": {"permissions": ["storage"], "origins": ["<all_urls>"], "data_collection": []},
        "optionalPermissions": {"permissions": [], "origins": [], "data_collection": []},
        "requestedPermissions": {"permissions": [], "origins": [], "data_collection": []},
        "icons": {}, "iconURL": null, "blocklistAttentionDismissed": false, "blocklistState": 0,
        "blocklistURL": null, "startupData": null, "hidden": false,
        "installTelemetryInfo": {"source": "amo", "method": "link"},
        "recommendationState": null, "rootURI": format!("jar:file:///x/{id}.xpi!/"), "location": location
    });
    let a = with(a, b);
    with(a, changes)
}

fn firefox_profile(f: &Fixture, addons: Vec<Value>, private: &[&str]) -> PathBuf {
    let root = f.firefox(".mozilla/firefox");
    root.profiles_ini("[Profile0]\nName=default-release\nIsRelative=1\nPath=k3x9.default-release\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n")
        .profile("k3x9.default-release", Some("153.7.0"));
    let dir = root.dir.join("k3x9.default-release");
    write(
        &dir.join("extensions.json"),
        serde_json::to_vec(&json!({"schemaVersion": 37, "addons": addons})).unwrap(),
    );
    let mut prefs = serde_json::Map::new();
    for id in private {
        prefs.insert(
            id.to_string(),
            json!({"permissions": ["internal:privateBrowsingAllowed", "internal:svgContextPropertiesAllowed"],
                   "origins": [], "data_collection": []}),
        );
    }
    write(
        &dir.join("extension-preferences.json"),
        serde_json::to_vec(&prefs).unwrap(),
    );
    dir
}

#[test]
fn firefox_active_user_disabled_and_app_disabled_add_ons() {
    let f = Fixture::new();
    firefox_profile(
        &f,
        vec![
            ff_addon(
                "uBlock0@raymondhill.net",
                "uBlock Origin",
                "1.67.0",
                "app-profile",
                json!({}),
            ),
            ff_addon(
                "jid1-MnnxcxisBPnSXQ@jetpack",
                "Privacy Badger",
                "2025.5.30",
                "app-profile",
                json!({"active": false, "userDisabled": true}),
            ),
            ff_addon(
                "{73a6fe31-595d-460b-a920-fcc0f8843232}",
                "NoScript",
                "13.0.9",
                "app-profile",
                json!({"active": false, "appDisabled": true}),
            ),
            ff_addon(
                "CookieAutoDelete@kennydo.com",
                "Cookie AutoDelete",
                "3.8.2",
                "app-profile",
                json!({"installTelemetryInfo": {"source": "enterprise-policy"}, "sourceURI": null}),
            ),
            ff_addon(
                "formautofill@mozilla.org",
                "Form Autofill",
                "1.0.1",
                "app-builtin-addons",
                json!({"installTelemetryInfo": null, "sourceURI": null}),
            ),
            ff_addon(
                "default-theme@mozilla.org",
                "System theme — auto",
                "1.4.2",
                "app-builtin",
                json!({"type": "theme"}),
            ),
        ],
        &["uBlock0@raymondhill.net", "formautofill@mozilla.org"],
    );
    let r = run(&f, "linux");
    let res = for_profile(&r, "firefox", "k3x9.default-release");
    assert_eq!(res["status"], "fail", "{res}");
    let mut on = ids(&res["evidence"]["interfering"]);
    on.sort();
    assert_eq!(
        on,
        vec!["CookieAutoDelete@kennydo.com", "uBlock0@raymondhill.net"]
    );
    let u = finding(res, "interfering", "uBlock0@raymondhill.net");
    assert_eq!(u["private_window"], true);
    assert_eq!(u["installed"], "store");
    assert_eq!(u["version"], "1.67.0");
    let cad = finding(res, "interfering", "CookieAutoDelete@kennydo.com");
    assert_eq!(cad["installed"], "policy");
    assert_eq!(cad["private_window"], false);
    assert_eq!(
        finding(res, "disabled", "jid1-MnnxcxisBPnSXQ@jetpack")["disable_reasons"],
        json!(["user_disabled"])
    );
    assert_eq!(
        finding(res, "disabled", "{73a6fe31-595d-460b-a920-fcc0f8843232}")["disable_reasons"],
        json!(["app_disabled"])
    );
    assert!(
        res["evidence"]["built_in"]
            .to_string()
            .contains("Form Autofill")
    );
    assert!(!res["evidence"].to_string().contains("System theme"));
    let fix = text(&res["fix"]);
    assert!(fix.contains("about:addons"), "{fix}");
    assert!(fix.contains("Run in Private Windows"), "{fix}");
    assert!(fix.contains("IT department"), "{fix}");
}

#[test]
fn firefox_system_wide_add_ons_and_no_private_permission_file() {
    let f = Fixture::new();
    let dir = firefox_profile(
        &f,
        vec![ff_addon(
            "uBlock0@raymondhill.net",
            "uBlock Origin",
            "1.67.0",
            "app-system-share",
            json!({"installTelemetryInfo": {"source": "app-system-share", "method": "sideload"}, "sourceURI": null}),
        )],
        &[],
    );
    std::fs::remove_file(dir.join("extension-preferences.json")).unwrap();
    let r = run(&f, "linux");
    let res = for_profile(&r, "firefox", "k3x9.default-release");
    assert_eq!(res["status"], "fail", "{res}");
    let u = finding(res, "interfering", "uBlock0@raymondhill.net");
    assert_eq!(u["installed"], "system");
    assert_eq!(u["private_window"], Value::Null);
    assert!(text(&res["fix"]).contains("Ctrl+Shift+P"), "{res}");
}

#[test]
fn firefox_damaged_or_missing_extensions_json() {
    let f = Fixture::new();
    let root = f.firefox(".mozilla/firefox");
    root.profiles_ini("[Profile0]\nName=a\nIsRelative=1\nPath=a.default\nDefault=1\n\n[Profile1]\nName=b\nIsRelative=1\nPath=b.work\n\n[Profile2]\nName=c\nIsRelative=1\nPath=c.new\n")
        .profile("a.default", Some("153.7.0"))
        .profile("b.work", Some("153.7.0"))
        .profile("c.new", None);
    // a: truncated extensions.json.
    let full = serde_json::to_string(&json!({"schemaVersion": 37, "addons": [
        ff_addon("uBlock0@raymondhill.net", "uBlock Origin", "1.67.0", "app-profile", json!({}))]}))
    .unwrap();
    write(&root.dir.join("a.default/extensions.json"), &full[..200]);
    // b: no extensions.json but add-on files in extensions/.
    write(
        &root
            .dir
            .join("b.work/extensions/uBlock0@raymondhill.net.xpi"),
        b"PK\x03\x04",
    );
    // c: never started: nothing to look at.
    let r = run(&f, "linux");
    let a = for_profile(&r, "firefox", "a.default");
    assert_eq!(a["status"], "unknown", "{a}");
    assert!(
        text(&a["evidence"]["error"]).contains("not valid JSON"),
        "{a}"
    );
    let b = for_profile(&r, "firefox", "b.work");
    assert_eq!(b["status"], "unknown", "{b}");
    assert!(
        text(&b["evidence"]["error"]).contains("1 add-on file"),
        "{b}"
    );
    let c = for_profile(&r, "firefox", "c.new");
    assert_eq!(c["status"], "skip", "{c}");
}

// ---------------------------------------------------------------------------------------------
// Safari (macOS layout)

fn appex_info(id: &str, name: &str, point: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDisplayName</key>
	<string>{name}</string>
	<key>CFBundleIdentifier</key>
	<string>{id}</string>
	<key>CFBundleShortVersionString</key>
	<string>1.4.2</string>
	<key>CFBundleVersion</key>
	<string>142</string>
	<key>NSExtension</key>
	<dict>
		<key>NSExtensionPointIdentifier</key>
		<string>{point}</string>
		<key>NSExtensionPrincipalClass</key>
		<string>$(PRODUCT_MODULE_NAME).SafariWebExtensionHandler</string>
	</dict>
</dict>
</plist>
"#
    )
}

#[test]
fn safari_app_extensions_with_their_enablement() {
    let f = Fixture::new();
    f.write_root(
        "/Applications/Safari.app/Contents/Info.plist",
        common::info_plist("18.1"),
    );
    f.write_root(
        "/Applications/uBlock Origin Lite.app/Contents/PlugIns/uBlock Origin Lite Extension.appex/Contents/Info.plist",
        appex_info("net.raymondhill.uBOLite.Extension", "uBlock Origin Lite", "com.apple.Safari.web-extension"),
    );
    f.write_root(
        "/Applications/Notes Helper.app/Contents/PlugIns/Share.appex/Contents/Info.plist",
        appex_info(
            "com.example.notes.Share",
            "Share to Notes",
            "com.apple.share-services",
        ),
    );
    f.write_root(
        "/Applications/Dark Mode.app/Contents/PlugIns/Dark.appex/Contents/Info.plist",
        appex_info(
            "com.example.dark.Extension",
            "Dark Mode for Safari",
            "com.apple.Safari.extension",
        ),
    );
    let mut state = plist::Dictionary::new();
    let mut on = plist::Dictionary::new();
    on.insert("Enabled".into(), plist::Value::Boolean(true));
    on.insert("AddedDate".into(), plist::Value::Real(784_000_000.0));
    state.insert(
        "net.raymondhill.uBOLite.Extension (2VGDV8S9KR)".into(),
        plist::Value::Dictionary(on),
    );
    let mut bytes = Vec::new();
    plist::Value::Dictionary(state)
        .to_writer_binary(&mut bytes)
        .unwrap();
    f.write(
        "Library/Containers/com.apple.Safari/Data/Library/Safari/WebExtensions/Extensions.plist",
        bytes,
    );
    let r = run(&f, "macos");
    let res = for_profile(&r, "safari", "Default");
    assert_eq!(res["status"], "warn", "{res}");
    let x = finding(res, "interfering", "net.raymondhill.uBOLite.Extension");
    assert_eq!(x["matched_by"], "name");
    assert_eq!(x["installed"], "app");
    let all = res["evidence"]["extensions"].to_string();
    assert!(all.contains("Dark Mode for Safari 1.4.2"), "{all}");
    assert!(all.contains("off"), "{all}");
    assert!(!all.contains("Share to Notes"), "{all}");
    assert!(
        text(&res["fix"]).contains("Safari › Settings › Extensions"),
        "{res}"
    );
}

// ---------------------------------------------------------------------------------------------
// Output and safety

#[test]
fn verbose_text_lists_every_extension_found() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    let a = install_packed(
        &profile,
        OTHER1,
        &manifest("Dark Reader", "4.9.110", None),
        &[],
    );
    let b = install_packed(
        &profile,
        OTHER2,
        &manifest("__MSG_n__", "1.0", Some("en")),
        &[("en", json!({"n": {"message": "Grammar Helper"}}))],
    );
    write(
        &profile.join("Preferences"),
        prefs_file(
            "settings",
            json!({OTHER1: cr_entry(1, &a, true), OTHER2: with(cr_entry(1, &b, true), json!({"disable_reasons": [1]})), PDF: pdf_viewer()}),
        ),
    );
    let out = |verbose: bool| {
        let mut cmd = f.cmd("linux");
        cmd.args(["--offline", "--only", ID, "--color", "never"]);
        if verbose {
            cmd.arg("-v");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let quiet = out(false);
    assert!(quiet.contains("Checks passed: Extensions (1)"), "{quiet}");
    assert!(!quiet.contains("Dark Reader"), "{quiet}");
    let verbose = out(true);
    for needle in [
        "Dark Reader 4.9.110 · aaaabbbbccccddddeeeeffffgggghhhh · on · installed from the store",
        "Grammar Helper 1.0 · iiiijjjjkkkkllllmmmmnnnnoooopppp · off (user_action)",
        "Chromium PDF Viewer 1 · mhjfbmdgcfjbbpaeojofohoefgiehjai · on · built in",
    ] {
        assert!(verbose.contains(needle), "{needle} not in\n{verbose}");
    }
}

/// Every file under a folder, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn browser_files_are_never_written() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    let profile = c.dir.join("Default");
    let rel = install_packed(
        &profile,
        UBO,
        &manifest("uBlock Origin", "1.67.0", None),
        &[],
    );
    write(
        &profile.join("Preferences"),
        prefs_file("settings", json!({UBO: cr_entry(1, &rel, true)})),
    );
    firefox_profile(
        &f,
        vec![ff_addon(
            "uBlock0@raymondhill.net",
            "uBlock Origin",
            "1.67.0",
            "app-profile",
            json!({}),
        )],
        &[],
    );
    let before = snapshot(f.dir.path());
    let r = run(&f, "linux");
    assert_eq!(results(&r, ID).len(), 2);
    assert_eq!(before, snapshot(f.dir.path()));
}

#[test]
fn output_paths_are_shown_relative_to_home() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    write(&c.dir.join("Default/Preferences"), "{\"extensions\": ");
    let (r, _) = f.report("linux", &["--offline", "--only", ID]);
    let home = f.home().to_string_lossy().into_owned();
    assert!(!r.to_string().contains(&home), "{r}");
    assert_eq!(
        for_profile(&r, "chrome", "Default")["evidence"]["profile_path"],
        "~/.config/google-chrome/Default"
    );
}

#[test]
fn every_catalogued_id_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data: Value =
        serde_json::from_slice(&std::fs::read(root.join("data/extensions.json")).unwrap()).unwrap();
    let doc = std::fs::read_to_string(root.join("docs/extensions.md")).unwrap();
    let mut n = 0;
    for e in data["extensions"].as_array().unwrap() {
        assert!(
            doc.contains(&format!("| {} |", text(&e["name"]))),
            "{}",
            e["name"]
        );
        for i in e["ids"].as_array().unwrap() {
            let id = text(&i["id"]);
            assert!(
                doc.contains(&format!("`{id}`")),
                "{id} is not in docs/extensions.md"
            );
            assert!(!text(&i["source"]).trim().is_empty(), "{id} has no source");
            n += 1;
        }
    }
    assert!(n >= 100, "{n}");
}
