//! OpenAI's sign-in and app hosts, as data, and how cookie domains and site-setting patterns
//! are matched against them.

/// The sites whose cookies take part in signing in: each matches itself and its subdomains.
pub const LOGIN_SITES: &[&str] = &[
    "openai.com",
    "chatgpt.com",
    "oaistatic.com",
    "oaiusercontent.com",
];

/// The hosts a browser sends cookies to while signing in (the Cookie header is computed for
/// each of these).
pub const LOGIN_HOSTS: &[&str] = &[
    "auth.openai.com",
    "auth0.openai.com",
    "platform.openai.com",
    "labs.openai.com",
    "api.openai.com",
    "openai.com",
    "chatgpt.com",
];

/// The hosts the network checks reach.
pub const NETWORK_HOSTS: &[&str] = &[
    "auth.openai.com",
    "chatgpt.com",
    "platform.openai.com",
    "api.openai.com",
    "cdn.oaistatic.com",
];

/// Every host a browser needs while signing in to OpenAI, with where that comes from, and
/// whether sign-in cannot work without it (`true`) or only parts of it break (`false`: the
/// feature-flag, widget-asset and captcha hosts, which blocklists commonly carry). A hosts-file
/// entry or a DNS filter that catches one of them can break sign-in. Checked offline by
/// `network.hosts_file` (the sign-in providers' hosts are added by [`provider_hosts`], and are
/// essential). OpenAI's list of domains to allow (help article 9247338) also names telemetry
/// hosts (Sentry's `o33249.ingest.sentry.io`, Datadog's `rum.browser-intake-datadoghq.com`):
/// they are left out on purpose, since ad blockers block them by default while sign-in works,
/// so a warning for them would be a false alarm.
pub const SIGNIN_NEEDS: &[(&str, bool, &str)] = &[
    (
        "auth.openai.com",
        true,
        "the OAuth issuer (openai/codex codex-rs/login: DEFAULT_ISSUER)",
    ),
    (
        "auth0.openai.com",
        false,
        "the former Auth0 sign-in domain, still in clients (not essential: it may be retired)",
    ),
    ("chatgpt.com", true, "ChatGPT"),
    ("openai.com", true, "OpenAI's site"),
    ("platform.openai.com", true, "the API platform"),
    ("api.openai.com", true, "the API"),
    (
        "cdn.oaistatic.com",
        true,
        "the sign-in pages' scripts and styles",
    ),
    (
        "challenges.cloudflare.com",
        true,
        "Cloudflare's challenge widget, Turnstile (ietf-tools/datatracker#8394: \"Please unblock challenges.cloudflare.com to proceed\")",
    ),
    (
        "auth-cdn.oaistatic.com",
        false,
        "the sign-in pages' assets (*.oaistatic.com is on OpenAI's list of domains to allow, help article 9247338, \"Network recommendations for ChatGPT errors on web and apps\")",
    ),
    (
        "cdn.auth0.com",
        false,
        "the Auth0 sign-in widget's assets (Auth0 serves its hosted sign-in widget, Lock, from cdn.auth0.com; auth0.openai.com is on help article 9247338's list)",
    ),
    (
        "ab.chatgpt.com",
        false,
        "feature flags, \"required to login into the desktop app\" (hagezi/dns-blocklists#3009)",
    ),
    (
        "api.statsig.com",
        false,
        "feature flags (Statsig); blocking it breaks the iOS sign-in (privacy-protection-tools/anti-AD#860)",
    ),
    (
        "tcr9i.chat.openai.com",
        false,
        "the sign-in captcha: Arkose Labs' challenge is served from it (its api.js and fc/gt2 endpoints; help article 9247338 lists the host)",
    ),
];

/// The hosts of the sign-in provider an account uses (`--auth-method`), which the browser
/// visits on the way: Google's accounts page, Microsoft's two (work or school, and personal
/// accounts), Apple's.
pub fn provider_hosts(method: Option<crate::model::AuthMethod>) -> &'static [&'static str] {
    use crate::model::AuthMethod as M;
    match method {
        Some(M::Google) => &["accounts.google.com"],
        Some(M::Microsoft) => &["login.microsoftonline.com", "login.live.com"],
        Some(M::Apple) => &["appleid.apple.com"],
        _ => &[],
    }
}

/// The login site a cookie's domain belongs to (`.auth.openai.com` → `openai.com`), if any.
/// A leading dot (a domain cookie) is ignored; matching is case-insensitive.
pub fn site_of(cookie_domain: &str) -> Option<&'static str> {
    let d = cookie_domain.trim_start_matches('.').to_ascii_lowercase();
    LOGIN_SITES
        .iter()
        .copied()
        .find(|site| d == *site || d.ends_with(&format!(".{site}")))
}

/// Whether a browser sends a cookie stored for `cookie_domain` to `host` (RFC 6265 §5.1.3):
/// a host-only cookie (no leading dot) only to that exact host, a domain cookie (leading dot)
/// to the domain and every subdomain.
pub fn cookie_sent_to(cookie_domain: &str, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    match cookie_domain.strip_prefix('.') {
        Some(domain) => {
            let domain = domain.to_ascii_lowercase();
            host == domain || host.ends_with(&format!(".{domain}"))
        }
        None => host == cookie_domain.to_ascii_lowercase(),
    }
}

/// A SQL condition selecting rows whose `column` is a login-site domain (with or without a
/// leading dot, or any subdomain), so queries never load other sites' rows. The site names are
/// constants, not user input.
pub fn sql_domain_filter(column: &str) -> String {
    sql_domain_filter_for(column, LOGIN_SITES)
}

/// [`sql_domain_filter`] for other sites (constants only).
pub fn sql_domain_filter_for(column: &str, sites: &[&str]) -> String {
    sites
        .iter()
        // The first LIKE is a cheap test most rows fail, so the exact test runs only for rows
        // that end with the site's name (a third less work on a 200,000-row store).
        .map(|s| {
            format!(
                "({column} LIKE '%{s}' AND ({column} = '{s}' OR {column} = '.{s}' OR {column} LIKE '%.{s}'))"
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

// Sign-in providers ("Continue with Google / Microsoft / Apple").

use crate::model::AuthMethod;

/// Sign-in providers: their cookie domains and the cookie names that mean "signed in".
pub struct Provider {
    pub name: &'static str,
    pub method: AuthMethod,
    pub domains: &'static [&'static str],
    pub session_cookies: &'static [&'static str],
}

impl Provider {
    /// Whether a cookie (`domain` as stored, with or without its leading dot, and `name`) is
    /// one of this provider's sign-in session cookies.
    pub fn is_session_cookie(&self, domain: &str, name: &str) -> bool {
        let d = domain.trim_start_matches('.').to_ascii_lowercase();
        self.domains
            .iter()
            .any(|pd| d == *pd || d.ends_with(&format!(".{pd}")))
            && self.session_cookies.contains(&name)
    }
}

pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "Google",
        method: AuthMethod::Google,
        domains: &["google.com"],
        session_cookies: &["SID", "__Secure-1PSID", "__Secure-3PSID", "LSID", "SAPISID"],
    },
    Provider {
        name: "Microsoft",
        method: AuthMethod::Microsoft,
        domains: &["microsoftonline.com", "live.com"],
        session_cookies: &[
            "ESTSAUTH",
            "ESTSAUTHPERSISTENT",
            "ESTSAUTHLIGHT",
            "MSPAuth",
            "__Host-MSAAUTH",
        ],
    },
    Provider {
        name: "Apple",
        method: AuthMethod::Apple,
        domains: &["apple.com"],
        session_cookies: &["myacinfo"],
    },
];

/// A SQL condition selecting the providers' sign-in cookies (their names, on their domains) for
/// the cookie checks' scan of each store (`cookies::Jar::provider_cookies`); the cheap name test
/// comes first, so other rows cost one comparison. Names and domains are constants.
pub fn provider_sql_filter(domain_column: &str) -> String {
    let names: Vec<String> = PROVIDERS
        .iter()
        .flat_map(|p| p.session_cookies.iter())
        .map(|n| format!("'{n}'"))
        .collect();
    let sites: Vec<&str> = PROVIDERS
        .iter()
        .flat_map(|p| p.domains.iter().copied())
        .collect();
    format!(
        "name IN ({}) AND ({})",
        names.join(", "),
        sql_domain_filter_for(domain_column, &sites)
    )
}

/// Whether (domain, name) is one of the sign-in providers' session cookies: what
/// [`provider_sql_filter`] selects, for stores that are not SQLite.
pub fn is_provider_session_cookie(domain: &str, name: &str) -> bool {
    let d = domain.trim_start_matches('.').to_ascii_lowercase();
    PROVIDERS.iter().any(|p| {
        p.session_cookies.contains(&name)
            && p.domains
                .iter()
                .any(|pd| d == *pd || d.ends_with(&format!(".{pd}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_match_domains_and_subdomains_only() {
        assert_eq!(site_of(".openai.com"), Some("openai.com"));
        assert_eq!(site_of("auth.openai.com"), Some("openai.com"));
        assert_eq!(site_of("chatgpt.com"), Some("chatgpt.com"));
        assert_eq!(site_of(".CDN.OAISTATIC.COM"), Some("oaistatic.com"));
        assert_eq!(site_of("notopenai.com"), None);
        assert_eq!(site_of("openai.com.evil.example"), None);
    }

    #[test]
    fn cookies_are_sent_by_rfc6265_domain_matching() {
        assert!(cookie_sent_to(".openai.com", "auth.openai.com"));
        assert!(cookie_sent_to(".openai.com", "openai.com"));
        assert!(cookie_sent_to("auth.openai.com", "auth.openai.com"));
        assert!(!cookie_sent_to("auth.openai.com", "platform.openai.com"));
        assert!(
            !cookie_sent_to("openai.com", "auth.openai.com"),
            "host-only"
        );
        assert!(!cookie_sent_to(".openai.com", "xopenai.com"));
    }

    #[test]
    fn sql_filter_names_every_site() {
        let f = sql_domain_filter("host_key");
        for s in LOGIN_SITES {
            assert!(f.contains(&format!("'%.{s}'")));
        }
    }
}
