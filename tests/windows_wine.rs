//! The Windows build on a Windows layout, live: `login-check.exe` under wine, in a throwaway wine
//! prefix holding fixture browser profiles, registry values (version beacons, a policy, the
//! proxy) and a user name with a space and non-ASCII letters, every check run without `--home`.
//!
//! Run by `scripts/windows-tests.sh`, which builds the exe, the bcryptprimitives shim and
//! `hold-open.exe`, makes the prefix and passes them here (`LOGIN_CHECK_WINE=1` and the
//! `LOGIN_CHECK_WINE_*` variables). The test is `#[ignore]`d in a plain `cargo test` (it shows
//! as ignored, never as passed); run without the script (`--ignored`) it fails, and under CI a
//! plain test checks that `.ci/run` runs the script.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use login_check::fixtures::{FixtureCookie, write_chromium_cookies, write_firefox_cookies};
use serde_json::Value;

use common::{Chromium, result_for, results};

/// What the script passes.
struct Wine {
    exe: PathBuf,
    hold_open: PathBuf,
    prefix: PathBuf,
    user: String,
}

impl Wine {
    fn from_env() -> Wine {
        let var = |k: &str| {
            std::env::var(k).unwrap_or_else(|_| {
                panic!("{k} is not set: run the Windows suite with scripts/windows-tests.sh")
            })
        };
        assert_eq!(
            std::env::var("LOGIN_CHECK_WINE").as_deref(),
            Ok("1"),
            "run the Windows suite with scripts/windows-tests.sh"
        );
        Wine {
            exe: var("LOGIN_CHECK_WINE_EXE").into(),
            hold_open: var("LOGIN_CHECK_WINE_HOLD_OPEN").into(),
            prefix: var("WINEPREFIX").into(),
            user: var("LOGIN_CHECK_WINE_USER"),
        }
    }

    /// `C:\users\<user>` on the Linux side.
    fn profile_dir(&self) -> PathBuf {
        self.prefix.join("drive_c/users").join(&self.user)
    }
    fn local(&self, rel: &str) -> PathBuf {
        self.profile_dir().join("AppData/Local").join(rel)
    }
    fn roaming(&self, rel: &str) -> PathBuf {
        self.profile_dir().join("AppData/Roaming").join(rel)
    }
    /// The Windows form of a path under `C:\users\<user>`.
    fn windows_path(&self, under_profile: &str) -> String {
        format!(
            r"C:\users\{}\{}",
            self.user,
            under_profile.replace('/', "\\")
        )
    }

    fn command(&self, program: &Path) -> Command {
        let mut c = Command::new(std::env::var("WINE").unwrap_or_else(|_| "wine".into()));
        c.arg(program)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("LOGIN_CHECK_NOW", common::NOW)
            .env_remove("NO_COLOR");
        for k in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
        ] {
            c.env_remove(k);
        }
        c
    }

    fn reg_add(&self, key: &str, name: &str, kind: &str, data: &str) {
        let out = self
            .command(Path::new("reg"))
            .args(["add", key, "/v", name, "/t", kind, "/d", data, "/f"])
            .output()
            .unwrap();
        assert!(out.status.success(), "reg add {key} {name}: {out:?}");
    }

    /// Every check, live (no `--home`), offline, as JSON.
    fn report(&self) -> (Value, Output) {
        let out = self
            .command(&self.exe)
            .args(["--offline", "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (v, out)
    }
}

const NOW_UNIX: i64 = 1_795_521_600;

fn ck(host: &str, name: &str) -> FixtureCookie {
    FixtureCookie::new(host, name, "v", NOW_UNIX)
}

fn chromium(dir: PathBuf, profiles: &[(&str, &str)]) -> Chromium {
    std::fs::create_dir_all(&dir).unwrap();
    let c = Chromium { dir };
    c.local_state(profiles, profiles[0].0);
    for (id, _) in profiles {
        c.profile(id);
    }
    c
}

/// The prefix's browsers, in their Windows places, and the registry values.
fn populate(w: &Wine) {
    let chrome = chromium(
        w.local("Google/Chrome/User Data"),
        &[("Default", "Person 1"), ("Profile 1", "Work")],
    );
    write_chromium_cookies(
        &chrome.dir.join("Default/Cookies"),
        24,
        &[
            ck(".chatgpt.com", "oai-did"),
            ck("accounts.google.com", "SID"),
        ],
    )
    .unwrap();
    write_chromium_cookies(
        &chrome.dir.join("Profile 1/Cookies"),
        24,
        &[ck("chatgpt.com", "__cf_bm")],
    )
    .unwrap();
    let edge = chromium(
        w.local("Microsoft/Edge/User Data"),
        &[("Default", "Profile 1")],
    );
    write_chromium_cookies(&edge.dir.join("Default/Cookies"), 23, &[]).unwrap();
    chromium(
        w.local("BraveSoftware/Brave-Browser/User Data"),
        &[("Default", "Person 1")],
    )
    .last_version("1.85.118");
    // Opera keeps its profile in the user data folder itself (Roaming).
    let opera = w.roaming("Opera Software/Opera Stable");
    std::fs::create_dir_all(&opera).unwrap();
    common::write(
        &opera.join("Preferences"),
        r#"{"profile":{"name":"x"},"extensions":{"settings":{}}}"#,
    );
    // Firefox on Windows writes CRLF and `Profiles/…` paths.
    let ff = w.roaming("Mozilla/Firefox");
    common::write(
        &ff.join("profiles.ini"),
        "[General]\r\nStartWithLastProfile=1\r\nVersion=2\r\n\r\n[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=Profiles/k3x9.default-release\r\nDefault=1\r\n",
    );
    let prof = ff.join("Profiles/k3x9.default-release");
    common::write(
        &prof.join("prefs.js"),
        "// Mozilla User Preferences\r\nuser_pref(\"browser.startup.homepage_override.mstone\", \"161.0\");\r\n",
    );
    common::write(
        &prof.join("compatibility.ini"),
        "[Compatibility]\r\nLastVersion=161.0_20261110000000/20261110000000\r\nLastOSABI=WINNT_x86_64-msvc\r\nLastPlatformDir=C:\\Program Files\\Mozilla Firefox\r\n",
    );
    drop(
        write_firefox_cookies(
            &prof.join("cookies.sqlite"),
            17,
            &[ck(".chatgpt.com", "oai-did")],
        )
        .unwrap(),
    );

    w.reg_add(
        r"HKCU\Software\Google\Chrome\BLBeacon",
        "version",
        "REG_SZ",
        "157.0.7390.54",
    );
    w.reg_add(
        r"HKCU\Software\Microsoft\Edge\BLBeacon",
        "version",
        "REG_SZ",
        "157.0.3400.12",
    );
    w.reg_add(
        r"HKLM\Software\Policies\Google\Chrome",
        "IncognitoModeAvailability",
        "REG_DWORD",
        "1",
    );
    let inet = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings";
    w.reg_add(inet, "ProxyEnable", "REG_DWORD", "1");
    w.reg_add(inet, "ProxyServer", "REG_SZ", "proxy.corp.example:8080");
    w.reg_add(
        inet,
        "AutoConfigURL",
        "REG_SZ",
        "http://wpad.corp.example/proxy.pac",
    );
}

/// Starts `hold-open.exe` on `file` (share mode 0) and waits until it holds it.
struct Held {
    child: std::process::Child,
    release: PathBuf,
}

impl Held {
    fn start(w: &Wine, file_under_profile: &str, markers: &Path) -> Held {
        let ready = markers.join("ready");
        let release = markers.join("release");
        let win = |p: &Path| format!("Z:{}", p.display()).replace('/', "\\");
        let child = w
            .command(&w.hold_open)
            .arg(w.windows_path(file_under_profile))
            .arg(win(&ready))
            .arg(win(&release))
            .spawn()
            .unwrap();
        let mut held = Held { child, release };
        let start = Instant::now();
        while !ready.exists() {
            if let Some(status) = held.child.try_wait().unwrap() {
                panic!("hold-open.exe ended before holding the file: {status}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "hold-open.exe did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        held
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.release, "");
        let _ = self.child.wait();
    }
}

fn cookie_results(r: &Value) -> Vec<&Value> {
    r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("cookies."))
        })
        .collect()
}

/// One line per result in the log (`--nocapture`), to see what the Windows build said.
fn show(run: &str, c: &Value) {
    if c.get("id").is_none() {
        eprintln!("[{run}] {c}");
        return;
    }
    eprintln!(
        "[{run}] {} {} [{}/{}] {} | {}",
        c["status"].as_str().unwrap_or("?"),
        c["id"].as_str().unwrap_or("?"),
        c["subject"]["browser"].as_str().unwrap_or("-"),
        c["subject"]["profile"].as_str().unwrap_or("-"),
        c["title"].as_str().unwrap_or(""),
        c["evidence"]
    );
}

fn status(r: &Value) -> &str {
    r["status"].as_str().unwrap_or_default()
}

#[test]
#[ignore = "the Windows build under wine: run scripts/windows-tests.sh"]
fn windows_build_under_wine_reads_the_windows_layout_registry_and_locks() {
    let w = Wine::from_env();
    assert!(
        w.profile_dir().is_dir(),
        "no {} in the prefix",
        w.profile_dir().display()
    );
    populate(&w);

    let (r, out) = w.report();
    let text = String::from_utf8_lossy(&out.stdout);
    show("system", &r["system"]);
    for c in r["checks"].as_array().unwrap() {
        show("run 1", c);
    }
    let all = serde_json::to_string_pretty(&r["checks"]).unwrap();

    // The system: Windows, named by its build (wine 8 says Windows 7 SP1, build 7601).
    let sys = &r["system"];
    assert_eq!(sys["os"], "windows", "{sys}");
    assert_eq!(sys["os_name"], "Windows", "{sys}");
    let os_version = sys["os_version"].as_str().unwrap_or_default();
    assert!(
        !os_version.starts_with("0 ") && os_version.ends_with(')'),
        "{sys}"
    );
    assert_eq!(sys["arch"], "x86_64");

    // The browsers, in the Windows places, with their profiles.
    let installed = common::installed(&r);
    for b in ["chrome", "edge", "brave", "opera", "firefox"] {
        assert!(installed.iter().any(|k| k == b), "{b} not found: {all}");
    }
    let chrome = result_for(&r, "browser.installed", "chrome");
    assert_eq!(status(chrome), "pass", "{chrome}");
    assert!(
        chrome["title"].as_str().unwrap().contains("2 profiles"),
        "{chrome}"
    );

    // Versions from the registry's BLBeacon (Chrome, Edge) and the profile (Firefox).
    let v = result_for(&r, "browser.version", "chrome");
    assert_eq!(v["evidence"]["found_version"], "157.0.7390.54", "{v}");
    assert_eq!(
        v["evidence"]["found_source"], r"HKCU\Software\Google\Chrome\BLBeacon\version",
        "{v}"
    );
    let v = result_for(&r, "browser.version", "edge");
    assert_eq!(
        v["evidence"]["found_source"], r"HKCU\Software\Microsoft\Edge\BLBeacon\version",
        "{v}"
    );
    let v = result_for(&r, "browser.version", "firefox");
    assert_eq!(v["evidence"]["found_version"], "161.0", "{v}");

    // The machine policy (HKLM) turning Chrome's private windows off.
    let private: Vec<&Value> = results(&r, "settings.private_window")
        .into_iter()
        .filter(|c| c["subject"]["browser"] == "chrome")
        .collect();
    assert!(
        !private.is_empty()
            && private.iter().all(|c| status(c) == "warn"
                && c.to_string().contains("IncognitoModeAvailability")),
        "{}",
        serde_json::to_string_pretty(&private).unwrap()
    );

    // The proxy from Internet Settings.
    let proxy = results(&r, "network.proxy");
    let proxy_text = serde_json::to_string(&proxy).unwrap();
    assert!(
        proxy_text.contains("Windows Internet Settings")
            && proxy_text.contains("proxy.corp.example:8080")
            && proxy_text.contains("wpad.corp.example"),
        "{proxy_text}"
    );

    // Cookies read from the live profiles: nothing unknown about them.
    let cookies = cookie_results(&r);
    assert!(!cookies.is_empty(), "{all}");
    assert!(
        cookies.iter().all(|c| status(c) != "unknown"),
        "{}",
        serde_json::to_string_pretty(&cookies).unwrap()
    );

    // The user's name (a space and non-ASCII letters) never appears in the redacted report.
    for part in w.user.split(' ') {
        assert!(!text.contains(part), "`{part}` in the report:\n{text}");
    }

    // Chrome running: its Cookies held without sharing, as Chromium does on Windows.
    let markers = tempfile::tempdir().unwrap();
    let held = Held::start(
        &w,
        "AppData/Local/Google/Chrome/User Data/Default/Cookies",
        markers.path(),
    );
    let (r, _) = w.report();
    drop(held);
    for c in r["checks"].as_array().unwrap() {
        show("run 2, Cookies held", c);
    }
    let all = serde_json::to_string_pretty(&r["checks"]).unwrap();
    let mut cookie_checks = 0;
    for c in r["checks"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let default_chrome =
            c["subject"]["browser"] == "chrome" && c["subject"]["profile"] == "Default";
        if id.starts_with("cookies.") && default_chrome {
            cookie_checks += 1;
            assert_eq!(status(c), "unknown", "{c}");
            assert!(
                c["fix"]
                    .to_string()
                    .contains("Close Google Chrome completely"),
                "{c}"
            );
        }
        if id == "account.signin_method" && default_chrome {
            assert_ne!(status(c), "pass", "{c}");
        }
    }
    assert!(
        cookie_checks > 0,
        "no cookie check about Chrome › Default: {all}"
    );
    // The other profile is still read.
    let other: Vec<&Value> = cookie_results(&r)
        .into_iter()
        .filter(|c| c["subject"]["browser"] == "chrome" && c["subject"]["profile"] == "Profile 1")
        .collect();
    assert!(other.iter().all(|c| status(c) != "unknown"), "{all}");
}

/// Under CI the suite above must run: `.ci/run` runs it through the script.
#[test]
fn ci_runs_the_windows_suite() {
    if std::env::var_os("CI").is_none() {
        return;
    }
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines()
            .any(|l| l.trim_start().starts_with("scripts/windows-tests.sh")),
        ".ci/run does not run scripts/windows-tests.sh"
    );
}
