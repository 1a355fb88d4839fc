//! Reliability: hostile and broken input gives a clear `unknown` for that subject — never a
//! panic, never a hang — and every other check still runs; a full report over rich fixture
//! homes (all browsers, all OS layouts) leaves every file byte-identical, untouched and creates
//! none; temporary copies are removed even on Ctrl-C.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Fixture, info_plist, result_for, results};
use login_check::fixtures::{
    FixtureCookie, firefox_logins_json, write_chromium_cookies, write_chromium_logins,
    write_firefox_cookies,
};
use serde_json::{Value, json};

const NOW: i64 = 1_795_521_600;

fn ck(host: &str, name: &str) -> FixtureCookie {
    FixtureCookie::new(host, name, "v", NOW)
}

/// Runs the full offline report; the process must end on its own, without a crash.
fn full_report(f: &Fixture, os: &str, extra: &[&str]) -> Value {
    let out = f
        .cmd(os)
        .args(["--offline", "--format", "json"])
        .args(extra)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn mkfifo(p: &Path) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

fn profile_result<'a>(r: &'a Value, id: &str, browser: &str, profile: &str) -> &'a Value {
    results(r, id)
        .into_iter()
        .find(|x| x["subject"]["browser"] == browser && x["subject"]["profile"] == profile)
        .unwrap_or_else(|| panic!("no {id} for {browser}/{profile}"))
}

#[test]
fn broken_json_files_are_reported_not_fatal() {
    let f = Fixture::new();
    let ch = f.chromium(".config/google-chrome");
    ch.profile("Default")
        .profile("Profile 1")
        .profile("Profile 2")
        .profile("Profile 3")
        .profile("Profile 4");
    // Local State nested 100,000 levels deep.
    common::write(
        &ch.dir.join("Local State"),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    // Preferences: malformed, wrong types, invalid UTF-8, and (sparse) 200 MB.
    common::write(
        &ch.dir.join("Default/Preferences"),
        "{\"profile\": {\"name\": \"x\"",
    );
    common::write(
        &ch.dir.join("Profile 1/Preferences"),
        r#"{"profile": 5, "extensions": {"settings": []}, "browser": null}"#,
    );
    common::write(
        &ch.dir.join("Profile 2/Preferences"),
        b"{\"profile\": {\"name\": \"\xff\xfe\xfd\"}, \"extensions\": {\"settings\": {}}}"
            .as_slice(),
    );
    let huge = std::fs::File::create(ch.dir.join("Profile 3/Preferences")).unwrap();
    huge.set_len(200 << 20).unwrap();
    // A healthy profile beside them.
    write_chromium_cookies(
        &ch.dir.join("Profile 4/Cookies"),
        24,
        &[ck(".openai.com", "a")],
    )
    .unwrap();
    // Firefox: extensions.json malformed, policies.json deeply nested.
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=p.default\n")
        .profile("p.default", Some("161.0"));
    common::write(
        &ff.dir.join("p.default/extensions.json"),
        "{\"schemaVersion\": 36, \"addons\": [{\"id\": ",
    );
    f.write_root(
        "/etc/firefox/policies/policies.json",
        format!(
            "{{\"policies\": {}0{}}}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        ),
    );
    f.write_root(
        "/etc/opt/chrome/policies/managed/broken.json",
        "{\"BlockThirdPartyCookies\": tru",
    );

    let r = full_report(&f, "linux", &[]);
    let chrome = result_for(&r, "browser.installed", "chrome");
    assert_eq!(chrome["status"], "warn", "Local State is damaged: {chrome}");
    assert!(
        chrome["evidence"]["problems"]
            .to_string()
            .contains("Local State")
    );
    for p in ["Default", "Profile 1", "Profile 2", "Profile 3"] {
        let e = profile_result(&r, "extensions.interfering", "chrome", p);
        assert!(
            matches!(e["status"].as_str(), Some("unknown" | "pass" | "skip")),
            "{p}: {e}"
        );
    }
    assert_eq!(
        profile_result(&r, "extensions.interfering", "chrome", "Default")["status"],
        "unknown"
    );
    assert!(
        profile_result(&r, "extensions.interfering", "chrome", "Profile 3")["detail"]
            .to_string()
            .contains("too large")
    );
    assert_eq!(
        profile_result(&r, "extensions.interfering", "firefox", "p.default")["status"],
        "unknown"
    );
    // The healthy profile still reports.
    assert_eq!(
        profile_result(&r, "cookies.expired", "chrome", "Profile 4")["status"],
        "pass"
    );
    let managed: Vec<&Value> = results(&r, "settings.managed");
    assert!(!managed.is_empty());
    assert!(
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["title"] != "Check crashed"),
        "no check crashed"
    );
}

#[test]
fn broken_databases_and_files_in_odd_places_are_unknown_for_their_profile() {
    let f = Fixture::new();
    let ch = f.chromium(".config/google-chrome");
    for p in [
        "Default",
        "Profile 1",
        "Profile 2",
        "Profile 3",
        "Profile 4",
        "Profile 5",
        "Profile 6",
    ] {
        ch.profile(p);
    }
    // A folder where the Cookies file should be.
    std::fs::create_dir_all(ch.dir.join("Default/Cookies")).unwrap();
    // A symlink loop, a symlink to /dev/zero, and a FIFO.
    symlink(
        ch.dir.join("Profile 1/Cookies"),
        ch.dir.join("Profile 1/Cookies"),
    )
    .unwrap();
    symlink("/dev/zero", ch.dir.join("Profile 2/Cookies")).unwrap();
    mkfifo(&ch.dir.join("Profile 3/Cookies"));
    // A valid database with a -wal that does not belong to it.
    write_chromium_cookies(
        &ch.dir.join("Profile 4/Cookies"),
        24,
        &[ck(".openai.com", "a"), ck("auth.openai.com", "a")],
    )
    .unwrap();
    common::write(&ch.dir.join("Profile 4/Cookies-wal"), vec![0x37u8; 4096]);
    // A valid database grown to 1 GB (sparse).
    let big = ch.dir.join("Profile 5/Cookies");
    write_chromium_cookies(&big, 24, &[ck(".openai.com", "b")]).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    // Preferences as a FIFO and Local State as /dev/zero must not block either.
    std::fs::remove_file(ch.dir.join("Profile 6/Preferences")).unwrap();
    mkfifo(&ch.dir.join("Profile 6/Preferences"));
    symlink("/dev/zero", ch.dir.join("Local State")).unwrap();
    // Firefox: cookies.sqlite is a FIFO, profiles.ini points outside with `..` and to a loop.
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini("[Profile0]\nName=a\nIsRelative=1\nPath=a.default\n[Profile1]\nName=evil\nIsRelative=1\nPath=../../../../etc\n[Profile2]\nName=loop\nIsRelative=1\nPath=loop\n")
        .profile("a.default", Some("161.0"));
    mkfifo(&ff.dir.join("a.default/cookies.sqlite"));
    symlink(ff.dir.join("loop"), ff.dir.join("loop")).unwrap();
    // A profile folder whose name is not UTF-8.
    let raw = std::ffi::OsStr::from_bytes(b"Profile \xff");
    std::fs::create_dir_all(ch.dir.join(raw)).unwrap();
    common::write(&ch.dir.join(raw).join("Preferences"), "{}");
    // Safari's file with a wrong magic, on the macOS layout below.

    let start = Instant::now();
    let r = full_report(&f, "linux", &[]);
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "bounded time, no FIFO blocked"
    );
    for p in ["Default", "Profile 1", "Profile 2", "Profile 3"] {
        let c = profile_result(&r, "cookies.expired", "chrome", p);
        assert_eq!(c["status"], "unknown", "{p}: {c}");
    }
    assert!(
        profile_result(&r, "cookies.expired", "chrome", "Default")["detail"]
            .as_str()
            .unwrap()
            .contains("not a regular file")
    );
    // The stray -wal is ignored by SQLite: the cookies are read.
    assert_eq!(
        profile_result(&r, "cookies.conflict", "chrome", "Profile 4")["status"],
        "fail"
    );
    let big = profile_result(&r, "cookies.expired", "chrome", "Profile 5");
    assert!(
        matches!(big["status"].as_str(), Some("pass" | "unknown")),
        "{big}"
    );
    assert_eq!(
        profile_result(&r, "cookies.expired", "firefox", "a.default")["status"],
        "unknown"
    );
    let ff = result_for(&r, "browser.installed", "firefox");
    assert!(
        ff["evidence"]["problems"]
            .to_string()
            .contains("leaves the profile folder"),
        "{ff}"
    );
}

#[test]
fn hostile_safari_files_on_macos() {
    for bytes in [
        b"nope".to_vec(),
        {
            let mut v = b"cook".to_vec();
            v.extend_from_slice(&1000u32.to_be_bytes());
            v
        },
        {
            let mut good = login_check::formats::binarycookies::write(&[(
                ".openai.com",
                "a",
                "/",
                "b",
                1.9e9,
                1.7e9,
            )]);
            let n = good.len();
            good.truncate(n - 40);
            good
        },
    ] {
        let f = Fixture::new();
        f.write(
            "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
            &bytes,
        );
        f.chromium("Library/Application Support/Google/Chrome")
            .profile("Default")
            .last_version("158.0.1.1");
        let r = full_report(&f, "macos", &[]);
        let s = result_for(&r, "cookies.expired", "safari");
        assert_eq!(s["status"], "unknown", "{s}");
        assert_eq!(
            result_for(&r, "browser.version", "chrome")["status"],
            "pass"
        );
    }
}

/// Whether tests can run the binary as `nobody` (root and util-linux's `setpriv`); in CI they
/// must, elsewhere the test is skipped with a message.
fn can_run_as_nobody() -> bool {
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(root && setpriv) {
        if std::env::var_os("CI").is_some() {
            panic!("needs root and setpriv (util-linux) in CI");
        }
        eprintln!("skipping: needs root and setpriv");
        return false;
    }
    true
}

#[test]
fn permission_denied_is_reported_for_that_browser() {
    if !can_run_as_nobody() {
        return;
    }
    // Root reads everything; run as `nobody` over a fixture it may read, but for one folder.
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .profile("Default")
        .last_version("158.0.1.1");
    f.chromium(".config/microsoft-edge")
        .profile("Default")
        .last_version("158.0.1.1");
    let mut opened = vec![f.dir.path().to_path_buf()];
    let mut stack = vec![f.dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
                opened.push(e.path());
            }
        }
    }
    use std::os::unix::fs::PermissionsExt;
    for d in &opened {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(
        f.home().join(".config/google-chrome"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .args([
            "--offline",
            "--format",
            "json",
            "--only",
            "browsers",
            "--os",
            "linux",
            "--home",
        ])
        .arg(f.home())
        .args(["--root"])
        .arg(f.root())
        .env("LOGIN_CHECK_NOW", common::NOW)
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    std::fs::set_permissions(
        f.home().join(".config/google-chrome"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let chrome = result_for(&r, "browser.installed", "chrome");
    assert_eq!(chrome["status"], "unknown", "{chrome}");
    assert!(
        chrome["detail"]
            .as_str()
            .unwrap()
            .contains("permission denied"),
        "{chrome}"
    );
    assert_eq!(
        result_for(&r, "browser.installed", "edge")["status"],
        "pass"
    );
}

/// Every file and folder under `dir`: content, size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.is_dir() {
                stack.push(p.clone());
                out.insert(p, (Vec::new(), 0, m.modified().unwrap()));
            } else if m.is_file() {
                out.insert(
                    p.clone(),
                    (std::fs::read(&p).unwrap(), m.len(), m.modified().unwrap()),
                );
            } else {
                out.insert(p, (Vec::new(), m.len(), m.modified().unwrap()));
            }
        }
    }
    out
}

/// A home for `os` with every kind of file login-check reads.
fn rich_home(os: &str) -> Fixture {
    let f = Fixture::new();
    let (chrome, firefox_root) = match os {
        "linux" => (".config/google-chrome", ".mozilla/firefox"),
        "macos" => (
            "Library/Application Support/Google/Chrome",
            "Library/Application Support/Firefox",
        ),
        _ => (
            "AppData/Local/Google/Chrome/User Data",
            "AppData/Roaming/Mozilla/Firefox",
        ),
    };
    let ch = f.chromium(chrome);
    ch.local_state(&[("Default", "Me"), ("Profile 1", "Work")], "Default")
        .profile("Default")
        .profile("Profile 1")
        .last_version("157.0.1.1");
    let cookies = ch.dir.join(if os == "windows" {
        "Default/Network/Cookies"
    } else {
        "Default/Cookies"
    });
    std::fs::create_dir_all(cookies.parent().unwrap()).unwrap();
    write_chromium_cookies(
        &cookies,
        24,
        &[
            ck(".openai.com", "auth0"),
            ck("auth.openai.com", "auth0"),
            ck(".google.com", "SID"),
        ],
    )
    .unwrap();
    write_chromium_logins(
        &ch.dir.join("Default/Login Data"),
        &[("https://auth.openai.com", "u", "p", false)],
    )
    .unwrap();
    common::write(
        &ch.dir.join("Default/Preferences"),
        json!({"profile": {"name": "Me", "cookie_controls_mode": 1, "content_settings": {"exceptions": {"cookies": {"[*.]openai.com,*": {"setting": 2}}}}},
               "extensions": {"settings": {"cjpalhdlnbpafiamejdnhcphjbkeiagm": {"location": 1, "disable_reasons": [], "path": "cjpalhdlnbpafiamejdnhcphjbkeiagm/1.0_0",
                 "manifest": {"name": "uBlock Origin", "version": "1.0"}}}}})
        .to_string(),
    );
    let ff = f.firefox(firefox_root);
    let rel = if os == "linux" {
        "p.default-release"
    } else {
        "Profiles/p.default-release"
    };
    ff.profiles_ini(&format!(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath={rel}\nDefault=1\n"
    ))
    .profile(rel, Some("161.0"));
    let pdir = ff.dir.join(rel);
    let w = write_firefox_cookies(&pdir.join("cookies.sqlite"), 17, &[ck(".chatgpt.com", "a")])
        .unwrap();
    w.pragma_update(None, "journal_mode", "WAL").unwrap();
    drop(w);
    common::write(
        &pdir.join("user.js"),
        "user_pref(\"network.cookie.cookieBehavior\", 1);\n",
    );
    common::write(
        &pdir.join("logins.json"),
        firefox_logins_json(&[("https://chatgpt.com", "u", "p")]),
    );
    common::write(
        &pdir.join("extensions.json"),
        r#"{"schemaVersion": 36, "addons": [{"id": "uBlock0@raymondhill.net", "type": "extension", "active": true, "userDisabled": false, "appDisabled": false, "location": "app-profile", "version": "1.0", "defaultLocale": {"name": "uBlock Origin"}}]}"#,
    );
    match os {
        "linux" => {
            f.write_root(
                "/etc/opt/chrome/policies/managed/p.json",
                r#"{"IncognitoModeAvailability": 1}"#,
            );
            f.write_root(
                "/etc/firefox/policies/policies.json",
                r#"{"policies": {"DisablePrivateBrowsing": true}}"#,
            );
        }
        "macos" => {
            f.write(
                "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
                login_check::formats::binarycookies::write(&[(
                    ".openai.com",
                    "a",
                    "/",
                    "v",
                    1.9e9,
                    1.7e9,
                )]),
            );
            f.write_root(
                "/Applications/Safari.app/Contents/Info.plist",
                info_plist("26.1"),
            );
        }
        _ => {}
    }
    f
}

#[test]
fn a_full_report_touches_nothing_on_any_layout() {
    for os in ["linux", "macos", "windows"] {
        let f = rich_home(os);
        let before = snapshot(f.dir.path());
        for args in [
            &["--format", "json"][..],
            &["--format", "markdown", "-v"][..],
            &["--no-redact"][..],
        ] {
            let out = f.cmd(os).arg("--offline").args(args).output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0) | Some(1)),
                "{os}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let after = snapshot(f.dir.path());
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{os}: a file was created or removed"
        );
        for (p, (bytes, len, mtime)) in &before {
            let (b2, l2, m2) = &after[p];
            assert!(
                bytes == b2 && len == l2 && mtime == m2,
                "{os}: {} changed",
                p.display()
            );
        }
    }
}

#[test]
fn temporary_copies_are_removed_on_ctrl_c() {
    // A Firefox database in WAL mode is always read from a copy; a hung server keeps the run
    // going until SIGINT arrives.
    let f = rich_home("linux");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let mut child = Command::new(bin)
        .env("TMPDIR", tmp.path())
        .env("LOGIN_CHECK_NOW", common::NOW)
        .args([
            "--format",
            "json",
            "--timeout",
            "20",
            "--os",
            "linux",
            "--home",
        ])
        .arg(f.home())
        .arg("--root")
        .arg(f.root())
        .args(["--resolve", &format!("auth.openai.com:443:{addr}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the cookie checks have made their copies (the process folder exists).
    let start = Instant::now();
    while std::fs::read_dir(tmp.path()).unwrap().next().is_none()
        && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_some(),
        "a private copy was made"
    );
    std::thread::sleep(Duration::from_millis(300));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("interrupted"), "{err}");
}

#[test]
fn temporary_copies_are_removed_after_a_normal_run() {
    let f = rich_home("linux");
    let tmp = tempfile::tempdir().unwrap();
    let out = f
        .cmd("linux")
        .env("TMPDIR", tmp.path())
        .args(["--offline", "--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0) | Some(1)));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        profile_result(&r, "cookies.expired", "firefox", "p.default-release")["evidence"]["read_from_copy"],
        true
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_server_trickling_one_byte_a_second_cannot_hold_the_report() {
    use common::https::TestCa;
    let ca = TestCa::new("login-check test CA");
    let hosts = common::https::PROBED_HOSTS;
    // A real TLS server whose answer arrives one byte a second.
    let (chain, key) = ca.leaf_valid(&hosts, None);
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = std::sync::Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            let config = std::sync::Arc::clone(&config);
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, s);
                let mut buf = [0u8; 1024];
                let _ = std::io::Read::read(&mut tls, &mut buf);
                for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: "
                    .iter()
                    .chain(std::iter::repeat(&b'x'))
                    .take(600)
                {
                    if tls.write_all(&[*b]).and_then(|_| tls.flush()).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            });
        }
    });
    let f = Fixture::new();
    let ca_file = ca.write_pem(f.dir.path());
    let mut cmd = f.cmd("linux");
    cmd.args(["--format", "json", "--timeout", "3", "--ca-file"])
        .arg(&ca_file);
    for h in hosts {
        cmd.args(["--resolve", &format!("{h}:443:{addr}")]);
    }
    let start = Instant::now();
    let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(8),
        "the whole run took {took:?} with --timeout 3"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reach = results(&r, "network.reachability")[0];
    assert_eq!(reach["status"], "fail", "{reach}");
    assert!(
        reach["detail"]
            .as_str()
            .unwrap()
            .contains("did not arrive in time")
            || reach["detail"].as_str().unwrap().contains("timed out"),
        "{reach}"
    );
}

// Class 2: secrets and control characters

/// Secrets planted in every field a browser file or the environment can carry; none may reach
/// any output when redacting, and credentials none even with `--no-redact`.
const CANARY_SECRETS: &[&str] = &[
    "canary.person@example.com",
    "canary.person",
    "idn.canary",
    "exämple",
    "ext.canary@example.org",
    "ext.canary",
    "203.0.113.77",
    "ff.canary@example.net",
    "ff.canary",
    "addon.canary@example.com",
    "10.1.2.4",
    "10.9.8.7",
    "2001:db8::7",
    "SECRETTOKEN",
    "SECRETSIG",
];

/// Credentials: never shown, in any mode.
const CANARY_CREDENTIALS: &[&str] = &["canaryuser", "pa/ss", "CANARYPW", "cu%40corp", "cu@corp"];

const HOSTILE_NAME_TAIL: &str = "\u{1b}[31m\u{7}\r\nSummary: 99 passed\u{1b}]0;pwned\u{7}\u{9b}2J";

fn canary_home() -> Fixture {
    let f = Fixture::new();
    let ch = f.chromium(".config/google-chrome");
    let work = format!("Work:canary.person@example.com{HOSTILE_NAME_TAIL}");
    ch.local_state(
        &[
            ("Default", work.as_str()),
            ("Profile 1", "mailto:idn.canary@exämple.de"),
        ],
        "Default",
    )
    .profile("Profile 1")
    .last_version("157.0.1.1");
    let ext = "abcdefghijklmnopabcdefghijklmnop";
    common::write(
        &ch.dir.join("Default/Preferences"),
        json!({"profile": {"name": "x"},
               "extensions": {"settings": {ext: {"location": 1, "disable_reasons": [], "path": format!("{ext}/1.0_0"),
                 "manifest": {"name": format!("Evil ext.canary@example.org 203.0.113.77{HOSTILE_NAME_TAIL}"), "version": "1.0"}}}}})
        .to_string(),
    );
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(
        "[Profile0]\nName=ff.canary@example.net\nIsRelative=1\nPath=p.default\nDefault=1\n",
    )
    .profile("p.default", Some("161.0"));
    common::write(
        &ff.dir.join("p.default/extensions.json"),
        json!({"schemaVersion": 36, "addons": [
            {"id": "uBlock0@raymondhill.net", "type": "extension", "active": true, "userDisabled": false,
             "appDisabled": false, "location": "app-profile", "version": "1.0", "defaultLocale": {"name": "uBlock Origin"}},
            {"id": "{11111111-2222-3333-4444-555555555555}", "type": "extension", "active": true, "userDisabled": false,
             "appDisabled": false, "location": "app-profile", "version": "1.0",
             "defaultLocale": {"name": format!("Mail addon.canary@example.com 10.1.2.4{HOSTILE_NAME_TAIL}")}}]})
        .to_string(),
    );
    f
}

fn canary_output(f: &Fixture, format: &str, extra: &[&str]) -> String {
    let out = f
        .cmd("linux")
        .env(
            "HTTPS_PROXY",
            "http://canaryuser:pa/ss-CANARYPW@10.1.2.4:3128",
        )
        .env(
            "ALL_PROXY",
            "http://wpad.example/proxy.pac?token=SECRETTOKEN&sig=SECRETSIG",
        )
        .env(
            "http_proxy",
            "socks5h://cu%40corp.example:CANARYPW2@[2001:db8::7]:1080",
        )
        .args(["--offline", "--color", "never", "-v", "--format", format])
        .args(["--resolve", "auth.openai.com:443:10.9.8.7"])
        .args(extra)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_secret_reaches_any_output_and_no_control_byte_reaches_a_terminal() {
    let f = canary_home();
    for format in ["text", "json", "markdown"] {
        let out = canary_output(&f, format, &[]);
        for s in CANARY_SECRETS.iter().chain(CANARY_CREDENTIALS) {
            assert!(!out.contains(s), "{format}: `{s}` in\n{out}");
        }
        assert!(out.contains("uBlock0@raymondhill.net") || format == "markdown");
        if format != "json" {
            let bad: Vec<char> = out
                .chars()
                .filter(|c| *c != '\n' && (c.is_control()))
                .collect();
            assert!(bad.is_empty(), "{format}: raw control characters {bad:?}");
            assert!(
                !out.lines()
                    .any(|l| l.trim_start().starts_with("Summary: 99")),
                "{format}: a name forged a line:\n{out}"
            );
        } else {
            let v: Value = serde_json::from_str(&out).unwrap();
            assert!(v["privacy"]["redacted"].as_bool().unwrap());
            assert!(!out.chars().any(|c| c != '\n' && c.is_control()));
        }
    }
}

#[test]
fn credentials_never_reach_the_output_even_unredacted() {
    let f = canary_home();
    for format in ["text", "json", "markdown"] {
        let out = canary_output(&f, format, &["--no-redact"]);
        for s in CANARY_CREDENTIALS {
            assert!(!out.contains(s), "{format} --no-redact: `{s}` in\n{out}");
        }
        if format == "json" {
            // The canaries do reach the report: only the credentials are gone.
            assert!(out.contains("canary.person@example.com"), "{out}");
            assert!(out.contains("[credentials removed]@10.1.2.4:3128"), "{out}");
        }
    }
}

// Class 6: writing the report

#[test]
fn output_through_a_symlink_replaces_the_symlink_not_its_target() {
    let f = rich_home("linux");
    let cookies = f.home().join(".config/google-chrome/Default/Cookies");
    let before = std::fs::read(&cookies).unwrap();
    let out_dir = f.dir.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let report = out_dir.join("report.json");
    symlink(&cookies, &report).unwrap();
    let out = f
        .cmd("linux")
        .args(["--offline", "--format", "json", "-o"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&cookies).unwrap(),
        before,
        "the symlink's target was written"
    );
    let m = std::fs::symlink_metadata(&report).unwrap();
    assert!(m.is_file(), "the symlink is replaced by the report");
    // The file is complete, and nothing else was left in the folder.
    let v: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(!v["checks"].as_array().unwrap().is_empty());
    let names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Report written to"));
}

#[test]
fn output_into_a_browser_profile_folder_is_refused() {
    let f = rich_home("linux");
    for dir in [
        ".config/google-chrome/Default",
        ".config/google-chrome",
        ".mozilla/firefox",
        ".mozilla/firefox/p.default-release",
    ] {
        let target = f.home().join(dir).join("report.md");
        let out = f
            .cmd("linux")
            .args(["--offline", "--format", "markdown", "-o"])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{dir}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("could not write the report") && err.contains("profile folder"),
            "{dir}: {err}"
        );
        assert!(!target.exists(), "{dir}: written anyway");
    }
}

// Class 1: tiny files must not cost gigabytes or take the run down (issue #15).

/// A profile with two copies of the session cookie (`cookies.conflict` fails) next to `bad`.
fn healthy_next_to(f: &Fixture, bad: impl FnOnce(&Path)) {
    let c = f.chromium(".config/google-chrome");
    c.local_state(&[("Default", "Good"), ("Profile 1", "Bad")], "Default")
        .profile("Default")
        .profile("Profile 1");
    let dir = f.home().join(".config/google-chrome");
    write_chromium_cookies(
        &dir.join("Default/Cookies"),
        24,
        &[
            ck(".chatgpt.com", "__Secure-next-auth.session-token"),
            ck("chatgpt.com", "__Secure-next-auth.session-token"),
        ],
    )
    .unwrap();
    bad(&dir.join("Profile 1"));
}

fn assert_healthy_profile_still_fails(r: &Value, code: i32) {
    let good = profile_result(r, "cookies.conflict", "chrome", "Default");
    assert_eq!(good["status"], "fail", "{good}");
    assert_eq!(code, 1, "the healthy profile's failure sets the exit code");
}

#[test]
fn a_recursive_view_in_place_of_the_cookie_table_is_unknown_for_its_profile_only() {
    let f = Fixture::new();
    healthy_next_to(&f, |p| {
        let c = rusqlite::Connection::open(p.join("Cookies")).unwrap();
        c.execute_batch(
            "CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ('version', '24');
             CREATE VIEW cookies AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
             SELECT 'chatgpt.com' AS host_key, 'x' || n AS name, '/' AS path, n AS expires_utc,
                    n AS last_access_utc, n AS creation_utc, '' AS value, x'' AS encrypted_value,
                    '' AS top_frame_site_key FROM r;",
        )
        .unwrap();
    });
    let start = Instant::now();
    let (r, code) = f.report("linux", &["--offline"]);
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert_healthy_profile_still_fails(&r, code);
    for id in [
        "cookies.expired",
        "cookies.conflict",
        "cookies.oversize",
        "cookies.stale",
    ] {
        let bad = profile_result(&r, id, "chrome", "Profile 1");
        assert_eq!(bad["status"], "unknown", "{bad}");
        assert!(
            bad["detail"]
                .as_str()
                .unwrap()
                .contains("no `cookies` table"),
            "{bad}"
        );
    }
}

#[test]
fn a_sparse_wal_past_the_copy_limit_is_refused_without_being_copied() {
    let f = Fixture::new();
    healthy_next_to(&f, |p| {
        write_chromium_cookies(&p.join("Cookies"), 24, &[ck(".chatgpt.com", "a")]).unwrap();
        let wal = std::fs::File::create(p.join("Cookies-wal")).unwrap();
        wal.set_len(600 << 20).unwrap();
    });
    let tmp = tempfile::tempdir().unwrap();
    let out = f
        .cmd("linux")
        .args(["--offline", "--format", "json"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_healthy_profile_still_fails(&r, out.status.code().unwrap());
    let bad = profile_result(&r, "cookies.expired", "chrome", "Profile 1");
    assert_eq!(bad["status"], "unknown", "{bad}");
    assert!(bad["detail"].as_str().unwrap().contains("MB"), "{bad}");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing left behind"
    );
}

#[test]
fn safari_records_that_all_point_at_one_record_are_refused_cheaply() {
    // 40,000 offsets to one 64 KB record: before, 2.5 GB of copies of its strings.
    let f = Fixture::new();
    let big = "d".repeat(60_000);
    let one = login_check::formats::binarycookies::write(&[(&big, "a", "/", "b", 1.9e9, 1.7e9)]);
    let page_len = u32::from_be_bytes(one[8..12].try_into().unwrap()) as usize;
    let page = &one[12..12 + page_len];
    let count = 40_000u32;
    let header = 8 + 4 * count as usize + 4;
    let record = &page[16..];
    let mut p = vec![0, 0, 1, 0];
    p.extend_from_slice(&count.to_le_bytes());
    for _ in 0..count {
        p.extend_from_slice(&(header as u32).to_le_bytes());
    }
    p.extend_from_slice(&[0, 0, 0, 0]);
    p.extend_from_slice(record);
    let mut file = b"cook".to_vec();
    file.extend_from_slice(&1u32.to_be_bytes());
    file.extend_from_slice(&(p.len() as u32).to_be_bytes());
    file.extend_from_slice(&p);
    f.write(
        "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
        &file,
    );
    f.write(
        "Applications/Safari.app/Contents/Info.plist",
        info_plist("26.1"),
    );
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(assert_cmd::cargo::cargo_bin("login-check"))
        .args(["--offline", "--format", "json", "--os", "macos", "--home"])
        .arg(f.home())
        .arg("--root")
        .arg(f.root())
        .env("LOGIN_CHECK_NOW", common::NOW)
        .output();
    let Ok(out) = out else {
        eprintln!("skipping the memory measurement: no /usr/bin/time");
        return;
    };
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let expired = results(&r, "cookies.expired");
    assert!(
        expired
            .iter()
            .any(|x| x["status"] == "unknown" && x["detail"].as_str().unwrap().contains("overlap")),
        "{expired:?}"
    );
    let peak_kb: u64 = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    assert!(peak_kb > 0 && peak_kb < 200_000, "peak {peak_kb} KB");
}

// Class 3: never take a lock on a browser's file.

#[test]
fn a_writer_without_a_busy_timeout_never_fails_while_login_check_reads() {
    let f = Fixture::new();
    f.chromium(".config/google-chrome").profile("Default");
    let db = f.home().join(".config/google-chrome/Default/Cookies");
    // Enough rows that each read takes a while (a reader's lock would then overlap commits).
    let many: Vec<FixtureCookie> = (0..20_000)
        .map(|i| {
            ck(
                if i % 2 == 0 {
                    ".chatgpt.com"
                } else {
                    ".example.com"
                },
                &format!("c{i}"),
            )
        })
        .chain([ck(".chatgpt.com", "a")])
        .collect();
    write_chromium_cookies(&db, 24, &many).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let c = rusqlite::Connection::open(&db).unwrap();
            c.busy_timeout(Duration::ZERO).unwrap();
            let (mut ok, mut failed) = (0u32, 0u32);
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                match c.execute(
                    "UPDATE cookies SET last_access_utc = ?1 WHERE name = 'a'",
                    [n as i64],
                ) {
                    Ok(_) => ok += 1,
                    Err(_) => failed += 1,
                }
            }
            (ok, failed)
        })
    };
    for _ in 0..8 {
        let (r, _) = f.report("linux", &["--offline", "--only", "cookies,account"]);
        assert!(!results(&r, "cookies.expired").is_empty());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (ok, failed) = writer.join().unwrap();
    assert!(ok > 0);
    assert_eq!(
        failed,
        0,
        "{failed} of {} commits failed while login-check read",
        ok + failed
    );
}

// Class 4: unreadable means unknown, everywhere.

#[test]
fn a_profile_folder_this_user_cannot_read_is_unknown_never_pass() {
    if !can_run_as_nobody() {
        return;
    }
    let f = Fixture::new();
    f.chromium(".config/google-chrome")
        .local_state(&[("Default", "Person 1")], "Default")
        .profile("Default");
    let profile = f.home().join(".config/google-chrome/Default");
    write_chromium_cookies(&profile.join("Cookies"), 24, &[ck(".chatgpt.com", "a")]).unwrap();
    write_chromium_logins(
        &profile.join("Login Data"),
        &[("https://auth.openai.com/", "u", "p", false)],
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![f.dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
    }
    std::fs::set_permissions(&profile, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("login-check"))
        .args(["--offline", "--format", "json", "--os", "linux", "--home"])
        .arg(f.home())
        .arg("--root")
        .arg(f.root())
        .env("LOGIN_CHECK_NOW", common::NOW)
        .env("HOME", "/nonexistent")
        .env("TMPDIR", "/tmp")
        .output()
        .unwrap();
    std::fs::set_permissions(&profile, std::fs::Permissions::from_mode(0o755)).unwrap();
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    for id in [
        "cookies.expired",
        "cookies.stale",
        "cookies.conflict",
        "cookies.oversize",
    ] {
        let c = profile_result(&r, id, "chrome", "Default");
        assert_eq!(c["status"], "unknown", "{c}");
        assert!(
            c["detail"].as_str().unwrap().contains("permission denied"),
            "{c}"
        );
    }
    let a = profile_result(&r, "account.signin_method", "chrome", "Default");
    assert_eq!(a["status"], "unknown", "{a}");
}

// Class 6b/6c: profile paths and cleanup

/// The `browser.installed` result's `problems` for `browser`.
fn installed_problems(r: &Value, browser: &str) -> Vec<String> {
    let res = results(r, "browser.installed")
        .into_iter()
        .find(|x| x["subject"]["browser"] == browser)
        .unwrap_or_else(|| panic!("no browser.installed for {browser}"));
    res["evidence"]["problems"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every profile any result names, as `browser/profile`.
fn profiles_named(r: &Value) -> Vec<String> {
    let mut out: Vec<String> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["subject"]["profile"].is_string())
        .map(|x| {
            format!(
                "{}/{}",
                x["subject"]["browser"].as_str().unwrap_or(""),
                x["subject"]["profile"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn with_home_no_profile_outside_it_is_read() {
    let f = Fixture::new();
    // Profiles outside the inspected home (and root): an absolute profiles.ini path, and
    // symlinks that lead out, for Firefox and Chromium.
    let outside = f.dir.path().join("outside");
    for p in ["ff-abs", "ff-linked"] {
        let d = outside.join(p);
        common::write(&d.join("prefs.js"), "user_pref(\"outside.canary\", 1);\n");
        write_firefox_cookies(&d.join("cookies.sqlite"), 17, &[ck(".chatgpt.com", "a")]).unwrap();
    }
    common::write(
        &outside.join("chrome-profile/Preferences"),
        r#"{"profile":{"name":"outside"},"extensions":{"settings":{}}}"#,
    );
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(&format!(
        "[Profile0]\nName=inside\nIsRelative=1\nPath=inside.default\nDefault=1\n\n\
         [Profile1]\nName=abs\nIsRelative=0\nPath={}\n\n\
         [Profile2]\nName=etc\nIsRelative=0\nPath=/etc\n",
        outside.join("ff-abs").display()
    ))
    .profile("inside.default", Some("161.0"));
    symlink(outside.join("ff-linked"), ff.dir.join("linked")).unwrap();
    // A symlink that stays inside the home is fine.
    let elsewhere = f.home().join("elsewhere/inner");
    common::write(&elsewhere.join("prefs.js"), "user_pref(\"a\", 1);\n");
    symlink(&elsewhere, ff.dir.join("inner-link")).unwrap();
    let ch = f.chromium(".config/google-chrome");
    ch.profile("Default");
    symlink(outside.join("chrome-profile"), ch.dir.join("Profile 2")).unwrap();

    let r = full_report(&f, "linux", &[]);
    let ff_problems = installed_problems(&r, "firefox");
    let outside_shown = outside.canonicalize().unwrap();
    for (id, target) in [
        ("abs", outside_shown.join("ff-abs")),
        ("etc", PathBuf::from("/etc")),
        ("linked", outside_shown.join("ff-linked")),
    ] {
        let want = format!(
            "profile `{id}` points outside the inspected home ({}): not read",
            target.display()
        );
        assert!(
            ff_problems.contains(&want),
            "{want:?} not in {ff_problems:?}"
        );
    }
    let ch_problems = installed_problems(&r, "chrome");
    assert!(
        ch_problems.iter().any(|p| p
            .starts_with("profile `Profile 2` points outside the inspected home (")
            && p.ends_with("chrome-profile): not read")),
        "{ch_problems:?}"
    );
    let named = profiles_named(&r);
    for gone in [
        "firefox/ff-abs",
        "firefox/etc",
        "firefox/linked",
        "chrome/Profile 2",
    ] {
        assert!(!named.contains(&gone.to_string()), "{gone} read: {named:?}");
    }
    for kept in [
        "firefox/inside.default",
        "firefox/inner-link",
        "chrome/Default",
    ] {
        assert!(
            named.contains(&kept.to_string()),
            "{kept} missing: {named:?}"
        );
    }
    assert!(!r.to_string().contains("outside.canary"));
}

#[test]
fn a_signal_at_any_moment_leaves_no_temporary_folder() {
    // Several WAL databases, so every run makes private copies from several threads.
    let f = rich_home("linux");
    let ff = f.firefox(".mozilla/firefox");
    for i in 0..4 {
        let d = ff.dir.join(format!("Profiles/extra{i}.default"));
        ff.profile(&format!("Profiles/extra{i}.default"), Some("161.0"));
        let w = write_firefox_cookies(&d.join("cookies.sqlite"), 17, &[ck(".chatgpt.com", "a")])
            .unwrap();
        w.pragma_update(None, "journal_mode", "WAL").unwrap();
        drop(w);
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    // A small deterministic generator (xorshift), seeded from the clock, for the delays.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = Instant::now();
    let mut leaks = Vec::new();
    for run in 0..60 {
        assert!(
            start.elapsed() < Duration::from_secs(240),
            "60 runs took too long ({run} done)"
        );
        let delay = Duration::from_millis(2 + next() % 59);
        let signal = if run % 2 == 0 {
            libc::SIGTERM
        } else {
            libc::SIGINT
        };
        let mut child = Command::new(&bin)
            .env("TMPDIR", tmp.path())
            .env("LOGIN_CHECK_NOW", common::NOW)
            .args(["--offline", "--format", "json", "--os", "linux", "--home"])
            .arg(f.home())
            .arg("--root")
            .arg(f.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let waited = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if waited.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("run {run} did not stop after the signal");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        for e in std::fs::read_dir(tmp.path()).unwrap().flatten() {
            leaks.push(format!(
                "run {run} ({delay:?}, signal {signal}): {:?}",
                e.path()
            ));
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    assert!(leaks.is_empty(), "left behind: {leaks:#?}");
}

// Class 1 (JSON, names, counts): budgets per source

/// Runs the offline JSON report with at most 1 GB of address space (`ulimit -v 1000000`), the
/// peak resident size measured by `/usr/bin/time` when it is installed: (report, exit code, peak
/// KB, report bytes). The report must be complete.
fn bounded_report(f: &Fixture, os: &str) -> (Value, i32, Option<u64>, usize) {
    let time = Path::new("/usr/bin/time").is_file();
    let mut c = Command::new("bash");
    c.arg("-c")
        .arg("ulimit -v 1000000; exec \"$@\"")
        .arg("bash");
    if time {
        c.args(["/usr/bin/time", "-f", "%M"]);
    }
    c.arg(assert_cmd::cargo::cargo_bin("login-check"))
        .args(["--offline", "--format", "json", "--os", os, "--home"])
        .arg(f.home())
        .arg("--root")
        .arg(f.root())
        .env("LOGIN_CHECK_NOW", common::NOW)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("CHROME_CONFIG_HOME");
    let start = Instant::now();
    let out = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no complete report under ulimit -v 1000000 ({e}): {stderr}"));
    assert!(
        r["summary"].is_object() && r["checks"].as_array().is_some_and(|c| c.len() > 10),
        "incomplete report"
    );
    let peak = time
        .then(|| stderr.lines().last().and_then(|l| l.trim().parse().ok()))
        .flatten();
    (r, out.status.code().unwrap_or(-1), peak, out.stdout.len())
}

/// Peak resident memory under 200 MB (skipped, with a message, without /usr/bin/time).
fn assert_peak_under_200_mb(peak_kb: Option<u64>) {
    match peak_kb {
        None => eprintln!("skipping the memory measurement: no /usr/bin/time"),
        Some(kb) => {
            eprintln!("peak {kb} KB");
            assert!(kb > 0 && kb < 200_000, "peak {kb} KB")
        }
    }
}

#[test]
fn a_20_mb_array_in_extension_settings_is_not_built() {
    let f = Fixture::new();
    healthy_next_to(&f, |p| {
        let mut prefs =
            // Under a key the inventory reads (keys it does not read are never built at all).
            br#"{"extensions": {"settings": {"abcdefghijklmnopabcdefghijklmnop": {"location": 1, "manifest": {"name": ["#
                .to_vec();
        prefs.extend(b"0,".repeat(10_000_000));
        prefs.extend(b"0]}}}}}");
        std::fs::write(p.join("Preferences"), prefs).unwrap();
    });
    let (r, code, peak, _) = bounded_report(&f, "linux");
    assert_healthy_profile_still_fails(&r, code);
    let bad = profile_result(&r, "extensions.interfering", "chrome", "Profile 1");
    assert_eq!(bad["status"], "unknown", "{bad}");
    assert!(
        bad["detail"]
            .as_str()
            .unwrap()
            .contains("too large to read"),
        "{bad}"
    );
    assert_peak_under_200_mb(peak);
}

#[test]
fn a_hundred_thousand_firefox_add_ons_are_read_up_to_the_limit() {
    let f = Fixture::new();
    healthy_next_to(&f, |_| {});
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini("[Profile0]\nName=d\nIsRelative=1\nPath=p.default\nDefault=1\n")
        .profile("p.default", Some("161.0"));
    let mut text = String::from("{\"schemaVersion\": 36, \"addons\": [");
    for i in 0..100_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"id": "a{i}@example.org", "type": "extension", "version": "1.0", "location": "app-profile", "active": true, "defaultLocale": {{"name": "Add-on {i}"}}}}"#
        ));
    }
    text.push_str("]}");
    common::write(&ff.dir.join("p.default/extensions.json"), text);
    let (r, code, peak, _) = bounded_report(&f, "linux");
    assert_healthy_profile_still_fails(&r, code);
    let ext = profile_result(&r, "extensions.interfering", "firefox", "p.default");
    assert_eq!(ext["status"], "unknown", "never pass for what was not read");
    assert!(
        ext["detail"]
            .as_str()
            .unwrap()
            .contains("Only the first 1000 of 100000 extension entries were read"),
        "{}",
        ext["detail"]
    );
    assert_eq!(ext["evidence"]["entries_found"], 100_000);
    assert_eq!(
        ext["evidence"]["extensions"].as_array().unwrap().len(),
        1_000
    );
    assert_peak_under_200_mb(peak);
}

#[test]
fn an_8_mb_profile_name_is_cut_in_the_report() {
    let f = Fixture::new();
    healthy_next_to(&f, |_| {});
    let huge = "N".repeat(8 << 20);
    f.chromium(".config/google-chrome")
        .local_state(&[("Default", "Good"), ("Profile 1", &huge)], "Default");
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(&format!(
        "[Profile0]\nName={huge}\nIsRelative=1\nPath=p.default\nDefault=1\n"
    ))
    .profile("p.default", Some("161.0"));
    let (r, code, peak, size) = bounded_report(&f, "linux");
    assert_healthy_profile_still_fails(&r, code);
    assert!(size < 1 << 20, "a {size}-byte report");
    let cut = format!("{}…", "N".repeat(200));
    for (browser, id) in [("chrome", "Profile 1"), ("firefox", "p.default")] {
        let installed = result_for(&r, "browser.installed", browser);
        let p = installed["evidence"]["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{installed}"));
        assert_eq!(p["name"], cut.as_str(), "{browser}");
    }
    assert_peak_under_200_mb(peak);
}

#[test]
fn fifteen_hundred_profiles_are_read_up_to_the_limit() {
    let f = Fixture::new();
    healthy_next_to(&f, |_| {});
    let dir = f.home().join(".config/google-chrome");
    for i in 2..1_500 {
        common::write(
            &dir.join(format!("Profile {i}/Preferences")),
            r#"{"extensions":{"settings":{}}}"#,
        );
    }
    let start = Instant::now();
    let (r, code, peak, _) = bounded_report(&f, "linux");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_healthy_profile_still_fails(&r, code);
    let installed = result_for(&r, "browser.installed", "chrome");
    assert_eq!(installed["status"], "warn", "{}", installed["title"]);
    assert!(
        installed["detail"]
            .as_str()
            .unwrap()
            .contains("Only the first 100 of 1500 profiles were read"),
        "{}",
        installed["detail"]
    );
    assert_eq!(installed["evidence"]["profiles_not_read"], 1_400);
    assert!(
        results(&r, "extensions.interfering")
            .iter()
            .all(|x| x["subject"]["profile"] != "Profile 100"),
        "profiles past the limit are not read"
    );
    profile_result(&r, "extensions.interfering", "chrome", "Profile 99");
    assert_peak_under_200_mb(peak);
}
