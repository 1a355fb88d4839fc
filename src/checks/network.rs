//! "Is it my network?" The help articles say: "Disable VPNs: VPNs can interfere with
//! authentication processes; try logging in without them", "Switch networks: Attempt to log in
//! using a different network", and to check "whether this issue is happening only for you".
//!
//! - `network.vpn`: tunnels, VPN clients, and whether sign-in traffic goes through a tunnel.
//! - `network.proxy`: proxies and automatic proxy configuration a browser follows.
//! - `network.dns`, `network.reachability`: each sign-in host, step by step.
//! - `network.tls_interception`: whether someone between here and OpenAI decrypts the traffic.
//! - `network.clock`: a wrong clock breaks certificates and sign-in tokens.
//! - `network.service_status`: OpenAI's status page.
//!
//! The per-host probes run once per report, all hosts at once, and are shared by the dns,
//! reachability, interception and clock checks. Under `--offline` the checks that send nothing
//! run: the VPN, proxy, hosts-file and security-software checks.

use serde_json::{Value, json};

use crate::checks::declare::{Check, check};
use crate::context::{Context, OsFamily};
use crate::facts::Facts;
use crate::io::http::Family;
use crate::model::{CheckResult, Status};
use crate::sources::network::probe::{self, HostProbe};
use crate::sources::network::{hostsfile, proxy, security, trace, tunnels};

/// The Network section's introduction in `docs/checks.md`.
pub const INTRO: &str = r#"The articles: "Disable VPNs: VPNs can interfere with authentication processes; try logging in
without them", "Switch networks", and ask "whether this issue is happening only for you". The
network checks answer "is it my network?" with evidence. They always look at the machine
login-check runs on (also with `--home`/`--root`/`--os`).

The sign-in hosts probed are data (`src/hosts.rs`): `auth.openai.com`, `chatgpt.com`,
`platform.openai.com`, `api.openai.com`, `cdn.oaistatic.com`. Each is probed once per report,
all at the same time, in four steps with their share of `--timeout` (default 8 s): DNS (the
system resolver, or a `--resolve` override), TCP connect to port 443, a TLS handshake (rustls
with the operating system's trust store plus `--ca-file`), and one HTTP `GET /` of which the
status line and headers are read, and of an error answer the first 4 KB (to tell a Cloudflare
block page from a challenge). The results are shared by `network.dns`,
`network.reachability`, `network.tls_interception` and `network.clock`; `network.dns` also looks
up the other hosts sign-in needs (`SIGNIN_NEEDS` in `src/hosts.rs`) without connecting to them:
blocklists catch those by name. Under `--offline` the checks that need the network
(`network.dns`, `network.reachability`, `network.location`, `network.tls_interception`,
`network.clock`, `network.service_status`) are `skip`; `network.vpn`, `network.proxy`,
`network.hosts_file` and `network.security_software` still run.
Every network result records `timeout_ms`, and `resolve_overrides` and `ca_file` when given."#;

check! {
    /// *Works offline.*
    ///
    /// *Signals:* active tunnel interfaces — Linux: `/sys/class/net/*/type` 65534 (and other tunnel
    /// ARPHRD types), a `tun_flags` file (tun/tap), `DEVTYPE=wireguard` in `uevent`, then names
    /// (`tun*`, `tap*`, `wg*`, `ppp*`, `ipsec*`, `tailscale*`, `zt*`, `CloudflareWARP`, `nordlynx`,
    /// `proton*`, `cscotun*`, `gpd*`, ...); macOS: `utun`/`ipsec`/`ppp`, a `utun` only with an IPv4
    /// address; Windows: the adapter description (`WireGuard Tunnel`, `Wintun Userspace Tunnel`,
    /// `TAP-Windows Adapter V9`, `PANGP Virtual Ethernet Adapter`, `AnyConnect`, ...) or IfType 23/131.
    /// "Active" means up with an address that is not link-local. VPN client processes (`tailscaled`,
    /// `warp-svc`, `vpnagentd`, `PanGPS`, `openvpn`, ...) are a hint, read only on the machine itself.
    /// The decisive signal: for each sign-in host with a known address (a `--resolve` override, or DNS
    /// when online), a UDP socket is `connect()`ed to it — no packet is sent — and the local address
    /// the kernel chose names the interface the traffic leaves through; this sees policy routing,
    /// split tunnels and full tunnels. Each host's first IPv4 and first IPv6 address are routed
    /// separately: a tunnel that carries one family while the other goes around it (a common
    /// IPv6 leak: RFC 7359, "Layer 3 Virtual Private Network (VPN) Tunnel Traffic Leakages in
    /// Dual-Stack Hosts/Networks") makes one sign-in come from two exits. All tables are in
    /// `src/sources/network/tunnels.rs`.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | fail | Traffic to a sign-in host leaves through a tunnel interface (named in the title; "IPv4 only" or "IPv6 only" when the other family goes around it, said in the detail and the fix). |
    /// | warn | A tunnel is up or a VPN client runs, but sign-in traffic bypasses it (or, offline without `--resolve`, the route could not be tested). |
    /// | pass | No tunnel and no VPN client. |
    ///
    /// *Evidence:* `tunnels` (`interface`, `kind`, `addresses`, `description`), `vpn_processes`,
    /// `routes` (`host`, `address`, `family`, `resolved_by`, `via`, `tunnel`), `interfaces_checked`.
    pub static VPN = {
        id: "network.vpn",
        category: Network,
        network: false,
        per: "report",
        summary: "A VPN tunnel is active, and whether sign-in traffic goes through it",
        article: "Disable VPNs: VPNs can interfere with authentication processes; try logging in without them.",
        verdict: vpn,
    }
}

check! {
    /// What OpenAI's edge sees of this connection. Cloudflare, in front of OpenAI's sites,
    /// answers `https://chatgpt.com/cdn-cgi/trace` and `https://auth.openai.com/cdn-cgi/trace`
    /// with the country the connection comes from (`loc`), the Cloudflare data centre (`colo`)
    /// and whether Cloudflare WARP (`warp=on|plus`) or a Zero Trust gateway (`gateway=on`)
    /// carries it. Each is asked over IPv4 and over IPv6 separately, since the two can leave
    /// through different exits (IPv6 going around a VPN: wgetnz/chatgpt-openclash#11).
    ///
    /// The country is checked against OpenAI's list of supported countries and territories
    /// (`data/countries.json`, from [ChatGPT and OpenAI API supported countries and
    /// territories](https://help.openai.com/en/articles/7947663-chatgpt-and-openai-api-supported-countries-and-territories),
    /// with the date it was taken). OpenAI: "If a location is not included in the list below,
    /// our API is not available there"; the same article says the "OpenAI's services are not
    /// available in your country" message can also follow a VPN exit or travel.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Every answer places the connection in a supported country, without WARP or a gateway, and IPv4 and IPv6 agree. |
    /// | warn | A country that is not on the list (the list may name a territory differently); WARP or a Zero Trust gateway carries the connection; or IPv4 and IPv6 (or the two hosts) leave in different countries. |
    /// | fail | A place reported not to be served (China, Hong Kong, Macao, Russia, Belarus, Iran, North Korea, Syria, Cuba, Venezuela) or Tor (`loc=T1`). |
    /// | unknown | No host answered the trace. |
    ///
    /// *Evidence:* `traces` (`host`, `family`, `ms`, `ip` — replaced by a token in redacted reports —,
    /// `country`, `country_name`, `colo`, `warp`, `gateway`, `error`), `countries_as_of`.
    pub static LOCATION = {
        id: "network.location",
        category: Network,
        network: true,
        per: "report (per host and address family)",
        summary: "The country OpenAI's edge sees this connection in is supported, and WARP or a gateway does not carry it",
        article: "Disable VPNs: VPNs can interfere with authentication processes; try logging in without them.",
        verdict: location,
    }
}

check! {
    /// *Works offline.*
    ///
    /// A line in the hosts file overrides DNS for a name: blocklists written into it (ad
    /// blockers, "privacy" and anti-telemetry tools) point hosts at `0.0.0.0` or `127.0.0.1`, and
    /// an old line can pin a host to an address it left long ago. Either breaks sign-in when it
    /// catches a host the sign-in pages need: OpenAI's sign-in, app and asset hosts, the
    /// feature-flag hosts (`ab.chatgpt.com` is "required to login into the desktop app",
    /// hagezi/dns-blocklists#3009; blocking `api.statsig.com` breaks the iOS sign-in,
    /// privacy-protection-tools/anti-AD#860), Cloudflare's challenge widget
    /// (`challenges.cloudflare.com`), and with `--auth-method` the provider's sign-in host
    /// (`accounts.google.com`, `login.microsoftonline.com`, `login.live.com`, `appleid.apple.com`).
    /// The list, with a source for each host, is `SIGNIN_NEEDS` in `src/hosts.rs`.
    ///
    /// *Looks at:* `/etc/hosts` (Linux, macOS; `/private/etc/hosts` when only that exists) or
    /// `C:\Windows\System32\drivers\etc\hosts`, under `--root`, read as hosts(5) describes it
    /// (an address, then names; `#` starts a comment; names without case).
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No line names a host sign-in needs, or there is no hosts file. |
    /// | warn | A line sends such a host to another address (a stale pin or a redirect), or blocks only hosts that parts of sign-in use (feature flags, widget assets, the captcha). |
    /// | fail | A line blocks (`0.0.0.0`, `::`, or a loopback address) a host sign-in cannot do without. |
    /// | unknown | The hosts file could not be read. |
    ///
    /// *Evidence:* `source`, `entries_read`, `matches` (`line`, `host`, `address`, `blocks`),
    /// `malformed_lines`.
    pub static HOSTS_FILE = {
        id: "network.hosts_file",
        category: Network,
        network: false,
        per: "report",
        summary: "The hosts file does not block or redirect a host that signing in needs",
        article: "Try a different browser or device: This can identify if the issue is browser-specific.",
        verdict: hosts_file,
    }
}

check! {
    /// *Works offline.*
    ///
    /// *Looks at:* `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY` in both cases; on the machine
    /// itself also macOS `scutil --proxy` (HTTP/HTTPS/SOCKS proxies, `ProxyAutoConfigURLString`,
    /// `ProxyAutoDiscoveryEnable`), GNOME `org.gnome.system.proxy` (`mode`, `autoconfig-url`), and
    /// Windows `HKCU\...\Internet Settings` (`ProxyEnable`/`ProxyServer`, `AutoConfigURL`,
    /// `AutoDetect`). A `user:password@` in a proxy URL is replaced by `[credentials removed]`.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | warn | A proxy, PAC file or WPAD auto-discovery is configured (`NO_PROXY` alone is not). |
    /// | pass | None. |
    ///
    /// *Evidence:* `settings` (`source`, `value`, `automatic`), `looked_at`.
    pub static PROXY = {
        id: "network.proxy",
        category: Network,
        network: false,
        per: "report",
        summary: "Proxies and automatic proxy configuration (PAC/WPAD) a browser would use",
        article: "Switch networks: Attempt to log in using a different network (e.g., home WiFi, mobile hotspot).",
        verdict: proxy,
    }
}

check! {
    /// Where the answers came from: the hosts file first (the system's lookup reads it before it
    /// asks DNS: glibc's `hosts: files dns` in nsswitch.conf, macOS and Windows alike), then the
    /// system's DNS servers as `/etc/resolv.conf` names them
    /// (under `--root`; when it names only systemd-resolved's stub `127.0.0.53`, the servers in
    /// `/run/systemd/resolve/resolv.conf` behind it), each recognised when it is a filtering
    /// resolver's address (`FILTERING_ADDRESSES` in `src/resolvers.rs`: AdGuard DNS, Cloudflare
    /// for Families, OpenDNS FamilyShield, each with its provider's page). A filter answers
    /// "no such name" (NXDOMAIN), a null address (`0.0.0.0`, `::`: AdGuard DNS's and Pi-hole's
    /// default blocking) or its block page's address (Cisco Umbrella / OpenDNS: 146.112.61.104–110,
    /// `BLOCK_PAGES` in `src/resolvers.rs`) for what it blocks; the sign-in hosts exist, so any of
    /// these answers for them is a block. A blocking answer that a line of this machine's hosts
    /// file gives (not one under `--root`) is said to be the hosts file's, judged as
    /// `network.hosts_file` judges that line and with its fix. Windows' per-adapter servers are
    /// not read.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Every host resolves (the detail names the servers asked, and a filtering one). |
    /// | warn | The probed hosts resolve, but one the sign-in pages use only in part (feature flags, assets, the captcha: `SIGNIN_NEEDS` in `src/hosts.rs`) is blocked or unanswered. |
    /// | fail | A host does not resolve (no such name: said as a filter's answer; no answer in time), or the system resolver answers only with addresses a DNS filter uses (0.0.0.0, loopback, private or link-local ranges, a known block page) or the hosts file gives; also for the other hosts sign-in cannot do without (`openai.com`, `challenges.cloudflare.com`, and with `--auth-method` the provider's hosts), which are looked up too (`auth0.openai.com`, which may be retired, only warns). The fix names a known filtering server. `--resolve` answers are never judged as filtered, and with `--resolve` only the hosts it names are looked up. |
    ///
    /// *Evidence:* `hosts` (`host`, `addresses`, `resolved_by`, `ms`, `error`, `no_such_name`);
    /// `other_hosts` (`host`, `essential`, `why`, `addresses`, `resolved_by`, `ms`, `error`);
    /// `from_hosts_file` (`line`, `host`, `address`) when the hosts file gave blocking answers;
    /// when the system resolver was asked, `resolvers` (`address`, `source`, `provider`,
    /// `filter`), `resolvers_read` and `resolvers_not_read`.
    pub static DNS = {
        id: "network.dns",
        category: Network,
        network: true,
        per: "report (per-host evidence)",
        summary: "The sign-in hosts resolve, to addresses that are not a DNS filter's",
        article: "Switch networks: Attempt to log in using a different network (e.g., home WiFi, mobile hotspot).",
        verdict: dns,
    }
}

check! {
    /// Each sign-in host is tried step by step: TCP, TLS, one HTTP request. An error answer is told
    /// apart by its status, headers and first 4 KB:
    ///
    /// - A Cloudflare **challenge** ("Just a moment…", HTTP 403 or 429 with `cf-mitigated:
    ///   challenge`) is what clients that are not browsers get; a browser passes it, so the host
    ///   counts as reachable. Cloudflare documents `cf-mitigated: challenge` as the one marker of a
    ///   challenge ([Detect a Challenge Page response](https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response)).
    /// - A Cloudflare **block page** (HTTP 403 from `Server: cloudflare` without that header, saying
    ///   "Sorry, you have been blocked" or naming a Cloudflare 1xxx error such as 1020) fails: it is
    ///   what VPN, proxy and data-centre exits commonly get (lencx/ChatGPT#1007,
    ///   webcompat/web-bugs#124499; OpenAI's help article 10471992 says to turn off VPNs, proxies
    ///   and iCloud Private Relay). Its Ray ID (`cf-ray`) is kept for the support ticket.
    /// - OpenAI's **unsupported country** answer (`unsupported_country_region_territory`) fails:
    ///   the connection appears to come from a country or territory OpenAI does not serve, often
    ///   a VPN's exit ([ChatGPT and OpenAI API supported countries and territories](https://help.openai.com/en/articles/7947663-chatgpt-and-openai-api-supported-countries-and-territories);
    ///   home-assistant/core#120072).
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Every resolved host completes TCP, TLS and an HTTP answer. A Cloudflare challenge counts as an answer. |
    /// | warn | Only HTTP statuses that are not blocks (e.g. 5xx). |
    /// | fail | A host fails at a step, named with its error class: `TCP: connection refused`, `TCP: timed out`, `TLS: timed out`, `connection reset`, `TLS: certificate expired (or this computer's clock is ahead)`, `certificate not yet valid`, `certificate is for another name`, `certificate issuer is not trusted`, `HTTP 403: Cloudflare blocked this connection (error 1020), Ray ID …`, `HTTP 403: OpenAI does not serve the country this connection comes from`, `HTTP 403 from <server>: often a web filter or firewall`, `HTTP 407`, `HTTP 451`. A TLS handshake that times out while the connection leaves through a VPN tunnel gets a fix naming the tunnel and its MTU (packets too large for it are dropped where path-MTU discovery is broken; the server's certificate flight is the first to need them: RFC 2923, "TCP Problems with Path MTU Discovery", §2.1 black holes; 1280 is IPv6's minimum MTU, RFC 8200 §5). |
    /// | unknown | No host resolved (see `network.dns`). |
    ///
    /// *Evidence:* `hosts` (per host: `addresses`, `resolved_by`, and `dns`, `tcp`, `tls`, `http` each
    /// with `ms` and `error`; `http_status`; `answer` — `challenge`, `blocked` or
    /// `unsupported_country` — for an error answer told apart, with `cloudflare_error`; `ray_id`).
    pub static REACHABILITY = {
        id: "network.reachability",
        category: Network,
        network: true,
        per: "report (per-host evidence)",
        summary: "TCP, TLS and HTTP to each sign-in host, each step timed",
        article: "Try another network (wired connection, home WiFi, work WiFi, library/cafe WiFi and/or cellular network).",
        verdict: reachability,
    }
}

check! {
    /// Someone between this computer and OpenAI decrypting HTTPS (a company proxy, an antivirus web
    /// shield, a debugging proxy) can break sign-in pages. Two signals: the leaf certificate's issuer
    /// (organisation or common name) names an inspection product — Zscaler, Netskope, Palo Alto
    /// Networks, Fortinet/FortiGate, Blue Coat/ProxySG, Forcepoint/Websense, Sophos, Cisco
    /// Umbrella/OpenDNS, Check Point, Barracuda, Kaspersky, ESET, Avast/AVG, Bitdefender, mitmproxy,
    /// Fiddler, Charles (whole-word match; the list is data in `src/checks/network.rs`); or a second
    /// handshake that trusts only the public web roots (webpki-roots, plus `--ca-file`, which you
    /// chose to trust) fails where the OS store succeeded — a root only this computer trusts signed it.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Certificates chain to public roots and name no inspection product. |
    /// | fail | "Your traffic to OpenAI is being inspected by <issuer>". |
    /// | unknown | No handshake completed. |
    ///
    /// *Evidence:* `hosts` (`host`, `issuer`, `public_roots_ok`, `public_roots_error`).
    pub static TLS_INTERCEPTION = {
        id: "network.tls_interception",
        category: Network,
        network: true,
        per: "report (per-host evidence)",
        summary: "HTTPS to OpenAI is not decrypted by a proxy or antivirus on the way",
        article: "Switch networks: Attempt to log in using a different network (e.g., home WiFi, mobile hotspot).",
        verdict: tls_interception,
    }
}

check! {
    /// *Works offline. Windows only, on the computer itself.*
    ///
    /// Antivirus web shields that decrypt HTTPS put their own certificate in front of every site
    /// and re-encrypt the page: sign-in pages that pin their connections, Cloudflare's challenge
    /// and passkeys can fail through them, and `network.tls_interception` (online) sees their
    /// certificate. This check names them without the network: the antivirus products Windows
    /// Security Center lists (`root/SecurityCenter2`, `AntiVirusProduct`, through PowerShell's
    /// `Get-CimInstance`), each with its engine state read from `productState` (`0x1000` on,
    /// `0x2000` snoozed, `0x3000` expired; Idera PowerTip "Identifying Antivirus Engine State"),
    /// and those whose web shield decrypts HTTPS by default: Avast and AVG (Web Shield's HTTPS
    /// scanning), Kaspersky (encrypted connections scan), ESET (SSL/TLS protocol filtering). The
    /// table, with each vendor's page for the setting, is `WEB_SHIELDS` in
    /// `src/sources/network/security.rs`.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No product known to decrypt HTTPS is on (the products found are named; others' scanning is not known). |
    /// | warn | A product whose web shield decrypts HTTPS by default is on: named, with the setting that turns that off. |
    /// | unknown | Windows Security Center could not be read (PowerShell failed or answered something else). |
    /// | skip | Not Windows, or not the computer itself (`--home`, `--root`, `--os`). |
    ///
    /// *Evidence:* `products` (`name`, `engine`, `signatures_up_to_date`, `https_scanning`,
    /// `source`).
    pub static SECURITY_SOFTWARE = {
        id: "network.security_software",
        category: Network,
        network: false,
        per: "report",
        summary: "No antivirus known to decrypt HTTPS is on (Windows Security Center)",
        article: "Try logging in from a different browser/computer to see if the issue still persists, as a security add-in or extension can occasionally cause this type of error.",
        verdict: security_software,
    }
}

check! {
    /// The skew between this computer's clock (`LOGIN_CHECK_NOW` when set) and the servers' `Date`
    /// headers, the median over hosts.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Within 2 minutes. |
    /// | warn | More than 2 minutes; or certificates look expired or not yet valid while no server gave the time ("probable clock skew"). |
    /// | fail | More than 5 minutes. |
    /// | unknown | No server answered with a `Date`. |
    ///
    /// *Evidence:* `skew_seconds`, `per_host`, `now`, `warn_from_seconds`, `fail_from_seconds`.
    pub static CLOCK = {
        id: "network.clock",
        category: Network,
        network: true,
        per: "report",
        summary: "This computer's clock agrees with the servers' (certificates and tokens need it)",
        article: "In the event you still receive \"Something went wrong\" or \"Oops...\" errors please try the following",
        verdict: clock,
    }
}

check! {
    /// OpenAI's status page, `https://status.openai.com/api/v2/status.json` (Statuspage schema, read
    /// defensively, at most 1 MB).
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | `status.indicator` is `none`. |
    /// | warn | Any other indicator: "this may not be your machine". |
    /// | unknown | The page could not be read or parsed (the reason in `detail`). |
    ///
    /// *Evidence:* `url`, `ms`, `indicator`, `error`.
    ///
    /// *Benchmark:* `scripts/bench-network.sh` runs a full online report in a network namespace where
    /// every host is black-holed and checks that it ends within `--timeout` + 0.5 s (CI runs it).
    pub static SERVICE_STATUS = {
        id: "network.service_status",
        category: Network,
        network: true,
        per: "report",
        summary: "OpenAI's status page reports no ongoing incident",
        article: "Whether this issue is happening only for you or with other users in your organization as well",
        verdict: service_status,
    }
}

/// TLS-inspection products, matched as whole words against the leaf certificate's issuer
/// (organisation and common name). Names from shared/reference/vpn_network.md §5; the exact
/// issuer strings each product uses vary by deployment.
pub const INSPECTION_PRODUCTS: &[(&str, &[&str])] = &[
    ("Zscaler", &["zscaler"]),
    ("Netskope", &["netskope"]),
    (
        "Palo Alto Networks",
        &["palo alto networks", "paloaltonetworks"],
    ),
    ("Fortinet FortiGate", &["fortinet", "fortigate"]),
    (
        "Blue Coat / Symantec ProxySG",
        &["blue coat", "bluecoat", "proxysg"],
    ),
    ("Forcepoint", &["forcepoint", "websense"]),
    ("Sophos", &["sophos"]),
    ("Cisco Umbrella", &["cisco umbrella", "opendns"]),
    ("Check Point", &["check point", "checkpoint"]),
    ("Barracuda", &["barracuda"]),
    ("Kaspersky", &["kaspersky"]),
    ("ESET", &["eset"]),
    ("Avast / AVG", &["avast", "avg"]),
    ("Bitdefender", &["bitdefender"]),
    ("mitmproxy", &["mitmproxy"]),
    ("Fiddler", &["fiddler", "do_not_trust_fiddlerroot"]),
    ("Charles Proxy", &["charles proxy", "charles"]),
];

/// The inspection product an issuer names, if any (whole-word match, any case).
pub fn inspection_product(issuer: &str) -> Option<&'static str> {
    let words: Vec<String> = issuer
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let text = format!(" {} ", words.join(" "));
    INSPECTION_PRODUCTS
        .iter()
        .find(|(_, pats)| pats.iter().any(|p| text.contains(&format!(" {p} "))))
        .map(|(name, _)| *name)
}

fn steps_json(p: &HostProbe) -> Value {
    let step = |s: &Option<probe::Step>| s.as_ref().map(|s| json!({"ms": s.ms, "error": s.error}));
    let mut o = json!({
        "host": p.host,
        "addresses": p.addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "resolved_by": p.resolved_by,
        "dns": {"ms": p.dns.ms, "error": p.dns.error},
        "tcp": step(&p.tcp),
        "tls": step(&p.tls),
        "http": step(&p.http),
    });
    if let Some(s) = p.http_status {
        o["http_status"] = json!(s);
    }
    match &p.answer {
        Some(probe::Answer::Challenge) => o["answer"] = json!("challenge"),
        Some(probe::Answer::Block { code }) => {
            o["answer"] = json!("blocked");
            o["cloudflare_error"] = json!(code);
        }
        Some(probe::Answer::UnsupportedCountry) => o["answer"] = json!("unsupported_country"),
        None => {}
    }
    if let Some(r) = &p.ray_id {
        o["ray_id"] = json!(r);
    }
    o
}

fn net_result(
    check: &Check,
    status: Status,
    title: impl Into<String>,
    detail: impl Into<String>,
) -> CheckResult {
    check.result(status, title, detail)
}

fn record_options(ctx: &Context, r: CheckResult) -> CheckResult {
    let mut r = r.evidence("timeout_ms", ctx.net.timeout.as_millis() as u64);
    if !ctx.net.resolve.is_empty() {
        r = r.evidence(
            "resolve_overrides",
            ctx.net
                .resolve
                .iter()
                .map(|o| format!("{}:{}:{}", o.host, o.port, o.addr))
                .collect::<Vec<_>>(),
        );
    }
    if let Some(ca) = &ctx.net.ca_file {
        r = r.evidence("ca_file", ctx.display_path(ca));
    }
    r
}

const SWITCH_NETWORKS: &str = "Try signing in from another network (home Wi-Fi, a mobile hotspot) to see whether this network is the cause";
const SWITCH_NETWORKS_LOWER: &str =
    "try signing in from another network (home Wi-Fi, a mobile hotspot)";

/// `network.dns`
fn dns(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let probes = facts.host_probes();
    let failed: Vec<&HostProbe> = probes.iter().filter(|p| !p.dns.ok()).collect();
    // The system's lookup reads the hosts file before it asks DNS (glibc's `files dns` in
    // nsswitch.conf, macOS, Windows): a blocking answer the hosts file gives is the hosts
    // file's doing, not a DNS filter's (`network.hosts_file` names its lines).
    let hosts_file = facts.hosts_file();
    let from_file = |host: &str, addrs: &[std::net::IpAddr]| -> Vec<&hostsfile::HostsEntry> {
        match &hosts_file.entries {
            // Another system's file (`--root`) says nothing about this machine's answers.
            Ok(_) if !hosts_file.this_machines => Vec::new(),
            Ok(entries) => entries
                .iter()
                .filter(|e| e.host.eq_ignore_ascii_case(host) && addrs.contains(&e.address))
                .collect(),
            Err(_) => Vec::new(),
        }
    };
    let mut file_lines: Vec<&hostsfile::HostsEntry> = Vec::new();
    let sinkholed: Vec<&HostProbe> = probes
        .iter()
        .filter(|p| {
            p.resolved_by == "dns" && !p.addrs.is_empty() && p.addrs.iter().all(probe::is_sinkhole)
        })
        .filter(|p| {
            let lines = from_file(&p.host, &p.addrs);
            let by_file = !lines.is_empty();
            file_lines.extend(lines);
            !by_file
        })
        .collect();
    let hosts: Vec<Value> = probes
        .iter()
        .map(|p| json!({"host": p.host, "addresses": p.addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "resolved_by": p.resolved_by, "ms": p.dns.ms, "error": p.dns.error, "no_such_name": p.dns.error.as_deref().is_some_and(no_such_name)}))
        .collect();
    // Where the answers came from: the system's configured servers, and the filtering ones
    // among them (`src/resolvers.rs`).
    let conf = facts.resolvers();
    let system_asked = probes.iter().any(|p| p.resolved_by == "dns");
    let filters: Vec<&crate::resolvers::FilteringAddress> = conf
        .servers
        .iter()
        .filter_map(|n| crate::resolvers::filtering_address(&n.address))
        .collect();
    let servers: Vec<Value> = conf
        .servers
        .iter()
        .map(|n| {
            let f = crate::resolvers::filtering_address(&n.address);
            json!({"address": n.address.to_string(), "source": n.source, "provider": f.map(|f| f.provider), "filter": f.map(|f| f.filter.describe())})
        })
        .collect();
    let from = match (system_asked, filters.first(), conf.servers.is_empty()) {
        (false, _, _) => String::new(),
        (true, Some(f), _) => format!(
            " The system's DNS server is {} ({}), which {}.",
            f.provider,
            f.source,
            f.filter.describe()
        ),
        (true, None, false) => format!(
            " The system asks {} ({}).",
            conf.servers
                .iter()
                .map(|n| server_words(&n.address))
                .collect::<Vec<_>>()
                .join(", "),
            conf.read.join(", ")
        ),
        (true, None, true) => String::new(),
    };
    // The other hosts sign-in needs (DNS only): blocked by "no such name", no answer, or a
    // sinkhole address.
    let others = facts.other_lookups();
    let sinkhole_answer = |l: &probe::Lookup| {
        l.resolved_by == "dns" && !l.addrs.is_empty() && l.addrs.iter().all(probe::is_sinkhole)
    };
    for l in others.iter().filter(|l| sinkhole_answer(l)) {
        file_lines.extend(from_file(l.host, &l.addrs));
    }
    file_lines.sort_by_key(|e| e.line);
    file_lines.dedup_by(|a, b| a.line == b.line && a.host == b.host);
    let other_blocked = |l: &&probe::Lookup| {
        !l.dns.ok() || (sinkhole_answer(l) && from_file(l.host, &l.addrs).is_empty())
    };
    let essential_blocked: Vec<&probe::Lookup> = others
        .iter()
        .filter(|l| l.essential)
        .filter(other_blocked)
        .collect();
    let partial_blocked: Vec<&probe::Lookup> = others
        .iter()
        .filter(|l| !l.essential)
        .filter(other_blocked)
        .collect();
    // Host names only: why each is needed (with its source) stays in the evidence.
    let other_words =
        |ls: &[&probe::Lookup]| ls.iter().map(|l| l.host).collect::<Vec<_>>().join(", ");
    // What to do about a filtering server: a provider with per-owner settings can allow names;
    // a public filtering address cannot, so another server (or its unfiltered address) is it.
    let filter_fix = |f: &crate::resolvers::FilteringAddress, names: &str| match f.filter {
        crate::resolvers::Filter::Configurable => format!(
            "The system's DNS server, {}, {}: allow {names} in its settings, or use another DNS server.",
            f.provider,
            f.filter.describe()
        ),
        _ => format!(
            "The system's DNS server, {}, {}: use another DNS server (or the provider's unfiltered address) in this computer's or the router's network settings.",
            f.provider,
            f.filter.describe()
        ),
    };
    let all_blocked: Vec<&probe::Lookup> = essential_blocked
        .iter()
        .chain(&partial_blocked)
        .copied()
        .collect();
    let mut also = if all_blocked.is_empty() {
        String::new()
    } else {
        format!(
            " Also blocked or unanswered: {}.",
            other_words(&all_blocked)
        )
    };
    // The hosts the file's lines name, each once, in line order.
    let file_names: Vec<&str> = file_lines.iter().fold(Vec::new(), |mut v, e| {
        if !v.contains(&e.host.as_str()) {
            v.push(e.host.as_str());
        }
        v
    });
    // Judged as `network.hosts_file` judges the same lines: a block (0.0.0.0, ::, loopback) of
    // a host sign-in cannot do without fails; a redirect (a private address) or a block of a
    // host only parts of sign-in use warns.
    let file_blocks =
        |e: &hostsfile::HostsEntry| e.address.is_unspecified() || e.address.is_loopback();
    let essential = |n: &str| {
        probes.iter().any(|p| p.host.eq_ignore_ascii_case(n))
            || others
                .iter()
                .any(|l| l.essential && l.host.eq_ignore_ascii_case(n))
    };
    let file_blocks_essential = file_lines
        .iter()
        .any(|e| file_blocks(e) && essential(&e.host));
    let file_words = if file_lines.iter().all(|e| file_blocks(e)) {
        "a blocking address"
    } else {
        "another address"
    };
    if !file_lines.is_empty() {
        also.push_str(&format!(
            " The hosts file ({}) sends {} to {file_words}.",
            hosts_file.source,
            file_names.join(", ")
        ));
    }
    let other_list: Vec<Value> = others
        .iter()
        .map(|l| json!({"host": l.host, "essential": l.essential, "why": l.why, "addresses": l.addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "resolved_by": l.resolved_by, "ms": l.dns.ms, "error": l.dns.error}))
        .collect();
    let r = if !failed.is_empty() {
        let names: Vec<&str> = failed.iter().map(|p| p.host.as_str()).collect();
        let nx: Vec<&str> = failed
            .iter()
            .filter(|p| p.dns.error.as_deref().is_some_and(no_such_name))
            .map(|p| p.host.as_str())
            .collect();
        // Hosts with the same error are said once.
        let mut by_error: Vec<(&str, Vec<&str>)> = Vec::new();
        for p in &failed {
            let e = p.dns.error.as_deref().unwrap_or("");
            match by_error.iter_mut().find(|(x, _)| *x == e) {
                Some((_, hs)) => hs.push(p.host.as_str()),
                None => by_error.push((e, vec![p.host.as_str()])),
            }
        }
        let mut detail = by_error
            .iter()
            .map(|(e, hs)| format!("{}: {e}", hs.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        if !nx.is_empty() {
            detail.push_str(&format!(
                ". The DNS server says {} does not exist, but these hosts exist: a DNS filter answers \"no such name\" for what it blocks (or this computer is offline, which some systems report the same way)",
                nx.join(", ")
            ));
        }
        detail.push('.');
        detail.push_str(&also);
        detail.push_str(&from);
        net_result(
            &DNS,
            Status::Fail,
            match (nx.len() == names.len(), names.len() == probes.len() && names.len() > 2) {
                // Offline, some systems answer the same way: the detail says both.
                (true, true) => format!(
                    "The DNS server says none of the {} sign-in hosts exists",
                    names.len()
                ),
                (true, false) => format!("{} reported not to exist by the DNS server", names.join(", ")),
                (false, true) => format!("None of the {} sign-in hosts could be looked up", names.len()),
                (false, false) => format!("{} could not be looked up", names.join(", ")),
            },
            detail,
        )
        .with_fix(match filters.first() {
            Some(f) => format!(
                "{} {SWITCH_NETWORKS}.",
                filter_fix(f, "openai.com and chatgpt.com (and their subdomains)")
            ),
            None => format!(
                "Check that this computer is online and its DNS works; a DNS filter (company, school, router or \
                 ad-blocking DNS) may block OpenAI. {SWITCH_NETWORKS}."
            ),
        })
    } else if !sinkholed.is_empty() {
        let names: Vec<&str> = sinkholed.iter().map(|p| p.host.as_str()).collect();
        // A filter's block page names the filter.
        let page = sinkholed
            .iter()
            .flat_map(|p| &p.addrs)
            .find_map(crate::resolvers::block_page);
        net_result(
            &DNS,
            Status::Fail,
            format!("{} resolves to a blocking address", names.join(", ")),
            match page {
                Some(who) => format!(
                    "DNS answered with the address of {who}'s block page instead of OpenAI's: {who} \
                     is blocking the site.{also}{from}"
                ),
                None => format!(
                    "DNS answered with an address that cannot be OpenAI's (0.0.0.0, loopback or a private range): a DNS filter \
                     is blocking the site.{also}{from}"
                ),
            },
        )
        .with_fix(match (filters.first(), page) {
            (Some(f), _) => format!(
                "{} {SWITCH_NETWORKS}.",
                filter_fix(f, "openai.com and chatgpt.com")
            ),
            (None, Some(who)) => format!(
                "Ask whoever runs {who} for this network or computer (usually IT) to allow openai.com and chatgpt.com. {SWITCH_NETWORKS}."
            ),
            (None, None) => format!(
                "Ask whoever runs this network's DNS filter (IT, a parental-control or ad-blocking DNS) to allow openai.com \
                 and chatgpt.com. {SWITCH_NETWORKS}."
            ),
        })
    } else if file_blocks_essential
        || file_lines
            .iter()
            .any(|e| probes.iter().any(|p| p.host.eq_ignore_ascii_case(&e.host)))
        || (!file_lines.is_empty() && all_blocked.is_empty())
    {
        let names = &file_names;
        let mut lines: Vec<usize> = file_lines.iter().map(|e| e.line).collect();
        // The fix names the lines `network.hosts_file` names, so that both say one fix.
        let all_lines: Vec<usize> = hosts_file_matches(facts).iter().map(|e| e.line).collect();
        if lines.iter().all(|l| all_lines.contains(l)) {
            lines = all_lines;
        }
        lines.sort_unstable();
        lines.dedup();
        let unanswered = if all_blocked.is_empty() {
            String::new()
        } else {
            format!(
                " Also blocked or unanswered by DNS: {}.",
                other_words(&all_blocked)
            )
        };
        net_result(
            &DNS,
            if file_blocks_essential || !essential_blocked.is_empty() {
                Status::Fail
            } else {
                Status::Warn
            },
            format!("The hosts file sends {} to {file_words}", names.join(", ")),
            format!(
                "These answers came from {}, which the system reads before it asks DNS: {}.{unanswered}{from}",
                hosts_file.source,
                file_lines
                    .iter()
                    .map(|e| format!("line {}: {} → {}", e.line, e.host, e.address))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
        .with_fix({
            let mut fix = hosts_file_fix(ctx.os, &hosts_file.source, &lines);
            // Hosts DNS blocks too need the DNS fix as well.
            if !all_blocked.is_empty() {
                let names = other_words(&all_blocked);
                fix.push(' ');
                fix.push_str(&match filters.first() {
                    Some(f) => filter_fix(f, &names),
                    None => format!(
                        "A DNS filter or blocklist (a router, an ad-blocking DNS, Pi-hole, a company filter) catches {names}: allow it there, or try another network."
                    ),
                });
            }
            fix
        })
        .evidence(
            "from_hosts_file",
            file_lines
                .iter()
                .map(|e| json!({"line": e.line, "host": e.host, "address": e.address.to_string()}))
                .collect::<Vec<_>>(),
        )
    } else if !all_blocked.is_empty() {
        let (status, worst) = if essential_blocked.is_empty() {
            (Status::Warn, &partial_blocked)
        } else {
            (Status::Fail, &essential_blocked)
        };
        let names: Vec<&str> = worst.iter().map(|l| l.host).collect();
        net_result(
            &DNS,
            status,
            format!(
                "{} {} blocked by DNS",
                names.join(", "),
                if names.len() == 1 { "is" } else { "are" }
            ),
            format!(
                "The main sign-in hosts resolve, but not every host the sign-in pages use: {}.{}{from}",
                other_words(&all_blocked),
                if file_names.is_empty() {
                    String::new()
                } else {
                    format!(
                        " The hosts file ({}) sends {} to {file_words}.",
                        hosts_file.source,
                        file_names.join(", ")
                    )
                }
            ),
        )
        .with_fix(match filters.first() {
            Some(f) => filter_fix(f, &names.join(", ")),
            None => format!(
                "A DNS filter or blocklist (a router, an ad-blocking DNS, Pi-hole, a company filter) catches {}: allow it there, or try another network.",
                names.join(", ")
            ),
        })
    } else {
        net_result(
            &DNS,
            Status::Pass,
            format!(
                "All {} sign-in hosts resolve{}",
                probes.len(),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(", and the {} others the pages use", others.len())
                }
            ),
            from.trim().to_string(),
        )
    };
    let mut r = r.evidence("hosts", hosts);
    if !other_list.is_empty() {
        r = r.evidence("other_hosts", other_list);
    }
    if system_asked {
        r = r
            .evidence("resolvers", servers)
            .evidence("resolvers_read", conf.read.clone());
        if let Some(why) = &conf.unread {
            r = r.evidence("resolvers_not_read", why.clone());
        }
    }
    vec![record_options(ctx, r)]
}

/// A lookup error that means the server answered "no such name" (NXDOMAIN, or no address for
/// the name): glibc `EAI_NONAME` ("Name or service not known"), `EAI_NODATA` ("No address
/// associated with hostname"), macOS ("nodename nor servname provided"), Windows
/// `WSAHOST_NOT_FOUND` ("No such host is known", 11001) and an empty answer.
fn no_such_name(error: &str) -> bool {
    [
        "Name or service not known",
        "No address associated with hostname",
        "nodename nor servname provided",
        "No such host is known",
        "os error 11001",
        "DNS: no addresses",
    ]
    .iter()
    .any(|m| error.contains(m))
}

/// A DNS server in words: a private or local address is the router's or this computer's own.
fn server_words(a: &std::net::IpAddr) -> String {
    if a.is_loopback() {
        format!("a resolver on this computer ({a})")
    } else if probe::is_sinkhole(a) {
        format!("a server on the local network ({a}), often the router")
    } else {
        a.to_string()
    }
}

/// `network.reachability`
fn reachability(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let probes = facts.host_probes();
    let failing: Vec<(&HostProbe, &str, &str)> = probes
        .iter()
        .filter_map(|p| p.failure().map(|(step, e)| (p, step, e)))
        .filter(|(_, step, _)| *step != "dns")
        .collect();
    let hosts: Vec<Value> = probes.iter().map(steps_json).collect();
    let r = if failing.is_empty() {
        let unresolved = probes.iter().filter(|p| !p.dns.ok()).count();
        if unresolved == probes.len() {
            net_result(
                &REACHABILITY,
                Status::Unknown,
                "No sign-in host could be tried",
                "None of them resolved (see network.dns).",
            )
        } else {
            let slowest = probes
                .iter()
                .map(|p| {
                    p.tcp.as_ref().map_or(0, |s| s.ms)
                        + p.tls.as_ref().map_or(0, |s| s.ms)
                        + p.http.as_ref().map_or(0, |s| s.ms)
                })
                .max()
                .unwrap_or(0);
            net_result(
                &REACHABILITY,
                Status::Pass,
                format!("The sign-in hosts answer over HTTPS (slowest {slowest} ms)"),
                "",
            )
        }
    } else {
        let certificate = failing.iter().any(|(_, _, e)| e.contains("certificate"));
        let summary: Vec<String> = failing
            .iter()
            .map(|(p, step, e)| format!("{} failed at {step}: {e}", p.host))
            .collect();
        let status = if failing.iter().all(|(p, step, _)| {
            *step == "http"
                && p.http_status
                    .is_some_and(|s| s != 403 && s != 451 && s != 407)
        }) {
            Status::Warn
        } else {
            Status::Fail
        };
        let answered = |want: fn(&probe::Answer) -> bool| {
            failing
                .iter()
                .find(|(p, _, _)| p.answer.as_ref().is_some_and(want))
                .map(|(p, _, _)| *p)
        };
        let country = answered(|a| *a == probe::Answer::UnsupportedCountry);
        let blocked = answered(|a| matches!(a, probe::Answer::Block { .. }));
        let fix = if country.is_some() {
            "OpenAI's services are not available in the country or territory this connection appears to come \
             from. If you use a VPN, proxy or iCloud Private Relay, turn it off (or choose an exit in a supported \
             country) and try again; the list of supported countries is in OpenAI's help article \
             \"ChatGPT and OpenAI API supported countries and territories\"."
                .to_string()
        } else if let Some(p) = blocked {
            format!(
                "Cloudflare, which protects OpenAI's sites, blocked this connection, usually because of the reputation \
                 of its IP address (a VPN, proxy, iCloud Private Relay or data-centre exit). Turn those off or \
                 {SWITCH_NETWORKS_LOWER}.{}",
                p.ray_id.as_ref().map_or(String::new(), |r| format!(
                    " If it goes on, give OpenAI support the Ray ID {r}."
                ))
            )
        } else if let Some((tunnel, mtu)) = stalled_in_tunnel(facts, &failing) {
            format!(
                "The TLS handshake stalls on the way through the VPN tunnel {tunnel}{}. A likely cause is the \
                 tunnel's MTU: the server's certificate comes in packets that may be too large for the tunnel, \
                 and where the path's MTU discovery is broken they are dropped without a word. Turn off the VPN, \
                 or lower its MTU (1280 works on every IPv6-capable path; WireGuard and OpenVPN clients have the \
                 setting) and try again. If it goes on, a firewall or web filter may block the connection: \
                 {SWITCH_NETWORKS_LOWER}.",
                mtu.map_or(String::new(), |m| format!(" (MTU {m})"))
            )
        } else if certificate {
            "A certificate problem: if a certificate looks expired or not yet valid, check this computer's date and \
             time (the clock check); otherwise something on this network intercepts HTTPS (the HTTPS interception \
             check)."
                .to_string()
        } else {
            format!(
                "Something between this computer and OpenAI blocks or drops the connection: a firewall, web filter, VPN or \
                 proxy. Turn off any VPN, and ask your network's administrator to allow openai.com, chatgpt.com and \
                 oaistatic.com. {SWITCH_NETWORKS}."
            )
        };
        net_result(
            &REACHABILITY,
            status,
            format!(
                "{} of {} sign-in hosts cannot be reached: {}",
                failing.len(),
                probes.len(),
                failing[0].0.host
            ),
            summary.join("; "),
        )
        .with_fix(fix)
    };
    vec![record_options(ctx, r.evidence("hosts", hosts))]
}

/// A host whose TLS handshake timed out while its connection left through a
/// tunnel interface: the tunnel's name and MTU. Packets larger than a tunnel's MTU are dropped
/// where the path MTU discovery is broken (ICMP filtered), and a TLS handshake, whose server
/// flight holds the certificate chain, is the first exchange to need full-size packets (the
/// classic "TLS hangs over the VPN"; WireGuard's default MTU is 1420, wg-quick(8)).
fn stalled_in_tunnel(
    facts: &Facts,
    failing: &[(&HostProbe, &str, &str)],
) -> Option<(String, Option<u32>)> {
    let host_os = OsFamily::current();
    let ifaces = facts.interfaces();
    failing.iter().find_map(|(p, step, e)| {
        // A path-MTU black hole stalls the handshake; a reset is something else.
        if *step != "tls" || !e.contains("timed out") {
            return None;
        }
        let addr = p.connected?;
        let src = tunnels::route_source(addr).ok()?;
        let via = ifaces.iter().find(|i| i.addrs.contains(&src))?;
        tunnels::tunnel_kind(via, host_os)?;
        Some((via.name.clone(), via.mtu))
    })
}

/// `network.security_software`
fn security_software(facts: &Facts) -> Vec<CheckResult> {
    let r = match facts.antivirus() {
        security::Antivirus::NotRead(why) => SECURITY_SOFTWARE.result(
            Status::Skip,
            if facts.ctx.os == OsFamily::Windows {
                "Not checked: only on the computer itself"
            } else {
                "Not checked: Windows only"
            },
            format!("Not read here: {why}."),
        ),
        security::Antivirus::Read(Err(why)) => SECURITY_SOFTWARE
            .result(
                Status::Unknown,
                "Security software could not be listed",
                format!("Windows Security Center could not be read: {why}."),
            )
            .with_fix("If sign-in fails, check your antivirus: turn off its web shield's HTTPS scanning for a moment and try again."),
        security::Antivirus::Read(Ok(products)) => {
            let list: Vec<Value> = products
                .iter()
                .map(|p| {
                    let w = p.web_shield();
                    json!({"name": p.name, "engine": p.engine(), "signatures_up_to_date": p.signatures_up_to_date(), "https_scanning": w.map(|w| w.feature), "source": w.map(|w| w.source)})
                })
                .collect();
            let scanning: Vec<(&security::AvProduct, &security::WebShield)> = products
                .iter()
                .filter(|p| p.on())
                .filter_map(|p| p.web_shield().map(|w| (p, w)))
                .collect();
            let r = match scanning.first() {
                Some((p, w)) => SECURITY_SOFTWARE
                    .result(
                        Status::Warn,
                        format!("{} may decrypt HTTPS ({})", p.name, w.feature),
                        format!(
                            "{} is on, and by default it decrypts the pages of every HTTPS site to scan them (unless that scanning was turned off), putting its own certificate in their place. Sign-in pages, Cloudflare's challenge and passkeys can fail through it.",
                            p.name
                        ),
                    )
                    .with_fix(format!(
                        "To test, {}; then sign in again in a new browser window. If that was the cause, keep it off for these sites only.",
                        scanning
                            .iter()
                            .map(|(_, w)| w.setting)
                            .collect::<Vec<_>>()
                            .join("; and ")
                    )),
                // Security Center always lists one (Microsoft Defender at least): an empty answer
                // is not one to trust.
                None if products.is_empty() => SECURITY_SOFTWARE
                    .result(
                        Status::Unknown,
                        "Security software could not be listed",
                        "Windows Security Center listed no antivirus product, not even Microsoft Defender, so its answer cannot be trusted.",
                    )
                    .with_fix("If sign-in fails, check your antivirus: turn off its web shield's HTTPS scanning for a moment and try again."),
                None => SECURITY_SOFTWARE.result(
                    Status::Pass,
                    "No antivirus known to decrypt HTTPS is on",
                    format!(
                        "Windows Security Center lists {}; login-check knows the HTTPS scanning of Avast, AVG, Kaspersky and ESET only.",
                        products
                            .iter()
                            .map(|p| format!("{} ({})", p.name, p.engine()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            };
            r.evidence("products", list)
        }
    };
    vec![r]
}

/// `network.tls_interception`
fn tls_interception(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let probes = facts.host_probes();
    let with_cert: Vec<&HostProbe> = probes.iter().filter(|p| p.cert.is_some()).collect();
    let hosts: Vec<Value> = with_cert
        .iter()
        .map(|p| {
            let c = p.cert.as_ref().expect("filtered");
            json!({"host": p.host, "issuer": c.issuer, "public_roots_ok": p.public_roots_ok, "public_roots_error": p.public_roots_error})
        })
        .collect();
    if with_cert.is_empty() {
        return vec![record_options(
            ctx,
            net_result(
                &TLS_INTERCEPTION,
                Status::Unknown,
                "No TLS handshake completed, so the certificates could not be examined",
                "See network.reachability for why.",
            ),
        )];
    }
    let mut findings = Vec::new();
    for p in &with_cert {
        let c = p.cert.as_ref().expect("filtered");
        let named = [c.issuer_org.as_deref(), c.issuer_cn.as_deref()]
            .into_iter()
            .flatten()
            .find_map(inspection_product);
        let who = c
            .issuer_org
            .clone()
            .or(c.issuer_cn.clone())
            .unwrap_or_else(|| c.issuer.clone());
        if let Some(product) = named {
            findings.push(format!(
                "{}: certificate issued by {} ({product})",
                p.host, who
            ));
        } else if p.public_roots_ok == Some(false) {
            findings.push(format!(
                "{}: certificate issued by {} , which only this computer trusts",
                p.host, who
            ));
        }
    }
    let r = if findings.is_empty() {
        net_result(
            &TLS_INTERCEPTION,
            Status::Pass,
            "HTTPS to OpenAI is not intercepted",
            "The certificates chain to public roots and name no inspection product.",
        )
    } else {
        let who = with_cert
            .iter()
            .find_map(|p| {
                p.cert
                    .as_ref()
                    .and_then(|c| c.issuer_org.clone().or(c.issuer_cn.clone()))
            })
            .unwrap_or_default();
        net_result(
            &TLS_INTERCEPTION,
            Status::Fail,
            format!("Your traffic to OpenAI is being inspected by {who}"),
            format!(
                "{}. Something on this computer or network (a company proxy, antivirus web shield, or a debugging proxy) \
                 decrypts HTTPS; sign-in pages can fail behind it.",
                findings.join("; ")
            ),
        )
        .with_fix(
            "If this is a work network, ask IT to exempt openai.com, chatgpt.com, oaistatic.com and auth0.openai.com from \
             TLS inspection. If it is antivirus software, turn off its web/HTTPS scanning or add those sites as exceptions. \
             Or try another network.",
        )
    };
    vec![record_options(ctx, r.evidence("hosts", hosts))]
}

/// Clock skew thresholds (seconds).
pub const SKEW_WARN: i64 = 120;
pub const SKEW_FAIL: i64 = 300;

/// `network.clock`
fn clock(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let probes = facts.host_probes();
    let now = ctx.now.unix_timestamp();
    let mut skews: Vec<(String, i64)> = probes
        .iter()
        .filter_map(|p| p.date.map(|d| (p.host.clone(), d - now)))
        .collect();
    skews.sort_by_key(|(_, s)| *s);
    let cert_time: Vec<(&str, probe::CertTime)> = probes
        .iter()
        .filter_map(|p| p.cert_time.map(|t| (p.host.as_str(), t)))
        .collect();
    let median = (!skews.is_empty()).then(|| skews[skews.len() / 2].1);
    let describe = |s: i64| {
        let (m, dir) = (s.abs() / 60, if s > 0 { "behind" } else { "ahead of" });
        format!("this computer's clock is {m} min {dir} the servers' time")
    };
    let fix = "Set the date, time and time zone automatically (Windows: Settings › Time & language › Date & time › Set time \
               automatically; macOS: System Settings › General › Date & Time; Linux: `timedatectl set-ntp true`), then \
               sign in again.";
    let mut r = match median {
        Some(s) if s.abs() > SKEW_FAIL => net_result(&CLOCK, Status::Fail, format!("Clock is off by {} min", s.abs() / 60), describe(s)).with_fix(fix),
        Some(s) if s.abs() > SKEW_WARN => net_result(&CLOCK, Status::Warn, format!("Clock is off by {} min", s.abs() / 60), describe(s)).with_fix(fix),
        Some(_) if !cert_time.is_empty() => net_result(
            &CLOCK,
            Status::Warn,
            "A certificate looked expired or not yet valid",
            "The servers' clocks agree with this one, so the certificate itself is at fault or is being replaced on the way.",
        )
        .with_fix(fix),
        Some(s) => net_result(&CLOCK, Status::Pass, format!("Clock agrees with the servers (within {} s)", s.abs()), ""),
        None if !cert_time.is_empty() => net_result(
            &CLOCK,
            Status::Warn,
            "Probable clock skew: certificates look expired or not yet valid",
            format!(
                "{}: a wrong date on this computer makes valid certificates look expired or not yet valid.",
                cert_time.iter().map(|(h, t)| format!("{h}: {}", if *t == probe::CertTime::Expired { "expired" } else { "not yet valid" })).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_fix(fix),
        None => net_result(
            &CLOCK,
            Status::Unknown,
            "No server told the time",
            "No sign-in host answered with a Date header (see network.reachability).",
        ),
    };
    r = r.evidence("now", ctx.now.unix_timestamp());
    if let Some(m) = median {
        r = r.evidence("skew_seconds", m);
    }
    r = r
        .evidence(
            "per_host",
            skews
                .iter()
                .map(|(h, s)| json!({"host": h, "skew_seconds": s}))
                .collect::<Vec<_>>(),
        )
        .evidence("warn_from_seconds", SKEW_WARN)
        .evidence("fail_from_seconds", SKEW_FAIL);
    vec![record_options(ctx, r)]
}

pub use crate::sources::network::status::STATUS_URL;

/// Reads a Statuspage `status.json`: (indicator, description).
pub fn parse_status(j: &Value) -> Result<(String, String), String> {
    let status = j
        .get("status")
        .and_then(Value::as_object)
        .ok_or("the answer has no `status` object")?;
    let indicator = status
        .get("indicator")
        .and_then(Value::as_str)
        .ok_or("the answer has no `status.indicator`")?;
    let description = status
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Ok((indicator.to_string(), description))
}

/// OpenAI's supported countries and territories (`data/countries.json`): code → name, and the
/// date the list was taken.
fn supported_countries() -> &'static (std::collections::BTreeMap<String, String>, String) {
    static LIST: std::sync::OnceLock<(std::collections::BTreeMap<String, String>, String)> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let v: Value = serde_json::from_str(include_str!("../../data/countries.json"))
            .expect("data/countries.json is valid JSON");
        let map = v["supported"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or(k).to_string()))
                    .collect()
            })
            .unwrap_or_default();
        (map, v["as_of"].as_str().unwrap_or("").to_string())
    })
}

/// Places OpenAI's services are reported not to serve: not on its list of supported countries
/// and territories, and named in reports of the unsupported-country error (China, Hong Kong,
/// Macao, Russia, Belarus, Iran, North Korea, Syria, Cuba, Venezuela; lencx/ChatGPT#1007,
/// home-assistant/core#120072), plus `T1`, Cloudflare's code for Tor.
const NOT_SERVED: &[(&str, &str)] = &[
    ("CN", "China"),
    ("HK", "Hong Kong"),
    ("MO", "Macao"),
    ("RU", "Russia"),
    ("BY", "Belarus"),
    ("IR", "Iran"),
    ("KP", "North Korea"),
    ("SY", "Syria"),
    ("CU", "Cuba"),
    ("VE", "Venezuela"),
    ("T1", "Tor"),
];

fn not_served(code: &str) -> Option<&'static str> {
    NOT_SERVED.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// `network.location`
fn location(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let traces = facts.traces();
    let (supported, as_of) = supported_countries();
    let answered: Vec<(&trace::Trace, &trace::TraceAnswer)> = traces
        .iter()
        .filter_map(|t| t.answer.as_ref().ok().map(|a| (t, a)))
        .collect();
    let evidence: Vec<Value> = traces
        .iter()
        .map(|t| {
            let mut o = json!({"host": t.host, "family": t.family.name(), "ms": t.ms});
            match &t.answer {
                Ok(a) => {
                    o["ip"] = json!(a.ip);
                    o["country"] = json!(a.loc);
                    o["country_name"] = json!(a.loc.as_ref().and_then(|l| supported.get(l)));
                    o["colo"] = json!(a.colo);
                    o["warp"] = json!(a.warp);
                    o["gateway"] = json!(a.gateway);
                }
                Err(e) => o["error"] = json!(e),
            }
            o
        })
        .collect();
    let with_evidence = |r: CheckResult| {
        record_options(
            ctx,
            r.evidence("traces", evidence.clone())
                .evidence("countries_as_of", as_of.clone()),
        )
    };
    if answered.is_empty() {
        let why = traces
            .iter()
            .filter_map(|t| t.answer.as_ref().err())
            .next()
            .cloned()
            .unwrap_or_default();
        return vec![with_evidence(LOCATION.result(
            Status::Unknown,
            "OpenAI's edge did not say where this connection comes from",
            format!("No trace answer ({why})."),
        ))];
    }
    let name = |code: &str| -> String {
        match (supported.get(code), not_served(code)) {
            (Some(n), _) => n.clone(),
            (None, Some(n)) => n.to_string(),
            (None, None) => code.to_string(),
        }
    };
    // Countries, in the order first seen, with the families each was seen over.
    let mut countries: Vec<(&str, Vec<Family>)> = Vec::new();
    for (t, a) in &answered {
        let Some(loc) = a.loc.as_deref() else {
            continue;
        };
        match countries.iter_mut().find(|(c, _)| *c == loc) {
            Some((_, f)) if !f.contains(&t.family) => f.push(t.family),
            Some(_) => {}
            None => countries.push((loc, vec![t.family])),
        }
    }
    // OpenAI publishes only the list of supported places. A place known not to be served fails;
    // one that is merely missing from the list (a territory the list may name differently)
    // warns, so a gap in the list never fails a person who is allowed in.
    let unsupported: Vec<&str> = countries
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| not_served(c).is_some())
        .collect();
    let unlisted: Vec<&str> = countries
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| *c != "XX" && not_served(c).is_none() && !supported.contains_key(*c))
        .collect();
    let carried: Vec<&str> = answered
        .iter()
        .filter_map(|(_, a)| {
            if matches!(a.warp.as_deref(), Some("on") | Some("plus")) {
                Some("Cloudflare WARP")
            } else if a.gateway.as_deref() == Some("on") {
                Some("a Cloudflare Zero Trust gateway")
            } else {
                None
            }
        })
        .fold(Vec::new(), |mut v, x| {
            if !v.contains(&x) {
                v.push(x);
            }
            v
        });
    let colo = answered.iter().find_map(|(_, a)| a.colo.clone());
    let place = countries
        .iter()
        .map(|(c, _)| name(c))
        .collect::<Vec<_>>()
        .join(" and ");
    let r = if !unsupported.is_empty() {
        let names: Vec<String> = unsupported.iter().map(|c| name(c)).collect();
        LOCATION
            .result(
                Status::Fail,
                format!("OpenAI's edge sees this connection in {}, where OpenAI's services are not available", names.join(" and ")),
                format!(
                    "Cloudflare in front of OpenAI places this connection in {place}. OpenAI's list of supported countries and territories (as of {as_of}) does not include {}.",
                    names.join(" or ")
                ),
            )
            .with_fix(
                "If you are in a supported country, something routes your traffic through another one: turn off any \
                 VPN, proxy or iCloud Private Relay (or choose an exit in a supported country), then clear the cookies \
                 of openai.com and chatgpt.com and sign in again. If you are in that country, OpenAI's services are \
                 not available there (see \"ChatGPT and OpenAI API supported countries and territories\" in OpenAI's help).",
            )
    } else if !unlisted.is_empty() {
        LOCATION
            .result(
                Status::Warn,
                format!(
                    "OpenAI's edge sees this connection in {}, which is not on OpenAI's list of supported places",
                    unlisted.join(" and ")
                ),
                format!(
                    "Cloudflare in front of OpenAI places this connection in {place} (ISO country codes). OpenAI's list of supported countries and territories (as of {as_of}) does not name it."
                ),
            )
            .with_fix(
                "Check OpenAI's help article \"ChatGPT and OpenAI API supported countries and territories\" for where \
                 you are. If you use a VPN, proxy or iCloud Private Relay, turn it off and sign in again.",
            )
    } else if !carried.is_empty() {
        LOCATION
            .result(
                Status::Warn,
                format!("{} carries this connection to OpenAI", crate::checks::common::capitalise(&carried.join(" and "))),
                format!("OpenAI's edge sees the connection in {place}, through {}.", carried.join(" and ")),
            )
            .with_fix(
                "Cloudflare WARP and Zero Trust gateways share exit addresses that OpenAI's sign-in can challenge or \
                 block: turn WARP off (its menu-bar or tray icon) and sign in again; if your organisation runs the \
                 gateway, ask IT to exclude openai.com, chatgpt.com and auth.openai.com.",
            )
    } else if countries.len() > 1 {
        let split: Vec<String> = countries
            .iter()
            .map(|(c, f)| {
                format!(
                    "{} over {}",
                    name(c),
                    f.iter().map(|f| f.name()).collect::<Vec<_>>().join(" and ")
                )
            })
            .collect();
        // Different countries over different families, or the hosts disagreeing over one.
        let by_family = countries.iter().all(|(_, f)| f.len() == 1)
            && countries
                .iter()
                .map(|(_, f)| f[0])
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == countries.len();
        LOCATION
            .result(
                Status::Warn,
                if by_family {
                    "IPv4 and IPv6 reach OpenAI from different countries"
                } else {
                    "The sign-in hosts reach OpenAI from different countries"
                },
                format!("OpenAI's edge sees this connection in {}: one address family goes around the other's route (often IPv6 around a VPN).", split.join(", ")),
            )
            .with_fix(
                "Sign-in can move between IPv4 and IPv6 mid-way and look like two places at once. Turn the VPN off, \
                 or make it carry IPv6 too (or turn IPv6 off in its settings), then sign in again.",
            )
    } else {
        LOCATION.result(
            Status::Pass,
            format!(
                "OpenAI's edge sees this connection in {place}{}",
                colo.map_or(String::new(), |c| format!(" (Cloudflare {c})"))
            ),
            "",
        )
    };
    vec![with_evidence(r)]
}

/// `network.hosts_file`
/// The hosts sign-in needs, with whether each is essential: `hosts::SIGNIN_NEEDS` and the
/// `--auth-method` provider's hosts.
fn hosts_needed(facts: &Facts) -> Vec<(&'static str, bool)> {
    crate::hosts::SIGNIN_NEEDS
        .iter()
        .map(|(h, essential, _)| (*h, *essential))
        .chain(
            crate::hosts::provider_hosts(facts.user.auth_method)
                .iter()
                .map(|h| (*h, true)),
        )
        .collect()
}

/// The hosts-file lines that name a host sign-in needs (`network.hosts_file`'s findings).
fn hosts_file_matches(facts: &Facts) -> Vec<&hostsfile::HostsEntry> {
    let needed = hosts_needed(facts);
    match &facts.hosts_file().entries {
        Ok(entries) => entries
            .iter()
            .filter(|e| needed.iter().any(|(h, _)| *h == e.host))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn hosts_file(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let file = facts.hosts_file();
    let needed = hosts_needed(facts);
    let essential = |host: &str| needed.iter().any(|(h, e)| *h == host && *e);
    let entries = match &file.entries {
        Ok(e) => e,
        Err(crate::io::fs::ReadError::Missing) => {
            return vec![
                HOSTS_FILE
                    .result(Status::Pass, "There is no hosts file", "")
                    .evidence("source", file.source.clone()),
            ];
        }
        Err(e) => {
            return vec![HOSTS_FILE
                .result(
                    Status::Unknown,
                    "The hosts file could not be read",
                    format!("{}: {e}.", file.source),
                )
                .evidence("source", file.source.clone())
                .evidence("error", e.to_string())
                .with_fix(format!(
                    "Open {} and look for lines naming openai.com, chatgpt.com or oaistatic.com.",
                    file.source
                ))];
        }
    };
    let matches = hosts_file_matches(facts);
    let blocks = |e: &hostsfile::HostsEntry| e.address.is_unspecified() || e.address.is_loopback();
    let evidence = |r: CheckResult| {
        r.evidence("source", file.source.clone())
            .evidence("entries_read", entries.len())
            .evidence(
                "matches",
                matches
                    .iter()
                    .map(|e| {
                        json!({"line": e.line, "host": e.host, "address": e.address.to_string(), "blocks": blocks(e)})
                    })
                    .collect::<Vec<_>>(),
            )
            .evidence("malformed_lines", file.malformed.clone())
    };
    if matches.is_empty() {
        return vec![evidence(HOSTS_FILE.result(
            Status::Pass,
            "The hosts file leaves the sign-in hosts alone",
            "",
        ))];
    }
    let blocked: Vec<&str> = matches
        .iter()
        .filter(|e| blocks(e))
        .map(|e| e.host.as_str())
        .collect();
    let names = |hosts: &[&str]| -> String {
        let mut unique: Vec<&str> = Vec::new();
        for h in hosts {
            if !unique.contains(h) {
                unique.push(h);
            }
        }
        match unique.len() {
            0..=3 => unique.join(", "),
            n => format!("{} and {} more", unique[..3].join(", "), n - 3),
        }
    };
    let all: Vec<&str> = matches.iter().map(|e| e.host.as_str()).collect();
    // Blocking a host sign-in cannot do without fails; blocking only feature-flag, asset or
    // captcha hosts (which blocklists commonly carry), or redirecting any host, warns.
    let (status, title) = if blocked.is_empty() {
        (
            Status::Warn,
            format!("The hosts file sends {} to another address", names(&all)),
        )
    } else if blocked.iter().any(|h| essential(h)) {
        (
            Status::Fail,
            format!("The hosts file blocks {}", names(&blocked)),
        )
    } else {
        (
            Status::Warn,
            format!(
                "The hosts file blocks {}, which parts of sign-in use",
                names(&blocked)
            ),
        )
    };
    let mut lines: Vec<usize> = matches.iter().map(|e| e.line).collect();
    lines.dedup();
    let detail = matches
        .iter()
        .map(|e| format!("line {}: {} → {}", e.line, e.host, e.address))
        .collect::<Vec<_>>()
        .join("; ");
    vec![evidence(
        HOSTS_FILE
            .result(status, title, format!("In {}: {detail}.", file.source))
            .with_fix(hosts_file_fix(ctx.os, &file.source, &lines)),
    )]
}

/// What to do about hosts-file lines that catch sign-in hosts: `network.hosts_file`'s fix, and
/// `network.dns`'s when those lines are what its answers came from (one cause, one fix).
fn hosts_file_fix(os: OsFamily, source: &str, lines: &[usize]) -> String {
    let line_list = lines
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let which = if lines.len() == 1 { "line" } else { "lines" };
    let edit = match os {
        OsFamily::Windows => format!(
            "Open Notepad as administrator, open {source} and delete {which} {line_list} (or put # at the start of each); save, then restart the browser."
        ),
        _ => format!(
            "Delete {which} {line_list} of {source} (or put # at the start of each) as administrator, e.g. `sudo nano {source}`; save, then restart the browser."
        ),
    };
    format!(
        "{edit} If an ad blocker, privacy or security program wrote {}, it may write {} back: allow these hosts in it.",
        if lines.len() == 1 { "it" } else { "them" },
        if lines.len() == 1 { "it" } else { "them" },
    )
}

/// `network.service_status`
fn service_status(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let fetched = facts.status_page();
    let ms = fetched.ms;
    let answer = fetched.json.clone().and_then(|j| parse_status(&j));
    let r = match answer {
        Ok((indicator, description)) if indicator == "none" => net_result(
            &SERVICE_STATUS,
            Status::Pass,
            format!("OpenAI reports: {}", if description.is_empty() { "no incident" } else { &description }),
            "",
        ),
        Ok((indicator, description)) => net_result(
            &SERVICE_STATUS,
            Status::Warn,
            format!("OpenAI reports a problem: {}", if description.is_empty() { &indicator } else { &description }),
            "OpenAI's status page shows an ongoing incident: this may not be your machine.",
        )
        .evidence("indicator", indicator)
        .with_fix("Check status.openai.com and try again once the incident is resolved; if it persists, contact support."),
        Err(e) => net_result(&SERVICE_STATUS, Status::Unknown, "OpenAI's status page could not be read", e.clone())
            .evidence("error", e)
            .with_fix("Open status.openai.com in your browser to see whether OpenAI reports a problem."),
    };
    vec![record_options(
        ctx,
        r.evidence("url", STATUS_URL).evidence("ms", ms),
    )]
}

/// `network.vpn`
fn vpn(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let host_os = OsFamily::current();
    let ifaces = facts.interfaces();
    let tunnels_up: Vec<(&tunnels::Iface, String)> = ifaces
        .iter()
        .filter_map(|i| tunnels::tunnel_kind(i, host_os).map(|k| (i, k)))
        .filter(|(i, _)| tunnels::is_active(i))
        .collect();
    let processes = facts.vpn_processes();
    // Where each sign-in host's traffic leaves: --resolve addresses, or DNS when online.
    let mut routes: Vec<Value> = Vec::new();
    let mut through: Vec<(String, String)> = Vec::new();
    // (host, family, interface, through a tunnel) of every route found.
    let mut found: Vec<(&str, &str, String, bool)> = Vec::new();
    for route in facts.host_routes() {
        let (host, addr, resolved_by) = (route.host, route.addr, route.resolved_by);
        let family = if addr.is_ipv4() { "IPv4" } else { "IPv6" };
        match &route.source {
            Ok(src) => {
                let via = ifaces.iter().find(|i| i.addrs.contains(src));
                let name = via.map(|i| i.name.clone()).unwrap_or_else(|| src.to_string());
                let tunnel = via.is_some_and(|i| tunnels::tunnel_kind(i, host_os).is_some());
                if tunnel && !through.iter().any(|(h, i)| h == host && *i == name) {
                    through.push((host.to_string(), name.clone()));
                }
                found.push((host, family, name.clone(), tunnel));
                routes.push(json!({"host": host, "address": addr.ip().to_string(), "family": family, "resolved_by": resolved_by, "via": name, "tunnel": tunnel}));
            }
            Err(e) => routes.push(json!({"host": host, "address": addr.ip().to_string(), "family": family, "resolved_by": resolved_by, "error": e})),
        }
    }
    // A family that goes around the tunnel the other family of the same host uses.
    let around: Vec<(&str, &str, &str, &str)> = found
        .iter()
        .filter(|(_, _, _, t)| !*t)
        .filter_map(|(h, fam, via, _)| {
            found
                .iter()
                .find(|(h2, f2, _, t2)| h2 == h && f2 != fam && *t2)
                .map(|(_, other, _, _)| (*h, *fam, via.as_str(), *other))
        })
        .collect();
    let families_through: Vec<&str> = {
        let mut v: Vec<&str> = found.iter().filter(|f| f.3).map(|f| f.1).collect();
        v.sort();
        v.dedup();
        v
    };
    let tunnel_list: Vec<Value> = tunnels_up
        .iter()
        .map(|(i, k)| json!({"interface": i.name, "kind": k, "addresses": i.addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "description": i.description}))
        .collect();
    let process_list: Vec<Value> = processes
        .iter()
        .map(|(n, p)| json!({"process": n, "product": p}))
        .collect();
    let disable = "Turn off the VPN and sign in again (the help articles: \"VPNs can interfere with authentication \
                   processes; try logging in without them\"). If you must keep it on, ask for openai.com, chatgpt.com and \
                   oaistatic.com to be excluded from the tunnel (split tunnelling).";
    let r = if !through.is_empty() {
        let ifnames: Vec<&str> = {
            let mut v: Vec<&str> = through.iter().map(|(_, i)| i.as_str()).collect();
            v.dedup();
            v
        };
        let only = match (families_through.as_slice(), around.is_empty()) {
            ([one], false) => format!(" ({one} only)"),
            _ => String::new(),
        };
        let mut detail = format!(
            "The route to {} leaves through a tunnel interface.",
            through
                .iter()
                .map(|(h, i)| format!("{h} ({i})"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some((_, fam, via, other)) = around.first() {
            let hosts: Vec<&str> = around.iter().map(|a| a.0).collect();
            detail.push_str(&format!(
                " {fam} to {} goes around it (through {via}) while {other} goes through it: the browser may use either, so OpenAI can see one sign-in come from two places, even two countries (network.location shows each exit).",
                hosts.join(", ")
            ));
        }
        net_result(
            &VPN,
            Status::Fail,
            format!(
                "Sign-in traffic goes through the VPN tunnel {}{only}",
                ifnames.join(", ")
            ),
            detail,
        )
        .with_fix(if around.is_empty() {
            disable.to_string()
        } else {
            format!("{disable} This tunnel carries only one address family and the other goes around it: make both take the same path (both excluded from the tunnel, or the VPN off), for example with the VPN's IPv6 setting.")
        })
    } else if !tunnels_up.is_empty() || !processes.is_empty() {
        let what: Vec<String> = tunnels_up
            .iter()
            .map(|(i, k)| format!("{} ({k})", i.name))
            .chain(processes.iter().map(|(n, p)| format!("{p} ({n} running)")))
            .collect();
        let bypass = if routes.iter().any(|r| r.get("via").is_some()) {
            "but traffic to the sign-in hosts does not go through it"
        } else {
            "and login-check could not tell whether sign-in traffic uses it (no host address to test the route; run \
             without --offline)"
        };
        net_result(
            &VPN,
            Status::Warn,
            format!("A VPN is active: {}", what.join(", ")),
            format!("A VPN tunnel or client is active {bypass}. If sign-in fails, try with it turned off."),
        )
        .with_fix(disable)
    } else {
        net_result(&VPN, Status::Pass, "No VPN tunnel or client found", "")
    };
    let r = r
        .evidence("tunnels", tunnel_list)
        .evidence("vpn_processes", process_list)
        .evidence("routes", routes)
        .evidence(
            "interfaces_checked",
            ifaces.iter().map(|i| i.name.clone()).collect::<Vec<_>>(),
        );
    vec![record_options(ctx, r)]
}

/// `network.proxy`
fn proxy(facts: &Facts) -> Vec<CheckResult> {
    let (settings, looked_at) = facts.proxy_settings();
    let list: Vec<Value> = settings
        .iter()
        .map(|s| json!({"source": s.source, "value": s.value, "automatic": s.automatic}))
        .collect();
    let proxies: Vec<&proxy::Setting> = settings
        .iter()
        .filter(|s| !s.source.contains("NO_PROXY") && !s.source.contains("no_proxy"))
        .collect();
    let r = if proxies.is_empty() {
        net_result(
            &PROXY,
            Status::Pass,
            "No proxy configured",
            format!("Looked at: {}.", looked_at.join(", ")),
        )
    } else {
        let automatic = proxies.iter().any(|s| s.automatic);
        net_result(
            &PROXY,
            Status::Warn,
            format!("A proxy is configured ({})", proxies.iter().map(|s| s.source.as_str()).collect::<Vec<_>>().join(", ")),
            format!(
                "Browsers send sign-in traffic through it{}; a proxy can block, slow down or break the sign-in pages.",
                if automatic { ", as the automatic configuration (PAC/WPAD) decides" } else { "" }
            ),
        )
        .with_fix(
            "If sign-in fails, try from a network without the proxy, or ask whoever manages it to allow openai.com, \
             chatgpt.com and oaistatic.com without inspection.",
        )
    };
    vec![
        r.evidence("settings", list)
            .evidence("looked_at", looked_at.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `network.security_software` on a live Windows machine whose PowerShell answers `out`.
    fn security(out: Option<&str>) -> CheckResult {
        use crate::context::{Context, RecordedRunner};
        let mut ctx = Context::for_tests(std::path::Path::new("/nowhere"), OsFamily::Windows);
        ctx.live = true;
        let key = crate::sources::network::security::recorded_key(&ctx);
        let runner = match out {
            Some(o) => RecordedRunner::default().with(&key, o),
            None => RecordedRunner::default(),
        };
        ctx.runner = std::sync::Arc::new(runner);
        let facts = Facts::new(ctx, crate::model::TicketInput::default());
        security_software(&facts).remove(0)
    }

    #[test]
    fn an_antivirus_that_decrypts_https_is_named_with_its_setting() {
        // Recorded from `Get-CimInstance ... | ConvertTo-Json -Compress` with two products.
        let r = security(Some(
            r#"[{"displayName":"Windows Defender","productState":393472},{"displayName":"Avast Free Antivirus","productState":266240}]"#,
        ));
        assert_eq!(r.status, Status::Warn, "{r:?}");
        assert!(r.title.contains("Avast Free Antivirus"), "{}", r.title);
        let fix = r.fix.as_deref().unwrap();
        assert!(fix.contains("Enable HTTPS scanning"), "{fix}");
        assert_eq!(r.evidence["products"][1]["engine"], "on");

        // Avast turned off (engine 0x0000) and Defender on: pass, both named.
        let r = security(Some(
            r#"[{"displayName":"Windows Defender","productState":397568},{"displayName":"Avast Free Antivirus","productState":262144}]"#,
        ));
        assert_eq!(r.status, Status::Pass, "{r:?}");
        assert!(
            r.detail.contains("Avast Free Antivirus (off)"),
            "{}",
            r.detail
        );

        // PowerShell cannot be run: unknown, never pass.
        let r = security(None);
        assert_eq!(r.status, Status::Unknown, "{r:?}");

        // Elsewhere: not checked.
        let facts = crate::checks::common::testing::facts(Default::default());
        assert_eq!(security_software(&facts)[0].status, Status::Skip);
    }

    #[test]
    fn inspection_products_match_whole_words() {
        assert_eq!(
            inspection_product("Zscaler Intermediate Root CA"),
            Some("Zscaler")
        );
        assert_eq!(inspection_product("Zscaler Inc."), Some("Zscaler"));
        assert_eq!(
            inspection_product("FortiGate CA"),
            Some("Fortinet FortiGate")
        );
        assert_eq!(
            inspection_product("DO_NOT_TRUST_FiddlerRoot"),
            Some("Fiddler")
        );
        assert_eq!(inspection_product("ESET SSL Filter CA"), Some("ESET"));
        assert_eq!(inspection_product("Let's Encrypt"), None);
        assert_eq!(inspection_product("Google Trust Services"), None);
        assert_eq!(
            inspection_product("Preset Certificates Ltd"),
            None,
            "no match inside a word"
        );
    }

    #[test]
    fn status_pages_are_read_defensively() {
        let ok = json!({"page": {"id": "x"}, "status": {"indicator": "none", "description": "All Systems Operational"}});
        assert_eq!(parse_status(&ok).unwrap().0, "none");
        let inc = json!({"status": {"indicator": "major", "description": "Partial outage"}});
        assert_eq!(
            parse_status(&inc).unwrap(),
            ("major".to_string(), "Partial outage".to_string())
        );
        assert!(parse_status(&json!({"status": "ok"})).is_err());
        assert!(parse_status(&json!([])).is_err());
    }
}
