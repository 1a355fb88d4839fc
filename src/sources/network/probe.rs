//! One probe per sign-in host, in four timed steps: DNS, TCP connect, TLS handshake, HTTP
//! request. Each step has its share of the time limit; a failure names the step and the class
//! of error (refused, timed out, reset, certificate, HTTP status, ...).
//!
//! TLS is done with rustls and the operating system's trust store (rustls-platform-verifier,
//! the same verifier reqwest uses), plus `--ca-file` roots. After a successful handshake a
//! second one trusts only the public web roots (webpki-roots): succeeding with the OS store but
//! not with the public roots means a root that only this machine trusts signed the certificate,
//! i.e. the traffic is being inspected.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;

use crate::context::Context;

/// How one step went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub ms: u64,
    /// `None` on success; else the class and message (`timed out`, `connection refused`, ...).
    pub error: Option<String>,
}

impl Step {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// What the TLS handshake showed about the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertInfo {
    /// The leaf certificate's issuer, as `CN=…, O=…`.
    pub issuer: String,
    pub issuer_cn: Option<String>,
    pub issuer_org: Option<String>,
    /// The leaf's validity (Unix seconds).
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
}

/// A certificate problem that suggests the clock, not the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertTime {
    Expired,
    NotYetValid,
}

/// Everything one host's probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostProbe {
    pub host: String,
    /// `dns` or `--resolve`.
    pub resolved_by: &'static str,
    pub addrs: Vec<IpAddr>,
    pub dns: Step,
    pub tcp: Option<Step>,
    pub tls: Option<Step>,
    pub http: Option<Step>,
    pub connected: Option<SocketAddr>,
    pub cert: Option<CertInfo>,
    pub cert_time: Option<CertTime>,
    /// The second handshake, trusting only public roots (and `--ca-file`): `Some(true)` when it
    /// also succeeded.
    pub public_roots_ok: Option<bool>,
    pub public_roots_error: Option<String>,
    pub http_status: Option<u16>,
    /// The `Server` header.
    pub server: Option<String>,
    /// The `Date` header, Unix seconds.
    pub date: Option<i64>,
    /// `cf-mitigated: challenge`: the host's CDN answered with a bot challenge.
    pub challenge: bool,
    /// What an error answer (4xx/5xx) was, from its status, headers and first kilobytes.
    pub answer: Option<Answer>,
    /// Cloudflare's `cf-ray` header: the request's id, for a support ticket.
    pub ray_id: Option<String>,
}

/// What an HTTP error answer from a sign-in host was.
///
/// - A **challenge** ("Just a moment…") is what Cloudflare gives clients that are not browsers;
///   `cf-mitigated: challenge` marks it, and "challenge is the only valid value"
///   (developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response).
///   The host is reachable: a browser passes it.
/// - A **block** is Cloudflare refusing the connection: a 403 from `Server: cloudflare`
///   without `cf-mitigated`, whose page says "Sorry, you have been blocked" or names a
///   Cloudflare 1xxx error ("error code: 1020": an access rule; 1005/1006/1007/1008: banned
///   IP or network, 1009: country). Its Ray ID identifies the request for support. VPN,
///   proxy and data-centre exits are the usual cause (lencx/ChatGPT#1007,
///   webcompat/web-bugs#124499; OpenAI help article 10471992 says to turn off VPN, proxy and
///   iCloud Private Relay).
/// - **Unsupported country**: OpenAI's API answers `unsupported_country_region_territory` when
///   the connection comes from a country or territory it does not serve (help article 7947663,
///   "ChatGPT and OpenAI API supported countries and territories"; home-assistant/core#120072).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Challenge,
    Block { code: Option<u16> },
    UnsupportedCountry,
}

/// How much of an error answer's body is read to tell a block page from other errors.
pub const BODY_PEEK: usize = 4096;

/// Classifies an error answer from its status, `Server`, `cf-mitigated` and body start.
pub fn classify_answer(
    status: u16,
    server: Option<&str>,
    mitigated: Option<&str>,
    body: &[u8],
) -> Option<Answer> {
    if status < 400 {
        return None;
    }
    if mitigated.is_some_and(|m| m.trim().eq_ignore_ascii_case("challenge")) {
        return Some(Answer::Challenge);
    }
    let text = page_text(&body[..body.len().min(BODY_PEEK)]);
    if text.contains("unsupported_country_region_territory") {
        return Some(Answer::UnsupportedCountry);
    }
    // A block is a 403; Cloudflare's own failures (1016 or 1033 on a 530, 1101 on a 500, the
    // 1015 rate limit on a 429) carry 1xxx codes too and are not the visitor's doing.
    let cloudflare = server.is_some_and(|s| s.to_ascii_lowercase().contains("cloudflare"));
    let code = cloudflare_error_code(&text);
    if status == 403
        && cloudflare
        && (text.contains("sorry, you have been blocked")
            || text.contains("used cloudflare to restrict access")
            || code.is_some())
    {
        return Some(Answer::Block { code });
    }
    None
}

/// An answer's start as lower-case text, HTML tags replaced by a space and runs of white space
/// made one: Cloudflare's classic 1020 page writes its code as
/// `<span class="cf-error-type">Error</span><span class="cf-error-code">1020</span>` under the
/// title "Access denied | … used Cloudflare to restrict access", which reads "error 1020" here.
fn page_text(body: &[u8]) -> String {
    let raw = String::from_utf8_lossy(body).to_lowercase();
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        let c = match c {
            '<' => {
                in_tag = true;
                ' '
            }
            '>' if in_tag => {
                in_tag = false;
                continue;
            }
            _ if in_tag => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// A Cloudflare 1xxx error code on an error page's text ([`page_text`]): `error code: 1020`
/// (the plain page and the classic "Access denied" page) or `Error 1020` (the "Sorry, you have
/// been blocked" page).
fn cloudflare_error_code(lower: &str) -> Option<u16> {
    for marker in ["error code: ", "error code ", "error "] {
        let mut rest = lower;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            // Exactly four digits, then not a letter ("error 1500ms" is not a code).
            let next = after[digits.len()..].chars().next();
            if digits.len() == 4
                && digits.starts_with('1')
                && !next.is_some_and(|c| c.is_alphanumeric())
            {
                return digits.parse().ok();
            }
            rest = after;
        }
    }
    None
}

impl HostProbe {
    /// The first step that failed: (`dns`|`tcp`|`tls`|`http`, error).
    pub fn failure(&self) -> Option<(&'static str, &str)> {
        [
            ("dns", Some(&self.dns)),
            ("tcp", self.tcp.as_ref()),
            ("tls", self.tls.as_ref()),
            ("http", self.http.as_ref()),
        ]
        .into_iter()
        .find_map(|(name, s)| s.and_then(|s| s.error.as_deref()).map(|e| (name, e)))
    }
}

/// Addresses that DNS filters answer with instead of the real one: unspecified, loopback,
/// private and link-local addresses, and filters' block pages ([`crate::resolvers::BLOCK_PAGES`]).
pub fn is_sinkhole(ip: &IpAddr) -> bool {
    if crate::resolvers::block_page(ip).is_some() {
        return true;
    }
    match ip {
        IpAddr::V4(v4) => {
            v4.is_unspecified() || v4.is_loopback() || v4.is_private() || v4.is_link_local()
        }
        IpAddr::V6(v6) => {
            v6.is_unspecified()
                || v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves `host` for port 443: a `--resolve` override, or the system resolver within `limit`.
pub fn resolve(
    ctx: &Context,
    host: &str,
    limit: Duration,
) -> (Vec<SocketAddr>, &'static str, Step) {
    let start = Instant::now();
    let overrides: Vec<SocketAddr> = ctx
        .net
        .resolve
        .iter()
        .filter(|r| r.host == host && r.port == 443)
        .map(|r| r.addr)
        .collect();
    if !overrides.is_empty() {
        return (overrides, "--resolve", Step { ms: 0, error: None });
    }
    let (tx, rx) = mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(
            (name.as_str(), 443)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let result = rx.recv_timeout(limit);
    let ms = start.elapsed().as_millis() as u64;
    match result {
        Ok(Ok(addrs)) if !addrs.is_empty() => (addrs, "dns", Step { ms, error: None }),
        Ok(Ok(_)) => (
            Vec::new(),
            "dns",
            Step {
                ms,
                error: Some("DNS: no addresses".into()),
            },
        ),
        Ok(Err(e)) => (
            Vec::new(),
            "dns",
            Step {
                ms,
                error: Some(format!("DNS: the name does not resolve ({e})")),
            },
        ),
        Err(_) => (
            Vec::new(),
            "dns",
            Step {
                ms,
                error: Some(format!("DNS: timed out after {} ms", limit.as_millis())),
            },
        ),
    }
}

/// Runs the four steps for `host` within `budget`.
pub fn probe(
    ctx: &Context,
    host: &str,
    budget: Duration,
    os_tls: &Result<Arc<rustls::ClientConfig>, String>,
    public_tls: &Result<Arc<rustls::ClientConfig>, String>,
) -> HostProbe {
    probe_until(ctx, host, Instant::now() + budget, os_tls, public_tls)
}

/// Runs the four steps for `host`, every one of them ending by `deadline`: each socket read and
/// write waits at most the time left, and each loop (handshake, answer) stops at the deadline.
/// A step that runs out of time says so; the steps before it keep their results.
pub fn probe_until(
    ctx: &Context,
    host: &str,
    deadline: Instant,
    os_tls: &Result<Arc<rustls::ClientConfig>, String>,
    public_tls: &Result<Arc<rustls::ClientConfig>, String>,
) -> HostProbe {
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1))
    };
    let (addrs, resolved_by, dns) = resolve(ctx, host, left().min(Duration::from_secs(4)));
    let mut p = HostProbe {
        host: host.to_string(),
        resolved_by,
        addrs: addrs.iter().map(SocketAddr::ip).collect(),
        dns,
        tcp: None,
        tls: None,
        http: None,
        connected: None,
        cert: None,
        cert_time: None,
        public_roots_ok: None,
        public_roots_error: None,
        http_status: None,
        server: None,
        date: None,
        challenge: false,
        answer: None,
        ray_id: None,
    };
    if !p.dns.ok() {
        return p;
    }
    // TCP: the first address that accepts.
    let start = Instant::now();
    let mut stream = None;
    let mut last_err = String::new();
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, left()) {
            Ok(s) => {
                p.connected = Some(*addr);
                stream = Some(s);
                break;
            }
            Err(e) => last_err = io_class(&e),
        }
        if Instant::now() >= deadline {
            break;
        }
    }
    p.tcp = Some(Step {
        ms: start.elapsed().as_millis() as u64,
        error: stream.is_none().then(|| format!("TCP: {last_err}")),
    });
    let Some(stream) = stream else {
        return p;
    };
    let config = match os_tls {
        Ok(c) => Arc::clone(c),
        Err(e) => {
            p.tls = Some(Step {
                ms: 0,
                error: Some(format!("TLS: {e}")),
            });
            return p;
        }
    };
    let start = Instant::now();
    let mut tls = match handshake(stream, host, config, deadline) {
        Ok(tls) => {
            p.tls = Some(Step {
                ms: start.elapsed().as_millis() as u64,
                error: None,
            });
            tls
        }
        Err(e) => {
            p.cert_time = e.cert_time;
            p.tls = Some(Step {
                ms: start.elapsed().as_millis() as u64,
                error: Some(format!("TLS: {}", e.message)),
            });
            return p;
        }
    };
    p.cert = tls
        .conn
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|der| cert_info(der));
    // HTTP: one GET, reading only the status line and headers.
    let start = Instant::now();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: login-check/{}\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let result = tls
        .write_all(request.as_bytes())
        .map_err(|e| format!("HTTP: {}", io_class(&e)))
        .and_then(|_| read_final_head_and_rest(&mut tls, 16 * 1024, deadline));
    match result {
        Ok((head, mut body)) => {
            let (status, headers) = parse_head(&head);
            // An error answer: its first kilobytes tell a block page from a challenge. Read for
            // at most a second (within the deadline), and no more than `Content-Length`.
            if status.is_some_and(|s| s >= 400) {
                let want = header(&headers, "content-length")
                    .and_then(|l| l.trim().parse::<usize>().ok())
                    .map_or(BODY_PEEK, |l| l.min(BODY_PEEK));
                let peek_until = deadline.min(Instant::now() + Duration::from_secs(1));
                let mut buf = [0u8; 1024];
                while body.len() < want && Instant::now() < peek_until {
                    match tls.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => body.extend_from_slice(&buf[..n]),
                    }
                }
            }
            p.http_status = status;
            p.server = header(&headers, "server");
            p.date = header(&headers, "date")
                .and_then(|d| httpdate::parse_http_date(&d).ok())
                .and_then(|t| {
                    t.duration_since(std::time::UNIX_EPOCH)
                        .ok()
                        .map(|d| d.as_secs() as i64)
                });
            let mitigated = header(&headers, "cf-mitigated");
            p.challenge = mitigated
                .as_deref()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("challenge"));
            p.ray_id = header(&headers, "cf-ray").map(|r| {
                r.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .take(40)
                    .collect()
            });
            p.answer = status
                .and_then(|s| classify_answer(s, p.server.as_deref(), mitigated.as_deref(), &body));
            p.http = Some(Step {
                ms: start.elapsed().as_millis() as u64,
                error: match status {
                    None => Some("HTTP: the answer is not HTTP".to_string()),
                    Some(s) => http_problem(
                        s,
                        p.answer.as_ref(),
                        p.server.as_deref(),
                        p.ray_id.as_deref(),
                    ),
                },
            });
        }
        Err(e) => {
            p.http = Some(Step {
                ms: start.elapsed().as_millis() as u64,
                error: Some(e),
            });
        }
    }
    drop(tls);
    // The second handshake, trusting only the public roots.
    if let (Ok(public), Some(addr)) = (public_tls, p.connected) {
        if let Ok(s) = TcpStream::connect_timeout(&addr, left()) {
            match handshake(s, host, Arc::clone(public), deadline) {
                Ok(_) => p.public_roots_ok = Some(true),
                Err(e) if e.untrusted => {
                    p.public_roots_ok = Some(false);
                    p.public_roots_error = Some(e.message);
                }
                Err(e) => p.public_roots_error = Some(e.message),
            }
        }
    }
    p
}

/// A failed handshake: the message, and what it says about certificates.
struct TlsFailure {
    message: String,
    cert_time: Option<CertTime>,
    untrusted: bool,
}

/// A TCP stream whose every read and write ends by `deadline`: the socket's timeouts are set to
/// the time left before each call, and a call past the deadline fails with `TimedOut`. A peer
/// trickling a byte a second (before, during or after the handshake) cannot hold a step past it.
struct DeadlineStream {
    sock: TcpStream,
    deadline: Instant,
}

impl DeadlineStream {
    fn arm(&self, write: bool) -> std::io::Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the time limit was reached",
            ));
        }
        // A zero timeout means "none" to the OS: `left` is never zero here.
        if write {
            self.sock.set_write_timeout(Some(left))
        } else {
            self.sock.set_read_timeout(Some(left))
        }
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.arm(false)?;
        self.sock.read(buf)
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.arm(true)?;
        self.sock.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.sock.flush()
    }
}

fn handshake(
    stream: TcpStream,
    host: &str,
    config: Arc<rustls::ClientConfig>,
    deadline: Instant,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, DeadlineStream>, TlsFailure> {
    let fail = |message: String| TlsFailure {
        message,
        cert_time: None,
        untrusted: false,
    };
    let name =
        ServerName::try_from(host.to_string()).map_err(|e| fail(format!("bad host name ({e})")))?;
    let conn = rustls::ClientConnection::new(config, name).map_err(|e| fail(e.to_string()))?;
    let mut tls = rustls::StreamOwned::new(
        conn,
        DeadlineStream {
            sock: stream,
            deadline,
        },
    );
    while tls.conn.is_handshaking() {
        if Instant::now() >= deadline {
            return Err(fail(
                "timed out: the handshake did not finish in time".into(),
            ));
        }
        if let Err(e) = tls.conn.complete_io(&mut tls.sock) {
            return Err(classify_tls(&e));
        }
    }
    Ok(tls)
}

fn classify_tls(e: &std::io::Error) -> TlsFailure {
    use rustls::CertificateError as C;
    if let Some(err) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        if let rustls::Error::InvalidCertificate(c) = err {
            let (msg, time, untrusted) = match c {
                C::Expired | C::ExpiredContext { .. } => (
                    "certificate expired (or this computer's clock is ahead)",
                    Some(CertTime::Expired),
                    false,
                ),
                C::NotValidYet | C::NotValidYetContext { .. } => (
                    "certificate not yet valid (or this computer's clock is behind)",
                    Some(CertTime::NotYetValid),
                    false,
                ),
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    ("certificate is for another name", None, false)
                }
                C::UnknownIssuer => ("certificate issuer is not trusted", None, true),
                _ => ("certificate rejected", None, false),
            };
            return TlsFailure {
                message: format!("{msg} ({err})"),
                cert_time: time,
                untrusted,
            };
        }
        return TlsFailure {
            message: format!("handshake failed ({err})"),
            cert_time: None,
            untrusted: false,
        };
    }
    TlsFailure {
        message: io_class(e),
        cert_time: None,
        untrusted: false,
    }
}

/// An I/O error's class: `timed out`, `connection refused`, `connection reset`, ...
pub fn io_class(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let class = match e.kind() {
        K::TimedOut | K::WouldBlock => "timed out",
        K::ConnectionRefused => "connection refused",
        K::ConnectionReset | K::ConnectionAborted => "connection reset",
        K::UnexpectedEof => "connection closed by the other end",
        K::HostUnreachable | K::NetworkUnreachable => "unreachable",
        _ => "error",
    };
    // The OS's words ("No route to host"), without std's "(os error 113)".
    let text = e.to_string();
    let words = crate::io::http::without_os_error(&text).to_string();
    match (e.raw_os_error(), class) {
        (Some(_), "error") => lower_first(&words),
        (Some(_), _) => class.to_string(),
        (None, "error") => format!("error: {words}"),
        (None, _) => format!("{class}: {words}"),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The most informational (1xx) heads read before the final answer.
pub const MAX_INFORMATIONAL: usize = 8;

/// Reads the final HTTP response head: informational `1xx` heads (`100 Continue`, `103 Early
/// Hints`) are not an answer and are read past, at most [`MAX_INFORMATIONAL`] of them and `cap`
/// bytes in all; until `deadline`. The error is the step's message.
pub fn read_final_head(
    r: &mut impl Read,
    cap: usize,
    deadline: Instant,
) -> Result<Vec<u8>, String> {
    read_final_head_and_rest(r, cap, deadline).map(|(head, _)| head)
}

/// [`read_final_head`], and the bytes of the body that arrived with the head.
pub fn read_final_head_and_rest(
    r: &mut impl Read,
    cap: usize,
    deadline: Instant,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 2048];
    let mut informational = 0usize;
    let mut consumed = 0usize;
    let no_final = |n: usize, why: &str| {
        format!("HTTP: no final answer ({n} informational 1xx answers, then {why})")
    };
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = &data[..end + 4];
            match parse_head(head).0 {
                Some(s) if (100..200).contains(&s) => {
                    informational += 1;
                    consumed += end + 4;
                    data.drain(..end + 4);
                    if informational > MAX_INFORMATIONAL {
                        return Err(no_final(
                            informational,
                            &format!("the limit of {MAX_INFORMATIONAL} was reached"),
                        ));
                    }
                    continue;
                }
                _ => return Ok((head.to_vec(), data[end + 4..].to_vec())),
            }
        }
        if consumed + data.len() >= cap {
            if informational > 0 {
                return Err(no_final(informational, &format!("more than {cap} bytes")));
            }
            return Ok((data, Vec::new()));
        }
        if Instant::now() >= deadline {
            return Err(if informational > 0 {
                no_final(informational, "the time limit")
            } else {
                "HTTP: timed out: the answer did not arrive in time".to_string()
            });
        }
        let n = match r.read(&mut buf) {
            Ok(n) => n,
            Err(e) if informational > 0 => return Err(no_final(informational, &io_class(&e))),
            Err(e) => return Err(format!("HTTP: {}", io_class(&e))),
        };
        if n == 0 {
            if informational > 0 {
                return Err(no_final(informational, "the connection closed"));
            }
            if data.is_empty() {
                return Err(format!(
                    "HTTP: {}",
                    io_class(&std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "no answer"
                    ))
                ));
            }
            return Ok((data, Vec::new()));
        }
        data.extend_from_slice(&buf[..n]);
    }
}

/// The status code and headers (lower-case names) of an HTTP/1.x response head.
pub fn parse_head(head: &[u8]) -> (Option<u16>, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .filter(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok());
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Whether an HTTP answer from a sign-in host means it is blocked ([`Answer`]).
pub fn http_problem(
    status: u16,
    answer: Option<&Answer>,
    server: Option<&str>,
    ray_id: Option<&str>,
) -> Option<String> {
    let cloudflare = server.is_some_and(|s| s.to_ascii_lowercase().contains("cloudflare"));
    let ray = ray_id.map_or(String::new(), |r| format!(", Ray ID {r}"));
    match (status, answer) {
        (100..=199, _) => Some(format!("HTTP {status}: no final answer")),
        (200..=399, _) => None,
        (_, Some(Answer::Challenge)) => None,
        (_, Some(Answer::Block { code })) => Some(format!(
            "HTTP {status}: Cloudflare blocked this connection{}{ray}",
            code.map_or(String::new(), |c| format!(" (error {c})"))
        )),
        (_, Some(Answer::UnsupportedCountry)) => Some(format!(
            "HTTP {status}: OpenAI does not serve the country this connection comes from (unsupported_country_region_territory)"
        )),
        (401 | 404 | 405, _) => None,
        // A Cloudflare 403 that is neither a challenge nor a block page: not told apart from
        // the site's own answer to a bare request, so not a failure.
        (403, None) if cloudflare => None,
        (403, None) => Some(format!(
            "HTTP 403 from {}: often a web filter or firewall",
            server.unwrap_or("the server")
        )),
        (407, _) => Some("HTTP 407: a proxy requires sign-in".to_string()),
        (451, _) => Some("HTTP 451: blocked for legal reasons on this network".to_string()),
        (429, _) => Some("HTTP 429: too many requests from this network".to_string()),
        (s, _) => Some(format!("HTTP {s} from {}", server.unwrap_or("the server"))),
    }
}

/// Issuer and validity of a DER certificate.
pub fn cert_info(der: &[u8]) -> Option<CertInfo> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let issuer = cert.issuer();
    let first = |it: &mut dyn Iterator<Item = &x509_parser::x509::AttributeTypeAndValue>| {
        it.next().and_then(|a| a.as_str().ok()).map(str::to_string)
    };
    Some(CertInfo {
        issuer: issuer.to_string(),
        issuer_cn: first(&mut issuer.iter_common_name()),
        issuer_org: first(&mut issuer.iter_organization()),
        not_before: Some(cert.validity().not_before.timestamp()),
        not_after: Some(cert.validity().not_after.timestamp()),
    })
}

/// A DNS lookup of one of the other hosts sign-in needs ([`crate::hosts::SIGNIN_NEEDS`] beyond
/// the probed ones, and the sign-in provider's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub host: &'static str,
    /// Sign-in cannot work without it (else only parts of it break).
    pub essential: bool,
    /// Why sign-in needs it.
    pub why: &'static str,
    pub resolved_by: &'static str,
    pub addrs: Vec<IpAddr>,
    pub dns: Step,
}

/// Looks up the other hosts sign-in needs, all at the same time, within `--timeout` (at most
/// 4 s each). With `--resolve`, only the hosts it names are looked up (tests reach nothing
/// else).
pub fn lookup_others(ctx: &Context, method: Option<crate::model::AuthMethod>) -> Vec<Lookup> {
    let mut hosts: Vec<(&'static str, bool, &'static str)> = crate::hosts::SIGNIN_NEEDS
        .iter()
        .filter(|(h, _, _)| !crate::hosts::NETWORK_HOSTS.contains(h))
        .copied()
        .collect();
    for h in crate::hosts::provider_hosts(method) {
        hosts.push((h, true, "the sign-in provider chosen with --auth-method"));
    }
    if !ctx.net.resolve.is_empty() {
        hosts.retain(|(h, _, _)| {
            ctx.net
                .resolve
                .iter()
                .any(|r| r.host == *h && r.port == 443)
        });
    }
    let limit = ctx.net.time_left(Duration::from_secs(4));
    std::thread::scope(|s| {
        let handles: Vec<_> = hosts
            .iter()
            .map(|&(host, essential, why)| {
                s.spawn(move || {
                    let (addrs, resolved_by, dns) = resolve(ctx, host, limit);
                    Lookup {
                        host,
                        essential,
                        why,
                        resolved_by,
                        addrs: addrs.iter().map(|a| a.ip()).collect(),
                        dns,
                    }
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    })
}

/// The probes of every sign-in host ([`crate::hosts::NETWORK_HOSTS`]), all at the same time.
pub fn probe_all(ctx: &Context) -> Vec<HostProbe> {
    {
        // The budget counts from the start of the run: loading the trust stores is part of it.
        let deadline = ctx.net.deadline();
        let os_tls = crate::io::http::tls_config(ctx, false);
        let public_tls = crate::io::http::tls_config(ctx, true);
        std::thread::scope(|s| {
            let handles: Vec<_> = crate::hosts::NETWORK_HOSTS
                .iter()
                .map(|h| {
                    let (os_tls, public_tls) = (&os_tls, &public_tls);
                    s.spawn(move || probe_until(ctx, h, deadline, os_tls, public_tls))
                })
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().ok())
                .collect::<Vec<HostProbe>>()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_told_in_words_without_their_number() {
        #[cfg(unix)]
        let (unreachable, other) = (113, 2);
        #[cfg(windows)]
        let (unreachable, other) = (10065, 2);
        let e = std::io::Error::from_raw_os_error(unreachable);
        assert_eq!(io_class(&e), "unreachable");
        let e = std::io::Error::from_raw_os_error(other);
        let text = io_class(&e);
        assert!(!text.contains("os error"), "{text}");
        assert!(text.starts_with(|c: char| c.is_lowercase()), "{text}");
        let e = std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 2 s");
        assert_eq!(io_class(&e), "timed out: no answer in 2 s");
    }

    #[test]
    fn sinkholes_are_unroutable_or_private_answers() {
        for ip in [
            "0.0.0.0",
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.1.1",
            "::",
            "::1",
            "fd00::1",
        ] {
            assert!(is_sinkhole(&ip.parse().unwrap()), "{ip}");
        }
        for ip in ["104.18.33.45", "2606:4700::6812:212d", "198.51.100.7"] {
            assert!(!is_sinkhole(&ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn informational_heads_are_read_past_and_bounded() {
        let far = Instant::now() + Duration::from_secs(5);
        let mut two = &b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 302 Found\r\nServer: s\r\n\r\nbody"[..];
        let head = read_final_head(&mut two, 16 * 1024, far).unwrap();
        assert_eq!(parse_head(&head).0, Some(302));
        let endless = b"HTTP/1.1 100 Continue\r\n\r\n".repeat(100);
        let e = read_final_head(&mut &endless[..], 16 * 1024, far).unwrap_err();
        assert!(e.contains("no final answer"), "{e}");
        let closed = b"HTTP/1.1 100 Continue\r\n\r\n";
        let e = read_final_head(&mut &closed[..], 16 * 1024, far).unwrap_err();
        assert!(e.contains("no final answer"), "{e}");
        assert!(http_problem(100, None, None, None).is_some());
        let mut with_body =
            &b"HTTP/1.1 403 Forbidden\r\nServer: cloudflare\r\n\r\nerror code: 1020"[..];
        let (head, rest) = read_final_head_and_rest(&mut with_body, 16 * 1024, far).unwrap();
        assert_eq!(parse_head(&head).0, Some(403));
        assert_eq!(rest, b"error code: 1020");
    }

    #[test]
    fn a_block_page_is_told_from_a_challenge_and_an_unsupported_country() {
        let cf = Some("cloudflare");
        assert_eq!(
            classify_answer(
                403,
                cf,
                Some("challenge"),
                b"<title>Just a moment...</title>"
            ),
            Some(Answer::Challenge)
        );
        let page = b"<title>Attention Required! | Cloudflare</title><h1>Sorry, you have been blocked</h1><span>Error 1020</span>";
        assert_eq!(
            classify_answer(403, cf, None, page),
            Some(Answer::Block { code: Some(1020) })
        );
        assert_eq!(
            classify_answer(403, cf, None, b"error code: 1006"),
            Some(Answer::Block { code: Some(1006) })
        );
        assert_eq!(
            classify_answer(403, cf, None, b"Sorry, you have been blocked"),
            Some(Answer::Block { code: None })
        );
        // The same words from a server that is not Cloudflare's are not its block page.
        assert_eq!(
            classify_answer(403, Some("nginx"), None, b"error code: 1020"),
            None
        );
        assert_eq!(
            classify_answer(403, cf, None, b"<html>Forbidden</html>"),
            None
        );
        assert_eq!(classify_answer(200, cf, None, b"error code: 1020"), None);
        // Cloudflare's own failures are not blocks; a number that is not a code is not one.
        assert_eq!(classify_answer(530, cf, None, b"error code: 1016"), None);
        assert_eq!(classify_answer(429, cf, None, b"error code: 1015"), None);
        assert_eq!(
            classify_answer(403, cf, None, b"retry after error 1500ms"),
            None
        );
        // A filter's block page is a sinkhole; Cloudflare's address is not.
        assert!(is_sinkhole(&"146.112.61.107".parse().unwrap()));
        assert!(!is_sinkhole(&"104.18.32.47".parse().unwrap()));
        // Cloudflare's classic "Access denied" page: the code split over two elements.
        let classic = br#"<!DOCTYPE html><html><head><title>Access denied | chatgpt.com used Cloudflare to restrict access</title></head><body><div id="cf-wrapper"><div id="cf-error-details"><h1><span class="cf-error-type">Error</span><span class="cf-error-code">1020</span></h1><h2 class="cf-subheadline">Access denied</h2><p>The site owner may have set restrictions that prevent you from accessing the site.</p><span class="cf-footer-item">Cloudflare Ray ID: <strong>8a1b2c3d4e5f6789</strong></span></div></div></body></html>"#;
        assert_eq!(
            classify_answer(403, cf, None, classic),
            Some(Answer::Block { code: Some(1020) })
        );
        assert_eq!(
            classify_answer(
                403,
                cf,
                None,
                b"<title>Access denied | x used Cloudflare to restrict access</title>"
            ),
            Some(Answer::Block { code: None })
        );
        assert_eq!(
            classify_answer(403, cf, None, b"<span>Error</span>\n <span>1020</span>"),
            Some(Answer::Block { code: Some(1020) })
        );
        assert_eq!(
            classify_answer(403, cf, None, b"<span>Error</span><span>10200</span>"),
            None,
            "five digits are no Cloudflare code"
        );
        let country = br#"{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}}"#;
        assert_eq!(
            classify_answer(403, cf, None, country),
            Some(Answer::UnsupportedCountry)
        );
        assert_eq!(
            http_problem(
                403,
                Some(&Answer::Block { code: Some(1020) }),
                cf,
                Some("8a1b2c3d4e5f6789-FRA")
            )
            .unwrap(),
            "HTTP 403: Cloudflare blocked this connection (error 1020), Ray ID 8a1b2c3d4e5f6789-FRA"
        );
        assert_eq!(http_problem(403, Some(&Answer::Challenge), cf, None), None);
        assert!(
            http_problem(403, Some(&Answer::UnsupportedCountry), cf, None)
                .unwrap()
                .contains("unsupported_country_region_territory")
        );
    }

    #[test]
    fn http_heads_are_parsed() {
        let (s, h) = parse_head(b"HTTP/1.1 403 Forbidden\r\nServer: cloudflare\r\ncf-mitigated: challenge\r\nDate: Tue, 24 Nov 2026 12:00:00 GMT\r\n\r\nbody");
        assert_eq!(s, Some(403));
        assert_eq!(header(&h, "cf-mitigated").as_deref(), Some("challenge"));
        assert_eq!(http_problem(403, None, Some("cloudflare"), None), None);
        assert!(
            http_problem(403, None, Some("FortiGate"), None)
                .unwrap()
                .contains("web filter")
        );
        assert_eq!(http_problem(302, None, None, None), None);
        assert!(http_problem(502, None, None, None).is_some());
        assert_eq!(parse_head(b"garbage").0, None);
    }
}
