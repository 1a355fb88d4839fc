//! The HTTP client every network probe uses: hard time limits, `--resolve` overrides,
//! `--ca-file` roots, capped bodies, and errors named by their class.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use reqwest::blocking::Client;
use rustls::pki_types::CertificateDer;
use serde_json::Value;

use crate::context::Context;

/// The most a probe reads of any answer.
pub const BODY_LIMIT: u64 = 1 << 20;

/// A client with `timeout` as its total limit per request (and never past the end of
/// `--timeout`), honouring `--resolve` and `--ca-file`.
pub fn client(ctx: &Context, timeout: Duration) -> Result<Client, String> {
    client_over(ctx, timeout, None)
}

/// An IP address family, for requests that must use one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// Whether `addr` is of this family.
    pub fn holds(self, addr: &std::net::SocketAddr) -> bool {
        match self {
            Family::V4 => addr.is_ipv4(),
            Family::V6 => addr.is_ipv6(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }
}

/// [`client`], connecting only over `family` when given: the local address is bound to that
/// family, and `--resolve` overrides of the other family are left out.
pub fn client_over(
    ctx: &Context,
    timeout: Duration,
    family: Option<Family>,
) -> Result<Client, String> {
    // Made first: the first request of a run waits here while the trust store is loaded.
    let tls = tls_config(ctx, false)?;
    // The limit counts from the start of the run ([`crate::context::NetOptions::time_left`]).
    let timeout = ctx.net.time_left(timeout);
    let mut b = Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("login-check/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::limited(3));
    match family {
        Some(Family::V4) => {
            b = b.local_address(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        }
        Some(Family::V6) => {
            b = b.local_address(std::net::IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED));
        }
        None => {}
    }
    // Every override of a host together (one of each family may be given).
    let mut hosts: Vec<(&str, Vec<std::net::SocketAddr>)> = Vec::new();
    for r in &ctx.net.resolve {
        if !family.is_none_or(|f| f.holds(&r.addr)) {
            continue;
        }
        match hosts.iter_mut().find(|(h, _)| *h == r.host) {
            Some((_, addrs)) => addrs.push(r.addr),
            None => hosts.push((&r.host, vec![r.addr])),
        }
    }
    for (host, addrs) in &hosts {
        b = b.resolve_to_addrs(host, addrs);
    }
    b = b.use_preconfigured_tls(rustls::ClientConfig::clone(&tls));
    b.build()
        .map_err(|e| format!("could not set up HTTPS: {}", error_chain(&e)))
}

/// The TLS client settings: the OS trust store plus `--ca-file`, or (`public_only`) only the
/// public web roots plus `--ca-file`. Made once per run and shared by every request and probe:
/// loading the system's trust store reads and parses every certificate in it (on Linux,
/// `/etc/ssl/certs`), which took half a second per client when each request did it.
pub fn tls_config(ctx: &Context, public_only: bool) -> Result<Arc<rustls::ClientConfig>, String> {
    let slot = if public_only {
        &ctx.net.shared.public_roots
    } else {
        &ctx.net.shared.system_roots
    };
    slot.get_or_init(|| make_tls_config(ctx, public_only))
        .clone()
}

fn make_tls_config(ctx: &Context, public_only: bool) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let extra = extra_roots(ctx)?;
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let mut config = if public_only {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for c in extra {
            roots.add(c).map_err(|e| format!("--ca-file: {e}"))?;
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
            .map_err(|e| format!("the system's certificate store could not be used: {e}"))?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth()
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn extra_roots(ctx: &Context) -> Result<Vec<CertificateDer<'static>>, String> {
    let Some(path) = &ctx.net.ca_file else {
        return Ok(Vec::new());
    };
    let pem = crate::io::fs::read_limited(path, 4 << 20)
        .map_err(|e| format!("--ca-file {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for item in rustls::pki_types::pem::PemObject::pem_slice_iter(&pem) {
        let cert: CertificateDer<'static> =
            item.map_err(|e| format!("--ca-file {}: {e:?}", path.display()))?;
        out.push(cert);
    }
    if out.is_empty() {
        return Err(format!(
            "--ca-file {}: no certificate in it",
            path.display()
        ));
    }
    Ok(out)
}

/// GETs `url` and parses at most [`BODY_LIMIT`] bytes of it as JSON.
pub fn get_json(client: &Client, url: &str) -> Result<Value, String> {
    let resp = client.get(url).send().map_err(|e| classify(&e))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    let mut body = Vec::new();
    resp.take(BODY_LIMIT + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("reading the answer: {e}"))?;
    if body.len() as u64 > BODY_LIMIT {
        return Err(format!("the answer is larger than {BODY_LIMIT} bytes"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("the answer is not valid JSON ({e})"))
}

/// GETs `url` and returns at most `limit` bytes of its body as text, whatever its status.
pub fn get_text(client: &Client, url: &str, limit: u64) -> Result<(u16, String), String> {
    let resp = client.get(url).send().map_err(|e| classify(&e))?;
    let status = resp.status().as_u16();
    let mut body = Vec::new();
    resp.take(limit)
        .read_to_end(&mut body)
        .map_err(|e| format!("reading the answer: {e}"))?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// Names the class of a request error: timed out, certificate, DNS, refused, TLS, ...
///
/// The error's source chain is walked first for a TLS error (rustls's, also inside an I/O
/// error): a certificate "not valid for name … DnsName(…)" is a certificate problem, not a DNS
/// one. Only then is the chain's text matched.
pub fn classify(e: &reqwest::Error) -> String {
    let chain = error_chain(e);
    let lower = chain.to_lowercase();
    let tls = tls_class(e).or_else(|| certificate_class(&lower));
    let class = if let Some(class) = tls {
        class
    } else if e.is_timeout() || lower.contains("timed out") {
        "timed out"
    } else if lower.contains("dns")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        "DNS lookup failed"
    } else if lower.contains("connection refused") {
        "connection refused"
    } else if lower.contains("connection reset") {
        "connection reset"
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        "TLS/certificate error"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    // The class says it; a vaguer class adds the innermost cause, in words: without the
    // request's URL (already named) and the OS error number.
    match class {
        "request failed" | "could not connect" | "TLS/certificate error" => {
            let innermost = chain.rsplit(": ").next().unwrap_or(&chain);
            format!("{class}: {}", without_os_error(innermost))
        }
        _ => class.to_string(),
    }
}

/// `Connection refused (os error 111)` → `Connection refused`.
pub fn without_os_error(s: &str) -> &str {
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => &s[..i],
        _ => s,
    }
}

/// The class of the first TLS error in `e`'s source chain, if any.
pub fn tls_class(e: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    use rustls::CertificateError as C;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        // `io::Error::source` skips the error it wraps: look inside it too.
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|i| i as &(dyn std::error::Error + 'static));
        for candidate in [Some(err), inner].into_iter().flatten() {
            if let Some(t) = candidate.downcast_ref::<rustls::Error>() {
                return Some(match t {
                    rustls::Error::InvalidCertificate(c) => match c {
                        C::NotValidForName | C::NotValidForNameContext { .. } => {
                            "certificate is for another name"
                        }
                        C::Expired | C::ExpiredContext { .. } => {
                            "certificate expired (or this computer's clock is ahead)"
                        }
                        C::NotValidYet | C::NotValidYetContext { .. } => {
                            "certificate not yet valid (or this computer's clock is behind)"
                        }
                        C::UnknownIssuer => "certificate issuer is not trusted",
                        _ => "certificate rejected",
                    },
                    _ => "TLS handshake failed",
                });
            }
        }
        cur = inner.and_then(|i| i.source()).or_else(|| err.source());
    }
    None
}

/// The certificate problem rustls's messages name (as a client library shows them, when the
/// error itself is not reachable through the chain), matched on the lower-cased chain.
fn certificate_class(lower: &str) -> Option<&'static str> {
    if !lower.contains("certificate") {
        return None;
    }
    Some(
        if lower.contains("not valid for name") || lower.contains("notvalidforname") {
            "certificate is for another name"
        } else if lower.contains("certificate expired") || lower.contains("certificate: expired") {
            "certificate expired (or this computer's clock is ahead)"
        } else if lower.contains("not valid yet") || lower.contains("notvalidyet") {
            "certificate not yet valid (or this computer's clock is behind)"
        } else if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
            "certificate issuer is not trusted"
        } else {
            "TLS/certificate error"
        },
    )
}

/// An error and its causes on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_numbers_are_dropped() {
        assert_eq!(
            without_os_error("Connection refused (os error 111)"),
            "Connection refused"
        );
        assert_eq!(without_os_error("no (os error) here"), "no (os error) here");
    }

    #[test]
    fn certificate_problems_are_named_before_dns() {
        let wrong_name = "error sending request for url (https://status.openai.com/): client error (connect): invalid peer certificate: certificate not valid for name \"status.openai.com\"; certificate is only valid for dnsname(\"example.org\")";
        assert_eq!(
            certificate_class(wrong_name),
            Some("certificate is for another name")
        );
        assert_eq!(
            certificate_class("invalid peer certificate: unknownissuer"),
            Some("certificate issuer is not trusted")
        );
        assert_eq!(
            certificate_class("dns error: failed to lookup address information"),
            None
        );
        let io = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName),
        );
        assert_eq!(tls_class(&io), Some("certificate is for another name"));
    }
}
