//! The HTTP client every network probe uses: hard time limits, `--resolve` overrides,
//! `--ca-file` roots, capped bodies, and errors named by their class.

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::Client;
use serde_json::Value;

use crate::context::Context;

/// The most a probe reads of any answer.
pub const BODY_LIMIT: u64 = 1 << 20;

/// A client with `timeout` as its total limit per request, honouring `--resolve` and
/// `--ca-file`.
pub fn client(ctx: &Context, timeout: Duration) -> Result<Client, String> {
    let mut b = Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("login-check/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::limited(3));
    for r in &ctx.net.resolve {
        b = b.resolve(&r.host, r.addr);
    }
    if let Some(ca) = &ctx.net.ca_file {
        let pem = crate::io::fs::read_limited(ca, 4 << 20)
            .map_err(|e| format!("--ca-file {}: {e}", ca.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            format!(
                "--ca-file {}: not a PEM certificate bundle ({e})",
                ca.display()
            )
        })?;
        b = b.tls_certs_merge(certs);
    }
    b.build()
        .map_err(|e| format!("could not set up HTTPS: {}", error_chain(&e)))
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

/// Names the class of a request error: timed out, DNS, refused, TLS/certificate, ...
pub fn classify(e: &reqwest::Error) -> String {
    let chain = error_chain(e);
    let lower = chain.to_lowercase();
    let class = if e.is_timeout() || lower.contains("timed out") {
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
    format!("{class} ({chain})")
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
