//! Real Debian `chromium` and `firefox-esr` sign in to a loopback HTTPS server that plays
//! chatgpt.com and auth.openai.com: it sets a split session token too large for one header and
//! `auth0` at two domain levels. login-check reads each browser's real cookie database while the
//! browser is running and still writing cookies (the sign-in page refreshes every second and
//! sets a new cookie each time), and must find both problems without ever showing a value; the
//! browsers keep running, and a cookie each sets after login-check's read is on disk once it has
//! stopped (Chromium shuts down on SIGTERM and flushes; Firefox's writes are in its `-wal`).
//!
//! Chromium reaches the server through `--host-resolver-rules` and trusts it through
//! `--ignore-certificate-errors`; Firefox through `network.dns.forceResolve` and the test CA
//! added to its profile's certificate store with NSS `certutil` (Debian's libnss3-tools).
//! `.ci/run` installs all three; where they are missing this test fails under CI and skips
//! elsewhere.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use common::https::{Request, Response, TestCa, serve_requests};
use common::real::{CHROMIUM, FIREFOX, Running, browser_cmd, chromium_cmd, require, wait_bounded};
use common::result_for;
use serde_json::Value;

const CANARY: &str = "CANARYrealbrowservalue";
const HOSTS: [&str; 2] = ["chatgpt.com", "auth.openai.com"];

/// Requests per (browser, page): `chromium` or `firefox` by User-Agent; `login` or `later`.
type Counts = Arc<Mutex<BTreeMap<(&'static str, &'static str), usize>>>;

fn count(c: &Counts, browser: &'static str, page: &'static str) -> usize {
    c.lock()
        .unwrap()
        .get(&(browser, page))
        .copied()
        .unwrap_or(0)
}

/// The fake sign-in: /start on chatgpt.com sets the session token in three 3000-byte chunks and
/// redirects to auth.openai.com/login, which sets `auth0` for `.openai.com` and again host-only,
/// then refreshes to /later every second; each /later sets a new cookie `after-<n>`.
fn sign_in_server(ca: &TestCa) -> (common::https::Server, Counts) {
    let port = Arc::new(AtomicU16::new(0));
    let counts: Counts = Arc::new(Mutex::new(BTreeMap::new()));
    let (p, c) = (Arc::clone(&port), Arc::clone(&counts));
    let server = serve_requests(ca, &HOSTS, move |req: &Request| {
        let browser = if req.user_agent.contains("Firefox") {
            "firefox"
        } else {
            "chromium"
        };
        let refresh = "<html><head><meta http-equiv=\"refresh\" content=\"1;url=/later\"></head><body>signed in</body></html>";
        match (req.host.as_str(), req.path.as_str()) {
            ("chatgpt.com", p0) if p0.starts_with("/start") => {
                let mut r = Response::status(302)
                    .header(
                        "Location",
                        &format!("https://auth.openai.com:{}/login", p.load(Ordering::SeqCst)),
                    )
                    .header(
                        "Set-Cookie",
                        &format!(
                            "oai-did={CANARY}; Domain=chatgpt.com; Path=/; Secure; Max-Age=864000"
                        ),
                    );
                for i in 0..3 {
                    r = r.header(
                        "Set-Cookie",
                        &format!(
                            "__Secure-next-auth.session-token.{i}={CANARY}{}; Domain=chatgpt.com; Path=/; Secure; HttpOnly; Max-Age=864000",
                            "x".repeat(3000)
                        ),
                    );
                }
                r
            }
            ("auth.openai.com", p0) if p0.starts_with("/login") => {
                *c.lock().unwrap().entry((browser, "login")).or_insert(0) += 1;
                Response::html(refresh)
                    .header(
                        "Set-Cookie",
                        &format!(
                            "auth0={CANARY}; Domain=openai.com; Path=/; Secure; Max-Age=864000"
                        ),
                    )
                    .header(
                        "Set-Cookie",
                        &format!("auth0={CANARY}; Path=/; Secure; Max-Age=864000"),
                    )
            }
            ("auth.openai.com", p0) if p0.starts_with("/later") => {
                let n = {
                    let mut m = c.lock().unwrap();
                    let e = m.entry((browser, "later")).or_insert(0);
                    *e += 1;
                    *e
                };
                Response::html(refresh).header(
                    "Set-Cookie",
                    &format!("after-{n}={CANARY}; Path=/; Secure; Max-Age=864000"),
                )
            }
            _ => Response::status(404),
        }
    });
    port.store(server.addr.port(), Ordering::SeqCst);
    (server, counts)
}

/// The highest `n` of the `after-<n>` cookies in a cookie database, read from a copy (with its
/// `-wal`/`-journal`) once the browser has stopped.
fn latest_after_cookie(db: &Path, table: &str) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("db");
    std::fs::copy(db, &copy).unwrap();
    for side in ["-wal", "-journal"] {
        let src = PathBuf::from(format!("{}{side}", db.display()));
        if src.is_file() {
            std::fs::copy(&src, PathBuf::from(format!("{}{side}", copy.display()))).unwrap();
        }
    }
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut st = conn
        .prepare(&format!(
            "SELECT name FROM {table} WHERE name LIKE 'after-%'"
        ))
        .unwrap();
    let names: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().flatten().collect();
    names
        .iter()
        .filter_map(|n| n.strip_prefix("after-")?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn login_check(home: &Path) -> (Value, String) {
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .env("LOGIN_CHECK_NOW", now_rfc3339())
        .env_remove("XDG_CONFIG_HOME")
        .args([
            "--offline",
            "--format",
            "json",
            "--only",
            "cookies",
            "--home",
        ])
        .arg(home)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (serde_json::from_str(&text).unwrap(), text)
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn firefox_profile(home: &Path) -> PathBuf {
    let root = home.join(".config/mozilla/firefox");
    std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with(".default-esr")
        })
        .unwrap_or_else(|| panic!("no default-esr profile under {}", root.display()))
}

#[test]
fn real_browsers_cookies_are_diagnosed_while_the_browsers_run_and_write() {
    if !(require(CHROMIUM, "chromium")
        && require(FIREFOX, "firefox-esr")
        && require("/usr/bin/certutil", "libnss3-tools"))
    {
        return;
    }
    let ca = TestCa::new("login-check real-browser test CA");
    let (server, counts) = sign_in_server(&ca);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let start_url = format!("https://chatgpt.com:{}/start", server.addr.port());

    // Chromium keeps running on the page that refreshes and sets a cookie every second. It
    // writes its cookies to disk at least every 30 seconds.
    let chromium = Running(
        chromium_cmd(h)
            .args([
                "--ignore-certificate-errors",
                "--host-resolver-rules=MAP chatgpt.com 127.0.0.1,MAP auth.openai.com 127.0.0.1",
            ])
            .arg(&start_url)
            .spawn()
            .unwrap(),
    );

    // Firefox: a first run makes its profile; then the profile is pointed at the server and
    // trusts the test CA, and Firefox is started again and left running.
    let mut first = browser_cmd(FIREFOX, h)
        .args(["--headless", "--screenshot"])
        .arg(h.join("first.png"))
        .arg("about:blank")
        .spawn()
        .unwrap();
    wait_bounded(&mut first, "firefox-esr", Duration::from_secs(120))
        .unwrap_or_else(|e| panic!("{e}"));
    let profile = firefox_profile(h);
    std::fs::write(
        profile.join("user.js"),
        "user_pref(\"network.dns.forceResolve\", \"127.0.0.1\");\n\
         user_pref(\"network.trr.mode\", 5);\n\
         user_pref(\"network.proxy.type\", 0);\n\
         user_pref(\"browser.shell.checkDefaultBrowser\", false);\n",
    )
    .unwrap();
    let ca_file = ca.write_pem(h);
    let st = Command::new("certutil")
        .args(["-A", "-n", "login-check test CA", "-t", "C,,", "-i"])
        .arg(&ca_file)
        .arg("-d")
        .arg(format!("sql:{}", profile.display()))
        .status()
        .unwrap();
    assert!(st.success(), "certutil could not add the test CA");
    // The first run's processes must be gone before the profile is opened again.
    common::wait_for_processes_under_matching(h, "firefox", Duration::from_secs(20));
    let firefox = Running(
        browser_cmd(FIREFOX, h)
            .args(["--headless", "--new-instance"])
            .arg(&start_url)
            .spawn()
            .unwrap(),
    );

    // Read the cookies while both browsers run, until both have them on disk.
    let deadline = Instant::now() + Duration::from_secs(90);
    let failing = |r: &Value, browser: &str| {
        r["checks"].as_array().unwrap().iter().any(|c| {
            c["id"] == "cookies.conflict"
                && c["subject"]["browser"] == browser
                && c["status"] == "fail"
        })
    };
    let (report, text) = loop {
        let (r, t) = login_check(h);
        if (failing(&r, "chromium") && failing(&r, "firefox-esr")) || Instant::now() > deadline {
            break (r, t);
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let mut chromium = chromium;
    let mut firefox = firefox;
    assert!(
        chromium.0.try_wait().unwrap().is_none(),
        "Chromium is still running after login-check read its cookies"
    );
    assert!(
        firefox.0.try_wait().unwrap().is_none(),
        "Firefox is still running after login-check read its cookies"
    );

    for browser in ["chromium", "firefox-esr"] {
        let conflict = result_for(&report, "cookies.conflict", browser);
        assert_eq!(conflict["status"], "fail", "{browser}: {conflict}");
        assert_eq!(conflict["evidence"]["conflicts"][0]["name"], "auth0");
        let over = result_for(&report, "cookies.oversize", browser);
        assert_eq!(over["status"], "fail", "{browser}: {over}");
        assert_eq!(over["evidence"]["worst_host"], "chatgpt.com");
        assert_eq!(over["evidence"]["session_token_chunks"], 3);
    }
    let chromium_over = result_for(&report, "cookies.oversize", "chromium");
    assert_eq!(
        chromium_over["evidence"]["format"], "Chromium cookies, schema 24",
        "{chromium_over}"
    );
    assert!(
        chromium_over["evidence"]["estimated"].is_string(),
        "Chromium encrypts values: sizes are estimates"
    );
    let ff_over = result_for(&report, "cookies.oversize", "firefox-esr");
    assert_eq!(
        ff_over["evidence"]["read_from_copy"], true,
        "Firefox's WAL is read through a private copy"
    );
    assert!(!text.contains("CANARY"), "no cookie value in the report");

    // Both keep writing after our read: a cookie each sets afterwards reaches its database while
    // it keeps running (Chromium writes at least every 30 s, Firefox into its -wal at once).
    let after_read = [
        count(&counts, "chromium", "later"),
        count(&counts, "firefox", "later"),
    ];
    let stores = [
        (
            h.join(".config/chromium/Default/Cookies"),
            "cookies",
            Duration::from_secs(45),
        ),
        (
            profile.join("cookies.sqlite"),
            "moz_cookies",
            Duration::from_secs(20),
        ),
    ];
    for ((db, table, limit), n0) in stores.iter().zip(after_read) {
        let until = Instant::now() + *limit;
        let mut latest = latest_after_cookie(db, table);
        while latest <= n0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(500));
            latest = latest_after_cookie(db, table);
        }
        assert!(
            latest > n0,
            "{}: a cookie set after the read is on disk ({latest} > {n0})",
            db.display()
        );
    }
    assert!(
        chromium.0.try_wait().unwrap().is_none() && firefox.0.try_wait().unwrap().is_none(),
        "both still run"
    );
    for r in [&mut chromium, &mut firefox] {
        unsafe {
            libc::kill(r.0.id() as i32, libc::SIGTERM);
        }
        wait_bounded(&mut r.0, "a browser", Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
