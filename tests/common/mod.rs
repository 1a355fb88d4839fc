//! Test support: builders for fixture homes in each OS's real layout, and running the binary
//! against them with a fixed clock. Everything a test reads is made here, by code.
#![allow(dead_code)]

pub mod homes;
pub mod https;
pub mod real;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

/// The fixed "now" for reproducible reports.
pub const NOW: &str = "2026-11-24T12:00:00Z";

/// A temporary home (and a sibling root for system-wide files).
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("root")).unwrap();
        Fixture { dir }
    }
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }
    /// Writes a file under the home, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        write(&self.home().join(rel), contents)
    }
    /// Writes a file under the root, creating folders.
    pub fn write_root(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        write(&self.root().join(rel.trim_start_matches('/')), contents)
    }
    /// A Chromium-family user-data folder at `rel` under the home.
    pub fn chromium(&self, rel: &str) -> Chromium {
        let dir = self.home().join(rel);
        std::fs::create_dir_all(&dir).unwrap();
        Chromium { dir }
    }
    /// A Firefox-family profile root at `rel` under the home.
    pub fn firefox(&self, rel: &str) -> Firefox {
        let dir = self.home().join(rel);
        std::fs::create_dir_all(&dir).unwrap();
        Firefox { dir }
    }

    /// The binary, pointed at this fixture, offline, with a fixed clock and no colour or proxy
    /// from the environment.
    pub fn cmd(&self, os: &str) -> Command {
        let mut c = Command::cargo_bin("login-check").unwrap();
        c.env("LOGIN_CHECK_NOW", NOW)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("CHROME_CONFIG_HOME")
            .args(["--home"])
            .arg(self.home())
            .args(["--root"])
            .arg(self.root())
            .args(["--os", os]);
        for k in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            c.env_remove(k);
        }
        c
    }

    /// Runs with `--format json` and returns the parsed report and the exit code.
    pub fn report(&self, os: &str, args: &[&str]) -> (Value, i32) {
        let out = self
            .cmd(os)
            .args(["--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (v, code)
    }
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
    path.to_path_buf()
}

/// Results of one check id in a JSON report.
pub fn results<'a>(report: &'a Value, id: &str) -> Vec<&'a Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == id)
        .collect()
}

/// The one result of `id` about `browser`.
pub fn result_for<'a>(report: &'a Value, id: &str, browser: &str) -> &'a Value {
    let r = results(report, id);
    r.iter()
        .find(|c| c["subject"]["browser"] == browser)
        .copied()
        .unwrap_or_else(|| {
            panic!(
                "no {id} result for {browser} in {}",
                serde_json::to_string_pretty(&r).unwrap()
            )
        })
}

/// The browser keys `browser.installed` reported.
pub fn installed(report: &Value) -> Vec<String> {
    results(report, "browser.installed")
        .iter()
        .filter_map(|r| r["subject"]["browser"].as_str().map(str::to_string))
        .collect()
}

/// A Chromium user-data folder being built.
pub struct Chromium {
    pub dir: PathBuf,
}

impl Chromium {
    /// `Local State` with `profile.info_cache` (folder → name) and `profile.last_used`, shaped
    /// like the real file (the account fields present but empty).
    pub fn local_state(&self, profiles: &[(&str, &str)], last_used: &str) -> &Self {
        let mut cache = serde_json::Map::new();
        for (dir, name) in profiles {
            cache.insert(
                dir.to_string(),
                json!({"active_time": 1795524071.37, "avatar_icon": "chrome://theme/IDR_PROFILE_AVATAR_26",
                       "gaia_id": "", "is_using_default_name": false, "name": name, "user_name": ""}),
            );
        }
        let ls = json!({"profile": {"info_cache": cache, "last_used": last_used,
                        "profiles_order": profiles.iter().map(|p| p.0).collect::<Vec<_>>()}});
        write(
            &self.dir.join("Local State"),
            serde_json::to_vec_pretty(&ls).unwrap(),
        );
        self
    }
    /// A profile folder with a `Preferences` file.
    pub fn profile(&self, id: &str) -> &Self {
        write(
            &self.dir.join(id).join("Preferences"),
            r#"{"profile":{"name":"x"},"extensions":{"settings":{}}}"#,
        );
        self
    }
    pub fn last_version(&self, v: &str) -> &Self {
        write(&self.dir.join("Last Version"), v);
        self
    }
}

/// A Firefox profile root being built.
pub struct Firefox {
    pub dir: PathBuf,
}

impl Firefox {
    pub fn profiles_ini(&self, text: &str) -> &Self {
        write(&self.dir.join("profiles.ini"), text);
        self
    }
    pub fn installs_ini(&self, text: &str) -> &Self {
        write(&self.dir.join("installs.ini"), text);
        self
    }
    /// A profile folder (relative to the root) with `prefs.js` and a `compatibility.ini`
    /// recording `version` (e.g. `161.0_20261110000000/20261110000000`).
    pub fn profile(&self, rel: &str, version: Option<&str>) -> &Self {
        let dir = self.dir.join(rel);
        write(
            &dir.join("prefs.js"),
            "// Mozilla User Preferences\nuser_pref(\"browser.startup.homepage_override.mstone\", \"161.0\");\n",
        );
        if let Some(v) = version {
            write(
                &dir.join("compatibility.ini"),
                format!(
                    "[Compatibility]\nLastVersion={v}_20261110000000/20261110000000\nLastOSABI=Linux_x86_64-gcc3\nLastPlatformDir=/usr/lib/firefox\nLastAppDir=/usr/lib/firefox/browser\n"
                ),
            );
        }
        self
    }
}

/// A minimal macOS `Info.plist` (XML) with a version.
pub fn info_plist(version: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleShortVersionString</key>
	<string>{version}</string>
</dict>
</plist>
"#
    )
}

/// Waits (up to `limit`) until no process runs with `HOME=<home>` — a browser started under a
/// throwaway home, and all its child processes, have exited — then a moment more. Starting
/// Firefox again on a profile its previous instance is still leaving makes Firefox ESR crash
/// now and then.
pub fn wait_for_processes_under(home: &Path, limit: std::time::Duration) {
    wait_for_processes_under_matching(home, "", limit)
}

/// [`wait_for_processes_under`], counting only processes whose command line contains `name`.
pub fn wait_for_processes_under_matching(home: &Path, name: &str, limit: std::time::Duration) {
    let start = std::time::Instant::now();
    let busy = || {
        processes_under(home).into_iter().any(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(name))
        })
    };
    while start.elapsed() < limit && busy() {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
}

/// The processes running with `HOME=<home>` (a test's own browser and its children).
pub fn processes_under(home: &Path) -> Vec<i32> {
    let needle = format!("HOME={}\0", home.display()).into_bytes();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.parse::<i32>().ok())
                .map(|pid| (pid, e.path()))
        })
        .filter(|(_, p)| {
            std::fs::read(p.join("environ"))
                .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle))
        })
        .map(|(pid, _)| pid)
        .collect()
}

/// Kills what is left of a test's browser under a throwaway home (after the browser crashed).
pub fn kill_processes_under(home: &Path) {
    for pid in processes_under(home) {
        // SAFETY: signals a process this test started (found by its unique throwaway HOME).
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}
