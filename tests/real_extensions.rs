//! `extensions.interfering` against real browsers, run headless under a throwaway home:
//!
//! - Debian's `firefox-esr` with Debian's `webext-ublock-origin-firefox` and
//!   `webext-privacy-badger` installed system-wide (`/usr/share/mozilla/extensions`): Firefox
//!   records both in the new profile's `extensions.json`, and login-check must find both as
//!   enabled interfering extensions.
//! - Debian's `chromium`, driven over the DevTools pipe (`--remote-debugging-pipe
//!   --enable-unsafe-extension-debugging`, fds 3 and 4, NUL-terminated JSON) to load two
//!   unpacked MV3 extensions whose names are `__MSG_…__` messages (`Extensions.loadUnpacked`);
//!   login-check must find them under their localised names, one of them recognised by name as a
//!   catalogued blocker.
//!
//! `.ci/run` installs these packages. Where they are missing the tests fail under CI (`CI` set)
//! and are skipped with a message elsewhere.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::real::{
    CHROMIUM, FIREFOX, browser_cmd, chromium_cmd, require, run_bounded, wait_bounded,
};
use serde_json::{Value, json};

const ID: &str = "extensions.interfering";
const FIREFOX_SYSTEM_EXTENSIONS: &str =
    "/usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}";

/// login-check's JSON report on `home`, extensions only.
fn report(home: &Path) -> Value {
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .env("LOGIN_CHECK_NOW", common::NOW)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("CHROME_CONFIG_HOME")
        .args(["--offline", "--format", "json", "--only", ID, "--home"])
        .arg(home)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn real_firefox_esr_with_debian_ublock_origin_and_privacy_badger() {
    if !(require(FIREFOX, "firefox-esr")
        && require(
            &format!("{FIREFOX_SYSTEM_EXTENSIONS}/uBlock0@raymondhill.net"),
            "webext-ublock-origin-firefox",
        )
        && require(
            &format!("{FIREFOX_SYSTEM_EXTENSIONS}/jid1-MnnxcxisBPnSXQ@jetpack"),
            "webext-privacy-badger",
        ))
    {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run_bounded(
        browser_cmd(FIREFOX, h)
            .args(["--headless", "--screenshot"])
            .arg(h.join("shot.png"))
            .arg("about:blank"),
        Duration::from_secs(120),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let r = report(h);
    let results: Vec<&Value> = common::results(&r, ID)
        .into_iter()
        .filter(|c| c["subject"]["browser"] == "firefox-esr")
        .collect();
    // Firefox ESR makes two profiles; the one it used holds the add-ons.
    let used = results
        .iter()
        .find(|c| {
            c["evidence"]["interfering"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        })
        .unwrap_or_else(|| {
            panic!(
                "no Firefox ESR profile with interfering extensions: {}",
                serde_json::to_string_pretty(&r["checks"]).unwrap()
            )
        });
    assert_eq!(used["status"], "fail", "{used}");
    let found = used["evidence"]["interfering"].as_array().unwrap();
    for (id, name) in [
        ("uBlock0@raymondhill.net", "uBlock Origin"),
        ("jid1-MnnxcxisBPnSXQ@jetpack", "Privacy Badger"),
    ] {
        let x = found
            .iter()
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("{id} not found: {used}"));
        assert_eq!(x["name"], name, "{x}");
        assert_eq!(x["enabled"], true, "{x}");
        assert_eq!(x["installed"], "system", "{x}");
        assert_eq!(x["matched_by"], "id", "{x}");
        assert!(x["version"].is_string(), "{x}");
        assert_eq!(x["category"], "content/ad blocker", "{x}");
    }
    // Firefox's own add-ons are listed apart, not judged.
    assert!(
        !used["evidence"]["built_in"].as_array().unwrap().is_empty(),
        "{used}"
    );
    assert!(
        used["evidence"]["sources"]
            .to_string()
            .contains("extensions.json"),
        "{used}"
    );
}

// ---------------------------------------------------------------------------------------------
// Chromium over the DevTools pipe

/// Chromium over the DevTools pipe (Unix file descriptors).
#[cfg(unix)]
mod devtools {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::mpsc;

    /// A pipe whose ends close on exec (they are moved to fds 3 and 4 in the child).
    fn pipe() -> (std::fs::File, std::fs::File) {
        use std::os::fd::FromRawFd;
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
        assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just created and are owned by nobody else.
        unsafe {
            (
                std::fs::File::from_raw_fd(fds[0]),
                std::fs::File::from_raw_fd(fds[1]),
            )
        }
    }

    /// Chromium with the DevTools protocol on fds 3 (it reads) and 4 (it writes).
    struct Browser {
        child: Child,
        to_browser: std::fs::File,
        messages: mpsc::Receiver<Value>,
        next_id: u64,
    }

    impl Browser {
        fn start(mut cmd: Command) -> Browser {
            use std::os::fd::AsRawFd;
            use std::os::unix::process::CommandExt;
            let (browser_reads, to_browser) = pipe();
            let (from_browser, browser_writes) = pipe();
            let (r, w) = (browser_reads.as_raw_fd(), browser_writes.as_raw_fd());
            // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec. The fds are
            // first copied above 9 so that moving one to 3 or 4 cannot overwrite the other; dup2
            // clears close-on-exec on the copies at 3 and 4.
            unsafe {
                cmd.pre_exec(move || {
                    let a = libc::fcntl(r, libc::F_DUPFD, 10);
                    let b = libc::fcntl(w, libc::F_DUPFD, 10);
                    if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            let child = cmd.spawn().expect("start chromium");
            drop(browser_reads);
            drop(browser_writes);
            let (tx, messages) = mpsc::channel();
            std::thread::spawn(move || {
                let mut from_browser = from_browser;
                let mut buf = Vec::new();
                let mut chunk = [0u8; 65536];
                loop {
                    let n = match from_browser.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    while let Some(end) = buf.iter().position(|&b| b == 0) {
                        let msg: Vec<u8> = buf.drain(..=end).collect();
                        if let Ok(v) = serde_json::from_slice::<Value>(&msg[..msg.len() - 1]) {
                            if tx.send(v).is_err() {
                                return;
                            }
                        }
                    }
                }
            });
            Browser {
                child,
                to_browser,
                messages,
                next_id: 1,
            }
        }

        /// Sends a command and waits for its answer (events in between are skipped).
        fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
            let id = self.next_id;
            self.next_id += 1;
            let mut msg =
                serde_json::to_vec(&json!({"id": id, "method": method, "params": params})).unwrap();
            msg.push(0);
            self.to_browser
                .write_all(&msg)
                .map_err(|e| format!("writing {method}: {e}"))?;
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                let m = self
                    .messages
                    .recv_timeout(left)
                    .map_err(|e| format!("no answer to {method}: {e}"))?;
                if m["id"] == id {
                    return match m.get("error") {
                        Some(e) => Err(format!("{method}: {e}")),
                        None => Ok(m["result"].clone()),
                    };
                }
            }
        }
    }

    impl Drop for Browser {
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }

    /// An unpacked MV3 extension whose name is a message of its default locale (keys in another
    /// case than the manifest's, as Chromium allows).
    fn unpacked_extension(dir: &Path, localised_name: &str) -> PathBuf {
        common::write(
            &dir.join("manifest.json"),
            serde_json::to_vec_pretty(&json!({
                "manifest_version": 3,
                "name": "__MSG_extName__",
                "description": "__MSG_extDescription__",
                "version": "1.2.3",
                "default_locale": "en_US",
                "background": {"service_worker": "background.js"},
                "permissions": ["storage"]
            }))
            .unwrap(),
        );
        common::write(
            &dir.join("background.js"),
            "chrome.runtime.onInstalled.addListener(() => {});\n",
        );
        common::write(
            &dir.join("_locales/en_US/messages.json"),
            serde_json::to_vec_pretty(&json!({
                "EXTNAME": {"message": localised_name, "description": "The extension's name"},
                "extDescription": {"message": "A test extension of login-check"}
            }))
            .unwrap(),
        );
        common::write(
            &dir.join("_locales/de/messages.json"),
            serde_json::to_vec_pretty(&json!({"extName": {"message": "Falscher Name"}})).unwrap(),
        );
        dir.to_path_buf()
    }

    #[test]
    fn real_chromium_unpacked_extensions_loaded_over_the_devtools_pipe() {
        if !require(CHROMIUM, "chromium") {
            return;
        }
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        let plain = unpacked_extension(&h.join("src/plain"), "Login Check Test Extension");
        let blocker = unpacked_extension(&h.join("src/blocker"), "uBlock Origin Lite");
        let mut cmd = chromium_cmd(h);
        cmd.args([
            "--remote-debugging-pipe",
            "--enable-unsafe-extension-debugging",
            "about:blank",
        ]);
        let mut browser = Browser::start(cmd);
        let mut loaded = Vec::new();
        for dir in [&plain, &blocker] {
            let res = browser
                .call(
                    "Extensions.loadUnpacked",
                    json!({"path": dir.to_str().unwrap()}),
                )
                .unwrap_or_else(|e| panic!("Chromium did not load {}: {e}", dir.display()));
            loaded.push(res["id"].as_str().expect("an extension id").to_string());
        }
        // A clean shutdown writes Preferences.
        browser.call("Browser.close", json!({})).unwrap();
        let status = wait_bounded(&mut browser.child, "chromium", Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success(), "chromium failed: {status}");

        let r = report(h);
        let res = common::results(&r, ID)
            .into_iter()
            .find(|c| c["subject"]["browser"] == "chromium" && c["subject"]["profile"] == "Default")
            .unwrap_or_else(|| {
                panic!(
                    "no chromium › Default result: {}",
                    serde_json::to_string_pretty(&r["checks"]).unwrap()
                )
            });
        let inventory = res["evidence"]["extensions"].to_string();
        assert!(
            inventory.contains(&format!(
                "Login Check Test Extension 1.2.3 · {} · on · loaded unpacked (developer mode)",
                loaded[0]
            )),
            "{res}"
        );
        assert!(!inventory.contains("__MSG_"), "{res}");
        assert!(!inventory.contains("Falscher Name"), "{res}");
        // The second is recognised by its localised name as a catalogued blocker.
        assert_eq!(res["status"], "warn", "{res}");
        let found = &res["evidence"]["interfering"];
        assert_eq!(found.as_array().unwrap().len(), 1, "{res}");
        assert_eq!(found[0]["id"], loaded[1].as_str());
        assert_eq!(found[0]["name"], "uBlock Origin Lite");
        assert_eq!(found[0]["matched_by"], "name");
        assert_eq!(found[0]["installed"], "unpacked");
        assert_eq!(found[0]["enabled"], true);
        assert_eq!(found[0]["version"], "1.2.3");
        // Chromium's own component extensions are listed apart.
        assert!(
            res["evidence"]["built_in"].to_string().contains("PDF"),
            "{res}"
        );
    }
}
