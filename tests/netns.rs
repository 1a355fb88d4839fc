//! Network checks against real interfaces and a real resolver, inside network namespaces the
//! tests make (as root, with iproute2):
//! - `network.vpn` with real tun devices named `wg0` and `tun0`. The sign-in hosts get test
//!   addresses with `--resolve` (TEST-NET-2, 198.51.100.0/24); `--offline` keeps everything
//!   local: the route is found with a UDP connect, which sends no packet.
//! - `network.dns` with blocking answers (`0.0.0.0`) from the hosts file (`ip netns exec` puts
//!   `/etc/netns/<name>/hosts` over `/etc/hosts`) and from a DNS server in the namespace (its
//!   `resolv.conf` points at loopback), so no query leaves the namespace.
//!
//! CI runs as root. Elsewhere, without root or `ip`, the tests fail under CI and skip otherwise.

mod common;

use std::process::Command;

use serde_json::Value;

fn can_run() -> bool {
    let root = unsafe { libc::geteuid() } == 0;
    let ip = Command::new("ip")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if root && ip {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("the VPN test needs root and iproute2 (`ip`) in CI");
    }
    eprintln!("skipping: needs root and iproute2");
    false
}

/// A network namespace, deleted when the test ends.
struct Netns(String);

impl Netns {
    fn new(tag: &str) -> Netns {
        let name = format!("lc-{tag}-{}", std::process::id());
        let _ = Command::new("ip")
            .args(["netns", "del", &name])
            .stderr(std::process::Stdio::null())
            .status();
        assert!(
            Command::new("ip")
                .args(["netns", "add", &name])
                .status()
                .unwrap()
                .success()
        );
        let ns = Netns(name);
        ns.sh("ip link set lo up");
        ns
    }

    /// `/etc/netns/<name>/`, which `ip netns exec` puts over `/etc`, with these `hosts` and
    /// `resolv.conf`.
    fn etc(&self, hosts: &str, resolv: &str) -> std::path::PathBuf {
        let etc = std::path::PathBuf::from(format!("/etc/netns/{}", self.0));
        std::fs::create_dir_all(&etc).unwrap();
        std::fs::write(etc.join("hosts"), hosts).unwrap();
        std::fs::write(etc.join("resolv.conf"), resolv).unwrap();
        etc
    }

    /// Runs a shell command inside the namespace; it must succeed.
    fn sh(&self, script: &str) {
        let st = Command::new("ip")
            .args(["netns", "exec", &self.0, "sh", "-ec", script])
            .status()
            .unwrap();
        assert!(st.success(), "in {}: {script}", self.0);
    }

    /// The one result of check `id` from login-check run inside the namespace (an empty home,
    /// `--timeout` seconds, and `extra` arguments).
    fn check(&self, id: &str, timeout: &str, extra: &[String]) -> Value {
        let bin = assert_cmd::cargo::cargo_bin("login-check");
        let home = tempfile::tempdir().unwrap();
        let out = Command::new("ip")
            .args(["netns", "exec", &self.0])
            .arg(&bin)
            .args([
                "--format",
                "json",
                "--only",
                id,
                "--timeout",
                timeout,
                "--home",
            ])
            .arg(home.path())
            .args(extra)
            .output()
            .unwrap();
        let r: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        r["checks"][0].clone()
    }

    /// login-check's `network.vpn` result inside the namespace.
    fn vpn(&self) -> Value {
        self.vpn_with(&[])
    }

    /// The same, with more `--resolve` answers (`host`, `address`).
    fn vpn_with(&self, extra: &[(&str, &str)]) -> Value {
        let bin = assert_cmd::cargo::cargo_bin("login-check");
        let home = tempfile::tempdir().unwrap();
        let mut args = vec![
            "netns".to_string(),
            "exec".into(),
            self.0.clone(),
            bin.display().to_string(),
            "--offline".into(),
            "--format".into(),
            "json".into(),
            "--only".into(),
            "network.vpn".into(),
            "--home".into(),
            home.path().display().to_string(),
        ];
        for (h, a) in [
            ("auth.openai.com", "198.51.100.7"),
            ("chatgpt.com", "198.51.100.8"),
        ]
        .iter()
        .chain(extra)
        {
            args.push("--resolve".into());
            args.push(format!("{h}:443:{a}"));
        }
        let out = Command::new("ip")
            .args(&args)
            .env("LOGIN_CHECK_NOW", "2026-11-24T12:00:00Z")
            .output()
            .unwrap();
        let r: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        r["checks"][0].clone()
    }
}

/// A Python server running inside a namespace, killed when dropped (also when an assertion
/// fails first).
struct Server {
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts `code` with `args`, then the path of a file it must create once it listens (its
    /// last argument), and waits for that file.
    fn start(ns: &Netns, code: &str, args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("server.py");
        std::fs::write(&script, code).unwrap();
        let ready = dir.path().join("ready");
        let child = Command::new("ip")
            .args(["netns", "exec", &ns.0, "python3"])
            .arg(&script)
            .args(args)
            .arg(&ready)
            .spawn()
            .unwrap();
        let server = Server { child, _dir: dir };
        for _ in 0..100 {
            if ready.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(ready.exists(), "the server did not start");
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
        let _ = std::fs::remove_dir_all(format!("/etc/netns/{}", self.0));
    }
}

/// Blocking answers from the hosts file are the hosts file's doing: `network.dns` says so and
/// gives `network.hosts_file`'s fix, and the report's "Start here" is the hosts file.
#[test]
fn blocking_answers_from_the_hosts_file_are_named_as_the_hosts_files() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("dns");
    let hosts: String = common::https::PROBED_HOSTS
        .iter()
        .map(|h| format!("0.0.0.0 {h}\n"))
        .collect();
    ns.etc(
        &format!("127.0.0.1 localhost\n{hosts}"),
        "nameserver 127.0.0.1\n",
    );
    // The other hosts sign-in needs get an address from the namespace's DNS server (a name no
    // lookup asks for is the only one it blocks).
    let _resolver = Server::start(
        &ns,
        SINKHOLE_SERVER,
        &["127.0.0.1", "0.0.0.0", "blocked.invalid"],
    );
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let home = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        Command::new("ip")
            .args(["netns", "exec", &ns.0])
            .arg(&bin)
            .args([
                "--format",
                format,
                "--only",
                "network.dns,network.hosts_file,network.reachability",
                "--timeout",
                "2",
                "--home",
            ])
            .arg(home.path())
            .output()
            .unwrap()
    };
    let out = run("json");
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let by_id = |id: &str| {
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {r:#}"))
            .clone()
    };
    let dns = by_id("network.dns");
    assert_eq!(dns["status"], "fail", "{dns}");
    let looked_up: Vec<&str> = dns["evidence"]["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["host"].as_str().unwrap())
        .collect();
    assert_eq!(
        dns["title"].as_str().unwrap(),
        format!(
            "The hosts file sends {} to a blocking address",
            looked_up.join(", ")
        ),
        "{dns}"
    );
    let detail = dns["detail"].as_str().unwrap();
    assert!(
        detail.contains("/etc/hosts") && detail.contains("line 2: "),
        "{detail}"
    );
    assert!(!detail.contains("DNS filter"), "{detail}");
    assert_eq!(dns["evidence"]["hosts"][0]["addresses"][0], "0.0.0.0");
    assert_eq!(dns["evidence"]["hosts"][0]["resolved_by"], "dns");
    assert_eq!(dns["evidence"]["from_hosts_file"][0]["line"], 2, "{dns}");
    // One cause, one fix: the hosts file's.
    let file = by_id("network.hosts_file");
    assert_eq!(file["status"], "fail", "{file}");
    assert_eq!(dns["fix"], file["fix"], "{dns}\n{file}");
    // "Start here" is the hosts file, said once.
    let text = String::from_utf8(run("text").stdout).unwrap();
    let start = text
        .lines()
        .skip_while(|l| !l.contains("Start here"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(start.contains("hosts file"), "{text}");
    assert!(!text.contains("DNS filter"), "{text}");

    // Another system's files (`--root`): its hosts file says nothing about this machine's
    // answers, which are then judged as DNS's.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(other.path().join("etc")).unwrap();
    std::fs::write(
        other.path().join("etc/hosts"),
        format!("127.0.0.1 localhost\n{hosts}"),
    )
    .unwrap();
    let out = Command::new("ip")
        .args(["netns", "exec", &ns.0])
        .arg(&bin)
        .args([
            "--format",
            "json",
            "--only",
            "network.dns",
            "--timeout",
            "2",
            "--home",
        ])
        .arg(home.path())
        .arg("--root")
        .arg(other.path())
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dns = &r["checks"][0];
    assert_eq!(dns["status"], "fail", "{dns}");
    assert!(
        dns["title"]
            .as_str()
            .unwrap()
            .contains("resolves to a blocking address"),
        "{dns}"
    );
    assert!(dns["evidence"].get("from_hosts_file").is_none(), "{dns}");
}

/// A DNS server that answers address queries with `0.0.0.0` (A) or `::` (AAAA), as
/// filtering resolvers answer for what they block (AdGuard DNS's and Pi-hole's default "null"
/// blocking; RFC 1035 §4.1: the header, the question copied, one answer pointing at it).
/// Arguments: the address to listen on, the IPv4 address to answer for a blocked name (`::` is
/// the IPv6 one), then the names to block (none: every name); other names get the test address
/// 198.51.100.10 (TEST-NET-2: nothing answers there).
const SINKHOLE_SERVER: &str = r#"
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
block_v4 = bytes(int(x) for x in sys.argv[2].split("."))
blocked = [n.lower() for n in sys.argv[3:-1]]
open(sys.argv[-1], "w").close()
while True:
    q, peer = s.recvfrom(512)
    if len(q) < 17:
        continue
    labels, i = [], 12
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode().lower())
        i += 1 + q[i]
    end = i + 5
    qtype = struct.unpack(">H", q[end - 4:end - 2])[0]
    if not blocked or ".".join(labels) in blocked:
        rdata = {1: block_v4, 28: b"\x00" * 16}.get(qtype)
    else:
        rdata = {1: bytes([198, 51, 100, 10])}.get(qtype)
    answers = b"" if rdata is None else (
        b"\xc0\x0c" + struct.pack(">HHIH", qtype, 1, 60, len(rdata)) + rdata)
    head = q[:2] + b"\x81\x80" + q[4:6] + struct.pack(">HHH", 1 if answers else 0, 0, 0)
    s.sendto(head + q[12:end] + answers, peer)
"#;

/// A resolver that answers `0.0.0.0` for the sign-in hosts (no hosts-file line names them) is
/// a DNS filter: `network.dns` fails and says so.
#[test]
fn a_resolvers_blocking_answers_are_reported_as_a_dns_filter() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("sink");
    ns.etc("127.0.0.1 localhost\n", "nameserver 127.0.0.1\n");
    let server = Server::start(&ns, SINKHOLE_SERVER, &["127.0.0.1", "0.0.0.0"]);
    let dns = ns.check("network.dns", "2", &[]);
    drop(server);
    assert_eq!(dns["status"], "fail", "{dns:#}");
    assert!(
        dns["title"]
            .as_str()
            .unwrap()
            .contains("resolves to a blocking address"),
        "{dns:#}"
    );
    assert!(
        dns["detail"]
            .as_str()
            .unwrap()
            .contains("a DNS filter is blocking the site"),
        "{dns:#}"
    );
    assert_eq!(dns["evidence"]["hosts"][0]["addresses"][0], "0.0.0.0");
    assert!(dns["evidence"].get("from_hosts_file").is_none(), "{dns:#}");

    // Cisco Umbrella answers with its block page's address: a public one, named as the filter's.
    let server = Server::start(&ns, SINKHOLE_SERVER, &["127.0.0.1", "146.112.61.106"]);
    let dns = ns.check("network.dns", "2", &[]);
    drop(server);
    assert_eq!(dns["status"], "fail", "{dns:#}");
    assert!(
        dns["detail"]
            .as_str()
            .unwrap()
            .contains("the address of Cisco Umbrella / OpenDNS's block page"),
        "{dns:#}"
    );
    assert!(
        dns["fix"]
            .as_str()
            .unwrap()
            .contains("Ask whoever runs Cisco Umbrella / OpenDNS"),
        "{dns:#}"
    );
}

/// A DNS server that answers every query "no such name" (NXDOMAIN, rcode 3), as filtering
/// resolvers answer for what they block (RFC 1035 §4.1.1: the header, then the question copied).
const NXDOMAIN_SERVER: &str = r#"
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
open(sys.argv[2], "w").close()
while True:
    q, peer = s.recvfrom(512)
    if len(q) < 12:
        continue
    # ID, flags QR|RD|RA|NXDOMAIN, 1 question, no answers; then the question as asked.
    s.sendto(q[:2] + b"\x81\x83" + q[4:6] + b"\x00\x00\x00\x00\x00\x00" + q[12:], peer)
"#;

#[test]
fn a_filtering_resolvers_no_such_name_answers_are_named() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("nx");
    // AdGuard DNS's public address, on this namespace's loopback: nothing leaves it.
    ns.sh("ip addr add 94.140.14.14/32 dev lo");
    ns.etc("127.0.0.1 localhost\n", "# test\nnameserver 94.140.14.14\n");
    let server = Server::start(&ns, NXDOMAIN_SERVER, &["94.140.14.14"]);
    let dns = &ns.check("network.dns", "3", &[]);
    drop(server);
    assert_eq!(dns["status"], "fail", "{dns:#}");
    assert!(
        dns["title"]
            .as_str()
            .unwrap()
            .contains("says none of the 5 sign-in hosts exists"),
        "{dns:#}"
    );
    assert_eq!(dns["evidence"]["hosts"][0]["no_such_name"], true, "{dns:#}");
    let res = &dns["evidence"]["resolvers"][0];
    assert_eq!(res["provider"], "AdGuard DNS", "{dns:#}");
    assert_eq!(res["source"], "/etc/resolv.conf");
    // The server's address is a public one: a token in the redacted report.
    assert_ne!(res["address"], "94.140.14.14");
    assert!(
        dns["fix"].as_str().unwrap().contains("AdGuard DNS"),
        "{dns:#}"
    );
    assert!(
        dns["detail"].as_str().unwrap().contains("no such name"),
        "{dns:#}"
    );
}

#[test]
fn a_blocked_feature_flag_host_warns_and_a_blocked_essential_one_fails() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("other");
    let etc = ns.etc("127.0.0.1 localhost\n", "nameserver 127.0.0.1\n");
    // Every host sign-in needs gets a test address from the namespace's DNS server, except the
    // ones given here, which it sends to 0.0.0.0 as a filter's blocklist does.
    let resolver = |blocked: &[&str]| {
        let mut args = vec!["127.0.0.1", "0.0.0.0"];
        // No name blocked: a name no lookup asks for, so that every other gets an address.
        args.extend(if blocked.is_empty() {
            &["blocked.invalid"][..]
        } else {
            blocked
        });
        Server::start(&ns, SINKHOLE_SERVER, &args)
    };
    let dns = || ns.check("network.dns", "2", &[]);

    let server = resolver(&["ab.chatgpt.com"]);
    let d = dns();
    drop(server);
    assert_eq!(d["status"], "warn", "{d:#}");
    assert_eq!(d["title"], "ab.chatgpt.com is blocked by DNS", "{d:#}");
    let ab = d["evidence"]["other_hosts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["host"] == "ab.chatgpt.com")
        .unwrap_or_else(|| panic!("{d:#}"));
    assert_eq!(ab["essential"], false);
    assert_eq!(ab["addresses"][0], "0.0.0.0");

    let server = resolver(&["ab.chatgpt.com", "challenges.cloudflare.com"]);
    let d = dns();
    drop(server);
    assert_eq!(d["status"], "fail", "{d:#}");
    assert_eq!(
        d["title"], "challenges.cloudflare.com is blocked by DNS",
        "{d:#}"
    );
    assert!(
        d["detail"].as_str().unwrap().contains("ab.chatgpt.com"),
        "{d:#}"
    );

    // The hosts file blocks an essential host and DNS blocks a feature-flag one: the worse of
    // the two decides, and the fix says both.
    std::fs::write(
        etc.join("hosts"),
        "127.0.0.1 localhost\n0.0.0.0 challenges.cloudflare.com\n",
    )
    .unwrap();
    let server = resolver(&["ab.chatgpt.com"]);
    let d = dns();
    drop(server);
    assert_eq!(d["status"], "fail", "{d:#}");
    assert_eq!(
        d["title"], "The hosts file sends challenges.cloudflare.com to a blocking address",
        "{d:#}"
    );
    let fix = d["fix"].as_str().unwrap();
    assert!(fix.contains("Delete line 2 of /etc/hosts"), "{fix}");
    assert!(fix.contains("catches ab.chatgpt.com"), "{fix}");
    std::fs::write(etc.join("hosts"), "127.0.0.1 localhost\n").unwrap();

    let server = resolver(&[]);
    let d = dns();
    drop(server);
    assert_eq!(d["status"], "pass", "{d:#}");
    assert!(d["title"].as_str().unwrap().contains("and the"), "{d:#}");
}

#[test]
fn vpn_fails_when_login_traffic_uses_a_tunnel_warns_when_it_bypasses_and_passes_without() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("vpn");
    ns.sh(
        "ip tuntap add mode tun name wg0; ip addr add 10.99.0.1/24 dev wg0; ip link set wg0 up; \
         ip tuntap add mode tun name tun0; ip addr add 10.98.0.1/24 dev tun0; ip link set tun0 up; \
         ip link add eth0 type veth peer name eth1; ip addr add 192.0.2.10/24 dev eth0; \
         ip link set eth1 up; ip link set eth0 up; \
         ip route add default dev eth0; ip route add 198.51.100.0/24 dev wg0",
    );

    // The sign-in hosts' addresses are routed into wg0: fail, naming it.
    let r = ns.vpn();
    assert_eq!(r["status"], "fail", "{r}");
    assert!(r["title"].as_str().unwrap().contains("wg0"), "{r}");
    let routes = r["evidence"]["routes"].as_array().unwrap();
    assert!(
        routes
            .iter()
            .all(|x| x["via"] == "wg0" && x["tunnel"] == true),
        "{r}"
    );
    let tunnels: Vec<&str> = r["evidence"]["tunnels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["interface"].as_str().unwrap())
        .collect();
    assert_eq!(tunnels, ["tun0", "wg0"], "sorted by name");

    // Without that route they leave through eth0, while the tunnels stay up: warn.
    ns.sh("ip route del 198.51.100.0/24 dev wg0");
    let r = ns.vpn();
    assert_eq!(r["status"], "warn", "{r}");
    assert!(
        r["evidence"]["routes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["via"] == "eth0" && x["tunnel"] == false),
        "{r}"
    );
    assert!(
        r["detail"]
            .as_str()
            .unwrap()
            .contains("does not go through it")
    );

    // No tunnel at all: pass.
    ns.sh("ip link del wg0; ip link del tun0");
    let r = ns.vpn();
    assert_eq!(r["status"], "pass", "{r}");
    assert!(r["fix"].is_null());
}

#[test]
fn vpn_says_when_one_address_family_goes_around_the_tunnel() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("fam");
    // IPv4 to the sign-in hosts goes into wg0; IPv6 leaves through eth0 (documentation
    // prefixes: nothing is sent, the route is found with a UDP connect).
    ns.sh(
        "ip tuntap add mode tun name wg0; ip addr add 10.99.0.1/24 dev wg0; ip link set wg0 up; \
         ip link add eth0 type veth peer name eth1; ip addr add 192.0.2.10/24 dev eth0; \
         ip -6 addr add 2001:db8:1::10/64 dev eth0 nodad; \
         ip link set eth1 up; ip link set eth0 up; \
         ip route add default dev eth0; ip -6 route add default dev eth0; \
         ip route add 198.51.100.0/24 dev wg0",
    );
    let r = ns.vpn_with(&[("auth.openai.com", "[2001:db8:2::7]")]);
    assert_eq!(r["status"], "fail", "{r:#}");
    assert!(
        r["title"].as_str().unwrap().contains("(IPv4 only)"),
        "{r:#}"
    );
    let detail = r["detail"].as_str().unwrap();
    assert!(
        detail.contains("IPv6 to auth.openai.com goes around it (through eth0)"),
        "{detail}"
    );
    let v6 = r["evidence"]["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["family"] == "IPv6")
        .unwrap_or_else(|| panic!("{r:#}"));
    assert_eq!(v6["via"], "eth0");
    assert_eq!(v6["tunnel"], false);
    assert!(
        r["fix"].as_str().unwrap().contains("take the same path"),
        "{r:#}"
    );

    // Both families through the tunnel: no "only", no leak.
    ns.sh("ip -6 addr add 2001:db8:3::1/64 dev wg0 nodad; ip -6 route add 2001:db8:2::/64 dev wg0");
    let r = ns.vpn_with(&[("auth.openai.com", "[2001:db8:2::7]")]);
    assert_eq!(r["status"], "fail", "{r:#}");
    assert!(!r["title"].as_str().unwrap().contains("only"), "{r:#}");
    assert!(
        !r["detail"].as_str().unwrap().contains("goes around"),
        "{r:#}"
    );
}

#[test]
fn a_tls_handshake_that_stalls_in_a_tunnel_names_its_mtu() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("mtu");
    ns.sh("ip tuntap add mode tun name wg0; ip link set wg0 mtu 1420; ip addr add 10.99.0.1/24 dev wg0; ip link set wg0 up");
    // A server on the tunnel's address that accepts and never answers the TLS hello.
    let server = Server::start(
        &ns,
        "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(('10.99.0.1', 443))\ns.listen(16)\nopen(sys.argv[1], 'w').close()\nheld = []\nwhile True:\n    c, _ = s.accept()\n    held.append(c)\n",
        &[],
    );
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", &ns.0]).arg(&bin).args([
        "--format",
        "json",
        "--only",
        "network.reachability",
        "--timeout",
        "2",
        "--home",
    ]);
    cmd.arg(home.path());
    for h in common::https::PROBED_HOSTS {
        cmd.args(["--resolve", &format!("{h}:443:10.99.0.1")]);
    }
    let out = cmd.output().unwrap();
    drop(server);
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let c = &r["checks"][0];
    assert_eq!(c["status"], "fail", "{c:#}");
    assert!(c["detail"].as_str().unwrap().contains("at tls"), "{c:#}");
    let fix = c["fix"].as_str().unwrap();
    assert!(fix.contains("VPN tunnel wg0 (MTU 1420)"), "{fix}");
}

/// `apps.codex_login` inside a namespace, as on the machine itself (no `--home`: `HOME` is a
/// folder with `.codex/auth.json`), with `holders` Python listeners started first
/// (`("127.0.0.1", 1455)`, ...) and `env` added.
fn codex_login(ns: &Netns, holders: &[(&str, u16)], env: &[(&str, &str)]) -> Value {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".codex")).unwrap();
    std::fs::write(
        home.path().join(".codex/auth.json"),
        "{\"tokens\": \"never read\"}",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let mut script = String::new();
    for (addr, port) in holders {
        let family = if addr.contains(':') {
            "socket.AF_INET6"
        } else {
            "socket.AF_INET"
        };
        script.push_str(&format!(
            "python3 -c 'import socket,time; s=socket.socket({family}); s.bind((\"{addr}\", {port})); s.listen(); time.sleep(30)' >/dev/null 2>&1 & pids=\"$pids $!\"; "
        ));
    }
    if !holders.is_empty() {
        // Wait until every listener is up.
        script.push_str("for i in $(seq 50); do n=$(ss -Hltn | grep -c -E ':(1455|1457) ' || true); [ \"$n\" -ge ");
        script.push_str(&holders.len().to_string());
        script.push_str(" ] && break; sleep 0.1; done; ");
    }
    script.push_str(&format!(
        "{} --offline --format json --only apps.codex_login; kill $pids 2>/dev/null || true",
        bin.display()
    ));
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", &ns.0, "sh", "-c", &script])
        .env("LOGIN_CHECK_NOW", "2026-11-24T12:00:00Z")
        .env("HOME", home.path())
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_TTY")
        .env_remove("SSH_CLIENT")
        .env_remove("CODEX_HOME")
        .env("DISPLAY", ":0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    r["checks"][0].clone()
}

/// Codex's callback port: free passes; held warns naming the program (Codex falls back to
/// 1457); 1455 and 1457 held fails; a program on [::1]:1455 warns; an SSH session warns. The
/// credentials file is dated, never read.
#[test]
fn codex_login_finds_the_program_holding_its_callback_port() {
    if !can_run() {
        return;
    }
    let ns = Netns::new("codex");
    let v = codex_login(&ns, &[], &[]);
    assert_eq!(v["status"], "pass", "{v}");
    assert_eq!(v["evidence"]["auth_json_age_days"], 0, "{v}");
    assert!(!v.to_string().contains("never read"), "{v}");

    let v = codex_login(&ns, &[("127.0.0.1", 1455)], &[]);
    assert_eq!(v["status"], "warn", "{v}");
    assert!(
        v["title"].as_str().unwrap().contains("falls back to 1457"),
        "{v}"
    );
    assert_eq!(v["evidence"]["ports"][0]["state"], "in_use", "{v}");
    assert!(
        v["evidence"]["ports"][0]["holder"]
            .as_str()
            .unwrap()
            .starts_with("python3 (process "),
        "{v}"
    );
    assert!(
        v["fix"].as_str().unwrap().contains("python3 (process "),
        "{v}"
    );

    let v = codex_login(&ns, &[("127.0.0.1", 1455), ("127.0.0.1", 1457)], &[]);
    assert_eq!(v["status"], "fail", "{v}");
    assert!(
        v["fix"]
            .as_str()
            .unwrap()
            .contains("codex login --device-auth"),
        "{v}"
    );

    let v = codex_login(&ns, &[("::1", 1455)], &[]);
    assert_eq!(v["status"], "warn", "{v}");
    assert!(v["title"].as_str().unwrap().contains("[::1]:1455"), "{v}");

    let v = codex_login(
        &ns,
        &[],
        &[("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.1 22")],
    );
    assert_eq!(v["status"], "warn", "{v}");
    assert!(
        v["fix"]
            .as_str()
            .unwrap()
            .contains("ssh -L 1455:localhost:1455"),
        "{v}"
    );
}
