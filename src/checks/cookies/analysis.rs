//! What makes stored cookies break a sign-in, as pure functions over the cookies of one profile.

use std::collections::{BTreeMap, BTreeSet};

use crate::hosts;
use crate::sources::cookies::Cookie;

/// Login-domain cookies not used for this long are stale.
pub const STALE_DAYS: i64 = 30;
/// Front-end servers commonly refuse request headers over 8 KB ("Request Header Or Cookie Too
/// Large", HTTP 431/400). Warn from 6 KB.
pub const HEADER_WARN: usize = 6 * 1024;
pub const HEADER_FAIL: usize = 8 * 1024;

/// Session cookies with a known server-side lifetime: a cookie older than that is a session the
/// server has already ended.
pub struct SessionCookie {
    /// The name, or the prefix of chunked names (`.0`, `.1`, ...).
    pub name: &'static str,
    pub site: &'static str,
    pub lifetime_days: i64,
    pub source: &'static str,
}

pub const SESSION_COOKIES: &[SessionCookie] = &[SessionCookie {
    name: "__Secure-next-auth.session-token",
    site: "chatgpt.com",
    lifetime_days: 30,
    source: "NextAuth.js's default session maxAge (30 days)",
}];

pub fn session_cookie(c: &Cookie) -> Option<&'static SessionCookie> {
    SESSION_COOKIES.iter().find(|s| {
        (c.name == s.name
            || c.name
                .strip_prefix(s.name)
                .is_some_and(|rest| rest.starts_with('.')))
            && hosts::site_of(&c.domain) == Some(s.site)
    })
}

fn days(secs: i64) -> i64 {
    secs.div_euclid(86_400)
}

/// Persistent cookies whose expiry has passed but that are still stored.
pub fn expired(cookies: &[Cookie], now: i64) -> Vec<&Cookie> {
    cookies
        .iter()
        .filter(|c| c.expires.is_some_and(|e| e < now))
        .collect()
}

/// A stale cookie and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale<'a> {
    pub cookie: &'a Cookie,
    /// Days since last use (when the browser records it).
    pub unused_days: Option<i64>,
    /// Days since creation, for a session cookie that outlived its server-side session.
    pub session_age_days: Option<i64>,
    pub session_lifetime_days: Option<i64>,
}

/// Unexpired cookies not used for `STALE_DAYS`, and session cookies older than their site's
/// session lifetime.
pub fn stale(cookies: &[Cookie], now: i64) -> Vec<Stale<'_>> {
    let mut out = Vec::new();
    for c in cookies
        .iter()
        .filter(|c| c.expires.is_none_or(|e| e >= now))
    {
        let unused = c
            .last_access
            .map(|t| days(now - t))
            .filter(|d| *d >= STALE_DAYS);
        let session = session_cookie(c).and_then(|s| {
            let age = days(now - c.created?);
            (age > s.lifetime_days).then_some((age, s.lifetime_days))
        });
        if unused.is_some() || session.is_some() {
            out.push(Stale {
                cookie: c,
                unused_days: unused,
                session_age_days: session.map(|s| s.0),
                session_lifetime_days: session.map(|s| s.1),
            });
        }
    }
    out
}

/// The same cookie name reaching one login host from more than one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub name: String,
    pub host: String,
    /// `domain path` of each copy, with its partition when it has one.
    pub copies: Vec<String>,
    /// True when two copies would be sent in one request (same partition): the server sees both
    /// and may pick the wrong one.
    pub same_request: bool,
}

/// Cookies with one name that a login host would receive from more than one domain level or
/// path (in one partition: both are sent), or that are stored in several partitions.
pub fn conflicts(cookies: &[Cookie], now: i64) -> Vec<Conflict> {
    let live: Vec<&Cookie> = cookies
        .iter()
        .filter(|c| c.expires.is_none_or(|e| e >= now))
        .collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for host in hosts::LOGIN_HOSTS {
        let mut by_name: BTreeMap<&str, Vec<&Cookie>> = BTreeMap::new();
        for c in live
            .iter()
            .filter(|c| hosts::cookie_sent_to(&c.domain, host))
        {
            by_name.entry(c.name.as_str()).or_default().push(c);
        }
        for (name, copies) in by_name {
            if copies.len() < 2 {
                continue;
            }
            let mut per_partition: BTreeMap<&str, usize> = BTreeMap::new();
            for c in &copies {
                *per_partition.entry(c.partition.as_str()).or_default() += 1;
            }
            let same_request = per_partition.values().any(|n| *n > 1);
            let mut places: Vec<String> = copies
                .iter()
                .map(|c| {
                    let mut s = format!("{} {}", c.domain, c.path);
                    if !c.partition.is_empty() {
                        s.push_str(&format!(" [{}]", c.partition));
                    }
                    s
                })
                .collect();
            places.sort();
            // One conflict per set of copies, reported at the first host it reaches.
            if seen.insert((name.to_string(), places.clone())) {
                out.push(Conflict {
                    name: name.to_string(),
                    host: host.to_string(),
                    copies: places,
                    same_request,
                });
            }
        }
    }
    out
}

/// The Cookie header a browser would send to one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub host: String,
    /// `name=value` pairs joined by `; `.
    pub bytes: usize,
    pub cookies: usize,
    /// Some sizes are estimates (encrypted values).
    pub estimated: bool,
    /// The biggest contributors: (name, domain, bytes).
    pub largest: Vec<(String, String, usize)>,
    /// How many chunks of a split session token (`…session-token.0`, `.1`, ...) it carries.
    pub chunks: usize,
}

/// The Cookie header for each login host: unexpired, unpartitioned cookies that domain-match.
pub fn headers(cookies: &[Cookie], now: i64) -> Vec<Header> {
    hosts::LOGIN_HOSTS
        .iter()
        .map(|host| {
            let sent: Vec<&Cookie> = cookies
                .iter()
                .filter(|c| c.partition.is_empty() && c.expires.is_none_or(|e| e >= now))
                .filter(|c| hosts::cookie_sent_to(&c.domain, host))
                .collect();
            let bytes =
                sent.iter().map(|c| c.size + 1).sum::<usize>() + sent.len().saturating_sub(1) * 2;
            let mut largest: Vec<(String, String, usize)> = sent
                .iter()
                .map(|c| (c.name.clone(), c.domain.clone(), c.size + 1))
                .collect();
            largest.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            largest.truncate(5);
            Header {
                host: host.to_string(),
                bytes,
                cookies: sent.len(),
                estimated: sent.iter().any(|c| c.size_estimated),
                largest,
                chunks: sent.iter().filter(|c| is_chunk(&c.name)).count(),
            }
        })
        .collect()
}

/// `name.N`: one chunk of a cookie split because it was too large for one.
pub fn is_chunk(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(base, n)| {
        !base.is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_521_600; // 2026-11-24T12:00:00Z
    const DAY: i64 = 86_400;

    fn c(name: &str, domain: &str, size: usize) -> Cookie {
        Cookie {
            name: name.into(),
            domain: domain.into(),
            path: "/".into(),
            partition: String::new(),
            expires: Some(NOW + 30 * DAY),
            last_access: Some(NOW - DAY),
            created: Some(NOW - 2 * DAY),
            size,
            size_estimated: false,
        }
    }

    #[test]
    fn expired_means_past_expiry_and_never_session_cookies() {
        let mut old = c("a", ".openai.com", 10);
        old.expires = Some(NOW - 1);
        let mut session = c("s", ".openai.com", 10);
        session.expires = None;
        let all = [old, session, c("b", "chatgpt.com", 10)];
        let e = expired(&all, NOW);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "a");
    }

    #[test]
    fn stale_is_unused_for_thirty_days_or_a_session_past_its_lifetime() {
        let mut unused = c("a", ".openai.com", 10);
        unused.last_access = Some(NOW - 45 * DAY);
        let mut fresh_enough = c("b", ".openai.com", 10);
        fresh_enough.last_access = Some(NOW - 29 * DAY);
        let mut token = c("__Secure-next-auth.session-token.1", ".chatgpt.com", 10);
        token.created = Some(NOW - 40 * DAY);
        let mut other_site_token = c("__Secure-next-auth.session-token", ".openai.com", 10);
        other_site_token.created = Some(NOW - 40 * DAY);
        let all = [unused, fresh_enough, token, other_site_token];
        let s = stale(&all, NOW);
        let names: Vec<&str> = s.iter().map(|s| s.cookie.name.as_str()).collect();
        assert_eq!(names, ["a", "__Secure-next-auth.session-token.1"]);
        assert_eq!(s[0].unused_days, Some(45));
        assert_eq!(s[1].session_age_days, Some(40));
        assert_eq!(s[1].session_lifetime_days, Some(30));
    }

    #[test]
    fn conflicts_need_one_host_to_receive_both_copies() {
        // auth0 at .openai.com and at auth.openai.com: auth.openai.com gets both.
        let both = [
            c("auth0", ".openai.com", 10),
            c("auth0", "auth.openai.com", 10),
        ];
        let k = conflicts(&both, NOW);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].host, "auth.openai.com");
        assert!(k[0].same_request);
        // Host-only cookies on different hosts never meet.
        let apart = [
            c("__cf_bm", "auth.openai.com", 10),
            c("__cf_bm", "platform.openai.com", 10),
        ];
        assert!(conflicts(&apart, NOW).is_empty());
        // Two paths on one host.
        let mut p = c("sid", "chatgpt.com", 10);
        p.path = "/api".into();
        assert_eq!(conflicts(&[c("sid", "chatgpt.com", 10), p], NOW).len(), 1);
        // The same name in two partitions: stored twice, not sent together.
        let mut part = c("sid", "chatgpt.com", 10);
        part.partition = "^userContextId=2".into();
        let k = conflicts(&[c("sid", "chatgpt.com", 10), part], NOW);
        assert_eq!(k.len(), 1);
        assert!(!k[0].same_request);
        // An expired copy does not count.
        let mut gone = c("auth0", "auth.openai.com", 10);
        gone.expires = Some(NOW - 1);
        assert!(conflicts(&[c("auth0", ".openai.com", 10), gone], NOW).is_empty());
    }

    #[test]
    fn header_size_sums_name_value_pairs_and_separators() {
        let all = [
            c("a", ".openai.com", 9),
            c("b", "auth.openai.com", 19),
            c("c", "platform.openai.com", 1000),
            c("__Secure-next-auth.session-token.0", ".chatgpt.com", 4000),
            c("__Secure-next-auth.session-token.1", ".chatgpt.com", 4000),
        ];
        let h = headers(&all, NOW);
        let auth = h.iter().find(|h| h.host == "auth.openai.com").unwrap();
        // "a=<8>" (10) + "; " + "b=<18>" (20)
        assert_eq!(auth.bytes, 10 + 2 + 20);
        assert_eq!(auth.cookies, 2);
        let chat = h.iter().find(|h| h.host == "chatgpt.com").unwrap();
        assert_eq!(chat.bytes, 4001 + 2 + 4001);
        assert_eq!(chat.chunks, 2);
        assert_eq!(chat.largest[0].2, 4001);
        assert!(is_chunk("x.session-token.12") && !is_chunk("a.b") && !is_chunk(".1"));
    }
}
