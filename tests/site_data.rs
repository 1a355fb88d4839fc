//! `site_data.stale` (issue #19) on real stores in the browsers' layouts: Chromium's quota
//! database (`WebStorage/QuotaManager`, the `buckets` table of schema 10 as Chromium's own test
//! data `storage/test/data/quota_database/version_10.sql` has it) with bucket folders, the older
//! `IndexedDB/https_<host>_0.indexeddb.leveldb` folders, and Firefox's `storage/default`
//! folders and `serviceworker.txt`. File times are set relative to the fixed clock.

mod common;

use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use common::{Fixture, results};
use serde_json::Value;

/// `LOGIN_CHECK_NOW` of the fixtures, in Unix seconds (2026-11-24T12:00:00Z).
const NOW: i64 = 1_795_521_600;
/// Microseconds between 1601 and 1970 (Chromium's clock).
const DELTA_US: i64 = 11_644_473_600_000_000;

fn chromium_time(unix: i64) -> i64 {
    unix * 1_000_000 + DELTA_US
}

/// Writes a file and sets its modification time to `days` days before the fixed clock.
fn write_aged(path: &Path, bytes: &[u8], days: i64) {
    common::write(path, bytes);
    let t = UNIX_EPOCH + Duration::from_secs((NOW - days * 86_400) as u64);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// A quota database with one bucket per `(storage_key, days since last modified)`.
fn quota_db(profile: &Path, buckets: &[(&str, i64)]) {
    let dir = profile.join("WebStorage");
    std::fs::create_dir_all(&dir).unwrap();
    let conn = rusqlite::Connection::open(dir.join("QuotaManager")).unwrap();
    conn.execute_batch(
        "CREATE TABLE buckets(id INTEGER PRIMARY KEY AUTOINCREMENT, storage_key TEXT NOT NULL, host TEXT NOT NULL, type INTEGER NOT NULL, name TEXT NOT NULL, use_count INTEGER NOT NULL, last_accessed INTEGER NOT NULL, last_modified INTEGER NOT NULL, expiration INTEGER NOT NULL, quota INTEGER NOT NULL, persistent INTEGER NOT NULL, durability INTEGER NOT NULL) STRICT;
         CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
         INSERT INTO meta VALUES ('mmap_status', '-1');
         INSERT INTO meta VALUES ('last_compatible_version', '10');
         INSERT INTO meta VALUES ('version', '10');",
    )
    .unwrap();
    for (key, days) in buckets {
        let t = chromium_time(NOW - days * 86_400);
        let host = key
            .trim_start_matches("https://")
            .split(['/', '^'])
            .next()
            .unwrap();
        conn.execute(
            "INSERT INTO buckets(storage_key, host, type, name, use_count, last_accessed, last_modified, expiration, quota, persistent, durability) VALUES (?1, ?2, 0, 'default', 3, ?3, ?3, 9223372036854775807, 0, 0, 1)",
            rusqlite::params![key, host, t],
        )
        .unwrap();
        let id: i64 = conn.last_insert_rowid();
        write_aged(
            &dir.join(id.to_string())
                .join("IndexedDB/indexeddb.leveldb/000003.log"),
            &vec![0u8; 4096],
            *days,
        );
    }
}

fn one<'a>(r: &'a Value, browser: &str) -> &'a Value {
    results(r, "site_data.stale")
        .into_iter()
        .find(|x| x["subject"]["browser"] == browser)
        .unwrap_or_else(|| panic!("no site_data.stale for {browser}: {r:#}"))
}

/// A Firefox profile root with one default profile (Firefox ESR 153), and that profile's folder.
fn firefox_profile(f: &Fixture) -> std::path::PathBuf {
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=k3x9.default-release\nDefault=1\n",
    )
    .profile("k3x9.default-release", Some("153.7.0"));
    ff.dir.join("k3x9.default-release")
}

#[test]
fn chromium_quota_buckets_and_indexeddb_folders() {
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Me")], "Default")
        .profile("Default");
    let profile = c.dir.join("Default");
    // chatgpt.com's data written 45 days ago, auth.openai.com's yesterday, another site's long
    // ago (not a sign-in site: not reported), and a partitioned copy under another site.
    quota_db(
        &profile,
        &[
            ("https://chatgpt.com/", 45),
            ("https://auth.openai.com/", 1),
            ("https://example.org/", 400),
            ("https://auth.openai.com/^0https://private-site.example", 3),
        ],
    );
    let (r, _) = f.report("linux", &["--offline"]);
    let v = one(&r, "chrome");
    assert_eq!(v["status"], "warn", "{v:#}");
    assert!(
        v["title"].as_str().unwrap().contains("https://chatgpt.com"),
        "{v:#}"
    );
    assert!(v["title"].as_str().unwrap().contains("45 days"), "{v:#}");
    let all = serde_json::to_string(&r).unwrap();
    assert!(
        !all.contains("example.org") && !all.contains("private-site"),
        "other sites leaked"
    );
    let entries = v["evidence"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{v:#}");
    assert!(entries.iter().all(|e| e["bytes"] == 4096), "{v:#}");
    assert!(
        v["fix"]
            .as_str()
            .unwrap()
            .contains("chrome://settings/content/all"),
        "{v:#}"
    );

    // Only fresh data: pass. The older IndexedDB layout counts too.
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Me")], "Default")
        .profile("Default");
    let profile = c.dir.join("Default");
    quota_db(&profile, &[("https://chatgpt.com/", 2)]);
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "chrome")["status"], "pass", "{r:#}");
    write_aged(
        &profile.join("IndexedDB/https_chatgpt.com_0.indexeddb.leveldb/000005.ldb"),
        b"x",
        90,
    );
    let (r, _) = f.report("linux", &["--offline"]);
    let v = one(&r, "chrome");
    assert_eq!(v["status"], "warn", "{v:#}");
    assert!(
        v["evidence"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "IndexedDB")
    );

    // A damaged quota database: unknown, with the reason; other checks unharmed.
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Me")], "Default")
        .profile("Default");
    common::write(
        &c.dir.join("Default/WebStorage/QuotaManager"),
        b"not a database at all, surely",
    );
    let (r, _) = f.report("linux", &["--offline"]);
    let v = one(&r, "chrome");
    assert_eq!(v["status"], "unknown", "{v:#}");
    assert!(
        v["evidence"]["problems"][0]["source"]
            .as_str()
            .unwrap()
            .ends_with("QuotaManager")
    );
    assert_eq!(
        results(&r, "settings.cookies_blocked")
            .into_iter()
            .find(|x| x["subject"]["browser"] == "chrome")
            .unwrap()["status"],
        "pass"
    );

    // A store folder that cannot be listed (here a file where the folder should be): unknown,
    // never "no data".
    let f = Fixture::new();
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Me")], "Default")
        .profile("Default");
    common::write(&c.dir.join("Default/IndexedDB"), b"not a folder");
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "chrome")["status"], "unknown", "{r:#}");

    // No stores at all: pass.
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .local_state(&[("Default", "Me")], "Default")
        .profile("Default");
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "chrome")["status"], "pass");
}

#[test]
fn firefox_storage_folders_and_service_workers() {
    let f = Fixture::new();
    let profile = firefox_profile(&f);
    write_aged(
        &profile.join("storage/default/https+++chatgpt.com/idb/3870112724rsegmnoittet-es.sqlite"),
        &vec![0u8; 2048],
        5,
    );
    write_aged(
        &profile.join("storage/default/https+++example.net/ls/data.sqlite"),
        b"x",
        300,
    );
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "firefox")["status"], "pass", "{r:#}");

    // A partitioned copy written long ago, and a service worker registered for chatgpt.com that
    // was last updated 60 days ago (in a file written yesterday, for another site's worker).
    write_aged(
        &profile.join("storage/default/https+++auth.openai.com^partitionKey=%28https%2Cchatgpt.com%29/cache/morgue/1.final"),
        b"y",
        50,
    );
    write_aged(
        &profile.join("serviceworker.txt"),
        service_worker_file(60).as_bytes(),
        1,
    );
    let (r, _) = f.report("linux", &["--offline"]);
    let v = one(&r, "firefox");
    assert_eq!(v["status"], "warn", "{v:#}");
    let kinds: Vec<&str> = v["evidence"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"service worker") && kinds.contains(&"site storage"),
        "{kinds:?}"
    );
    let all = serde_json::to_string(&r).unwrap();
    assert!(
        !all.contains("partitionKey") && !all.contains("example.net"),
        "{all}"
    );
    assert!(v["fix"].as_str().unwrap().contains("Manage Data"), "{v:#}");
}

/// `serviceworker.txt` as Firefox writes it (version 9, `ServiceWorkerRegistrar::WriteData`):
/// a registration for chatgpt.com last updated `days` ago, and one for another site updated
/// now.
fn service_worker_file(days: i64) -> String {
    let us = |t: i64| (t * 1_000_000).to_string();
    let then = NOW - days * 86_400;
    let record = |suffix: &str, scope: &str, t: i64| {
        format!(
            "{suffix}\n{scope}\n{scope}sw.js\ntrue\ncache-1\n0\n{}\n{}\n{}\n0\ntrue\n#\n",
            us(t - 100),
            us(t - 50),
            us(t)
        )
    };
    format!(
        "9\n{}{}",
        record("", "https://chatgpt.com/", then),
        record("^userContextId=1", "https://example.net/", NOW)
    )
}

#[test]
fn firefox_service_workers_are_judged_by_their_last_update() {
    for (days, status) in [(60, "warn"), (2, "pass")] {
        let f = Fixture::new();
        let profile = firefox_profile(&f);
        // The file itself was written just now, for the other site's worker.
        write_aged(
            &profile.join("serviceworker.txt"),
            service_worker_file(days).as_bytes(),
            0,
        );
        let (r, _) = f.report("linux", &["--offline"]);
        let v = one(&r, "firefox");
        assert_eq!(v["status"], status, "{days} days: {v:#}");
        if status == "warn" {
            assert!(
                v["title"].as_str().unwrap().contains("60 days ago")
                    && v["detail"].as_str().unwrap().contains("service worker"),
                "{v:#}"
            );
        }
        assert!(!serde_json::to_string(&r).unwrap().contains("example.net"));
    }
    // Two registrations of chatgpt.com, a fresh one first: the stale one still counts.
    let f = Fixture::new();
    let profile = firefox_profile(&f);
    let fresh = service_worker_file(1);
    let stale = service_worker_file(90);
    let both = format!("{fresh}{}", stale.strip_prefix("9\n").unwrap());
    write_aged(&profile.join("serviceworker.txt"), both.as_bytes(), 0);
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "firefox")["status"], "warn", "{r:#}");
    // A file cut off mid-record is not wholly read: unknown, never a pass.
    let cut = &fresh[..fresh.len() - 4];
    write_aged(&profile.join("serviceworker.txt"), cut.as_bytes(), 0);
    let (r, _) = f.report("linux", &["--offline"]);
    assert_eq!(one(&r, "firefox")["status"], "unknown", "{r:#}");
}
