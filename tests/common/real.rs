//! Running Debian's real `chromium` and `firefox-esr` in tests (`tests/real_*.rs`): under a
//! throwaway home, headless, with nothing of the real user's environment, and always bounded in
//! time.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";

/// Whether `path` (installed by Debian's `package`) is there. Missing under CI is a failure
/// (.ci/run installs it); missing locally skips the test with a note.
pub fn require(path: &str, package: &str) -> bool {
    if Path::new(path).exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{path} is missing: .ci/run must install Debian's {package}");
    }
    eprintln!("skipping: {path} is not installed (apt-get install {package})");
    false
}

/// A browser's command with the throwaway `home` and nothing of the real user's: no config or
/// cache folder variables, no display, no proxy, no crash reporter; no terminal I/O.
pub fn browser_cmd(bin: &str, home: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env("HOME", home)
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for k in [
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "CHROME_CONFIG_HOME",
        "MOZ_SYSTEM_CONFIG_DIR",
        "DISPLAY",
        "WAYLAND_DISPLAY",
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

/// Headless Chromium keeping its data in `home`'s `.config/chromium` (without the flag it uses a
/// throwaway profile), with no first-run, sync or background traffic.
pub fn chromium_cmd(home: &Path) -> Command {
    let mut c = browser_cmd(CHROMIUM, home);
    c.arg(format!(
        "--user-data-dir={}",
        home.join(".config/chromium").display()
    ))
    .args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    c
}

/// Waits for `child` at most `limit`; past it, kills it and says so.
pub fn wait_bounded(child: &mut Child, what: &str, limit: Duration) -> Result<ExitStatus, String> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Ok(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{what} did not finish in {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs `cmd` to its end within `limit`: an error if it fails or overruns (then it is killed).
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Result<(), String> {
    let mut child = cmd.spawn().map_err(|e| format!("{cmd:?}: {e}"))?;
    match wait_bounded(&mut child, &format!("{cmd:?}"), limit)? {
        s if s.success() => Ok(()),
        s => Err(format!("{cmd:?} failed: {s}")),
    }
}

/// Kills a browser when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
