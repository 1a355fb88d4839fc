//! Redaction of personal data in a report, on by default for every format (`--no-redact` turns
//! it off). The same value becomes the same token everywhere in one report:
//!
//! - the home path → `~`; the user name → `user1`; the host name → `host1`;
//! - e-mail addresses → `email1`, `email2`, ... (profile names that are e-mails included);
//! - IPv4 addresses keep their class: `10.x.x.1`, `192.168.x.1`, `172.x.x.1`, `100.64.x.1`
//!   (carrier-grade NAT, Tailscale), `169.254.x.1`, and `public-ip-1` for public ones; loopback
//!   and `0.0.0.0` stay (they are not personal, and say something); IPv6 likewise (`fe80::1`,
//!   `fd00::1`, `public-ip6-1`);
//! - MAC addresses → `mac1`; Windows SIDs → `sid1`.
//!
//! Cookie values, passwords and saved user names are never collected, so there is nothing of
//! them to redact.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};

use crate::model::Report;

/// Facts about the person and machine that must not appear in a shared report.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub home: Option<String>,
    pub user: Option<String>,
    pub host: Option<String>,
}

/// User names too common to replace as words (they would mangle ordinary text); their home
/// folder is still replaced by `~`.
const COMMON_NAMES: &[&str] = &[
    "root",
    "user",
    "admin",
    "administrator",
    "default",
    "guest",
    "test",
    "home",
    "public",
];

/// Evidence keys whose values are public identifiers (extension IDs like
/// `uBlock0@raymondhill.net`), not personal data.
pub const PUBLIC_ID_KEYS: &[&str] = &["id", "ids", "built_in", "extensions"];

#[derive(Debug, Default)]
pub struct Redactor {
    known: Known,
    tokens: BTreeMap<(&'static str, String), String>,
    counters: BTreeMap<String, usize>,
}

impl Redactor {
    pub fn new(known: Known) -> Redactor {
        Redactor {
            known,
            ..Redactor::default()
        }
    }

    /// How many distinct values of each kind were replaced.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (kind, _) in self.tokens.keys() {
            *out.entry(*kind).or_insert(0) += 1;
        }
        out
    }

    fn token(&mut self, kind: &'static str, value: &str, prefix: &str) -> String {
        if let Some(t) = self.tokens.get(&(kind, value.to_string())) {
            return t.clone();
        }
        let n = self.counters.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        let t = format!("{prefix}{n}");
        self.tokens.insert((kind, value.to_string()), t.clone());
        t
    }

    /// Redacts one string.
    pub fn redact_str(&mut self, s: &str) -> String {
        let out = self.redact_literals(s);
        self.redact_tokens(&out)
    }

    /// Only the home path, user name and host name (for public identifiers such as extension
    /// IDs, which look like e-mail addresses: `webcompat@mozilla.org`).
    fn redact_literals(&mut self, s: &str) -> String {
        let mut out = s.to_string();
        if let Some(home) = self.known.home.clone().filter(|h| h.len() > 1) {
            out = out.replace(&home, "~");
            let slashed = home.replace('\\', "/");
            if slashed != home {
                out = out.replace(&slashed, "~");
            }
        }
        if let Some(host) = self.known.host.clone().filter(|h| h.len() >= 2) {
            if contains_word(&out, &host) {
                let t = self.token("host", &host.to_lowercase(), "host");
                out = replace_word(&out, &host, &t);
            }
        }
        if let Some(user) = self
            .known
            .user
            .clone()
            .filter(|u| u.len() >= 2 && !COMMON_NAMES.contains(&u.to_lowercase().as_str()))
        {
            if contains_word(&out, &user) {
                let t = self.token("user", &user.to_lowercase(), "user");
                out = replace_word(&out, &user, &t);
            }
        }
        out
    }

    /// Replaces e-mails, SIDs, MACs and IP addresses found in runs of address-like characters.
    fn redact_tokens(&mut self, s: &str) -> String {
        let is_run = |c: char| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '@' | ':')
        };
        let mut out = String::with_capacity(s.len());
        let mut run = String::new();
        for c in s.chars() {
            if is_run(c) {
                run.push(c);
            } else {
                let r = self.classify(&run);
                out.push_str(&r);
                run.clear();
                out.push(c);
            }
        }
        let r = self.classify(&run);
        out.push_str(&r);
        out
    }

    fn classify(&mut self, run: &str) -> String {
        if run.is_empty() {
            return String::new();
        }
        // Trailing punctuation is not part of the value.
        let core = run.trim_end_matches(['.', ':', '-', '_']);
        let tail = &run[core.len()..];
        if let Some(r) = self.classify_core(core) {
            return format!("{r}{tail}");
        }
        // `a.b.c.d:port`: the address without its port.
        if let Some((addr, port)) = core.rsplit_once(':') {
            if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() {
                if let Ok(v4) = addr.parse::<Ipv4Addr>() {
                    let t = self.ip(IpAddr::V4(v4));
                    return format!("{t}:{port}{tail}");
                }
            }
        }
        run.to_string()
    }

    fn classify_core(&mut self, core: &str) -> Option<String> {
        if is_email(core) {
            return Some(self.token("email", &core.to_lowercase(), "email"));
        }
        if is_sid(core) {
            return Some(self.token("sid", core, "sid"));
        }
        if is_mac(core) {
            return Some(self.token("mac", &core.to_lowercase().replace('-', ":"), "mac"));
        }
        if core.contains('.') && core.split('.').count() == 4 {
            if let Ok(v4) = core.parse::<Ipv4Addr>() {
                return Some(self.ip(IpAddr::V4(v4)));
            }
        }
        if core.matches(':').count() >= 2 {
            if let Ok(v6) = core.parse::<Ipv6Addr>() {
                return Some(self.ip(IpAddr::V6(v6)));
            }
        }
        None
    }

    fn ip(&mut self, ip: IpAddr) -> String {
        match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                if v4.is_loopback() || v4.is_unspecified() {
                    return v4.to_string();
                }
                let prefix = if o[0] == 10 {
                    "10.x.x."
                } else if o[0] == 192 && o[1] == 168 {
                    "192.168.x."
                } else if o[0] == 172 && (16..32).contains(&o[1]) {
                    "172.x.x."
                } else if o[0] == 100 && (64..128).contains(&o[1]) {
                    "100.64.x."
                } else if o[0] == 169 && o[1] == 254 {
                    "169.254.x."
                } else {
                    "public-ip-"
                };
                self.token("ip", &v4.to_string(), prefix)
            }
            IpAddr::V6(v6) => {
                if v6.is_loopback() || v6.is_unspecified() {
                    return v6.to_string();
                }
                let first = v6.segments()[0];
                let prefix = if first & 0xffc0 == 0xfe80 {
                    "fe80::"
                } else if first & 0xfe00 == 0xfc00 {
                    "fd00::"
                } else {
                    "public-ip6-"
                };
                self.token("ip", &v6.to_string(), prefix)
            }
        }
    }

    /// Redacts a JSON value in place (keys are kept). Values under a key naming a version are
    /// left, since versions can look like IPv4 addresses; values under keys that hold public
    /// identifiers ([`PUBLIC_ID_KEYS`]) only get the literal replacements.
    pub fn redact_value(&mut self, v: &mut Value) {
        self.redact_value_with(v, true)
    }

    fn redact_value_with(&mut self, v: &mut Value, scan: bool) {
        match v {
            Value::String(s) => {
                *s = if scan {
                    self.redact_str(s)
                } else {
                    self.redact_literals(s)
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|i| self.redact_value_with(i, scan)),
            Value::Object(map) => self.redact_map_with(map, scan),
            _ => {}
        }
    }

    fn redact_map(&mut self, map: &mut Map<String, Value>) {
        self.redact_map_with(map, true)
    }

    fn redact_map_with(&mut self, map: &mut Map<String, Value>, scan: bool) {
        for (k, v) in map.iter_mut() {
            if k.contains("version") {
                continue;
            }
            let scan = scan && !PUBLIC_ID_KEYS.contains(&k.as_str());
            self.redact_value_with(v, scan);
        }
    }

    /// Redacts every string of a report.
    pub fn redact_report(&mut self, r: &mut Report) {
        if let Some(h) = r.system.hostname.take() {
            r.system.hostname = Some(self.redact_str(&h));
        }
        for c in &mut r.checks {
            c.title = self.redact_str(&c.title);
            c.detail = self.redact_str(&c.detail);
            if let Some(f) = &c.fix {
                c.fix = Some(self.redact_str(f));
            }
            if let Some(s) = &mut c.subject {
                if let Some(p) = &s.profile {
                    s.profile = Some(self.redact_str(p));
                }
            }
            self.redact_map(&mut c.evidence);
        }
        self.redact_map(&mut r.ticket);
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Case-insensitive occurrences of `word` not inside a longer word.
fn word_spans(s: &str, word: &str) -> Vec<(usize, usize)> {
    let lower = s.to_lowercase();
    let w = word.to_lowercase();
    if lower.len() != s.len() || w.is_empty() {
        // Lower-casing changed byte lengths (rare scripts): fall back to exact matches.
        return s
            .match_indices(word)
            .map(|(i, m)| (i, i + m.len()))
            .filter(|(a, b)| bounded(s, *a, *b))
            .collect();
    }
    lower
        .match_indices(&w)
        .map(|(i, m)| (i, i + m.len()))
        .filter(|(a, b)| bounded(s, *a, *b))
        .collect()
}

fn bounded(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].chars().next_back().is_none_or(|c| !is_word_char(c));
    let after = s[b..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

fn contains_word(s: &str, word: &str) -> bool {
    !word_spans(s, word).is_empty()
}

fn replace_word(s: &str, word: &str, token: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (a, b) in word_spans(s, word) {
        out.push_str(&s[last..a]);
        out.push_str(token);
        last = b;
    }
    out.push_str(&s[last..]);
    out
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && domain
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn is_sid(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("S-1-") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_mac(s: &str) -> bool {
    let sep = if s.contains(':') { ':' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Redactor {
        Redactor::new(Known {
            home: Some("/home/alice".into()),
            user: Some("alice".into()),
            host: Some("alice-laptop".into()),
        })
    }

    #[test]
    fn the_same_value_gets_the_same_token() {
        let mut r = r();
        assert_eq!(
            r.redact_str("mail bob@example.com and BOB@example.com, then carol@x.org"),
            "mail email1 and email1, then email2"
        );
        assert_eq!(r.redact_str("again bob@example.com."), "again email1.");
    }

    #[test]
    fn home_user_and_host_are_replaced() {
        let mut r = r();
        assert_eq!(
            r.redact_str("/home/alice/.config/x by alice on alice-laptop"),
            "~/.config/x by user1 on host1"
        );
        assert_eq!(
            r.redact_str("malice and alicefoo stay"),
            "malice and alicefoo stay"
        );
        let mut root = Redactor::new(Known {
            user: Some("root".into()),
            ..Known::default()
        });
        assert_eq!(
            root.redact_str("--root /"),
            "--root /",
            "common names are not replaced as words"
        );
    }

    #[test]
    fn addresses_keep_their_class() {
        let mut r = r();
        assert_eq!(
            r.redact_str("10.1.2.3 192.168.0.7 172.20.0.1 100.101.102.103"),
            "10.x.x.1 192.168.x.1 172.x.x.1 100.64.x.1"
        );
        assert_eq!(
            r.redact_str("8.8.8.8 and 1.1.1.1 and 8.8.8.8"),
            "public-ip-1 and public-ip-2 and public-ip-1"
        );
        assert_eq!(r.redact_str("127.0.0.1 0.0.0.0"), "127.0.0.1 0.0.0.0");
        assert_eq!(r.redact_str("198.51.100.7:443"), "public-ip-3:443");
        assert_eq!(
            r.redact_str("fe80::1c2:3ff:fe4:5 ::1 2606:4700::6812:1"),
            "fe80::1 ::1 public-ip6-1"
        );
        assert_eq!(
            r.redact_str("Chrome 131.0.6778.85"),
            "Chrome 131.0.6778.85",
            "versions are not addresses"
        );
    }

    #[test]
    fn macs_and_sids_are_replaced() {
        let mut r = r();
        assert_eq!(
            r.redact_str("aa:bb:cc:dd:ee:ff AA-BB-CC-DD-EE-FF"),
            "mac1 mac1"
        );
        assert_eq!(
            r.redact_str("S-1-5-21-3623811015-3361044348-30300820-1013"),
            "sid1"
        );
        let counts = r.counts();
        assert_eq!(counts["mac"], 1);
        assert_eq!(counts["sid"], 1);
    }

    #[test]
    fn json_values_are_redacted_but_versions_kept() {
        let mut r = r();
        let mut v = serde_json::json!({"name": "bob@example.com", "found_version": "1.2.3.4", "list": ["10.0.0.1"]});
        r.redact_value(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"name": "email1", "found_version": "1.2.3.4", "list": ["10.x.x.1"]})
        );
    }
}
