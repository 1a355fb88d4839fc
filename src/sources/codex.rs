//! What OpenAI's Codex CLI needs to sign in with ChatGPT on this machine.
//!
//! Codex's "Sign in with ChatGPT" starts a local callback server on `127.0.0.1:1455`, retrying
//! for about two seconds (and asking an older Codex login server on that port to cancel), then
//! falls back to port 1457; the browser is sent to `http://localhost:<port>/auth/callback`
//! (openai/codex `codex-rs/login/src/server.rs`: `DEFAULT_PORT`, `FALLBACK_PORT`, `bind_server`).
//! Because the redirect names `localhost`, a browser that resolves it to `::1` first reaches
//! whatever listens on `[::1]:1455`. Port conflicts are the commonest failure
//! (openai/codex#2671, #5283, #18250); on Windows, Hyper-V/WSL reserve port ranges that can
//! cover 1455 (`netsh interface ipv4 show excludedportrange protocol=tcp`, CLIProxyAPI#793).
//! Credentials are kept in `$CODEX_HOME/auth.json` (`~/.codex` by default): only whether it
//! exists and how old it is are read here, never its contents.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use crate::context::{Context, OsFamily};

/// Codex's callback port and its fallback.
pub const CALLBACK_PORT: u16 = 1455;
pub const FALLBACK_PORT: u16 = 1457;

/// Whether a port can be listened on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortState {
    Free,
    /// Something listens on it already.
    InUse,
    /// The OS refuses it (a reserved, excluded range: permission denied).
    Refused(String),
    /// This address family is not available (no IPv6 loopback).
    NoFamily,
}

/// One port on one loopback address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortCheck {
    pub port: u16,
    pub v6: bool,
    pub state: PortState,
    /// The program holding it, when it could be found (the machine itself only).
    pub holder: Option<String>,
}

/// Everything the check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodexLogin {
    /// What shows Codex is used here: its folder (`~/.codex`) or, on the machine itself, a
    /// `codex` program on `PATH`. `None`: no sign of Codex.
    pub found: Option<String>,
    /// `None` when the ports were not tried (inspecting files, not the machine itself).
    pub ports: Option<Vec<PortCheck>>,
    /// Windows' excluded TCP port ranges that cover a callback port.
    pub excluded: Vec<(u16, u16)>,
    /// `SSH_CONNECTION`/`SSH_TTY`/`SSH_CLIENT` is set: a remote session.
    pub ssh: bool,
    /// Linux without `DISPLAY` or `WAYLAND_DISPLAY`: no browser can open here.
    pub headless: bool,
    /// `auth.json`, as the report names it, and its age in days when it exists.
    pub auth_json: String,
    pub auth_json_age_days: Option<i64>,
}

fn try_bind(port: u16, v6: bool) -> PortState {
    let addr = if v6 {
        SocketAddr::from((Ipv6Addr::LOCALHOST, port))
    } else {
        SocketAddr::from((Ipv4Addr::LOCALHOST, port))
    };
    match TcpListener::bind(addr) {
        // Closed at once: nothing stays bound.
        Ok(_) => PortState::Free,
        Err(e) => match e.kind() {
            std::io::ErrorKind::AddrInUse => PortState::InUse,
            std::io::ErrorKind::AddrNotAvailable if v6 => PortState::NoFamily,
            std::io::ErrorKind::PermissionDenied => {
                PortState::Refused(crate::io::http::without_os_error(&e.to_string()).to_string())
            }
            _ if v6 && e.raw_os_error().is_some_and(|n| n == 97 || n == 10047) => {
                // EAFNOSUPPORT / WSAEAFNOSUPPORT: IPv6 is off.
                PortState::NoFamily
            }
            _ => PortState::Refused(crate::io::http::without_os_error(&e.to_string()).to_string()),
        },
    }
}

/// Reads everything (see the module's documentation).
pub fn read(ctx: &Context) -> CodexLogin {
    // Ports and the session belong to the machine itself: not read for files inspected with
    // `--home`, `--root` or `--os`.
    let same_os = ctx.live && ctx.os == crate::context::OsFamily::current();
    let ports = same_os.then(|| {
        [
            (CALLBACK_PORT, false),
            (CALLBACK_PORT, true),
            (FALLBACK_PORT, false),
        ]
        .into_iter()
        .map(|(port, v6)| {
            let state = try_bind(port, v6);
            let holder = if state == PortState::InUse && ctx.live {
                holder(ctx, port, v6)
            } else {
                None
            };
            PortCheck {
                port,
                v6,
                state,
                holder,
            }
        })
        .collect()
    });
    let excluded = if ctx.live && ctx.os == OsFamily::Windows {
        ctx.runner
            .run(
                std::path::Path::new("netsh"),
                &[
                    "interface",
                    "ipv4",
                    "show",
                    "excludedportrange",
                    "protocol=tcp",
                ],
                Duration::from_secs(3),
            )
            .map(|o| excluded_ranges(&o.stdout))
            .unwrap_or_default()
            .into_iter()
            .filter(|(a, b)| {
                (*a..=*b).contains(&CALLBACK_PORT) || (*a..=*b).contains(&FALLBACK_PORT)
            })
            .collect()
    } else {
        Vec::new()
    };
    let env = |k: &str| ctx.env(k).is_some_and(|v| !v.is_empty());
    let ssh = same_os && (env("SSH_CONNECTION") || env("SSH_TTY") || env("SSH_CLIENT"));
    let headless =
        same_os && ctx.os == OsFamily::Linux && !env("DISPLAY") && !env("WAYLAND_DISPLAY");
    let dir = match ctx.env("CODEX_HOME").filter(|v| !v.is_empty() && ctx.live) {
        Some(d) => PathBuf::from(d),
        None => ctx.home.join(".codex"),
    };
    let path = dir.join("auth.json");
    let on_path = || -> Option<PathBuf> {
        let names: &[&str] = if ctx.os == OsFamily::Windows {
            &["codex.exe", "codex.cmd"]
        } else {
            &["codex"]
        };
        let sep = if ctx.os == OsFamily::Windows {
            ';'
        } else {
            ':'
        };
        ctx.env("PATH")?
            .split(sep)
            .filter(|d| !d.is_empty())
            .take(256)
            .flat_map(|d| names.iter().map(move |n| PathBuf::from(d).join(n)))
            .find(|p| p.is_file())
    };
    let found = if dir.is_dir() {
        Some(ctx.display_path(&dir))
    } else if ctx.live {
        on_path().map(|p| ctx.display_path(&p))
    } else {
        None
    };
    let age = std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .and_then(|m| m.modified().ok())
        .map(|t| {
            let secs = t
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            (ctx.now.unix_timestamp() - secs).div_euclid(86_400).max(0)
        });
    CodexLogin {
        found,
        ports,
        excluded,
        ssh,
        headless,
        auth_json: ctx.display_path(&path),
        auth_json_age_days: age,
    }
}

/// The program listening on a loopback port, on the machine itself.
fn holder(ctx: &Context, port: u16, v6: bool) -> Option<String> {
    match ctx.os {
        OsFamily::Linux => linux_holder(port, v6),
        OsFamily::Macos => {
            let o = ctx
                .runner
                .run(
                    std::path::Path::new("/usr/sbin/lsof"),
                    &["-nP", &format!("-iTCP:{port}"), "-sTCP:LISTEN", "-Fpc"],
                    Duration::from_secs(3),
                )
                .ok()?;
            lsof_holder(&o.stdout)
        }
        OsFamily::Windows => {
            let o = ctx
                .runner
                .run(
                    std::path::Path::new("netstat"),
                    &["-ano", "-p", if v6 { "TCPv6" } else { "TCP" }],
                    Duration::from_secs(3),
                )
                .ok()?;
            let pid = netstat_pid(&o.stdout, port)?;
            let t = ctx
                .runner
                .run(
                    std::path::Path::new("tasklist"),
                    &["/FI", &format!("PID eq {pid}"), "/FO", "CSV", "/NH"],
                    Duration::from_secs(3),
                )
                .ok()?;
            // "INFO: No tasks are running which match the specified criteria." is no name.
            let name = t
                .stdout
                .lines()
                .find(|l| l.starts_with('"'))
                .and_then(|l| l.split(',').next())
                .map(|n| n.trim_matches('"').to_string())
                .unwrap_or_default();
            Some(if name.is_empty() {
                format!("process {pid}")
            } else {
                format!("{name} (process {pid})")
            })
        }
    }
}

/// Linux: the listening socket's inode from `/proc/net/tcp{,6}`, then the process whose file
/// descriptors include it (`/proc/<pid>/fd/* → socket:[inode]`), named by `/proc/<pid>/comm`.
fn linux_holder(port: u16, v6: bool) -> Option<String> {
    // A dual-stack `[::]` socket holds the IPv4 port too and is listed only in tcp6.
    let tables: &[&str] = if v6 {
        &["/proc/net/tcp6"]
    } else {
        &["/proc/net/tcp", "/proc/net/tcp6"]
    };
    let inode = tables.iter().find_map(|t| {
        let table = std::fs::read_to_string(t).ok()?;
        proc_net_listener_inode(&table, port)
    })?;
    let target = format!("socket:[{inode}]");
    let procs = std::fs::read_dir("/proc").ok()?;
    for p in procs.flatten().take(100_000) {
        let name = p.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten().take(65_536) {
            if std::fs::read_link(fd.path()).is_ok_and(|l| l.as_os_str() == target.as_str()) {
                let comm = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                let comm = comm.trim();
                return Some(if comm.is_empty() {
                    format!("process {pid}")
                } else {
                    format!("{comm} (process {pid})")
                });
            }
        }
    }
    None
}

/// The inode of the socket listening (state `0A`) on `port` in a `/proc/net/tcp` table.
pub fn proc_net_listener_inode(table: &str, port: u16) -> Option<u64> {
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 10 || f[3] != "0A" {
            continue;
        }
        let local_port = f[1]
            .rsplit(':')
            .next()
            .and_then(|p| u16::from_str_radix(p, 16).ok());
        if local_port == Some(port) {
            return f[9].parse().ok();
        }
    }
    None
}

/// `lsof -Fpc` output: `p<pid>` then `c<command>`.
pub fn lsof_holder(out: &str) -> Option<String> {
    let mut pid = None;
    for line in out.lines() {
        if let Some(p) = line.strip_prefix('p') {
            pid = Some(p.to_string());
        } else if let (Some(c), Some(p)) = (line.strip_prefix('c'), &pid) {
            return Some(format!("{c} (process {p})"));
        }
    }
    pid.map(|p| format!("process {p}"))
}

/// The PID listening on `port` in `netstat -ano` output.
pub fn netstat_pid(out: &str, port: u16) -> Option<u32> {
    for line in out.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() >= 5
            && f[0].eq_ignore_ascii_case("TCP")
            && f[1].rsplit(':').next() == Some(&port.to_string())
            && f[3].eq_ignore_ascii_case("LISTENING")
        {
            return f[4].parse().ok();
        }
    }
    None
}

/// The ranges of `netsh interface ipv4 show excludedportrange protocol=tcp` (a table of
/// "Start Port  End Port" lines, some ending in `*` for administered exclusions).
pub fn excluded_ranges(out: &str) -> Vec<(u16, u16)> {
    out.lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let a = f.next()?.parse::<u16>().ok()?;
            let b = f.next()?.trim_end_matches('*').parse::<u16>().ok()?;
            (a <= b).then_some((a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listener_of_a_port_is_found_in_proc_net_tcp() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:05AF 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0\n   1: 0100007F:05AF 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 0 1\n";
        assert_eq!(proc_net_listener_inode(table, 1455), Some(123456));
        assert_eq!(proc_net_listener_inode(table, 1457), None);
    }

    #[test]
    fn windows_and_macos_tool_output_is_read() {
        let netstat = "\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1004\n  TCP    127.0.0.1:1455         0.0.0.0:0              LISTENING       8124\n";
        assert_eq!(netstat_pid(netstat, 1455), Some(8124));
        assert_eq!(netstat_pid(netstat, 1457), None);
        let netsh = "\nProtocol tcp Port Exclusion Ranges\n\nStart Port    End Port\n----------    --------\n      1400        1499\n      5357        5357\n     50000       50059     *\n\n* - Administered port exclusions.\n";
        assert_eq!(
            excluded_ranges(netsh),
            [(1400, 1499), (5357, 5357), (50000, 50059)]
        );
        assert_eq!(
            lsof_holder("p4242\ncnode\n"),
            Some("node (process 4242)".to_string())
        );
    }

    #[test]
    fn a_port_held_here_is_in_use_and_a_free_one_is_free() {
        let held = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        assert_eq!(try_bind(port, false), PortState::InUse);
        drop(held);
        assert_eq!(try_bind(port, false), PortState::Free);
    }
}
