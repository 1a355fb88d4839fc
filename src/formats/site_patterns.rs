//! Site patterns, matched against the login hosts the way each browser matches them.
//!
//! **Chromium content-settings patterns** (`profile.content_settings.exceptions.<type>` keys and
//! the `…ForUrls` policies), following Chromium's
//! `components/content_settings/core/common/content_settings_pattern_parser.cc`:
//!
//! - `*` matches everything;
//! - `[scheme://]host[:port][/path]`, where a missing scheme or port is a wildcard (`*` is
//!   also accepted for either), `[*.]example.com` matches `example.com` and every subdomain,
//!   and a host `*` matches any host;
//! - the path is ignored for `http`/`https`;
//! - anything else is invalid and ignored by the browser (a `*` inside a host, `[*.].x`, a
//!   non-numeric port, a scheme other than `http`/`https` for a host pattern, an empty host).
//!
//! An exception's key is `"<primary>,<secondary>"` (the secondary pattern is the top-level
//! site; a key without a comma has a wildcard secondary). When several rules match, the most
//! specific wins: the host decides first (more labels, then an exact host over `[*.]`), then the
//! scheme, then the port, primary pattern before secondary.
//!
//! **Firefox permission origins** (`moz_perms.origin`, the `Cookies` policy's lists):
//! `scheme://host[:port]`, optionally followed by `^originAttributes` (containers, private
//! windows). A permission for a host applies to its subdomains with the same scheme and port
//! (the permission manager walks up the domain), and the most specific host wins.

use crate::hosts::LOGIN_HOSTS;

/// The login hosts are reached over HTTPS on the default port.
pub const LOGIN_SCHEME: &str = "https";
pub const LOGIN_PORT: u16 = 443;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    /// `*` (or an empty host after `[*.]`).
    Any,
    /// `[*.]example.com`: the domain and its subdomains.
    Domain(String),
    /// `example.com`: that host only.
    Exact(String),
}

/// A pattern's precedence: host labels, exact host, specific scheme, specific port.
pub type Precedence = (usize, u8, u8, u8);

/// One Chromium content-settings pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// `None` is a wildcard scheme.
    pub scheme: Option<String>,
    pub host: HostPart,
    /// `None` is a wildcard port.
    pub port: Option<u16>,
}

impl Pattern {
    /// Parses one pattern; `Err` says why the browser would ignore it.
    pub fn parse(spec: &str) -> Result<Pattern, String> {
        let spec = spec.trim();
        if spec == "*" {
            return Ok(Pattern {
                scheme: None,
                host: HostPart::Any,
                port: None,
            });
        }
        if spec.is_empty() {
            return Err("empty pattern".into());
        }
        let (scheme, rest) = match spec.split_once("://") {
            Some((s, r)) => (Some(s), r),
            None => (None, spec),
        };
        if rest.is_empty() {
            return Err("no host".into());
        }
        // The host ends at the port separator or the path; a `[...]` part (a domain wildcard
        // or an IPv6 address) may itself contain ':'.
        let search_from = if rest.starts_with('[') {
            rest.find(']').ok_or("unclosed '['")?
        } else {
            0
        };
        let host_end = rest[search_from..]
            .find([':', '/'])
            .map(|i| i + search_from)
            .unwrap_or(rest.len());
        let host = &rest[..host_end];
        let after = &rest[host_end..];
        let (port, _path) = match after.strip_prefix(':') {
            Some(p) => {
                let end = p.find('/').unwrap_or(p.len());
                (&p[..end], &p[end..])
            }
            None => ("", after),
        };
        let scheme = match scheme {
            None | Some("*") => None,
            Some(s) => {
                let s = s.to_ascii_lowercase();
                if s != "http" && s != "https" {
                    return Err(format!("scheme `{s}` is not a web scheme"));
                }
                Some(s)
            }
        };
        let host = if host == "*" {
            HostPart::Any
        } else if let Some(domain) = host.strip_prefix("[*.]") {
            if domain.starts_with('.') {
                return Err("`[*.].` has a superfluous dot".into());
            }
            if domain.contains('*') {
                return Err("a `*` inside the host".into());
            }
            if !domain.is_empty() && !valid_host(domain) {
                return Err(format!("`{domain}` is not a host name"));
            }
            if domain.is_empty() {
                HostPart::Any
            } else {
                HostPart::Domain(domain.to_ascii_lowercase())
            }
        } else if host.is_empty() {
            return Err("no host".into());
        } else if host.contains('*') {
            return Err("a `*` inside the host".into());
        } else if !valid_host(host) {
            return Err(format!("`{host}` is not a host name"));
        } else {
            HostPart::Exact(host.to_ascii_lowercase())
        };
        let port = match port {
            "" | "*" => None,
            p if p.bytes().all(|b| b.is_ascii_digit()) => Some(
                p.parse::<u16>()
                    .map_err(|_| format!("port `{p}` is out of range"))?,
            ),
            p => return Err(format!("port `{p}` is not a number")),
        };
        Ok(Pattern { scheme, host, port })
    }

    /// Whether the pattern matches `scheme://host:port/`.
    pub fn matches(&self, scheme: &str, host: &str, port: u16) -> bool {
        if self.scheme.as_deref().is_some_and(|s| s != scheme) {
            return false;
        }
        if self.port.is_some_and(|p| p != port) {
            return false;
        }
        let host = host.to_ascii_lowercase();
        match &self.host {
            HostPart::Any => true,
            HostPart::Exact(h) => *h == host,
            HostPart::Domain(d) => host == *d || host.ends_with(&format!(".{d}")),
        }
    }

    /// Whether it matches a login host over HTTPS.
    pub fn matches_login_host(&self, host: &str) -> bool {
        self.matches(LOGIN_SCHEME, host, LOGIN_PORT)
    }

    /// `*`: every site.
    pub fn is_wildcard(&self) -> bool {
        self.scheme.is_none() && self.port.is_none() && self.host == HostPart::Any
    }

    /// Chromium's precedence: larger is more specific.
    pub fn precedence(&self) -> Precedence {
        let (labels, exact) = match &self.host {
            HostPart::Any => (0, 0),
            HostPart::Domain(d) => (d.split('.').count(), 0),
            HostPart::Exact(h) => (h.split('.').count(), 1),
        };
        (
            labels,
            exact,
            u8::from(self.scheme.is_some()),
            u8::from(self.port.is_some()),
        )
    }
}

/// A host name or IP address: letters, digits, `-`, `_`, `.`, or a bracketed IPv6 address.
fn valid_host(h: &str) -> bool {
    if let Some(inner) = h.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') || !c.is_ascii())
}

/// A Chromium exception key: primary and secondary pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternPair {
    pub primary: Pattern,
    pub secondary: Pattern,
}

impl PatternPair {
    /// Parses `"<primary>,<secondary>"` or `"<primary>"` (wildcard secondary).
    pub fn parse(key: &str) -> Result<PatternPair, String> {
        let (p, s) = key.split_once(',').unwrap_or((key, "*"));
        let primary = Pattern::parse(p).map_err(|e| format!("`{p}`: {e}"))?;
        let secondary = if s.trim().is_empty() {
            Pattern::parse("*")?
        } else {
            Pattern::parse(s).map_err(|e| format!("`{s}`: {e}"))?
        };
        Ok(PatternPair { primary, secondary })
    }

    /// Whether the rule applies to a login host loaded as the page itself (primary and
    /// top-level site are both that host).
    pub fn matches_first_party(&self, host: &str) -> bool {
        self.primary.matches_login_host(host) && self.secondary.matches_login_host(host)
    }

    /// Whether the rule lets `host`'s cookies through when `host` is embedded in another
    /// site: the primary pattern matches it for every top-level site (`[*.]openai.com,*`), or
    /// the secondary pattern makes the login host's pages the top-level site for every embedded
    /// site (`*,[*.]openai.com`, Chrome's "allowed to use third-party cookies").
    pub fn covers_third_party(&self, host: &str) -> bool {
        (self.primary.matches_login_host(host) && self.secondary.is_wildcard())
            || (self.primary.is_wildcard() && self.secondary.matches_login_host(host))
    }

    pub fn precedence(&self) -> (Precedence, Precedence) {
        (self.primary.precedence(), self.secondary.precedence())
    }
}

/// A Firefox permission origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
    /// The `^…` origin attributes (a container or private-window permission), if any.
    pub attributes: Option<String>,
}

impl Origin {
    /// Parses `scheme://host[:port][/…][^attributes]`; a missing scheme is an error, as in
    /// Firefox (its policies say "You must include http or https").
    pub fn parse(s: &str) -> Result<Origin, String> {
        let (main, attrs) = match s.split_once('^') {
            Some((m, a)) => (m, Some(a.to_string())),
            None => (s, None),
        };
        let (scheme, rest) = main
            .split_once("://")
            .ok_or_else(|| format!("`{s}` has no scheme (http:// or https://)"))?;
        let rest = rest.split(['/', '?', '#']).next().unwrap_or("");
        let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (h, after) = v6
                .split_once(']')
                .ok_or_else(|| format!("`{s}`: unclosed '['"))?;
            (format!("[{h}]"), after.strip_prefix(':'))
        } else {
            match rest.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (rest.to_string(), None),
            }
        };
        if host.is_empty() {
            return Err(format!("`{s}` has no host"));
        }
        let port = match port {
            None | Some("") => None,
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| format!("`{s}`: `{p}` is not a port"))?,
            ),
        };
        Ok(Origin {
            scheme: scheme.to_ascii_lowercase(),
            host: host.trim_end_matches('.').to_ascii_lowercase(),
            port,
            attributes: attrs.filter(|a| !a.is_empty()),
        })
    }

    fn effective_port(&self) -> Option<u16> {
        self.port.or(match self.scheme.as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        })
    }

    /// Whether a permission for this origin applies to `https://host/` in a normal window:
    /// same scheme and port, the host itself or a parent domain, no origin attributes.
    pub fn applies_to_login_host(&self, host: &str) -> bool {
        self.attributes.is_none()
            && self.scheme == LOGIN_SCHEME
            && self.effective_port() == Some(LOGIN_PORT)
            && (host == self.host || host.ends_with(&format!(".{}", self.host)))
    }

    /// More labels is more specific (the permission manager tries the exact host first).
    pub fn precedence(&self) -> usize {
        self.host.split('.').count()
    }
}

/// The login hosts a predicate holds for, in table order.
pub fn login_hosts_where(mut pred: impl FnMut(&str) -> bool) -> Vec<String> {
    LOGIN_HOSTS
        .iter()
        .filter(|h| pred(h))
        .map(|h| h.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::parse(s).unwrap()
    }

    #[test]
    fn domain_wildcards_match_the_domain_and_subdomains_only() {
        let pat = p("[*.]openai.com");
        assert!(pat.matches_login_host("openai.com"));
        assert!(pat.matches_login_host("auth.openai.com"));
        assert!(
            pat.matches("http", "auth.openai.com", 8080),
            "any scheme and port"
        );
        assert!(!pat.matches_login_host("notopenai.com"));
        assert!(!pat.matches_login_host("openai.com.evil.example"));
        assert!(!pat.matches_login_host("chatgpt.com"));
    }

    #[test]
    fn schemes_and_ports_are_matched_when_given() {
        assert!(p("https://chatgpt.com:443").matches_login_host("chatgpt.com"));
        assert!(!p("https://chatgpt.com:8443").matches_login_host("chatgpt.com"));
        assert!(!p("http://chatgpt.com").matches_login_host("chatgpt.com"));
        assert!(p("https://chatgpt.com").matches_login_host("chatgpt.com"));
        assert!(p("https://chatgpt.com:*").matches_login_host("chatgpt.com"));
        assert!(p("*://chatgpt.com/some/path").matches_login_host("chatgpt.com"));
        assert!(!p("https://chatgpt.com").matches_login_host("auth.chatgpt.com"));
        assert!(p("HTTPS://ChatGPT.com").matches_login_host("chatgpt.com"));
        assert!(p("https://[*.]openai.com:443").matches_login_host("auth.openai.com"));
    }

    #[test]
    fn star_matches_everything() {
        let all = p("*");
        assert!(all.is_wildcard());
        for h in LOGIN_HOSTS {
            assert!(all.matches_login_host(h));
        }
        assert!(p("[*.]").is_wildcard());
        assert!(p("https://*").matches_login_host("chatgpt.com"));
        assert!(!p("https://*").is_wildcard());
    }

    #[test]
    fn invalid_patterns_are_refused() {
        for bad in [
            "",
            "https://",
            "[*.].openai.com",
            "*.openai.com",
            "open*ai.com",
            "chatgpt.com:44x",
            "chatgpt.com:99999",
            "ftp://chatgpt.com",
            "chrome-extension://abc",
            "[*.]open*.com",
            "not a [valid pattern",
            "chat gpt.com",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn more_specific_patterns_take_precedence() {
        let order = [
            "*",
            "[*.]com",
            "[*.]openai.com",
            "https://[*.]openai.com",
            "https://[*.]openai.com:443",
            "[*.]auth.openai.com",
            "auth.openai.com",
            "https://auth.openai.com:443",
        ];
        for w in order.windows(2) {
            assert!(
                p(w[0]).precedence() < p(w[1]).precedence(),
                "{} < {}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn pairs_parse_with_and_without_a_secondary() {
        let pair = PatternPair::parse("[*.]openai.com,*").unwrap();
        assert!(pair.matches_first_party("auth.openai.com"));
        assert!(pair.covers_third_party("auth.openai.com"));
        let pair = PatternPair::parse("https://chatgpt.com:443").unwrap();
        assert!(pair.secondary.is_wildcard());
        assert!(pair.matches_first_party("chatgpt.com"));
        let tp = PatternPair::parse("*,[*.]chatgpt.com").unwrap();
        assert!(tp.covers_third_party("chatgpt.com"));
        assert!(!tp.covers_third_party("auth.openai.com"));
        assert!(!tp.matches_first_party("auth.openai.com"));
        // A rule for openai.com embedded only under example.com.
        let narrow = PatternPair::parse("[*.]openai.com,[*.]example.com").unwrap();
        assert!(!narrow.matches_first_party("auth.openai.com"));
        assert!(!narrow.covers_third_party("auth.openai.com"));
        assert!(PatternPair::parse("[*.]openai.com,ftp://x").is_err());
        assert!(
            PatternPair::parse("[*.]openai.com,")
                .unwrap()
                .secondary
                .is_wildcard()
        );
    }

    #[test]
    fn origins_apply_to_subdomains_with_the_same_scheme_and_port() {
        let o = Origin::parse("https://openai.com").unwrap();
        assert!(o.applies_to_login_host("openai.com"));
        assert!(o.applies_to_login_host("auth.openai.com"));
        assert!(!o.applies_to_login_host("chatgpt.com"));
        assert!(
            !Origin::parse("http://openai.com")
                .unwrap()
                .applies_to_login_host("openai.com")
        );
        assert!(
            Origin::parse("https://openai.com:443")
                .unwrap()
                .applies_to_login_host("openai.com")
        );
        assert!(
            !Origin::parse("https://openai.com:8443")
                .unwrap()
                .applies_to_login_host("openai.com")
        );
        assert!(
            !Origin::parse("http://openai.com:443")
                .unwrap()
                .applies_to_login_host("openai.com"),
            "the scheme counts, not only the port"
        );
        let container = Origin::parse("https://chatgpt.com^userContextId=2").unwrap();
        assert_eq!(container.attributes.as_deref(), Some("userContextId=2"));
        assert!(!container.applies_to_login_host("chatgpt.com"));
        assert!(Origin::parse("chatgpt.com").is_err());
        assert!(Origin::parse("https://").is_err());
        assert!(Origin::parse("https://chatgpt.com:x").is_err());
        let with_path = Origin::parse("https://chatgpt.com/c/123").unwrap();
        assert_eq!(with_path.host, "chatgpt.com");
        assert!(
            Origin::parse("https://auth.openai.com")
                .unwrap()
                .precedence()
                > Origin::parse("https://openai.com").unwrap().precedence()
        );
    }
}
