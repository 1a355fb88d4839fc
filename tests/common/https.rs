//! A real HTTPS server on 127.0.0.1 for network tests: a test CA (rcgen), rustls, and a
//! handler per request path. Tests point login-check at it with `--resolve` and `--ca-file`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The hosts login-check's network checks reach: the sign-in hosts (`hosts::NETWORK_HOSTS`) and
/// the status page (`network::STATUS_URL`); `tests/network.rs` checks that they still are.
pub const PROBED_HOSTS: [&str; 6] = [
    "auth.openai.com",
    "chatgpt.com",
    "platform.openai.com",
    "api.openai.com",
    "cdn.oaistatic.com",
    "status.openai.com",
];

/// A test certificate authority.
pub struct TestCa {
    pub cert_pem: String,
    cert_der: CertificateDer<'static>,
    issuer: Issuer<'static, KeyPair>,
}

impl TestCa {
    pub fn new(common_name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TestCa {
            cert_pem: cert.pem(),
            cert_der: cert.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    /// Writes the CA certificate as PEM, for `--ca-file`.
    pub fn write_pem(&self, dir: &std::path::Path) -> PathBuf {
        let p = dir.join("test-ca.pem");
        std::fs::write(&p, &self.cert_pem).unwrap();
        p
    }

    /// A server certificate for `hosts`, with its chain (leaf, CA) and key.
    fn leaf(&self, hosts: &[&str]) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        self.leaf_valid(hosts, None)
    }

    /// A server certificate for `hosts` valid from/to the given times (default: rcgen's).
    pub fn leaf_valid(
        &self,
        hosts: &[&str],
        validity: Option<(time::OffsetDateTime, time::OffsetDateTime)>,
    ) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let mut params =
            CertificateParams::new(hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>())
                .unwrap();
        if let Some((from, to)) = validity {
            params.not_before = from;
            params.not_after = to;
        }
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (
            vec![cert.der().clone(), self.cert_der.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
    }
}

/// One request, as the handler sees it.
pub struct Request {
    /// The Host header without its port.
    pub host: String,
    pub path: String,
    /// The User-Agent header.
    pub user_agent: String,
    /// The server's address the connection came in on (tells IPv4 from IPv6).
    pub local: SocketAddr,
}

/// What the server answers to one request.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(body: &str) -> Response {
        Response {
            status: 200,
            content_type: "application/json",
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }
    pub fn html(body: &str) -> Response {
        Response {
            status: 200,
            content_type: "text/html",
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }
    pub fn status(status: u16) -> Response {
        Response {
            status,
            content_type: "text/plain",
            headers: Vec::new(),
            body: b"error".to_vec(),
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// A running server; it serves until the test process ends.
pub struct Server {
    pub addr: SocketAddr,
}

impl Server {
    /// `--resolve HOST:443:127.0.0.1:PORT` for each host.
    pub fn resolve_args(&self, hosts: &[&str]) -> Vec<String> {
        hosts
            .iter()
            .flat_map(|h| ["--resolve".to_string(), format!("{h}:443:{}", self.addr)])
            .collect()
    }
}

/// Starts an HTTPS server on 127.0.0.1 (a free port) with a certificate for `hosts` signed by
/// `ca`, answering each request with `handler(path)`.
pub fn serve(
    ca: &TestCa,
    hosts: &[&str],
    handler: impl Fn(&str) -> Response + Send + Sync + 'static,
) -> Server {
    serve_requests(ca, hosts, move |req: &Request| handler(&req.path))
}

/// Like [`serve`], with the request's host given to the handler.
pub fn serve_requests(
    ca: &TestCa,
    hosts: &[&str],
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Server {
    let (chain, key) = ca.leaf(hosts);
    serve_chain(chain, key, handler)
}

/// Serves with a given certificate chain and key.
pub fn serve_chain(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Server {
    serve_chain_on("127.0.0.1:0", chain, key, handler)
}

/// Like [`serve_requests`], listening on `bind` (`[::1]:0` for IPv6 loopback).
pub fn serve_requests_on(
    bind: &str,
    ca: &TestCa,
    hosts: &[&str],
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Server {
    let (chain, key) = ca.leaf(hosts);
    serve_chain_on(bind, chain, key, handler)
}

/// Serves with a given certificate chain and key on `bind`.
pub fn serve_chain_on(
    bind: &str,
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Server {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = TcpListener::bind(bind).unwrap();
    let addr = listener.local_addr().unwrap();
    let handler = Arc::new(handler);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let local = stream.local_addr().unwrap_or(addr);
            let config = Arc::clone(&config);
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, stream);
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                    if req.len() > 64 * 1024 {
                        return;
                    }
                }
                let text = String::from_utf8_lossy(&req);
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
                let host = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Host:").or_else(|| l.strip_prefix("host:")))
                    .map(|h| {
                        h.trim()
                            .split(':')
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase()
                    })
                    .unwrap_or_default();
                let user_agent = text
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
                            .map(|(_, v)| v.trim().to_string())
                    })
                    .unwrap_or_default();
                let resp = handler(&Request {
                    host,
                    path,
                    user_agent,
                    local,
                });
                let mut head = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    resp.status,
                    resp.content_type,
                    resp.body.len()
                );
                for (k, v) in &resp.headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = tls.write_all(head.as_bytes());
                let _ = tls.write_all(&resp.body);
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    Server { addr }
}

/// How long the hostile servers below live, whatever happens: each stops by itself.
const HOSTILE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(30);
/// The most connections a hostile server accepts.
const HOSTILE_CONNECTIONS: usize = 64;

/// Accepts at most [`HOSTILE_CONNECTIONS`] connections on 127.0.0.1 for at most
/// [`HOSTILE_LIFETIME`], each handled by `each` on its own thread; then stops.
fn serve_bounded(each: impl Fn(std::net::TcpStream) + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let each = Arc::new(each);
    std::thread::spawn(move || {
        let end = std::time::Instant::now() + HOSTILE_LIFETIME;
        let mut accepted = 0;
        while accepted < HOSTILE_CONNECTIONS && std::time::Instant::now() < end {
            match listener.accept() {
                Ok((s, _)) => {
                    accepted += 1;
                    let _ = s.set_nonblocking(false);
                    let each = Arc::clone(&each);
                    std::thread::spawn(move || each(s));
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    });
    Server { addr }
}

/// A server that, before any TLS handshake, trickles one byte a second: the start of a TLS
/// record (handshake, 16 KiB long) that never completes. At most 30 bytes per connection.
pub fn serve_trickle_before_handshake() -> Server {
    serve_bounded(|mut s| {
        let _ = s.set_read_timeout(Some(std::time::Duration::from_millis(200)));
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf); // the ClientHello, left unanswered
        let header = [0x16u8, 0x03, 0x03, 0x40, 0x00];
        for b in header.iter().chain(std::iter::repeat(&0u8)).take(30) {
            if s.write_all(&[*b]).and_then(|_| s.flush()).is_err() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    })
}

/// An HTTPS server for `hosts` that answers every request with `100 Continue`, again and again
/// (every 5 ms, at most 2000 times), and never with a final status.
pub fn serve_continue_forever(ca: &TestCa, hosts: &[&str]) -> Server {
    let (chain, key) = ca.leaf(hosts);
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    serve_bounded(move |s| {
        let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
        let _ = s.set_write_timeout(Some(std::time::Duration::from_secs(5)));
        let conn = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, s);
        let mut req = Vec::new();
        let mut buf = [0u8; 1024];
        while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 64 * 1024 {
            match tls.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => req.extend_from_slice(&buf[..n]),
            }
        }
        for _ in 0..2000 {
            if tls
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .and_then(|_| tls.flush())
                .is_err()
            {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    })
}
