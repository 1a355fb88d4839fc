//! The context every probe is given: where to look, what the environment says, what time it is,
//! how to run a system tool, and what the network may be used for.
//!
//! The context is the environment only; what is read from it is in [`crate::facts::Facts`]. No
//! reader reads the real home directory, the real clock, the process environment or runs a
//! program directly: it asks the context. Tests build a context over a fixture home, a fixed
//! clock and a recorded command runner (see `Context::for_tests`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// The operating-system family whose file layout is inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OsFamily {
    Linux,
    Macos,
    Windows,
}

impl OsFamily {
    pub const ALL: [OsFamily; 3] = [OsFamily::Linux, OsFamily::Macos, OsFamily::Windows];

    /// The family this binary was built for (other Unix systems are treated as Linux).
    pub fn current() -> OsFamily {
        if cfg!(target_os = "windows") {
            OsFamily::Windows
        } else if cfg!(target_os = "macos") {
            OsFamily::Macos
        } else {
            OsFamily::Linux
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OsFamily::Linux => "linux",
            OsFamily::Macos => "macos",
            OsFamily::Windows => "windows",
        }
    }

    pub fn parse(s: &str) -> Option<OsFamily> {
        match s.to_ascii_lowercase().as_str() {
            "linux" => Some(OsFamily::Linux),
            "macos" | "darwin" | "mac" => Some(OsFamily::Macos),
            "windows" | "win" => Some(OsFamily::Windows),
            _ => None,
        }
    }
}

/// A `--resolve HOST:PORT:ADDR` override (curl style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOverride {
    pub host: String,
    pub port: u16,
    pub addr: SocketAddr,
}

impl ResolveOverride {
    /// Parses `HOST:PORT:ADDR` (curl's form), where ADDR is an IPv4 address or an IPv6 address
    /// with or without brackets. As an extension, ADDR may carry its own port (`127.0.0.1:8443`,
    /// `[::1]:8443`) to send HOST:PORT to a server listening elsewhere (used by tests).
    pub fn parse(s: &str) -> Result<ResolveOverride, String> {
        let mut parts = s.splitn(3, ':');
        let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("`{s}` is not HOST:PORT:ADDRESS"));
        };
        if host.is_empty() {
            return Err(format!("`{s}` has an empty host"));
        }
        let port: u16 = port
            .parse()
            .map_err(|_| format!("`{s}`: `{port}` is not a port number"))?;
        let bad = || format!("`{s}`: `{addr}` is not an IP address (or IP address and port)");
        let target = if let Some(rest) = addr.strip_prefix('[') {
            let (ip, after) = rest.split_once(']').ok_or_else(bad)?;
            let ip: std::net::IpAddr = ip.parse().map_err(|_| bad())?;
            match after {
                "" => SocketAddr::new(ip, port),
                p => SocketAddr::new(
                    ip,
                    p.strip_prefix(':')
                        .and_then(|p| p.parse().ok())
                        .ok_or_else(bad)?,
                ),
            }
        } else if let Ok(ip) = addr.parse::<std::net::IpAddr>() {
            SocketAddr::new(ip, port)
        } else {
            addr.parse::<SocketAddr>().map_err(|_| bad())?
        };
        Ok(ResolveOverride {
            host: host.to_ascii_lowercase(),
            port,
            addr: target,
        })
    }
}

/// What the network probes may do.
#[derive(Debug, Clone)]
pub struct NetOptions {
    /// `--offline`: nothing touches the network; network checks report `skip`.
    pub offline: bool,
    /// The total time a network check may take (`--timeout`).
    pub timeout: Duration,
    /// `--resolve` overrides, used instead of DNS for those host/port pairs.
    pub resolve: Vec<ResolveOverride>,
    /// `--ca-file`: extra trusted root certificates (PEM).
    pub ca_file: Option<PathBuf>,
    /// What every copy of these options shares during a run: the `--timeout` clock and the TLS
    /// client settings, each set on first use.
    pub shared: Arc<NetShared>,
}

/// A TLS client configuration, or why none could be made.
pub type TlsConfig = Result<Arc<rustls::ClientConfig>, String>;

/// The state the network probes of one run share.
#[derive(Debug, Default)]
pub struct NetShared {
    /// When the `--timeout` clock started: when the checks started, or at the first network use.
    pub started: std::sync::OnceLock<Instant>,
    /// The operating system's trust store plus `--ca-file` (made by `io::http::tls_config`).
    pub system_roots: std::sync::OnceLock<TlsConfig>,
    /// Only the public web roots (webpki-roots) plus `--ca-file`.
    pub public_roots: std::sync::OnceLock<TlsConfig>,
}

impl NetOptions {
    /// Starts the `--timeout` clock if it has not started, and says when it did. The runner
    /// starts it with the checks, so every request's limit counts from there: setting up
    /// (loading the trust store, starting threads) is part of the budget, never added to it.
    pub fn start_clock(&self) -> Instant {
        *self.shared.started.get_or_init(Instant::now)
    }

    /// When `--timeout` runs out.
    pub fn deadline(&self) -> Instant {
        self.start_clock() + self.timeout
    }

    /// What is left of `--timeout`, at most `cap`, and never zero (a zero time limit is refused
    /// by the socket calls; a millisecond fails as a time-out does).
    pub fn time_left(&self, cap: Duration) -> Duration {
        self.deadline()
            .saturating_duration_since(Instant::now())
            .clamp(Duration::from_millis(1), cap.max(Duration::from_millis(1)))
    }
}

impl Default for NetOptions {
    fn default() -> Self {
        NetOptions {
            offline: false,
            timeout: Duration::from_secs(8),
            resolve: Vec::new(),
            ca_file: None,
            shared: Arc::default(),
        }
    }
}

/// What a system tool printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs system tools (`scutil`, `defaults`, `chromium --version`) for probes, with a time limit.
pub trait CommandRunner: Send + Sync {
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> Result<CommandOutput, String>;
}

/// Runs real programs, never through a shell, killing any that outlive their time limit.
#[derive(Debug, Default)]
pub struct SystemRunner;

impl CommandRunner for SystemRunner {
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> Result<CommandOutput, String> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not run {}: {e}", program.display()))?;
        // Read the pipes on their own threads so a chatty program cannot block on a full pipe.
        let out = child.stdout.take();
        let err = child.stderr.take();
        let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut p) = pipe {
                    use std::io::Read;
                    let _ = p.by_ref().take(1 << 20).read_to_end(&mut buf);
                }
                String::from_utf8_lossy(&buf).into_owned()
            })
        };
        let out_t = read(out.map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let err_t = read(err.map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() >= timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "{} did not finish within {} ms",
                        program.display(),
                        timeout.as_millis()
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => return Err(format!("waiting for {}: {e}", program.display())),
            }
        };
        Ok(CommandOutput {
            status: status.code(),
            stdout: out_t.join().unwrap_or_default(),
            stderr: err_t.join().unwrap_or_default(),
        })
    }
}

/// Answers from a table of recorded outputs, for tests of parsers of system tools' output.
#[derive(Debug, Default)]
pub struct RecordedRunner {
    /// Key: the program's file name and its arguments joined by spaces.
    pub outputs: BTreeMap<String, CommandOutput>,
}

impl RecordedRunner {
    pub fn with(mut self, command_line: &str, stdout: &str) -> Self {
        self.outputs.insert(
            command_line.to_string(),
            CommandOutput {
                status: Some(0),
                stdout: stdout.to_string(),
                stderr: String::new(),
            },
        );
        self
    }
}

impl CommandRunner for RecordedRunner {
    fn run(&self, program: &Path, args: &[&str], _: Duration) -> Result<CommandOutput, String> {
        let name = program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let key = std::iter::once(name.as_str())
            .chain(args.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        self.outputs
            .get(&key)
            .cloned()
            .ok_or_else(|| format!("could not run {key}: not recorded"))
    }
}

/// Everything a probe may know about the machine it inspects.
pub struct Context {
    /// The home directory to inspect (`--home`, or the current user's).
    pub home: PathBuf,
    /// The directory treated as the filesystem root for system-wide locations (`--root`).
    pub root: PathBuf,
    /// Whose layout `home` and `root` have.
    pub os: OsFamily,
    /// A snapshot of the environment variables the probes may read.
    pub env: BTreeMap<String, String>,
    /// "Now" for every age and expiry (`LOGIN_CHECK_NOW`, or the system clock at start).
    pub now: OffsetDateTime,
    pub net: NetOptions,
    pub runner: Arc<dyn CommandRunner>,
    /// True when inspecting the machine the tool runs on (no `--home`, `--root` or `--os`):
    /// only then are live sources read (the Windows registry, running processes).
    pub live: bool,
    /// With `--home`: the folders profiles may be read from (the home, and `--root` when given).
    /// A profile outside them — an absolute `profiles.ini` path, a symlink leading out — is
    /// skipped. Empty on the live machine, where absolute profile paths are normal.
    pub confined_to: Vec<PathBuf>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("home", &self.home)
            .field("root", &self.root)
            .field("os", &self.os)
            .field("now", &self.now)
            .field("net", &self.net)
            .finish_non_exhaustive()
    }
}

impl Context {
    pub fn new(
        home: PathBuf,
        root: PathBuf,
        os: OsFamily,
        env: BTreeMap<String, String>,
        now: OffsetDateTime,
        net: NetOptions,
        runner: Arc<dyn CommandRunner>,
    ) -> Context {
        Context {
            home,
            root,
            os,
            env,
            now,
            net,
            runner,
            live: false,
            confined_to: Vec::new(),
        }
    }

    /// A context over a fixture home with an empty root, no environment, a fixed clock
    /// (2026-11-24T12:00:00Z), offline, and a runner that knows no commands.
    pub fn for_tests(home: &Path, os: OsFamily) -> Context {
        Context::new(
            home.to_path_buf(),
            home.join("__no_root__"),
            os,
            BTreeMap::new(),
            time::macros::datetime!(2026-11-24 12:00:00 UTC),
            NetOptions {
                offline: true,
                ..NetOptions::default()
            },
            Arc::new(RecordedRunner::default()),
        )
    }

    /// An environment variable, if set and not empty.
    pub fn env(&self, key: &str) -> Option<&str> {
        self.env
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A path under the inspected home, from `/`-separated parts (`".config/chromium"`).
    pub fn home_path(&self, rel: &str) -> PathBuf {
        join_rel(&self.home, rel)
    }

    /// A system-wide path under `--root`, from an absolute-looking path written with `/`
    /// (`"/etc/opt/chrome/policies"`, `"C:/Program Files/Mozilla Firefox"`). A Windows drive
    /// letter is dropped, so `C:/Program Files` becomes `<root>/Program Files`.
    pub fn system_path(&self, abs: &str) -> PathBuf {
        let rel = strip_drive(abs).trim_start_matches('/');
        join_rel(&self.root, rel)
    }

    /// With `--home`, where `path` leads when that is outside the inspected folders
    /// ([`Context::confined_to`]): the path itself when it lies outside them as written (nothing
    /// is looked up), else its target with symlinks followed. `None` when it may be read.
    pub fn outside_inspected(&self, path: &Path) -> Option<PathBuf> {
        if self.confined_to.is_empty() {
            return None;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let inside = |p: &Path, canonical: bool| {
            self.confined_to.iter().any(|base| {
                let base = if canonical {
                    base.canonicalize().unwrap_or_else(|_| base.clone())
                } else {
                    std::path::absolute(base).unwrap_or_else(|_| base.clone())
                };
                p.starts_with(&base)
            })
        };
        if !inside(&absolute, false) {
            return Some(absolute);
        }
        match absolute.canonicalize() {
            Ok(target) if !inside(&target, true) => Some(target),
            _ => None,
        }
    }

    /// How a path is shown in output: `~/...` under the home, `/...` under `--root`, else as is.
    /// When one lies inside the other, the more specific one wins.
    pub fn display_path(&self, path: &Path) -> String {
        let under_root = path.strip_prefix(&self.root).ok();
        let under_home = path.strip_prefix(&self.home).ok();
        let root_is_deeper = self.root.components().count() > self.home.components().count();
        match (under_home, under_root) {
            (_, Some(rel)) if root_is_deeper || under_home.is_none() => {
                format!("/{}", slash_path(rel))
            }
            (Some(rel), _) if rel.as_os_str().is_empty() => "~".to_string(),
            (Some(rel), _) => format!("~/{}", slash_path(rel)),
            _ => path.display().to_string(),
        }
    }
}

fn strip_drive(abs: &str) -> &str {
    let b = abs.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        &abs[2..]
    } else {
        abs
    }
}

fn join_rel(base: &Path, rel: &str) -> PathBuf {
    let mut p = base.to_path_buf();
    for part in rel.split(['/', '\\']).filter(|s| !s.is_empty()) {
        p.push(part);
    }
    p
}

/// A relative path written with `/`, whatever the host OS.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeout_counts_from_the_start_of_the_run() {
        let net = NetOptions {
            timeout: Duration::from_secs(2),
            ..NetOptions::default()
        };
        let copy = net.clone();
        let started = net.start_clock();
        // Copies share the clock, and it starts once.
        assert_eq!(copy.start_clock(), started);
        assert_eq!(net.deadline(), started + Duration::from_secs(2));
        let left = net.time_left(Duration::from_secs(60));
        assert!(
            left <= Duration::from_secs(2) && left >= Duration::from_millis(1),
            "{left:?}"
        );
        assert_eq!(
            net.time_left(Duration::from_millis(300)),
            Duration::from_millis(300)
        );
        // A run already past its budget gets a millisecond, never a zero limit.
        let late = NetOptions {
            timeout: Duration::from_millis(5),
            ..NetOptions::default()
        };
        let Some(then) = Instant::now().checked_sub(Duration::from_secs(1)) else {
            return;
        };
        late.shared.started.set(then).unwrap();
        assert_eq!(
            late.time_left(Duration::from_secs(4)),
            Duration::from_millis(1)
        );
        assert_eq!(late.time_left(Duration::ZERO), Duration::from_millis(1));
    }

    #[test]
    fn resolve_override_parses_v4_and_v6() {
        let r = ResolveOverride::parse("auth.openai.com:443:127.0.0.1").unwrap();
        assert_eq!(r.host, "auth.openai.com");
        assert_eq!(r.addr, "127.0.0.1:443".parse().unwrap());
        let r = ResolveOverride::parse("chatgpt.com:8443:[::1]").unwrap();
        assert_eq!(r.addr, "[::1]:8443".parse().unwrap());
        let r = ResolveOverride::parse("chatgpt.com:8443:::1").unwrap();
        assert_eq!(r.addr, "[::1]:8443".parse().unwrap());
        let r = ResolveOverride::parse("chatgpt.com:443:127.0.0.1:8443").unwrap();
        assert_eq!((r.port, r.addr), (443, "127.0.0.1:8443".parse().unwrap()));
        let r = ResolveOverride::parse("chatgpt.com:443:[::1]:8443").unwrap();
        assert_eq!(r.addr, "[::1]:8443".parse().unwrap());
        assert!(ResolveOverride::parse("chatgpt.com:443:[::1]x").is_err());
        assert!(ResolveOverride::parse("chatgpt.com:443").is_err());
        assert!(ResolveOverride::parse("chatgpt.com:x:127.0.0.1").is_err());
        assert!(ResolveOverride::parse(":443:127.0.0.1").is_err());
        assert!(ResolveOverride::parse("a:443:not-an-ip").is_err());
    }

    #[test]
    fn system_paths_live_under_root_and_drop_drive_letters() {
        let ctx = Context::for_tests(Path::new("/h"), OsFamily::Windows);
        let root = ctx.root.clone();
        assert_eq!(
            ctx.system_path("C:/Program Files/Mozilla Firefox"),
            root.join("Program Files").join("Mozilla Firefox")
        );
        assert_eq!(
            ctx.system_path("/etc/opt/chrome"),
            root.join("etc").join("opt").join("chrome")
        );
    }

    #[test]
    fn display_path_uses_tilde_and_root_relative_forms() {
        let ctx = Context::for_tests(Path::new("/h"), OsFamily::Linux);
        assert_eq!(
            ctx.display_path(&ctx.home_path(".config/chromium")),
            "~/.config/chromium"
        );
        assert_eq!(ctx.display_path(Path::new("/h")), "~");
        assert_eq!(
            ctx.display_path(&ctx.system_path("/etc/chromium/policies")),
            "/etc/chromium/policies"
        );
        assert_eq!(ctx.display_path(Path::new("/elsewhere/x")), "/elsewhere/x");
    }

    #[test]
    fn env_ignores_empty_values() {
        let mut ctx = Context::for_tests(Path::new("/h"), OsFamily::Linux);
        ctx.env.insert("A".into(), String::new());
        ctx.env.insert("B".into(), "x".into());
        assert_eq!(ctx.env("A"), None);
        assert_eq!(ctx.env("B"), Some("x"));
    }

    #[test]
    fn recorded_runner_answers_known_command_lines_only() {
        let r = RecordedRunner::default().with("scutil --proxy", "<dictionary> {\n}\n");
        let out = r
            .run(Path::new("/usr/sbin/scutil"), &["--proxy"], Duration::ZERO)
            .unwrap();
        assert!(out.stdout.contains("dictionary"));
        assert!(
            r.run(Path::new("scutil"), &["--dns"], Duration::ZERO)
                .is_err()
        );
    }

    #[test]
    fn system_runner_kills_programs_that_overrun() {
        if cfg!(windows) {
            return;
        }
        let err = SystemRunner
            .run(Path::new("sleep"), &["5"], Duration::from_millis(100))
            .unwrap_err();
        assert!(err.contains("did not finish"), "{err}");
        let ok = SystemRunner
            .run(Path::new("echo"), &["hi"], Duration::from_secs(5))
            .unwrap();
        assert_eq!(ok.stdout.trim(), "hi");
    }
}
