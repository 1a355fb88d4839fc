//! Browser discovery on fixture homes in each OS's real layout, and version judgement offline
//! (release calendar) and online (a loopback HTTPS server standing in for the vendors' APIs).

mod common;

use common::https::{Response, TestCa, serve};
use common::{Fixture, info_plist, installed, result_for};
use serde_json::Value;

fn profiles(report: &Value, browser: &str) -> Vec<(String, bool)> {
    result_for(report, "browser.installed", browser)["evidence"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["default"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn ids(v: &[(String, bool)]) -> Vec<&str> {
    v.iter().map(|(id, _)| id.as_str()).collect()
}

fn default_of(v: &[(String, bool)]) -> Vec<&str> {
    v.iter()
        .filter(|(_, d)| *d)
        .map(|(id, _)| id.as_str())
        .collect()
}

#[test]
fn linux_layout_finds_every_family_channel_and_packaging() {
    let f = Fixture::new();
    let chrome = f.chromium(".config/google-chrome");
    chrome
        .local_state(
            &[
                ("Default", "Person 1"),
                ("Profile 1", "Work"),
                ("Profile 2", "Kids"),
                ("Profile 10", "Ten"),
            ],
            "Profile 2",
        )
        .profile("Default")
        .profile("Profile 1")
        .profile("Profile 10")
        .profile("System Profile")
        .profile("Guest Profile")
        .last_version("158.0.7400.1");
    // Profile 2 is listed in Local State and has a folder but no Preferences yet.
    std::fs::create_dir_all(chrome.dir.join("Profile 2")).unwrap();
    // A folder with Preferences that Local State does not list is still a profile.
    chrome.profile("Profile 7");
    f.chromium(".config/google-chrome-unstable")
        .profile("Default");
    f.chromium("snap/chromium/common/chromium")
        .profile("Default");
    f.chromium(".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser")
        .profile("Default");
    f.chromium("snap/brave/452/.config/BraveSoftware/Brave-Browser")
        .profile("Default");
    f.chromium(".config/microsoft-edge").profile("Default");
    // Opera keeps its profile in the user-data folder itself: no Default/.
    common::write(&f.home().join(".config/opera/Preferences"), "{}");
    f.chromium(".config/vivaldi").profile("Default");

    // Legacy Firefox root: relative, absolute, `..` escape, a missing folder, and an orphan.
    let elsewhere = f.home().join("data/ff-work");
    f.firefox("data").profile("ff-work", Some("161.0"));
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(&format!(
        "[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=aaaa.default-release\n\n\
         [Profile1]\nName=work\nIsRelative=0\nPath={}\nDefault=1\n\n[Profile2]\nName=evil\nIsRelative=1\nPath=../../../etc\n\n\
         [Profile3]\nName=gone\nIsRelative=1\nPath=zzzz.gone\n\n[Install4F96D1932A9F858E]\nDefault=aaaa.default-release\nLocked=1\n",
        elsewhere.display()
    ))
    .profile("aaaa.default-release", Some("161.0.2"))
    .profile("orph.old-profile", None);
    // New installs (FF147+) use the XDG folder; installs.ini names the default.
    f.firefox(".config/mozilla/firefox")
        .profiles_ini("[Profile0]\nName=default\nIsRelative=1\nPath=xdg1.default\n\n[Profile1]\nName=default-release\nIsRelative=1\nPath=xdg2.default-release\n")
        .installs_ini("[3B6073811A6ABF12]\nDefault=xdg2.default-release\nLocked=1\n")
        .profile("xdg1.default", None)
        .profile("xdg2.default-release", Some("160.0"));
    f.firefox(".librewolf")
        .profiles_ini("[Profile0]\nName=default\nIsRelative=1\nPath=lw.default\nDefault=1\n")
        .profile("lw.default", Some("161.0-1"));

    let (r, _) = f.report("linux", &["--offline"]);
    let keys = installed(&r);
    for k in [
        "chrome",
        "chrome-dev",
        "chromium-snap",
        "brave-flatpak",
        "brave-snap",
        "edge",
        "opera",
        "vivaldi",
        "firefox",
        "firefox-2",
        "librewolf",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    let chrome = profiles(&r, "chrome");
    assert_eq!(
        ids(&chrome),
        [
            "Default",
            "Profile 1",
            "Profile 2",
            "Profile 7",
            "Profile 10"
        ]
    );
    assert_eq!(
        default_of(&chrome),
        ["Profile 2"],
        "Local State's last_used"
    );
    assert_eq!(ids(&profiles(&r, "opera")), ["Default"]);

    let legacy = profiles(&r, "firefox");
    assert_eq!(
        ids(&legacy),
        ["aaaa.default-release", "ff-work", "orph.old-profile"]
    );
    assert_eq!(
        default_of(&legacy),
        ["aaaa.default-release"],
        "[Install…] Default wins over Default=1"
    );
    let legacy_result = result_for(&r, "browser.installed", "firefox");
    assert_eq!(legacy_result["status"], "warn");
    let problems = legacy_result["evidence"]["problems"].to_string();
    assert!(problems.contains("leaves the profile folder"), "{problems}");
    assert!(
        problems.contains("zzzz.gone") && problems.contains("does not exist"),
        "{problems}"
    );
    let orphan = legacy_result["evidence"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "orph.old-profile")
        .unwrap();
    assert_eq!(orphan["listed"], false);

    let xdg = profiles(&r, "firefox-2");
    assert_eq!(ids(&xdg), ["xdg1.default", "xdg2.default-release"]);
    assert_eq!(
        default_of(&xdg),
        ["xdg2.default-release"],
        "installs.ini default"
    );
    assert_eq!(
        result_for(&r, "browser.installed", "firefox-2")["evidence"]["data_dir"],
        "~/.config/mozilla/firefox"
    );

    assert_eq!(
        result_for(&r, "browser.version", "chrome")["evidence"]["found_version"],
        "158.0.7400.1"
    );
    assert_eq!(
        result_for(&r, "browser.version", "firefox")["evidence"]["found_version"],
        "161.0.2",
        "newest of the profiles"
    );
    assert_eq!(
        result_for(&r, "browser.version", "vivaldi")["status"],
        "unknown"
    );
}

#[test]
fn linux_honours_chrome_config_home_and_xdg_config_home_inside_the_home() {
    let f = Fixture::new();
    f.chromium("cch/google-chrome").profile("Default");
    f.chromium("xdg/chromium").profile("Default");
    f.firefox("xdg/mozilla/firefox")
        .profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=p.default\n")
        .profile("p.default", None);
    let out = f
        .cmd("linux")
        .args(["--offline", "--format", "json"])
        .env("CHROME_CONFIG_HOME", f.home().join("cch"))
        .env("XDG_CONFIG_HOME", f.home().join("xdg"))
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = installed(&r);
    assert!(
        keys.contains(&"chrome".to_string())
            && keys.contains(&"chromium".to_string())
            && keys.contains(&"firefox".to_string()),
        "{keys:?}"
    );
    assert_eq!(
        result_for(&r, "browser.installed", "chrome")["evidence"]["data_dir"],
        "~/cch/google-chrome"
    );

    // Variables pointing outside --home are ignored, so a fixture is never mixed with real data.
    let other = Fixture::new();
    other.chromium("xdg/chromium").profile("Default");
    let out = f
        .cmd("linux")
        .args(["--offline", "--format", "json"])
        .env("XDG_CONFIG_HOME", other.home().join("xdg"))
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!installed(&r).contains(&"chromium".to_string()));
}

#[test]
fn macos_layout_finds_application_support_profiles_and_safari() {
    let f = Fixture::new();
    f.chromium("Library/Application Support/Google/Chrome")
        .local_state(&[("Default", "Me")], "Default")
        .profile("Default")
        .last_version("157.0.7390.1");
    f.chromium("Library/Application Support/Google/Chrome Canary")
        .profile("Default");
    f.chromium("Library/Application Support/Microsoft Edge Beta")
        .profile("Default");
    common::write(
        &f.home()
            .join("Library/Application Support/com.operasoftware.OperaGX/Preferences"),
        "{}",
    );
    f.firefox("Library/Application Support/Firefox")
        .profiles_ini("[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/mac1.default-release\nDefault=1\n")
        .profile("Profiles/mac1.default-release", Some("161.0"));
    f.write(
        "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
        b"cook\0\0\0\0",
    );
    std::fs::create_dir_all(f.home().join("Library/Containers/com.apple.Safari/Data/Library/WebKit/WebsiteDataStore/5a2c1d9e-0000-4000-8000-000000000001")).unwrap();
    f.write_root(
        "/Applications/Safari.app/Contents/Info.plist",
        info_plist("26.1"),
    );
    f.write_root(
        "/Applications/Google Chrome Canary.app/Contents/Info.plist",
        info_plist("160.0.7500.0"),
    );

    let (r, _) = f.report("macos", &["--offline"]);
    let keys = installed(&r);
    for k in [
        "chrome",
        "chrome-canary",
        "edge-beta",
        "opera-gx",
        "firefox",
        "safari",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    assert_eq!(ids(&profiles(&r, "firefox")), ["mac1.default-release"]);
    assert_eq!(
        ids(&profiles(&r, "safari")),
        ["Default", "5a2c1d9e-0000-4000-8000-000000000001"]
    );
    let safari = result_for(&r, "browser.version", "safari");
    assert_eq!(safari["evidence"]["found_version"], "26.1");
    assert_eq!(safari["status"], "pass");
    let canary = result_for(&r, "browser.version", "chrome-canary");
    assert_eq!(
        canary["evidence"]["found_source"],
        "/Applications/Google Chrome Canary.app/Contents/Info.plist"
    );
    // Safari is only looked for on macOS.
    let (linux, _) = f.report("linux", &["--offline"]);
    assert!(!installed(&linux).contains(&"safari".to_string()));
}

#[test]
fn windows_layout_finds_local_and_roaming_folders_and_maps_drive_paths_under_root() {
    let f = Fixture::new();
    f.chromium("AppData/Local/Google/Chrome/User Data")
        .local_state(&[("Default", "Person 1"), ("Profile 3", "Work")], "Default")
        .profile("Default")
        .profile("Profile 3")
        .last_version("158.0.7400.1");
    f.chromium("AppData/Local/Google/Chrome SxS/User Data")
        .profile("Default");
    f.chromium("AppData/Local/Microsoft/Edge/User Data")
        .profile("Default")
        .last_version("158.0.3100.1");
    common::write(
        &f.home()
            .join("AppData/Roaming/Opera Software/Opera Stable/Secure Preferences"),
        "{}",
    );
    // profiles.ini with an absolute Windows path: read from the same disk under --root.
    let abs = r"C:\Users\bob\AppData\Roaming\Mozilla\Firefox\Profiles\win1.default-release";
    f.firefox("AppData/Roaming/Mozilla/Firefox")
        .profiles_ini(&format!(
            "[Profile0]\nName=default-release\nIsRelative=0\nPath={abs}\nDefault=1\n"
        ));
    let mapped = f
        .root()
        .join("Users/bob/AppData/Roaming/Mozilla/Firefox/Profiles/win1.default-release");
    common::write(&mapped.join("prefs.js"), "");
    common::write(
        &mapped.join("compatibility.ini"),
        "[Compatibility]\nLastVersion=161.0_20261110000000/20261110000000\n",
    );
    f.firefox(
        "AppData/Local/Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox",
    )
    .profiles_ini(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/store.default-release\n",
    )
    .profile("Profiles/store.default-release", Some("159.0"));

    let (r, _) = f.report("windows", &["--offline"]);
    let keys = installed(&r);
    for k in [
        "chrome",
        "chrome-canary",
        "edge",
        "opera",
        "firefox",
        "firefox-store",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    assert_eq!(ids(&profiles(&r, "chrome")), ["Default", "Profile 3"]);
    assert_eq!(ids(&profiles(&r, "opera")), ["Default"]);
    assert_eq!(ids(&profiles(&r, "firefox")), ["win1.default-release"]);
    assert_eq!(
        result_for(&r, "browser.version", "firefox")["evidence"]["found_version"],
        "161.0"
    );
    assert_eq!(
        result_for(&r, "browser.version", "firefox-store")["evidence"]["found_version"],
        "159.0"
    );
    assert_eq!(
        result_for(&r, "browser.installed", "opera")["evidence"]["data_dir"],
        "~/AppData/Roaming/Opera Software/Opera Stable"
    );
}

#[test]
fn recommended_warns_without_chrome_or_edge_and_notes_firefox_only() {
    let f = Fixture::new();
    f.firefox(".mozilla/firefox")
        .profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=a.default\n")
        .profile("a.default", Some("161.0"));
    let (r, _) = f.report("linux", &["--offline", "--only", "browser.recommended"]);
    let rec = &r["checks"][0];
    assert_eq!(rec["status"], "warn");
    assert_eq!(rec["evidence"]["firefox_only"], true);
    assert!(
        rec["detail"]
            .as_str()
            .unwrap()
            .contains("non-Firefox incognito window")
    );

    f.chromium(".config/chromium").profile("Default");
    let (r, _) = f.report("linux", &["--offline", "--only", "browser.recommended"]);
    assert_eq!(r["checks"][0]["status"], "warn");
    assert_eq!(r["checks"][0]["evidence"]["firefox_only"], false);

    f.chromium(".config/microsoft-edge").profile("Default");
    let (r, _) = f.report("linux", &["--offline", "--only", "browser.recommended"]);
    assert_eq!(r["checks"][0]["status"], "pass");

    let empty = Fixture::new();
    let (r, code) = empty.report("linux", &["--offline"]);
    let browser_checks: Vec<&Value> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["category"] == "browsers")
        .collect();
    assert_eq!(browser_checks.len(), 3);
    assert!(
        browser_checks
            .iter()
            .all(|c| c["status"] == "warn" && c["title"] == "No browser found")
    );
    assert_eq!(code, 0);
}

#[test]
fn offline_estimate_follows_the_calendar_before_and_after_the_cadence_change() {
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .profile("Default")
        .last_version("150.0.7200.1");
    f.firefox(".mozilla/firefox")
        .profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=a.default\n")
        .profile("a.default", Some("152.0"));
    let at = |now: &str| {
        let out = f
            .cmd("linux")
            .env("LOGIN_CHECK_NOW", now)
            .args(["--offline", "--format", "json", "--only", "browser.version"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    // 2026-08-01: 4-week era, Chrome 152 current, Firefox 153: both within 2.
    let before = at("2026-08-01T12:00:00Z");
    assert_eq!(
        result_for(&before, "browser.version", "chrome")["evidence"]["current_major"],
        152
    );
    assert_eq!(
        result_for(&before, "browser.version", "chrome")["status"],
        "pass"
    );
    assert_eq!(
        result_for(&before, "browser.version", "firefox")["evidence"]["current_major"],
        153
    );
    assert_eq!(
        result_for(&before, "browser.version", "firefox")["status"],
        "pass"
    );
    // 2026-10-06: 2-week era, Chrome 155 (5 ahead of 150: fail), Firefox 157 (5 ahead of 152: fail).
    let after = at("2026-10-06T12:00:00Z");
    assert_eq!(
        result_for(&after, "browser.version", "chrome")["evidence"]["current_major"],
        155
    );
    assert_eq!(
        result_for(&after, "browser.version", "chrome")["status"],
        "fail"
    );
    assert_eq!(
        result_for(&after, "browser.version", "firefox")["evidence"]["current_major"],
        157
    );
    assert_eq!(
        result_for(&after, "browser.version", "firefox")["status"],
        "fail"
    );
    // In between: 3–4 behind warns.
    let mid = at("2026-09-08T12:00:00Z");
    assert_eq!(
        result_for(&mid, "browser.version", "chrome")["evidence"]["majors_behind"],
        3
    );
    assert_eq!(
        result_for(&mid, "browser.version", "chrome")["status"],
        "warn"
    );
    assert_eq!(
        result_for(&mid, "browser.version", "chrome")["evidence"]["current_source"],
        "release calendar estimate"
    );
}

const HOSTS: [&str; 2] = [
    "versionhistory.googleapis.com",
    "product-details.mozilla.org",
];

fn online_fixture() -> Fixture {
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .profile("Default")
        .last_version("150.0.7200.1");
    f.firefox(".mozilla/firefox")
        .profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=a.default\n")
        .profile("a.default", Some("160.0"));
    f
}

fn vendor_apis(path: &str) -> Response {
    if path.starts_with("/v1/chrome/platforms/linux/channels/stable/versions") {
        Response::json(
            r#"{"versions":[{"name":"chrome/platforms/linux/channels/stable/versions/158.0.7400.12","version":"158.0.7400.12"},{"version":"157.0.7390.99"}],"nextPageToken":"x"}"#,
        )
    } else if path == "/1.0/firefox_versions.json" {
        Response::json(
            r#"{"LATEST_FIREFOX_VERSION":"161.0.2","FIREFOX_ESR":"153.7.0esr","FIREFOX_NIGHTLY":"163.0a1"}"#,
        )
    } else {
        Response::status(404)
    }
}

#[test]
fn online_lookup_asks_the_vendor_apis_over_https() {
    let ca = TestCa::new("login-check test CA");
    let server = serve(&ca, &HOSTS, vendor_apis);
    let f = online_fixture();
    let ca_file = ca.write_pem(f.dir.path());
    // On 2026-08-01 the calendar says 152; the API says 158, so Chrome 150 fails only online.
    let out = f
        .cmd("linux")
        .env("LOGIN_CHECK_NOW", "2026-08-01T12:00:00Z")
        .args(["--format", "json", "--only", "browser.version", "--ca-file"])
        .arg(&ca_file)
        .args(server.resolve_args(&HOSTS))
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let chrome = result_for(&r, "browser.version", "chrome");
    assert_eq!(
        chrome["evidence"]["current_source"], "versionhistory.googleapis.com",
        "{chrome}"
    );
    assert_eq!(chrome["evidence"]["current_version"], "158.0.7400.12");
    assert_eq!(chrome["evidence"]["majors_behind"], 8);
    assert_eq!(chrome["status"], "fail");
    let firefox = result_for(&r, "browser.version", "firefox");
    assert_eq!(
        firefox["evidence"]["current_source"],
        "product-details.mozilla.org"
    );
    assert_eq!(firefox["evidence"]["current_version"], "161.0.2");
    assert_eq!(firefox["status"], "pass");
}

#[test]
fn online_lookup_falls_back_to_the_estimate_and_says_why() {
    let ca = TestCa::new("login-check test CA");
    let f = online_fixture();
    let ca_file = ca.write_pem(f.dir.path());
    let run = |server: &common::https::Server, ca: Option<&std::path::Path>| {
        let mut c = f.cmd("linux");
        c.args([
            "--format",
            "json",
            "--only",
            "browser.version",
            "--timeout",
            "3",
        ])
        .args(server.resolve_args(&HOSTS));
        if let Some(ca) = ca {
            c.arg("--ca-file").arg(ca);
        }
        serde_json::from_slice::<Value>(&c.output().unwrap().stdout).unwrap()
    };
    // The APIs answer 500: the estimate is used, with the error in evidence.
    let broken = serve(&ca, &HOSTS, |_| Response::status(500));
    let r = run(&broken, Some(&ca_file));
    let chrome = result_for(&r, "browser.version", "chrome");
    assert_eq!(
        chrome["evidence"]["current_source"],
        "release calendar estimate"
    );
    assert!(
        chrome["evidence"]["lookup_error"]
            .as_str()
            .unwrap()
            .contains("HTTP 500"),
        "{chrome}"
    );
    assert_eq!(chrome["evidence"]["current_major"], 158);
    // Garbage JSON: the same.
    let garbage = serve(&ca, &HOSTS, |_| Response::json("{\"versions\": 7"));
    let chrome = result_for(&run(&garbage, Some(&ca_file)), "browser.version", "chrome").clone();
    assert!(
        chrome["evidence"]["lookup_error"]
            .as_str()
            .unwrap()
            .contains("not valid JSON"),
        "{chrome}"
    );
    // Without the test CA the certificate is not trusted: the lookup fails on TLS.
    let good = serve(&ca, &HOSTS, vendor_apis);
    let chrome = result_for(&run(&good, None), "browser.version", "chrome").clone();
    let err = chrome["evidence"]["lookup_error"].as_str().unwrap();
    assert!(
        err.contains("TLS/certificate") || err.to_lowercase().contains("certificate"),
        "{err}"
    );
    // A port nobody listens on: refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let out = f
        .cmd("linux")
        .args(["--format", "json", "--only", "browser.version", "--ca-file"])
        .arg(&ca_file)
        .args([
            "--resolve",
            &format!("versionhistory.googleapis.com:443:127.0.0.1:{port}"),
        ])
        .args([
            "--resolve",
            &format!("product-details.mozilla.org:443:127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = result_for(&r, "browser.version", "chrome")["evidence"]["lookup_error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        err.contains("refused") || err.contains("could not connect"),
        "{err}"
    );
}

/// Issue #19: the browsers people ask profile readers for, each in its documented layout on
/// every OS it ships for, named as itself (an Atlas profile is "ChatGPT Atlas", not Chromium).
#[test]
fn new_browsers_are_found_in_their_layouts_and_named_as_themselves() {
    // (os, key, name, folder under the home, family)
    let chromium: &[(&str, &str, &str, &str)] = &[
        (
            "macos",
            "atlas",
            "ChatGPT Atlas",
            "Library/Application Support/com.openai.atlas/browser-data/host",
        ),
        (
            "macos",
            "arc",
            "Arc",
            "Library/Application Support/Arc/User Data",
        ),
        (
            "windows",
            "arc",
            "Arc",
            "AppData/Local/Packages/TheBrowserCompany.Arc_ttt1ap7aakyb4/LocalCache/Local/Arc/User Data",
        ),
        (
            "macos",
            "dia",
            "Dia",
            "Library/Application Support/Dia/User Data",
        ),
        (
            "macos",
            "comet",
            "Comet",
            "Library/Application Support/Comet",
        ),
        (
            "windows",
            "comet",
            "Comet",
            "AppData/Local/Perplexity/Comet/User Data",
        ),
        ("linux", "thorium", "Thorium", ".config/thorium"),
        (
            "macos",
            "thorium",
            "Thorium",
            "Library/Application Support/Thorium",
        ),
        (
            "windows",
            "thorium",
            "Thorium",
            "AppData/Local/Thorium/User Data",
        ),
    ];
    for (os, key, name, dir) in chromium {
        let f = Fixture::new();
        f.chromium(dir)
            .local_state(&[("Default", "Me"), ("Profile 1", "Work")], "Default")
            .profile("Default")
            .profile("Profile 1");
        let (r, _) = f.report(os, &["--offline"]);
        assert!(
            installed(&r).contains(&key.to_string()),
            "{os} {key}: {:?}",
            installed(&r)
        );
        assert_eq!(
            ids(&profiles(&r, key)),
            ["Default", "Profile 1"],
            "{os} {key}"
        );
        let res = result_for(&r, "browser.installed", key);
        assert!(
            res["title"].as_str().unwrap().contains(name),
            "{os} {key}: {res:#}"
        );
        // Its settings are judged like any Chromium profile's, under its own name.
        let s = common::results(&r, "settings.cookies_blocked")
            .into_iter()
            .find(|x| x["subject"]["browser"] == *key)
            .unwrap_or_else(|| panic!("{os} {key}"));
        assert!(
            s["title"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name} › ")),
            "{s:#}"
        );
    }
    // (os, key, name, profile root under the home)
    let firefox: &[(&str, &str, &str, &str)] = &[
        ("linux", "zen", "Zen", ".config/zen"),
        ("linux", "zen", "Zen", ".zen"),
        (
            "linux",
            "zen-flatpak",
            "Zen",
            ".var/app/app.zen_browser.zen/.zen",
        ),
        ("macos", "zen", "Zen", "Library/Application Support/zen"),
        ("windows", "zen", "Zen", "AppData/Roaming/zen"),
        ("linux", "floorp", "Floorp", ".floorp"),
        (
            "linux",
            "floorp-flatpak",
            "Floorp",
            ".var/app/one.ablaze.floorp/.floorp",
        ),
        (
            "macos",
            "floorp",
            "Floorp",
            "Library/Application Support/Floorp",
        ),
        ("windows", "floorp", "Floorp", "AppData/Roaming/Floorp"),
    ];
    for (os, key, name, root) in firefox {
        let f = Fixture::new();
        f.firefox(root)
            .profiles_ini("[Profile0]\nName=Default (release)\nIsRelative=1\nPath=Profiles/ab12.Default (release)\nDefault=1\n")
            .profile("Profiles/ab12.Default (release)", Some("1.17.2b"));
        let (r, _) = f.report(os, &["--offline"]);
        assert!(
            installed(&r).contains(&key.to_string()),
            "{os} {key}: {:?}",
            installed(&r)
        );
        assert_eq!(
            ids(&profiles(&r, key)),
            ["ab12.Default (release)"],
            "{os} {key}"
        );
        let res = result_for(&r, "browser.installed", key);
        assert!(
            res["title"].as_str().unwrap().contains(name),
            "{os} {key}: {res:#}"
        );
        // Zen and Floorp number their versions their own way (Zen 1.17.2b): never judged as
        // Firefox majors.
        let v = result_for(&r, "browser.version", key);
        assert_ne!(v["status"], "fail", "{os} {key}: {v:#}");
    }
}
