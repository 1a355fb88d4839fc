//! The hosts file: `/etc/hosts` on Linux and macOS, `C:\Windows\System32\drivers\etc\hosts`
//! on Windows (both under `--root`). Read as hosts(5) describes it: one entry a line, an IP
//! address then one or more host names, `#` to the end of a line a comment; names compare
//! without case. Blocklists written into it (ad blockers, "privacy" tools) point hosts at
//! `0.0.0.0` or `127.0.0.1`.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::context::{Context, OsFamily};
use crate::io::fs::{self, ReadError};

/// One name of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsEntry {
    /// 1-based line number.
    pub line: usize,
    pub address: IpAddr,
    /// Lower case.
    pub host: String,
}

/// What was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsFile {
    /// The file looked at, as the report shows it.
    pub source: String,
    /// `Ok(entries)`, or why the file could not be read (`Missing` is no hosts file).
    pub entries: Result<Vec<HostsEntry>, ReadError>,
    /// Lines that are neither an entry nor a comment (their numbers, the first 20).
    pub malformed: Vec<usize>,
    /// The file this machine's own lookups read: the layout of the OS login-check runs on and
    /// the system's own root (no `--root`, or `--root /`; on Windows the system drive's). Only then can it explain the
    /// answers the network checks get (which always come from this machine).
    pub this_machines: bool,
}

/// Where the hosts file is for this OS layout.
pub fn path(ctx: &Context) -> PathBuf {
    match ctx.os {
        OsFamily::Windows => ["Windows", "System32", "drivers", "etc", "hosts"]
            .iter()
            .fold(ctx.root.clone(), |p, c| p.join(c)),
        // macOS's /etc is a link to /private/etc.
        OsFamily::Macos if !ctx.root.join("etc/hosts").exists() => {
            ctx.root.join("private/etc/hosts")
        }
        _ => ctx.root.join("etc/hosts"),
    }
}

/// Reads and parses the hosts file (at most [`fs::TEXT_LIMIT`] bytes).
pub fn read(ctx: &Context) -> HostsFile {
    let p = path(ctx);
    let source = ctx.display_path(&p);
    // The system's own root: `/`, or on Windows the system drive's (`%SystemDrive%\`).
    let system_root = match ctx.os {
        OsFamily::Windows => std::path::PathBuf::from(format!(
            "{}\\",
            ctx.env.get("SystemDrive").map_or("C:", String::as_str)
        )),
        _ => std::path::PathBuf::from("/"),
    };
    let this_machines = ctx.os == OsFamily::current() && ctx.root == system_root;
    match fs::read_limited(&p, fs::TEXT_LIMIT) {
        Ok(bytes) => {
            let (entries, malformed) = parse(&String::from_utf8_lossy(&bytes));
            HostsFile {
                source,
                entries: Ok(entries),
                malformed,
                this_machines,
            }
        }
        Err(e) => HostsFile {
            source,
            entries: Err(e),
            malformed: Vec::new(),
            this_machines,
        },
    }
}

/// The entries of a hosts file's text, and the numbers of lines that are not entries.
pub fn parse(text: &str) -> (Vec<HostsEntry>, Vec<usize>) {
    let mut entries = Vec::new();
    let mut malformed = Vec::new();
    // A byte-order mark (Notepad writes one) is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("");
        let mut fields = line.split_ascii_whitespace();
        let Some(first) = fields.next() else { continue };
        // A zone index (`fe80::1%lo0`) is allowed on link-local addresses.
        let addr = first.split('%').next().unwrap_or(first);
        match addr.parse::<IpAddr>() {
            Ok(address) => {
                let mut any = false;
                for name in fields {
                    any = true;
                    entries.push(HostsEntry {
                        line: i + 1,
                        address,
                        host: name.trim_end_matches('.').to_ascii_lowercase(),
                    });
                }
                if !any && malformed.len() < 20 {
                    malformed.push(i + 1);
                }
            }
            Err(_) if malformed.len() < 20 => malformed.push(i + 1),
            Err(_) => {}
        }
    }
    (entries, malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_comments_and_bad_lines() {
        let text = "# comment\n127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n\n0.0.0.0 ChatGPT.com. ab.chatgpt.com # blocklist\nnot-an-ip host\n192.168.1.5\nfe80::1%lo0 router\n";
        let (e, bad) = parse(text);
        let names: Vec<(usize, &str)> = e.iter().map(|e| (e.line, e.host.as_str())).collect();
        assert_eq!(
            names,
            [
                (2, "localhost"),
                (3, "localhost"),
                (3, "ip6-localhost"),
                (5, "chatgpt.com"),
                (5, "ab.chatgpt.com"),
                (8, "router")
            ]
        );
        assert_eq!(e[3].address, "0.0.0.0".parse::<IpAddr>().unwrap());
        assert_eq!(bad, [6, 7]);
        let (e, _) = parse("\u{feff}0.0.0.0 chatgpt.com\n");
        assert_eq!(e[0].line, 1);
        assert_eq!(e[0].host, "chatgpt.com");
    }

    #[test]
    fn windows_line_endings_and_a_huge_blocklist() {
        let mut text = String::from("127.0.0.1 localhost\r\n");
        for i in 0..200_000 {
            text.push_str(&format!("0.0.0.0 ads{i}.example\r\n"));
        }
        let (e, bad) = parse(&text);
        assert_eq!(e.len(), 200_001);
        assert!(bad.is_empty());
        assert_eq!(e[1].host, "ads0.example");
    }
}
