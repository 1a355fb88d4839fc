//! The system's DNS servers, as the resolver's configuration names them: `/etc/resolv.conf`
//! (Linux and macOS, under `--root`; resolv.conf(5): `nameserver <address>` lines, `#` or `;`
//! start a comment). When it names only systemd-resolved's local stub (`127.0.0.53`, "stub
//! resolver" in systemd-resolved.service(8)), the servers behind it are read from
//! `/run/systemd/resolve/resolv.conf`, which systemd-resolved writes with the upstream servers.
//! Windows keeps its servers per adapter in the registry; they are not read here.

use std::net::IpAddr;

use crate::context::{Context, OsFamily};
use crate::io::fs;

/// The stub address systemd-resolved answers on.
pub const RESOLVED_STUB: &str = "127.0.0.53";

/// One configured server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nameserver {
    pub address: IpAddr,
    /// The file that names it, as displayed.
    pub source: String,
}

/// What the configuration says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolvers {
    /// The servers, the ones behind a local stub when those could be read.
    pub servers: Vec<Nameserver>,
    /// The files read.
    pub read: Vec<String>,
    /// Why nothing could be said (no file, unreadable, or Windows).
    pub unread: Option<String>,
}

/// The `nameserver` addresses of a resolv.conf text (at most 16).
pub fn parse(text: &str) -> Vec<IpAddr> {
    text.lines()
        .filter_map(|l| {
            let l = l.split(['#', ';']).next().unwrap_or("");
            let mut words = l.split_whitespace();
            (words.next() == Some("nameserver"))
                .then(|| words.next())
                .flatten()
                // A scoped IPv6 address (`fe80::1%eth0`) keeps its address.
                .and_then(|a| a.split('%').next().unwrap_or(a).parse().ok())
        })
        .take(16)
        .collect()
}

/// Reads the system's DNS servers.
pub fn read(ctx: &Context) -> Resolvers {
    if ctx.os == OsFamily::Windows {
        return Resolvers {
            unread: Some("Windows keeps its DNS servers per network adapter; they are not read by this version".into()),
            ..Resolvers::default()
        };
    }
    // The lookups use this machine's resolver: another root's configuration would describe
    // another machine.
    if ctx.root != std::path::Path::new("/") {
        return Resolvers {
            unread: Some("not read under --root: the lookups use this machine's resolver".into()),
            ..Resolvers::default()
        };
    }
    let main = ctx.root.join("etc/resolv.conf");
    let shown = ctx.display_path(&main);
    let text = match fs::read_limited(&main, fs::TEXT_LIMIT) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            return Resolvers {
                unread: Some(format!("{shown}: {e}")),
                ..Resolvers::default()
            };
        }
    };
    let mut out = Resolvers {
        read: vec![shown.clone()],
        ..Resolvers::default()
    };
    let addrs = parse(&text);
    let stub: IpAddr = RESOLVED_STUB.parse().expect("a valid address");
    if addrs == [stub] {
        let upstream = ctx.root.join("run/systemd/resolve/resolv.conf");
        let up_shown = ctx.display_path(&upstream);
        if let Ok(b) = fs::read_limited(&upstream, fs::TEXT_LIMIT) {
            let up = parse(&String::from_utf8_lossy(&b));
            if !up.is_empty() {
                out.read.push(up_shown.clone());
                out.servers = up
                    .into_iter()
                    .map(|address| Nameserver {
                        address,
                        source: up_shown.clone(),
                    })
                    .collect();
                return out;
            }
        }
    }
    out.servers = addrs
        .into_iter()
        .map(|address| Nameserver {
            address,
            source: shown.clone(),
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameserver_lines_are_read_as_resolv_conf_says() {
        let t = "# Generated\nnameserver 1.1.1.3 # family\n;nameserver 9.9.9.9\nsearch lan\nnameserver fe80::1%eth0\nnameserver not-an-ip\n  nameserver\t2606:4700:4700::1113\n";
        let a: Vec<String> = parse(t).iter().map(|a| a.to_string()).collect();
        assert_eq!(a, ["1.1.1.3", "fe80::1", "2606:4700:4700::1113"]);
    }
}
