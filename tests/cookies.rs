//! The cookie checks on databases built in the browsers' real schemas (Chromium 12 and 20–24,
//! Firefox 14 and 17, Safari binarycookies): each check's pass, warn and fail; databases held
//! open by a "running browser"; files left byte-identical; bad input; and no value ever shown.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Fixture, result_for, results};
use login_check::fixtures::{
    CHROMIUM_SCHEMAS, FixtureCookie, write_chromium_cookies, write_firefox_cookies,
};
use serde_json::Value;

const NOW: i64 = 1_795_521_600; // 2026-11-24T12:00:00Z = common::NOW
const DAY: i64 = 86_400;
const CANARY: &str = "CANARY-cookie-value-7f3a9";

fn ck(host: &str, name: &str) -> FixtureCookie {
    FixtureCookie::new(host, name, CANARY, NOW)
}

fn sized(host: &str, name: &str, value_len: usize) -> FixtureCookie {
    let mut c = ck(host, name);
    c.value = format!(
        "{CANARY}{}",
        "x".repeat(value_len.saturating_sub(CANARY.len()))
    );
    c
}

/// A profile of `browser` (Linux layout) with a Chromium cookie DB of `schema`.
fn chromium_profile(f: &Fixture, dir: &str, schema: i64, cookies: &[FixtureCookie]) -> PathBuf {
    let ch = f.chromium(dir);
    ch.profile("Default");
    let db = ch.dir.join("Default").join("Cookies");
    write_chromium_cookies(&db, schema, cookies).unwrap();
    db
}

fn firefox_profile(f: &Fixture, schema: i64, cookies: &[FixtureCookie]) -> PathBuf {
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=p1.default-release\nDefault=1\n",
    )
    .profile("p1.default-release", Some("161.0"));
    let db = ff.dir.join("p1.default-release").join("cookies.sqlite");
    drop(write_firefox_cookies(&db, schema, cookies).unwrap());
    db
}

fn status(r: &Value, id: &str, browser: &str) -> String {
    result_for(r, id, browser)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Each check's three outcomes on one schema: a clean profile passes everything; a dirty one
/// warns or fails each check.
fn check_all_outcomes_for_chromium_schema(schema: i64) {
    // Clean: recent, unique, small.
    let clean = Fixture::new();
    chromium_profile(
        &clean,
        ".config/google-chrome",
        schema,
        &[
            ck(".openai.com", "oai-did"),
            ck("chatgpt.com", "__cf_bm"),
            ck("example.com", "other"),
        ],
    );
    let (r, _) = clean.report("linux", &["--offline", "--only", "cookies"]);
    for id in [
        "cookies.expired",
        "cookies.stale",
        "cookies.conflict",
        "cookies.oversize",
    ] {
        assert_eq!(
            status(&r, id, "chrome"),
            "pass",
            "schema {schema} {id}: {}",
            result_for(&r, id, "chrome")
        );
    }
    assert_eq!(
        result_for(&r, "cookies.expired", "chrome")["evidence"]["login_cookies"],
        2,
        "example.com is not a login site"
    );
    assert_eq!(
        result_for(&r, "cookies.expired", "chrome")["subject"]["profile"],
        "Default"
    );

    // Dirty: an expired cookie, a stale one, auth0 at two domain levels, and a 9 KB header.
    let dirty = Fixture::new();
    let mut expired = ck(".openai.com", "old");
    expired.expires = Some(NOW - 3 * DAY);
    let mut unused = ck("platform.openai.com", "_platform_session");
    unused.last_access = NOW - 45 * DAY;
    let chunks: Vec<FixtureCookie> = (0..3)
        .map(|i| {
            sized(
                ".chatgpt.com",
                &format!("__Secure-next-auth.session-token.{i}"),
                3000,
            )
        })
        .collect();
    let mut cookies = vec![
        expired,
        unused,
        ck(".openai.com", "auth0"),
        ck("auth.openai.com", "auth0"),
    ];
    cookies.extend(chunks);
    chromium_profile(&dirty, ".config/google-chrome", schema, &cookies);
    let (r, code) = dirty.report("linux", &["--offline", "--only", "cookies"]);
    assert_eq!(code, 1);
    assert_eq!(status(&r, "cookies.expired", "chrome"), "warn");
    assert_eq!(
        result_for(&r, "cookies.expired", "chrome")["evidence"]["expired"][0]["name"],
        "old"
    );
    assert_eq!(
        result_for(&r, "cookies.expired", "chrome")["evidence"]["expired"][0]["expired_days_ago"],
        3
    );
    assert_eq!(status(&r, "cookies.stale", "chrome"), "warn");
    assert_eq!(
        result_for(&r, "cookies.stale", "chrome")["evidence"]["stale"][0]["unused_days"],
        45
    );
    assert_eq!(status(&r, "cookies.conflict", "chrome"), "fail");
    let conflict = &result_for(&r, "cookies.conflict", "chrome")["evidence"]["conflicts"][0];
    assert_eq!(conflict["name"], "auth0");
    assert_eq!(conflict["host"], "auth.openai.com");
    assert_eq!(status(&r, "cookies.oversize", "chrome"), "fail");
    let over = &result_for(&r, "cookies.oversize", "chrome")["evidence"];
    assert_eq!(over["worst_host"], "chatgpt.com");
    assert_eq!(over["session_token_chunks"], 3);
    assert!(over["header_bytes"].as_u64().unwrap() >= 9000);
    let fix = result_for(&r, "cookies.oversize", "chrome")["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        fix.contains("chrome://settings/content/all") && fix.contains("profile Default"),
        "{fix}"
    );
}

#[test]
fn chromium_schema_24() {
    check_all_outcomes_for_chromium_schema(24);
}
#[test]
fn chromium_schema_23() {
    check_all_outcomes_for_chromium_schema(23);
}
#[test]
fn chromium_schema_22() {
    check_all_outcomes_for_chromium_schema(22);
}
#[test]
fn chromium_schema_21() {
    check_all_outcomes_for_chromium_schema(21);
}
#[test]
fn chromium_schema_20() {
    check_all_outcomes_for_chromium_schema(20);
}
#[test]
fn chromium_schema_12() {
    check_all_outcomes_for_chromium_schema(12);
    assert!(CHROMIUM_SCHEMAS.contains(&12));
}

#[test]
fn oversize_warns_between_six_and_eight_kilobytes() {
    let f = Fixture::new();
    chromium_profile(
        &f,
        ".config/google-chrome",
        24,
        &[
            sized(".chatgpt.com", "a", 3500),
            sized("chatgpt.com", "b", 3300),
        ],
    );
    let (r, _) = f.report("linux", &["--offline", "--only", "cookies.oversize"]);
    assert_eq!(
        status(&r, "cookies.oversize", "chrome"),
        "warn",
        "{}",
        result_for(&r, "cookies.oversize", "chrome")
    );
}

#[test]
fn a_session_token_older_than_the_sites_lifetime_is_stale() {
    let f = Fixture::new();
    let mut token = ck(".chatgpt.com", "__Secure-next-auth.session-token");
    token.created = NOW - 40 * DAY;
    chromium_profile(&f, ".config/google-chrome", 24, &[token]);
    let (r, _) = f.report("linux", &["--offline", "--only", "cookies.stale"]);
    let s = result_for(&r, "cookies.stale", "chrome");
    assert_eq!(s["status"], "warn");
    assert_eq!(s["evidence"]["stale"][0]["session_age_days"], 40);
    assert_eq!(s["evidence"]["stale"][0]["session_lifetime_days"], 30);
    assert_eq!(s["evidence"]["threshold_days"], 30);
}

#[test]
fn encrypted_values_are_sized_without_decrypting() {
    let f = Fixture::new();
    // Windows layout: Network/Cookies, v20 app-bound (GCM) values of 5000 plaintext bytes after
    // the schema-24 domain hash: 3 + 12 + 32 + 5000 + 16 bytes each.
    let ch = f.chromium("AppData/Local/Google/Chrome/User Data");
    ch.profile("Default");
    let mut cookies = Vec::new();
    for name in ["a", "b"] {
        let mut c = ck(".chatgpt.com", name);
        c.value = String::new();
        let mut blob = b"v20".to_vec();
        blob.extend(std::iter::repeat_n(0xA5u8, 12 + 32 + 5000 + 16));
        c.encrypted = blob;
        cookies.push(c);
    }
    let db = ch.dir.join("Default").join("Network").join("Cookies");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    write_chromium_cookies(&db, 24, &cookies).unwrap();
    let (r, _) = f.report("windows", &["--offline", "--only", "cookies.oversize"]);
    let o = result_for(&r, "cookies.oversize", "chrome");
    assert_eq!(o["status"], "fail");
    assert_eq!(o["evidence"]["header_bytes"], (1 + 1 + 5000) * 2 + 2);
    assert!(
        o["evidence"]["estimated"]
            .as_str()
            .unwrap()
            .contains("without decrypting")
    );
    assert_eq!(
        o["evidence"]["source"],
        "~/AppData/Local/Google/Chrome/User Data/Default/Network/Cookies"
    );
    assert!(o["title"].as_str().unwrap().contains("about"));
}

#[test]
fn firefox_expiry_is_seconds_in_schema_14_and_milliseconds_in_17() {
    for schema in [14, 17] {
        let f = Fixture::new();
        let future = ck(".openai.com", "future");
        let mut past = ck("chatgpt.com", "past");
        past.expires = Some(NOW - 2 * DAY);
        firefox_profile(&f, schema, &[future, past]);
        let (r, _) = f.report("linux", &["--offline", "--only", "cookies.expired"]);
        let e = result_for(&r, "cookies.expired", "firefox");
        assert_eq!(e["status"], "warn", "schema {schema}: {e}");
        let names: Vec<&str> = e["evidence"]["expired"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["past"], "schema {schema}");
        assert_eq!(
            e["evidence"]["format"],
            format!("Firefox cookies, schema {schema}")
        );
    }
}

#[test]
fn firefox_containers_hold_separate_copies() {
    let f = Fixture::new();
    let mut c2 = ck("chatgpt.com", "__Secure-next-auth.session-token");
    c2.partition = "^userContextId=2".into();
    firefox_profile(
        &f,
        17,
        &[ck("chatgpt.com", "__Secure-next-auth.session-token"), c2],
    );
    let (r, code) = f.report("linux", &["--offline", "--only", "cookies.conflict"]);
    let c = result_for(&r, "cookies.conflict", "firefox");
    assert_eq!(c["status"], "warn", "{c}");
    assert_eq!(c["evidence"]["conflicts"][0]["sent_together"], false);
    assert_eq!(code, 0);
}

#[test]
fn safari_binarycookies_on_macos() {
    let f = Fixture::new();
    let file = login_check::formats::binarycookies::write(&[
        (
            ".openai.com",
            "auth0",
            "/",
            CANARY,
            (NOW + 10 * DAY) as f64,
            (NOW - DAY) as f64,
        ),
        (
            "auth.openai.com",
            "auth0",
            "/",
            CANARY,
            (NOW + 10 * DAY) as f64,
            (NOW - DAY) as f64,
        ),
        (
            ".chatgpt.com",
            "old",
            "/",
            CANARY,
            (NOW - DAY) as f64,
            (NOW - 9 * DAY) as f64,
        ),
        (
            "example.com",
            "x",
            "/",
            "y",
            (NOW + DAY) as f64,
            (NOW - DAY) as f64,
        ),
    ]);
    f.write(
        "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
        file,
    );
    let (r, _) = f.report("macos", &["--offline", "--only", "cookies"]);
    assert_eq!(status(&r, "cookies.expired", "safari"), "warn");
    assert_eq!(status(&r, "cookies.conflict", "safari"), "fail");
    assert_eq!(status(&r, "cookies.oversize", "safari"), "pass");
    assert_eq!(status(&r, "cookies.stale", "safari"), "pass");
    assert_eq!(
        result_for(&r, "cookies.expired", "safari")["evidence"]["login_cookies"],
        3
    );
    assert!(
        result_for(&r, "cookies.stale", "safari")["evidence"]["notes"][0]
            .as_str()
            .unwrap()
            .contains("last used")
    );
}

#[test]
fn no_login_cookies_anywhere_is_one_skip_per_check() {
    let f = Fixture::new();
    chromium_profile(&f, ".config/google-chrome", 24, &[ck("example.com", "x")]);
    let (r, code) = f.report("linux", &["--offline", "--only", "cookies"]);
    for id in [
        "cookies.expired",
        "cookies.stale",
        "cookies.conflict",
        "cookies.oversize",
    ] {
        let rs = results(&r, id);
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0]["status"], "skip");
        assert!(rs[0]["subject"].is_null());
    }
    assert_eq!(code, 0);
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.clone(),
                    (std::fs::read(&p).unwrap_or_default(), m.modified().unwrap()),
                );
            }
        }
    }
    out
}

#[test]
fn a_database_held_by_a_running_browser_is_read_and_left_as_it_was() {
    let f = Fixture::new();
    // Chromium: a writer inside a transaction (as during a flush).
    let cdb = chromium_profile(
        &f,
        ".config/google-chrome",
        24,
        &[ck(".openai.com", "auth0"), ck("auth.openai.com", "auth0")],
    );
    let chrome_writer = rusqlite::Connection::open(&cdb).unwrap();
    chrome_writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE cookies SET last_access_utc = last_access_utc + 1;")
        .unwrap();
    // Firefox: WAL mode, recent writes only in cookies.sqlite-wal, writer still open.
    let fdb = firefox_profile(&f, 17, &[ck(".openai.com", "first")]);
    let ff_writer = rusqlite::Connection::open(&fdb).unwrap();
    ff_writer
        .pragma_update(None, "journal_mode", "WAL")
        .unwrap();
    ff_writer
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    ff_writer
        .execute(
            "INSERT INTO moz_cookies(originAttributes, name, value, host, path, expiry, lastAccessed, creationTime) VALUES ('', 'recent', ?1, '.chatgpt.com', '/', ?2, ?3, ?3)",
            rusqlite::params![CANARY, (NOW - DAY) * 1000, (NOW - 2 * DAY) * 1_000_000],
        )
        .unwrap();
    assert!(fdb.with_file_name("cookies.sqlite-wal").exists());

    let before = snapshot(&f.home());
    let (r, _) = f.report("linux", &["--offline", "--only", "cookies"]);
    assert_eq!(status(&r, "cookies.conflict", "chrome"), "fail");
    let e = result_for(&r, "cookies.expired", "firefox");
    assert_eq!(e["status"], "warn", "the WAL-only cookie is seen: {e}");
    assert_eq!(e["evidence"]["expired"][0]["name"], "recent");
    assert_eq!(e["evidence"]["read_from_copy"], true);
    let after = snapshot(&f.home());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file created or removed"
    );
    for (p, (bytes, mtime)) in &before {
        assert_eq!(&after[p].0, bytes, "{} changed", p.display());
        assert_eq!(&after[p].1, mtime, "{} touched", p.display());
    }
    // The "browsers" still write.
    chrome_writer.execute_batch("COMMIT").unwrap();
    ff_writer
        .execute("DELETE FROM moz_cookies WHERE name = 'first'", [])
        .unwrap();
}

#[test]
fn bad_databases_are_unknown_for_their_profile_only() {
    let f = Fixture::new();
    let ch = f.chromium(".config/google-chrome");
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("Default", Vec::new()),
        ("Profile 1", b"SQLite format 3\0".to_vec()),
        ("Profile 2", vec![0x5a; 8192]),
        ("Profile 3", {
            let t = f.dir.path().join("wrong.sqlite");
            let c = rusqlite::Connection::open(&t).unwrap();
            c.execute_batch("CREATE TABLE unrelated(a); INSERT INTO unrelated VALUES (1);")
                .unwrap();
            drop(c);
            std::fs::read(&t).unwrap()
        }),
        ("Profile 4", {
            let t = f.dir.path().join("future.sqlite");
            let c = rusqlite::Connection::open(&t).unwrap();
            c.execute_batch("CREATE TABLE meta(key, value); INSERT INTO meta VALUES ('version', '99'); CREATE TABLE cookies(domain TEXT, label TEXT);").unwrap();
            drop(c);
            std::fs::read(&t).unwrap()
        }),
        ("Profile 5", {
            let t = f.dir.path().join("trunc.sqlite");
            write_chromium_cookies(&t, 24, &[ck(".openai.com", "a")]).unwrap();
            let b = std::fs::read(&t).unwrap();
            b[..b.len() / 2].to_vec()
        }),
    ];
    for (p, bytes) in &bad {
        ch.profile(p);
        std::fs::write(ch.dir.join(p).join("Cookies"), bytes).unwrap();
    }
    // A healthy profile beside them.
    ch.profile("Profile 6");
    write_chromium_cookies(
        &ch.dir.join("Profile 6").join("Cookies"),
        24,
        &[ck(".openai.com", "ok")],
    )
    .unwrap();
    let (r, _) = f.report("linux", &["--offline", "--only", "cookies.expired"]);
    let by_profile: BTreeMap<String, (String, String)> = results(&r, "cookies.expired")
        .iter()
        .map(|x| {
            (
                x["subject"]["profile"].as_str().unwrap().to_string(),
                (
                    x["status"].as_str().unwrap().to_string(),
                    x["detail"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    for (p, _) in &bad {
        let (st, detail) = &by_profile[*p];
        assert_eq!(st, "unknown", "{p}: {detail}");
        assert!(
            detail.contains(&format!("~/.config/google-chrome/{p}/Cookies")),
            "{p}: {detail}"
        );
    }
    assert!(by_profile["Default"].1.contains("empty"));
    assert!(by_profile["Profile 2"].1.contains("no SQLite header"));
    assert!(by_profile["Profile 3"].1.contains("no `cookies` table"));
    assert!(by_profile["Profile 4"].1.contains("unknown schema"));
    assert_eq!(by_profile["Profile 6"].0, "pass");
}

#[test]
fn cookie_values_never_reach_any_output() {
    let f = Fixture::new();
    let mut cookies = vec![ck(".openai.com", "auth0"), ck("auth.openai.com", "auth0")];
    cookies.extend((0..3).map(|i| {
        sized(
            ".chatgpt.com",
            &format!("__Secure-next-auth.session-token.{i}"),
            3000,
        )
    }));
    chromium_profile(&f, ".config/google-chrome", 24, &cookies);
    firefox_profile(&f, 17, &cookies);
    for format in ["text", "json", "markdown"] {
        for verbose in [false, true] {
            let mut c = f.cmd("linux");
            c.args(["--offline", "--format", format]);
            if verbose {
                c.arg("-v");
            }
            let out = c.output().unwrap();
            let all = [out.stdout, out.stderr].concat();
            let text = String::from_utf8_lossy(&all);
            assert!(
                !text.contains("CANARY"),
                "{format} verbose={verbose} leaked a value"
            );
            assert!(
                text.contains("auth0"),
                "{format}: the report does name the cookies"
            );
        }
    }
}

#[test]
fn chatgpt_apps_cookies_are_read_like_a_profile() {
    // Windows: the Store app's Electron user-data folder is the profile; cookies in Network/.
    let f = Fixture::new();
    let dir =
        "AppData/Local/Packages/OpenAI.ChatGPT-Desktop_2p2nqsd0c76g0/LocalCache/Roaming/ChatGPT";
    let db = f.home().join(dir).join("Network").join("Cookies");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut old = ck(".chatgpt.com", "__Secure-next-auth.session-token");
    old.expires = Some(NOW - DAY);
    write_chromium_cookies(&db, 24, &[old, ck("chatgpt.com", "__cf_bm")]).unwrap();
    f.write(&format!("{dir}/Preferences"), "{}");
    let (r, _) = f.report("windows", &["--offline"]);
    let e = result_for(&r, "cookies.expired", "chatgpt-app");
    assert_eq!(e["status"], "warn", "{e:#}");
    assert!(
        e["title"].as_str().unwrap().starts_with("ChatGPT app"),
        "{e:#}"
    );
    let fix = e["fix"].as_str().unwrap();
    assert!(
        fix.contains("Log out") && fix.contains("Advanced options › Reset"),
        "{fix}"
    );
    assert!(!fix.contains("private window"), "{fix}");
    // Not a browser: no version, extension, settings or recommendation results for it.
    for id in [
        "browser.version",
        "extensions.interfering",
        "settings.cookies_blocked",
        "settings.private_window",
        "settings.managed",
    ] {
        assert!(
            results(&r, id)
                .iter()
                .all(|v| v["subject"]["browser"] != "chatgpt-app"),
            "{id}: {r:#}"
        );
    }
    // The app alone is no browser; the ticket lists it, marked as an app.
    for id in ["browser.recommended", "browser.installed"] {
        assert_eq!(results(&r, id)[0]["title"], "No browser found", "{id}");
    }
    let listed = &r["ticket"]["browsers"][0];
    assert_eq!(listed["browser"], "chatgpt-app", "{r:#}");
    assert_eq!(listed["app"], true);
    // The merged cause's fix keeps the app's steps.
    let text = String::from_utf8(
        f.cmd("windows")
            .args(["--offline"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("In the ChatGPT app: sign out"), "{text}");
    // Its site data is read like Chromium's.
    assert!(
        results(&r, "site_data.stale")
            .iter()
            .any(|v| v["subject"]["browser"] == "chatgpt-app"),
        "{r:#}"
    );
    assert!(!serde_json::to_string(&r).unwrap().contains(CANARY));

    // macOS: the classic app's own binarycookies file, never another app's beside it.
    let f = Fixture::new();
    let cookie = |host: &str, expires: i64| {
        (
            host.to_string(),
            "__Secure-next-auth.session-token".to_string(),
            "/".to_string(),
            CANARY.to_string(),
            expires as f64,
            (NOW - DAY) as f64,
        )
    };
    let write = |rel: &str, rows: &[(String, String, String, String, f64, f64)]| {
        let rows: Vec<(&str, &str, &str, &str, f64, f64)> = rows
            .iter()
            .map(|(a, b, c, d, e, g)| (a.as_str(), b.as_str(), c.as_str(), d.as_str(), *e, *g))
            .collect();
        f.write(rel, login_check::formats::binarycookies::write(&rows));
    };
    write(
        "Library/HTTPStorages/com.openai.chat.binarycookies",
        &[cookie(".chatgpt.com", NOW - DAY)],
    );
    // Another app's expired cookie for chatgpt.com is not the ChatGPT app's.
    write(
        "Library/HTTPStorages/com.example.other.binarycookies",
        &[
            cookie(".chatgpt.com", NOW - 2 * DAY),
            cookie(".openai.com", NOW - DAY),
        ],
    );
    let (r, _) = f.report("macos", &["--offline"]);
    let e = result_for(&r, "cookies.expired", "chatgpt-app");
    assert_eq!(e["status"], "warn", "{e:#}");
    assert_eq!(e["evidence"]["login_cookies"], 1, "{e:#}");
    assert!(
        e["fix"]
            .as_str()
            .unwrap()
            .contains("~/Library/HTTPStorages/com.openai.chat.binarycookies"),
        "{e:#}"
    );
    for id in [
        "settings.cookies_blocked",
        "settings.proxy",
        "browser.version",
    ] {
        assert!(
            results(&r, id)
                .iter()
                .all(|v| v["subject"]["browser"] != "chatgpt-app"),
            "{id}: {r:#}"
        );
    }
    assert_eq!(
        result_for(&r, "site_data.stale", "chatgpt-app")["status"],
        "skip"
    );
    // Without the file, no app is reported.
    let g = Fixture::new();
    let (r, _) = g.report("macos", &["--offline"]);
    assert!(
        results(&r, "browser.installed")
            .iter()
            .all(|v| v["subject"]["browser"] != "chatgpt-app")
    );
}
