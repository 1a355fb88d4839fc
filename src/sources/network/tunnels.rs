//! VPN signals: tunnel interfaces (by kernel type, driver and name, per OS, kept as data), VPN
//! client processes (a hint only), and the decisive one: which interface the route to each
//! sign-in host leaves through. The route is found by `connect()`ing a UDP socket to the host
//! and reading the local address the kernel picked — no packet is sent — which sees policy
//! routing, split tunnels and full tunnels alike.

use std::net::{IpAddr, SocketAddr, UdpSocket};

use crate::context::{Context, OsFamily};

/// One network interface, as the OS reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Iface {
    pub name: String,
    /// Windows: the adapter's description (driver name).
    pub description: Option<String>,
    /// The OS's interface type number (Linux ARPHRD from sysfs, Windows IfType).
    pub if_type: Option<u32>,
    pub up: bool,
    pub point_to_point: bool,
    pub addrs: Vec<IpAddr>,
    /// Linux: `/sys/class/net/<name>/tun_flags` (only tun/tap devices have it).
    pub tun_flags: Option<u32>,
    /// Linux: `DEVTYPE` from `/sys/class/net/<name>/uevent` (e.g. `wireguard`).
    pub devtype: Option<String>,
    /// The largest packet it carries (bytes), as the OS reports it.
    pub mtu: Option<u32>,
}

/// Linux interface-name prefixes of VPN software (a heuristic; kernel type and driver come
/// first). Sources: shared/reference/vpn_network.md §1.
pub const LINUX_NAME_PREFIXES: &[(&str, &str)] = &[
    ("tun", "tun device (OpenVPN, openconnect)"),
    ("tap", "tap device (OpenVPN)"),
    ("wg", "WireGuard"),
    ("ppp", "PPP link"),
    ("ipsec", "IPsec"),
    ("vti", "IPsec VTI"),
    ("tailscale", "Tailscale"),
    ("zt", "ZeroTier"),
    ("wt0", "NetBird"),
    ("CloudflareWARP", "Cloudflare WARP"),
    ("nordlynx", "NordVPN"),
    ("proton", "Proton VPN"),
    ("cscotun", "Cisco Secure Client"),
    ("gpd", "GlobalProtect"),
];

/// Linux `/sys/class/net/*/type` values of tunnels (ARPHRD_*): NONE (tun, WireGuard), PPP,
/// TUNNEL, TUNNEL6, SIT, IPGRE.
pub const LINUX_TUNNEL_TYPES: &[(u32, &str)] = &[
    (65534, "point-to-point tunnel (tun or WireGuard)"),
    (512, "PPP link"),
    (768, "IP-in-IP tunnel"),
    (769, "IPv6 tunnel"),
    (776, "SIT tunnel"),
    (778, "GRE tunnel"),
];

/// macOS interface-name prefixes of tunnels. A `utun` alone proves nothing (the system keeps
/// several for its own use): it counts when it carries IPv4 or the route to a sign-in host.
pub const MACOS_NAME_PREFIXES: &[(&str, &str)] = &[
    ("utun", "utun tunnel"),
    ("ipsec", "IPsec"),
    ("ppp", "PPP link"),
];

/// Windows adapter descriptions of VPN drivers (matched without case).
pub const WINDOWS_DESCRIPTIONS: &[(&str, &str)] = &[
    ("WireGuard Tunnel", "WireGuard"),
    (
        "Wintun Userspace Tunnel",
        "Wintun (WireGuard, Tailscale, others)",
    ),
    ("Tailscale Tunnel", "Tailscale"),
    ("TAP-Windows Adapter", "OpenVPN TAP"),
    ("PANGP Virtual Ethernet Adapter", "GlobalProtect"),
    ("AnyConnect", "Cisco AnyConnect / Secure Client"),
    ("Cisco Secure Client", "Cisco Secure Client"),
    ("ZeroTier Virtual Port", "ZeroTier"),
    ("Fortinet SSL VPN", "FortiClient"),
    ("Sangfor SSL VPN", "Sangfor"),
];

/// Windows IfType values of tunnels: 23 PPP, 131 tunnel (53, "proprietary virtual", is also
/// used by non-VPN adapters, so it needs a description match).
pub const WINDOWS_TUNNEL_IFTYPES: &[(u32, &str)] = &[(23, "PPP link"), (131, "tunnel")];

/// Process names of VPN clients (a hint: installed or running, not proof of a tunnel).
pub const VPN_PROCESSES: &[(&str, &str)] = &[
    ("tailscaled", "Tailscale"),
    ("warp-svc", "Cloudflare WARP"),
    ("vpnagentd", "Cisco Secure Client"),
    ("vpnagent.exe", "Cisco Secure Client"),
    ("PanGPS", "GlobalProtect"),
    ("PanGPA", "GlobalProtect"),
    ("PanGPS.exe", "GlobalProtect"),
    ("nordvpnd", "NordVPN"),
    ("expressvpnd", "ExpressVPN"),
    ("mullvad-daemon", "Mullvad"),
    ("openvpn", "OpenVPN"),
    ("openvpn.exe", "OpenVPN"),
    ("openvpn-gui.exe", "OpenVPN"),
    ("wireguard.exe", "WireGuard"),
    ("charon", "strongSwan"),
    ("protonvpn", "Proton VPN"),
    ("FortiClient.exe", "FortiClient"),
    ("ZSATunnel.exe", "Zscaler Client Connector"),
];

/// Why an interface is a tunnel, or `None`.
pub fn tunnel_kind(i: &Iface, os: OsFamily) -> Option<String> {
    if i.addrs.iter().any(IpAddr::is_loopback) {
        return None;
    }
    let name_match = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(p, _)| {
                i.name
                    .to_ascii_lowercase()
                    .starts_with(&p.to_ascii_lowercase())
            })
            .map(|(_, k)| k.to_string())
    };
    match os {
        OsFamily::Linux => {
            if i.devtype.as_deref() == Some("wireguard") {
                return Some("WireGuard (kernel)".to_string());
            }
            if let Some(f) = i.tun_flags {
                return Some(
                    if f & 0x0002 != 0 {
                        "tap device"
                    } else {
                        "tun device"
                    }
                    .to_string(),
                );
            }
            if let Some(t) = i.if_type {
                if let Some((_, k)) = LINUX_TUNNEL_TYPES.iter().find(|(v, _)| *v == t) {
                    return Some(k.to_string());
                }
            }
            name_match(LINUX_NAME_PREFIXES)
        }
        OsFamily::Macos => {
            let kind = name_match(MACOS_NAME_PREFIXES)?;
            let has_v4 = i.addrs.iter().any(IpAddr::is_ipv4);
            (has_v4 || !i.name.starts_with("utun")).then_some(kind)
        }
        OsFamily::Windows => {
            let d = i.description.as_deref().unwrap_or("").to_ascii_lowercase();
            if let Some((_, k)) = WINDOWS_DESCRIPTIONS
                .iter()
                .find(|(p, _)| d.contains(&p.to_ascii_lowercase()))
            {
                return Some(k.to_string());
            }
            let t = i.if_type?;
            WINDOWS_TUNNEL_IFTYPES
                .iter()
                .find(|(v, _)| *v == t)
                .map(|(_, k)| k.to_string())
        }
    }
}

/// A tunnel is active when it is up and has an address other than link-local.
pub fn is_active(i: &Iface) -> bool {
    i.up && i.addrs.iter().any(|a| match a {
        IpAddr::V4(v4) => !v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
    })
}

/// The interfaces of the machine login-check runs on (netdev), with Linux's sysfs details.
/// Loopback is included (routes to 127/8 leave through it) and is never a tunnel.
pub fn interfaces(ctx: &Context) -> Vec<Iface> {
    let mut all: Vec<Iface> = netdev::get_interfaces()
        .into_iter()
        .map(|i| {
            let mut iface = Iface {
                up: i.is_up(),
                point_to_point: i.is_point_to_point(),
                addrs: i.ip_addrs(),
                if_type: Some(i.if_type.value()),
                description: i.description.clone(),
                name: i.name.clone(),
                mtu: i.mtu,
                ..Iface::default()
            };
            if cfg!(target_os = "linux") {
                let sys = ctx.system_path("/sys/class/net").join(&i.name);
                let read = |f: &str| {
                    crate::io::fs::read_limited(&sys.join(f), 64 * 1024)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
                };
                iface.if_type = read("type").and_then(|t| t.parse().ok()).or(iface.if_type);
                iface.mtu = read("mtu").and_then(|t| t.parse().ok()).or(iface.mtu);
                iface.tun_flags = read("tun_flags")
                    .and_then(|t| u32::from_str_radix(t.trim_start_matches("0x"), 16).ok());
                iface.devtype = read("uevent").and_then(|u| {
                    u.lines()
                        .find_map(|l| l.strip_prefix("DEVTYPE=").map(str::to_string))
                });
            }
            iface
        })
        .collect();
    // A fixed order, whatever order the OS lists them in.
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// The local address the kernel would use to reach `addr` (no packet is sent).
pub fn route_source(addr: SocketAddr) -> Result<IpAddr, String> {
    let bind: SocketAddr = if addr.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    }
    .parse()
    .expect("literal");
    let sock = UdpSocket::bind(bind).map_err(|e| e.to_string())?;
    sock.connect(addr).map_err(|e| e.to_string())?;
    sock.local_addr().map(|a| a.ip()).map_err(|e| e.to_string())
}

/// Running VPN client processes (on the machine itself only).
pub fn vpn_processes(ctx: &Context) -> Vec<(String, &'static str)> {
    if !ctx.live {
        return Vec::new();
    }
    let Ok(mut sys) = sysinfo::System::new() else {
        return Vec::new();
    };
    sys.refresh_processes_specifics(
        sysinfo::ProcessesToUpdate::All,
        true,
        sysinfo::ProcessRefreshKind::nothing(),
    );
    let mut found: Vec<(String, &'static str)> = Vec::new();
    for p in sys.processes().values() {
        let name = p.name().to_string_lossy();
        if let Some((n, product)) = VPN_PROCESSES
            .iter()
            .find(|(n, _)| name.eq_ignore_ascii_case(n))
        {
            if !found.iter().any(|(f, _)| f == n) {
                found.push((n.to_string(), product));
            }
        }
    }
    found.sort();
    found
}

/// Where one sign-in host's traffic would leave this machine.
#[derive(Debug, Clone)]
pub struct HostRoute {
    pub host: &'static str,
    /// Its first address (from `--resolve`, or DNS when online).
    pub addr: SocketAddr,
    /// `--resolve` or `system` (see [`crate::sources::network::probe::resolve`]).
    pub resolved_by: &'static str,
    /// The local address the OS would send from, or why it could not say.
    pub source: Result<IpAddr, String>,
}

/// The route of each sign-in host that has an address, for its first IPv4 and its first IPv6
/// address separately (a tunnel can carry one family and not the other): `--resolve`
/// overrides always, DNS only when online (resolving is the only thing sent).
pub fn host_routes(ctx: &Context) -> Vec<HostRoute> {
    // Each host is resolved on a thread of its own, all at once: one slow lookup never adds up.
    let resolved: Vec<(&'static str, Vec<SocketAddr>, &'static str)> = std::thread::scope(|s| {
        let handles: Vec<_> = crate::hosts::NETWORK_HOSTS
            .iter()
            .map(|host| {
                s.spawn(move || {
                    if ctx.net.offline && ctx.net.resolve.iter().all(|r| r.host != *host) {
                        (*host, Vec::new(), "")
                    } else {
                        let (a, by, _) = crate::sources::network::probe::resolve(
                            ctx,
                            host,
                            ctx.net.time_left(std::time::Duration::from_secs(2)),
                        );
                        (*host, a, by)
                    }
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut out = Vec::new();
    for (host, addrs, resolved_by) in resolved {
        let firsts = [
            addrs.iter().find(|a| a.is_ipv4()),
            addrs.iter().find(|a| a.is_ipv6()),
        ];
        for addr in firsts.into_iter().flatten() {
            out.push(HostRoute {
                host,
                addr: *addr,
                resolved_by,
                source: route_source(*addr),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(name: &str) -> Iface {
        Iface {
            name: name.into(),
            up: true,
            addrs: vec!["10.8.0.2".parse().unwrap()],
            ..Iface::default()
        }
    }

    #[test]
    fn linux_tunnels_by_type_driver_and_name() {
        let mut wg = iface("corp");
        wg.devtype = Some("wireguard".into());
        assert_eq!(
            tunnel_kind(&wg, OsFamily::Linux).as_deref(),
            Some("WireGuard (kernel)")
        );
        let mut tun = iface("vpn0");
        tun.tun_flags = Some(0x1801);
        tun.if_type = Some(65534);
        assert_eq!(
            tunnel_kind(&tun, OsFamily::Linux).as_deref(),
            Some("tun device")
        );
        let mut tap = iface("x");
        tap.tun_flags = Some(0x1802);
        assert_eq!(
            tunnel_kind(&tap, OsFamily::Linux).as_deref(),
            Some("tap device")
        );
        assert!(tunnel_kind(&iface("tailscale0"), OsFamily::Linux).is_some());
        assert!(tunnel_kind(&iface("wg0-mullvad"), OsFamily::Linux).is_some());
        let mut eth = iface("eth0");
        eth.if_type = Some(1);
        assert_eq!(tunnel_kind(&eth, OsFamily::Linux), None);
    }

    #[test]
    fn macos_utun_counts_only_with_ipv4() {
        let mut idle = iface("utun3");
        idle.addrs = vec!["fe80::1".parse().unwrap()];
        assert_eq!(tunnel_kind(&idle, OsFamily::Macos), None);
        assert!(tunnel_kind(&iface("utun4"), OsFamily::Macos).is_some());
        assert_eq!(tunnel_kind(&iface("en0"), OsFamily::Macos), None);
    }

    #[test]
    fn windows_tunnels_by_description_and_iftype() {
        let mut a = iface("{GUID}");
        a.description = Some("TAP-Windows Adapter V9".into());
        a.if_type = Some(6);
        assert_eq!(
            tunnel_kind(&a, OsFamily::Windows).as_deref(),
            Some("OpenVPN TAP")
        );
        a.description = Some("PANGP Virtual Ethernet Adapter Secure".into());
        assert_eq!(
            tunnel_kind(&a, OsFamily::Windows).as_deref(),
            Some("GlobalProtect")
        );
        a.description = Some("Intel(R) Ethernet Connection".into());
        assert_eq!(tunnel_kind(&a, OsFamily::Windows), None);
        a.if_type = Some(131);
        assert!(tunnel_kind(&a, OsFamily::Windows).is_some());
    }

    #[test]
    fn activity_needs_up_and_a_routable_address() {
        let mut i = iface("wg0");
        assert!(is_active(&i));
        i.addrs = vec!["fe80::5".parse().unwrap()];
        assert!(!is_active(&i));
        i.addrs = vec!["10.0.0.1".parse().unwrap()];
        i.up = false;
        assert!(!is_active(&i));
    }

    #[test]
    fn route_source_picks_loopback_for_loopback() {
        assert_eq!(
            route_source("127.0.0.1:443".parse().unwrap()).unwrap(),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
    }
}
