//! What OpenAI's edge sees of this connection: Cloudflare's trace endpoint, `/cdn-cgi/trace`,
//! on the sign-in hosts Cloudflare serves. It answers `key=value` lines, among them `ip=` (the
//! address the connection comes from), `loc=` (its country, ISO 3166-1 alpha-2), `colo=` (the
//! Cloudflare data centre), `warp=` (`off`, `on` or `plus`: Cloudflare WARP carries the
//! traffic) and `gateway=` (`on`: a Cloudflare Zero Trust gateway does). Tools that check
//! OpenAI's availability read it once over IPv4 and once over IPv6 (candyraws/OpenAI-Checker-lite;
//! shared/reference/signin_failures.md).

use std::time::Instant;

use crate::context::Context;
use crate::io::http::{self, Family};

/// The hosts asked, each over both families.
pub const TRACE_HOSTS: &[&str] = &["chatgpt.com", "auth.openai.com"];

/// The most of an answer read.
const TRACE_LIMIT: u64 = 8 * 1024;

/// The fields of one trace answer that matter here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceAnswer {
    pub ip: Option<String>,
    pub loc: Option<String>,
    pub colo: Option<String>,
    pub warp: Option<String>,
    pub gateway: Option<String>,
}

/// One host over one family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub host: &'static str,
    pub family: Family,
    pub ms: u64,
    pub answer: Result<TraceAnswer, String>,
}

/// Parses a trace body (`key=value` lines; unknown keys ignored).
pub fn parse(body: &str) -> TraceAnswer {
    let mut a = TraceAnswer::default();
    for line in body.lines() {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() || v.len() > 64 {
            continue;
        }
        let slot = match k.trim() {
            "ip" => &mut a.ip,
            "loc" => &mut a.loc,
            "colo" => &mut a.colo,
            "warp" => &mut a.warp,
            "gateway" => &mut a.gateway,
            _ => continue,
        };
        *slot = Some(v.to_string());
    }
    a
}

/// Asks every host over each family, all at the same time, within the network time limit.
pub fn fetch_all(ctx: &Context) -> Vec<Trace> {
    std::thread::scope(|s| {
        let handles: Vec<_> = TRACE_HOSTS
            .iter()
            .flat_map(|h| [(*h, Family::V4), (*h, Family::V6)])
            .map(|(host, family)| {
                std::thread::Builder::new()
                    .name(format!("{}trace", crate::workers::CHECK_THREAD_PREFIX))
                    .spawn_scoped(s, move || fetch(ctx, host, family))
                    .expect("a thread for a trace request")
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Trace {
                    host: "?",
                    family: Family::V4,
                    ms: 0,
                    answer: Err("the request crashed".to_string()),
                })
            })
            .collect()
    })
}

fn fetch(ctx: &Context, host: &'static str, family: Family) -> Trace {
    let start = Instant::now();
    // `--resolve` replaces DNS for a host: without an address of this family there, this
    // family has no way to the host (and DNS is not asked).
    let overrides: Vec<_> = ctx
        .net
        .resolve
        .iter()
        .filter(|r| r.host == host && r.port == 443)
        .collect();
    let of_family = overrides.iter().any(|r| family.holds(&r.addr));
    if !overrides.is_empty() && !of_family {
        return Trace {
            host,
            family,
            ms: 0,
            answer: Err(format!(
                "no {} address for {host} (--resolve)",
                family.name()
            )),
        };
    }
    let answer = http::client_over(ctx, ctx.net.timeout, Some(family)).and_then(|c| {
        let (status, body) =
            http::get_text(&c, &format!("https://{host}/cdn-cgi/trace"), TRACE_LIMIT)?;
        let a = parse(&body);
        if status != 200 || a.loc.is_none() {
            return Err(format!("HTTP {status}: not a Cloudflare trace answer"));
        }
        Ok(a)
    });
    Trace {
        host,
        family,
        ms: start.elapsed().as_millis() as u64,
        answer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_body_is_read_by_its_keys() {
        let body = "fl=123f45\nh=chatgpt.com\nip=203.0.113.7\nts=1795521600.123\nvisit_scheme=https\nuag=login-check/0.1.0\ncolo=FRA\nsliver=none\nhttp=http/1.1\nloc=DE\ntls=TLSv1.3\nsni=plaintext\nwarp=on\ngateway=off\nrbi=off\nkex=X25519\n";
        let a = parse(body);
        assert_eq!(a.ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(a.loc.as_deref(), Some("DE"));
        assert_eq!(a.colo.as_deref(), Some("FRA"));
        assert_eq!(a.warp.as_deref(), Some("on"));
        assert_eq!(a.gateway.as_deref(), Some("off"));
        assert_eq!(parse("garbage\n<html>"), TraceAnswer::default());
    }
}
