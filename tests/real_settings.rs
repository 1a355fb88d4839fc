//! Real Debian `firefox-esr`: a profile whose `user.js` sets `network.cookie.cookieBehavior` to
//! 1, and a system `policies.json` that disables private browsing, after Firefox has run with
//! both; login-check must report the pref (from `user.js`) and the policy (from the file
//! Firefox really read).
//!
//! Debian's `firefox-esr` 153 reads system policies from `/etc/firefox/policies/policies.json`
//! (not `/etc/firefox-esr/…`), so this test writes that real file, as root. A guard removes it
//! (or puts back what was there) when the test ends, also when it fails; a lock serialises it
//! with other runs of this test. The policy also sets a harmless marker pref with
//! `"Status": "user"`, which Firefox writes to `prefs.js`: proof that Firefox read the file.
//!
//! `.ci/run` installs `firefox-esr` and runs as root. Where the browser is missing, or `/etc`
//! cannot be written, this test fails under CI (`CI` set) and is skipped with a message elsewhere.
#![cfg(target_os = "linux")]

mod common;

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use common::real::{FIREFOX, browser_cmd, run_bounded};
use common::results;
use serde_json::{Value, json};

const POLICY_DIRS: [&str; 2] = ["/etc/firefox", "/etc/firefox/policies"];
const POLICY_FILE: &str = "/etc/firefox/policies/policies.json";
/// A pref no Firefox feature reads, set by the policy to prove Firefox read the file.
const MARKER: &str = "browser.login_check_test.policy_marker";

/// Serialises the tests of this binary; [`SystemPolicies`] also takes a file lock for other
/// processes running this test at the same time.
static SERIAL: Mutex<()> = Mutex::new(());

fn skip_or_fail(why: &str) -> bool {
    if std::env::var_os("CI").is_some() {
        panic!("{why}: .ci/run must install Debian's firefox-esr and run as root");
    }
    eprintln!("skipping: {why}");
    false
}

/// The system policies file for the test's lifetime. Dropping it (also while a failing test
/// unwinds) restores `/etc` as it was.
struct SystemPolicies {
    created_dirs: Vec<PathBuf>,
    previous: Option<Vec<u8>>,
    _lock: File,
}

impl SystemPolicies {
    fn install(contents: &str) -> io::Result<SystemPolicies> {
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(std::env::temp_dir().join("login-check-etc-firefox-policies.lock"))?;
        // SAFETY: flock on a file descriptor this function owns.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let mut guard = SystemPolicies {
            created_dirs: Vec::new(),
            previous: fs::read(POLICY_FILE).ok(),
            _lock: lock,
        };
        for dir in POLICY_DIRS {
            if !Path::new(dir).exists() {
                fs::create_dir(dir)?;
                guard.created_dirs.push(PathBuf::from(dir));
            }
        }
        fs::write(POLICY_FILE, contents)?;
        Ok(guard)
    }
}

impl Drop for SystemPolicies {
    fn drop(&mut self) {
        match &self.previous {
            Some(bytes) => {
                let _ = fs::write(POLICY_FILE, bytes);
            }
            None => {
                let _ = fs::remove_file(POLICY_FILE);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Firefox, headless, under the throwaway home and nothing of the real user's. Crash reporting
/// is off, so a crash of the browser itself fails at once; it is retried once, after waiting
/// for every process of the previous run to be gone.
fn run_firefox(home: &Path) {
    for attempt in 1..=2 {
        common::wait_for_processes_under(home, Duration::from_secs(20));
        let mut cmd = browser_cmd(FIREFOX, home);
        // Never hand the command to an instance still closing down on the same profile.
        cmd.args(["--headless", "--no-remote", "--screenshot"])
            .arg(home.join("shot.png"))
            .arg("about:blank");
        match run_bounded(&mut cmd, Duration::from_secs(120)) {
            Ok(()) => return,
            Err(e) if attempt == 1 => {
                eprintln!("firefox-esr failed ({e}); retrying once");
                common::kill_processes_under(home);
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// The profile Firefox uses: `[Install…] Default=` in `profiles.ini`.
fn default_profile(home: &Path) -> PathBuf {
    for root in [".config/mozilla/firefox", ".mozilla/firefox"] {
        let root = home.join(root);
        let Ok(text) = fs::read_to_string(root.join("profiles.ini")) else {
            continue;
        };
        let ini = login_check::formats::ini::Ini::parse(&text);
        let default = ini
            .sections
            .iter()
            .filter(|(s, _)| s.starts_with("Install"))
            .find_map(|(_, keys)| login_check::formats::ini::get(keys, "Default"));
        if let Some(d) = default {
            return root.join(d);
        }
    }
    panic!("Firefox made no profile under {}", home.display());
}

fn one<'a>(r: &'a Value, id: &str, browser: &str, profile: Option<&str>) -> &'a Value {
    let all = results(r, id);
    all.iter()
        .copied()
        .find(|c| {
            c["subject"]["browser"] == browser
                && match profile {
                    Some(p) => c["subject"]["profile"] == p,
                    None => c["subject"]["profile"].is_null(),
                }
        })
        .unwrap_or_else(|| panic!("no {id} for {browser} {profile:?} in {all:#?}"))
}

fn finding<'a>(v: &'a Value, key: &str, name: &str) -> &'a Value {
    v["evidence"]["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x[key] == name))
        .unwrap_or_else(|| panic!("no finding {key}={name} in {v:#}"))
}

#[test]
fn real_firefox_esr_user_js_and_system_policy_are_reported() {
    if !Path::new(FIREFOX).exists() {
        skip_or_fail(&format!("{FIREFOX} is missing"));
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let policies = json!({"policies": {
        "DisablePrivateBrowsing": true,
        "Preferences": {MARKER: {"Value": "login-check", "Status": "user"}}
    }});
    let guard = match SystemPolicies::install(&serde_json::to_string_pretty(&policies).unwrap()) {
        Ok(g) => g,
        Err(e) => {
            skip_or_fail(&format!("cannot write {POLICY_FILE} ({e})"));
            return;
        }
    };

    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // The first run makes the profile; the second applies the user.js written in between.
    run_firefox(h);
    let profile = default_profile(h);
    fs::write(
        profile.join("user.js"),
        "// written by login-check's test\nuser_pref(\"network.cookie.cookieBehavior\", 1);\n\
         // A stalled shutdown is crashed by Firefox's watchdog after this long (default 60 s).\n\
         user_pref(\"toolkit.asyncshutdown.crash_timeout\", 8000);\n",
    )
    .unwrap();
    run_firefox(h);
    let prefs = fs::read_to_string(profile.join("prefs.js")).unwrap();
    assert!(
        prefs.contains("user_pref(\"network.cookie.cookieBehavior\", 1);"),
        "Firefox applied user.js:\n{prefs}"
    );
    assert!(
        prefs.contains(MARKER),
        "Firefox read {POLICY_FILE} (the marker pref is missing):\n{prefs}"
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
            "settings",
            "--home",
        ])
        .arg(h)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let id = profile.file_name().unwrap().to_str().unwrap();
    let key = results(&r, "settings.third_party_cookies")
        .iter()
        .find(|c| c["subject"]["profile"] == id)
        .and_then(|c| c["subject"]["browser"].as_str())
        .unwrap_or_else(|| panic!("no result for profile {id}: {r:#}"))
        .to_string();
    assert_eq!(key, "firefox-esr");

    let t = one(&r, "settings.third_party_cookies", &key, Some(id));
    assert_eq!(t["status"], "warn", "{t:#}");
    let b = finding(t, "pref", "network.cookie.cookieBehavior");
    assert_eq!(b["value"], 1);
    assert_eq!(
        b["source"],
        format!("~/.config/mozilla/firefox/{id}/user.js")
    );

    let p = one(&r, "settings.private_window", &key, None);
    assert_eq!(p["status"], "warn", "{p:#}");
    let d = finding(p, "policy", "DisablePrivateBrowsing");
    assert_eq!(d["value"], true);
    assert_eq!(d["source"], POLICY_FILE);

    let m = one(&r, "settings.managed", &key, None);
    assert_eq!(m["status"], "warn", "{m:#}");
    assert_eq!(m["evidence"]["sources"], json!([POLICY_FILE]));

    // Nothing else in this profile blocks signing in.
    for id_ in ["settings.cookies_blocked", "settings.clear_on_exit"] {
        let v = one(&r, id_, &key, Some(id));
        assert_eq!(v["status"], "pass", "{v:#}");
    }

    // The guard puts /etc back as it was.
    let created = guard.created_dirs.clone();
    let previous = guard.previous.clone();
    drop(guard);
    assert_eq!(fs::read(POLICY_FILE).ok(), previous);
    for dir in created {
        assert!(!dir.exists(), "{} was left behind", dir.display());
    }
}
