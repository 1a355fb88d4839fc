//! Browser settings and enterprise policies that stand in the way of signing in.
//!
//! OpenAI's help articles ("Why can't I log in to the OpenAI API Platform?", "Why can't I log
//! in to Labs/DALL·E?") say: "Clear browser cache and cookies", "Utilize a private or incognito
//! window to prevent session conflicts", try signing in "from a non-Firefox incognito window",
//! and "Check domain verification: If your domain is verified by another OpenAI organization,
//! consult your IT administrator." Signing in needs cookies and JavaScript on the login hosts
//! ([`crate::hosts::LOGIN_HOSTS`]); the fallback is a private window; and on a managed machine
//! the administrator may have changed either. This module judges, without reading a file,
//! what was read once per run ([`Facts::settings`], [`Facts::policies`]):
//!
//! - Chromium family: each profile's `Preferences` ([`crate::sources::chromium::preferences`],
//!   judged in [`chromium`]) and the browser's policies;
//! - Firefox family: each profile's `prefs.js` and `user.js` ([`crate::sources::firefox::prefs`]),
//!   its `permissions.sqlite` ([`crate::sources::firefox::permissions`]), judged in [`firefox`],
//!   and `policies.json` and the platform's policy stores;
//! - policies: [`crate::sources::policies`] (where each browser reads them, per OS, as data);
//! - site patterns, matched as each browser matches them: [`crate::formats::site_patterns`].
//!
//! Seven checks, five per profile and two per browser:
//! `settings.cookies_blocked`, `settings.third_party_cookies`, `settings.clear_on_exit`,
//! `settings.secure_dns`, `settings.proxy`, `settings.private_window`, `settings.managed`. See
//! `docs/settings.md`.

pub mod chromium;
pub mod firefox;
pub mod safari;

use serde_json::{Map, Value, json};

use crate::browsers::discovery::{Family, Install, Profile};
use crate::checks::declare::{Check, check};
use crate::facts::Facts;
use crate::hosts::LOGIN_HOSTS;
use crate::model::{CheckResult, Status, Subject};
use crate::sources::policies::{self, PolicySet};
use crate::sources::settings::ProfileSettings;

/// The Settings section's introduction in `docs/checks.md`.
pub const INTRO: &str = r#"See [settings.md](settings.md) for every pref, policy, where it is read per OS, precedence and
pattern matching.


*Evidence:* `family`; `findings` (`pref` and/or `policy`, or `permission`+`origin`; `value`;
`source` as `~/…` or `/…`; `pattern`, `meaning`, `hosts`, `line`, `level`); `problems`
(`source`, `reason`); `notes`; `sources`; `not_read`. For `settings.managed` the finding holds
`policies` (name, value, level, source), `other_policies` and `sources`."#;

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | cookies and JavaScript allowed for the sign-in hosts |
    /// | warn | Firefox private windows block all cookies |
    /// | fail | cookies or JavaScript blocked for a sign-in host or all sites (exception, policy list, default, `cookieBehavior` 2, `javascript.enabled`/`dom.storage.enabled` false); Safari's "Block all cookies" (`BlockStoragePolicy` 0) |
    /// | unknown | a source could not be read and nothing else decides (Safari's files need Full Disk Access) |
    pub static COOKIES_BLOCKED = {
        id: "settings.cookies_blocked",
        category: Settings,
        network: false,
        per: "browser profile",
        summary: "Cookies and JavaScript are not blocked for the sign-in sites (site settings, preferences, policies)",
        article: "Clear browser cache and cookies: This can resolve issues caused by outdated or corrupted data.",
        verdict: cookies_blocked,
    }
}

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | not blocked; blocked in incognito only; blocked but allowed for every sign-in host (and for the sign-in provider's site, when there is one) |
    /// | warn | blocked or limited third-party cookies (policy, pref, Brave's default), ETP Strict, first-party isolation, resist-fingerprinting |
    /// | warn | with a sign-in provider (`--auth-method google`, `microsoft` or `apple`, or, without it, one the profile is signed in to): third-party cookies blocked and the provider's sign-in site (`accounts.google.com`, `login.microsoftonline.com`/`login.live.com`, `appleid.apple.com`) without an exception, named as the provider's |
    /// | warn | Brave, with Google as the sign-in provider: Brave's Google Sign-In permission (`brave://settings/content/googleSignIn`, `brave_google_sign_in` 2) blocks a sign-in site, by an exception or the default |
    /// | unknown | as above |
    ///
    /// Safari: one result per browser; "Prevent cross-site tracking" (its default) passes with a note.
    pub static THIRD_PARTY_COOKIES = {
        id: "settings.third_party_cookies",
        category: Settings,
        network: false,
        per: "browser profile",
        summary: "Third-party cookies, which sign-in redirects can need, are not blocked for the sign-in sites",
        article: "If you signed up with Continue with Google or a different social auth, use that option to log in.",
        verdict: third_party_cookies,
    }
}

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | kept |
    /// | warn | session-only cookies (setting 4, "Allow for Session"), `ClearBrowsingDataOnExitList`, sanitize on shutdown with cookies, `lifetimePolicy` 2, never remember history, forced incognito |
    /// | unknown | as above |
    /// | skip | Safari |
    pub static CLEAR_ON_EXIT = {
        id: "settings.clear_on_exit",
        category: Settings,
        network: false,
        per: "browser profile",
        summary: "Sign-in cookies are not deleted when the browser closes",
        article: "Utilize a private or incognito window to prevent session conflicts.",
        verdict: clear_on_exit,
    }
}

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | available |
    /// | warn | disabled or forced by policy (`IncognitoModeAvailability`, `InPrivateModeAvailability`, `DisablePrivateBrowsing`, locked `browser.privatebrowsing.autostart`) |
    /// | unknown | bad policy source or unknown value; Windows registry not read here |
    /// | skip | Safari; policy location unknown (Vivaldi, Opera) |
    pub static PRIVATE_WINDOW = {
        id: "settings.private_window",
        category: Settings,
        network: false,
        per: "installed browser (policies)",
        summary: "Private (incognito) windows, the help articles' fallback, are not disabled or forced by policy",
        article: "Utilize a private or incognito window to prevent session conflicts.",
        verdict: private_window,
    }
}

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | no policy |
    /// | warn | any policy ("consult your IT administrator") |
    /// | unknown | as above |
    /// | skip | as above |
    pub static MANAGED = {
        id: "settings.managed",
        category: Settings,
        network: false,
        per: "installed browser (policies)",
        summary: "Whether a browser is under enterprise policy, with the policies that matter for signing in",
        article: "Check domain verification: If your domain is verified by another OpenAI organization, consult your IT administrator.",
        verdict: managed,
    }
}

check! {
    /// A browser can resolve names itself, over DNS-over-HTTPS, instead of asking the system's
    /// resolver: then `network.dns` (which asks the system) does not see what the browser gets.
    /// A filtering resolver (ad, tracker or family filters) can leave a sign-in host unresolved
    /// (`ab.chatgpt.com` and `api.statsig.com` are on common blocklists: hagezi/dns-blocklists#3009,
    /// privacy-protection-tools/anti-AD#860), and a "secure only" mode has no fallback when its
    /// server is unreachable. A forced address for every name (`network.dns.forceResolve`) sends
    /// every site to one place; names in `network.dns.localDomains` resolve to this computer.
    ///
    /// *Looks at:* Chromium family: `dns_over_https.mode` (`off`, `automatic`, `secure`; any
    /// other value is `off`) and `dns_over_https.templates` in the browser's `Local State`
    /// (`chrome/common/pref_names.h`), and the `DnsOverHttpsMode` and `DnsOverHttpsTemplates`
    /// policies, which win (Chrome Enterprise policy list). Firefox family: `network.trr.mode`
    /// (0 off, 2 DoH first, 3 DoH only, 5 off by choice; `bagder/TRRprefs`), `network.trr.uri`
    /// (empty: Firefox's default provider), `doh-rollout.mode`/`doh-rollout.uri` (the rollout's own
    /// values, used when `network.trr.mode` is 0), `network.dns.forceResolve` and
    /// `network.dns.localDomains` (names, each exact, resolved to 127.0.0.1), in `prefs.js`,
    /// `user.js` and the `DNSOverHTTPS` policy (`Enabled` sets mode 2, or 5 when false;
    /// `ProviderURL` sets `network.trr.uri`: Firefox's `Policies.sys.mjs`) and `Preferences`.
    /// Known filtering providers are `FILTERING_RESOLVERS` in `src/resolvers.rs`, each
    /// with its provider's page.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | The browser asks the system, or uses DoH with a fallback to the system through a provider that does not filter |
    /// | warn | DoH only, with no fallback (`secure`, mode 3); or a provider known to filter |
    /// | fail | `network.dns.forceResolve` sends every name to one address; `network.dns.localDomains` names a host sign-in cannot do without |
    /// | unknown | `Local State`, `prefs.js` or `user.js` could not be read and no policy decides |
    /// | skip | Safari (it uses the system's resolver) |
    pub static SECURE_DNS = {
        id: "settings.secure_dns",
        category: Settings,
        network: false,
        per: "browser profile",
        summary: "The browser's own DNS-over-HTTPS resolver, which can answer differently from the system's",
        article: "Switch networks: Attempt to log in using a different network (e.g., home WiFi, mobile hotspot).",
        verdict: secure_dns,
    }
}

check! {
    /// A proxy set in the browser itself (not the system's, which `network.proxy` reports) carries
    /// the sign-in pages: a VPN or proxy extension's exit, a PAC file, or one a policy sets.
    /// Cloudflare, in front of OpenAI's sites, blocks or challenges many shared proxy and
    /// data-centre addresses (a NordVPN exit blocked on sign-in: zed-industries/zed#56965; a
    /// ChatGPT challenge loop from data-centre exits: therealaleph/MasterHttpRelayVPN-RUST#767),
    /// and OpenAI's help article 10471992 says to turn off VPNs and proxies.
    ///
    /// *Looks at:* Chromium family: the `ProxySettings` policy, else `ProxyMode`
    /// (`direct`, `auto_detect`, `pac_script`, `fixed_servers`, `system`), `ProxyServer`,
    /// `ProxyPacUrl` and the deprecated `ProxyServerMode` (0 direct, 1 auto-detect, 2 fixed, 3
    /// system); the proxy an enabled extension controls (`chrome.proxy`, kept in its
    /// `extensions.settings.<id>.preferences` / `regular_only_preferences` /
    /// `incognito_preferences`, `extensions/browser/pref_names.cc`); and the `proxy` pref of
    /// `Preferences`. Firefox family: `network.proxy.type` (0 none, 1 manual, 2 PAC, 4 WPAD, 5
    /// system: the default), `network.proxy.http`, `.ssl`, `.socks` and their ports,
    /// `network.proxy.autoconfig_url`, and a manual proxy's "No proxy for" list
    /// (`network.proxy.no_proxies_on`, matched as Firefox's `nsProtocolProxyService::CanUseProxy`
    /// does), from `prefs.js`, `user.js` and the `Proxy` policy (`Mode`
    /// `none`/`system`/`manual`/`autoDetect`/`autoConfig`, `HTTPProxy`, `SSLProxy`, `SOCKSProxy`,
    /// `AutoConfigURL`, `Passthrough`: Firefox's `ProxyPolicies.sys.mjs`). Chromium's bypass
    /// lists are not read yet: a fixed proxy warns even when its bypass list exempts OpenAI. A `user:password@` is removed from
    /// every proxy address, and the query string from PAC addresses, before they are kept.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No proxy of the browser's own: direct, or the system's settings; or a Firefox manual proxy whose "No proxy for" list exempts every host sign-in cannot do without (the probed hosts, the essential ones of `SIGNIN_NEEDS`, the sign-in provider's) |
    /// | warn | A fixed proxy, a PAC file or auto-detection (WPAD), set by the user, an extension or a policy |
    /// | warn | Safari: iCloud Private Relay is on (`PrivacyProxyServiceStatus` 1 in `~/Library/Preferences/com.apple.networkserviceproxy.plist`) |
    /// | unknown | `Preferences`, `prefs.js` or `user.js` could not be read and no policy decides |
    pub static BROWSER_PROXY = {
        id: "settings.proxy",
        category: Settings,
        network: false,
        per: "browser profile",
        summary: "No proxy of the browser's own (an extension's, a policy's or one set by hand) carries the sign-in pages",
        article: "Disable VPNs: VPNs can interfere with authentication processes; try logging in without them.",
        verdict: browser_proxy,
    }
}

/// The seven checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    CookiesBlocked,
    ThirdParty,
    ClearOnExit,
    PrivateWindow,
    Managed,
    SecureDns,
    Proxy,
}

/// The checks judged per profile.
pub const PROFILE_KINDS: &[Kind] = &[
    Kind::CookiesBlocked,
    Kind::ThirdParty,
    Kind::ClearOnExit,
    Kind::SecureDns,
    Kind::Proxy,
];

impl Kind {
    /// The check this kind of finding belongs to.
    pub fn check(self) -> &'static Check {
        match self {
            Kind::CookiesBlocked => &COOKIES_BLOCKED,
            Kind::ThirdParty => &THIRD_PARTY_COOKIES,
            Kind::ClearOnExit => &CLEAR_ON_EXIT,
            Kind::PrivateWindow => &PRIVATE_WINDOW,
            Kind::Managed => &MANAGED,
            Kind::SecureDns => &SECURE_DNS,
            Kind::Proxy => &BROWSER_PROXY,
        }
    }

    pub fn id(self) -> &'static str {
        self.check().id
    }

    fn pass_title(self) -> &'static str {
        match self {
            Kind::CookiesBlocked => "cookies and JavaScript are allowed for the sign-in sites",
            Kind::ThirdParty => "third-party cookies are not blocked for the sign-in sites",
            Kind::ClearOnExit => "sign-in cookies are kept when the browser closes",
            Kind::PrivateWindow => "private windows are available",
            Kind::Managed => "no enterprise policy found",
            Kind::SecureDns => {
                "the browser resolves names as the system does, or with a fallback to it"
            }
            Kind::Proxy => "no proxy of the browser's own",
        }
    }

    fn unknown_title(self) -> &'static str {
        match self {
            Kind::CookiesBlocked => "cookie and JavaScript settings could not be checked",
            Kind::ThirdParty => "third-party cookie settings could not be checked",
            Kind::ClearOnExit => "clear-on-exit settings could not be checked",
            Kind::PrivateWindow => "private-window policy could not be checked",
            Kind::Managed => "enterprise policies could not be checked",
            Kind::SecureDns => "secure DNS settings could not be checked",
            Kind::Proxy => "proxy settings could not be checked",
        }
    }
}

/// One fact that makes a check warn or fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub status: Status,
    /// A short clause for the title: "cookies are blocked for chatgpt.com".
    pub text: String,
    /// `pref` or `policy` (the exact name), `value`, `source`, and more where useful.
    pub evidence: Map<String, Value>,
    /// Set by an enterprise policy (the fix then points at the administrator).
    pub by_policy: bool,
}

impl Finding {
    /// A finding from a browser preference (`pref` names it).
    pub fn pref(
        kind: Kind,
        status: Status,
        text: impl Into<String>,
        pref: &str,
        value: Value,
        source: &str,
    ) -> Finding {
        Finding::named(kind, status, text, ("pref", pref), value, source, false)
    }

    /// A finding from an enterprise policy (`policy` names it).
    pub fn policy(
        kind: Kind,
        status: Status,
        text: impl Into<String>,
        policy: &str,
        value: Value,
        source: &str,
    ) -> Finding {
        Finding::named(kind, status, text, ("policy", policy), value, source, true)
    }

    fn named(
        kind: Kind,
        status: Status,
        text: impl Into<String>,
        (key, name): (&str, &str),
        value: Value,
        source: &str,
        by_policy: bool,
    ) -> Finding {
        let mut evidence = Map::new();
        evidence.insert(key.into(), name.into());
        evidence.insert("value".into(), value);
        evidence.insert("source".into(), source.into());
        Finding {
            kind,
            status,
            text: text.into(),
            evidence,
            by_policy,
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Finding {
        self.evidence.insert(key.into(), value.into());
        self
    }

    fn source(&self) -> &str {
        self.evidence
            .get("source")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    fn setting_name(&self) -> String {
        match (self.evidence.get("policy"), self.evidence.get("pref")) {
            (Some(Value::String(p)), Some(Value::String(pref))) => {
                format!("policy {p} (sets {pref})")
            }
            (Some(Value::String(p)), _) => format!("policy {p}"),
            (_, Some(Value::String(p))) => p.clone(),
            _ => match (self.evidence.get("permission"), self.evidence.get("origin")) {
                (Some(Value::String(t)), Some(Value::String(o))) => {
                    format!("{t} permission for {o}")
                }
                _ => String::new(),
            },
        }
    }
}

/// A source that could not be read or understood, and the checks it leaves undecided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kinds: Vec<Kind>,
    pub source: String,
    pub reason: String,
}

/// What one profile's (or one browser's) settings say.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
    /// Facts worth saying on a pass ("blocked in incognito windows only, the default").
    pub notes: Vec<(Kind, String)>,
    /// Files and keys read.
    pub sources: Vec<String>,
    /// Places not read in this mode.
    pub unread: Vec<String>,
    /// Extra evidence per check.
    pub extra: Vec<(Kind, String, Value)>,
    /// Files read for one check instead of [`Analysis::sources`] (Chromium's secure DNS is in
    /// `Local State`, not `Preferences`).
    pub own_sources: Vec<(Kind, String)>,
}

impl Analysis {
    pub fn problem(&mut self, kinds: &[Kind], source: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            kinds: kinds.to_vec(),
            source: source.to_string(),
            reason: reason.into(),
        });
    }

    pub fn note(&mut self, kind: Kind, text: impl Into<String>) {
        self.notes.push((kind, text.into()));
    }

    pub fn source(&mut self, s: &str) {
        if !self.sources.iter().any(|x| x == s) {
            self.sources.push(s.to_string());
        }
    }

    /// Takes in a browser's policies: their sources, and their problems for `kinds`.
    pub fn add_policies(&mut self, pol: &PolicySet, kinds: &[Kind]) {
        for s in &pol.sources {
            self.source(s);
        }
        for p in &pol.problems {
            self.problem(kinds, &p.source, p.reason.clone());
        }
        self.unread.extend(pol.unread.iter().cloned());
    }
}

/// "auth.openai.com", "auth.openai.com and chatgpt.com", "every sign-in host".
pub fn hosts_text(hosts: &[String]) -> String {
    if hosts.len() == LOGIN_HOSTS.len() && hosts.len() > 1 {
        return "every sign-in host".to_string();
    }
    match hosts {
        [] => "no sign-in host".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

fn who(inst: &Install, profile: Option<&Profile>) -> String {
    match profile {
        Some(p) => {
            let label = p.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&p.id);
            format!("{} › {label}", inst.name)
        }
        None => inst.name.clone(),
    }
}

/// Builds one result of `kind` from an analysis.
fn build(
    kind: Kind,
    inst: &Install,
    profile: Option<&Profile>,
    a: &Analysis,
    fix: impl Fn(&[&Finding]) -> String,
) -> CheckResult {
    let findings: Vec<&Finding> = a.findings.iter().filter(|f| f.kind == kind).collect();
    let problems: Vec<&Problem> = a
        .problems
        .iter()
        .filter(|p| p.kinds.contains(&kind))
        .collect();
    let notes: Vec<&str> = a
        .notes
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, n)| n.as_str())
        .collect();
    let per_browser = !PROFILE_KINDS.contains(&kind);
    let worst = findings
        .iter()
        .map(|f| f.status)
        .max_by_key(|s| s.severity());
    let status = match worst {
        Some(s) => s,
        None if !problems.is_empty() => Status::Unknown,
        None if per_browser && !a.unread.is_empty() => Status::Unknown,
        None => Status::Pass,
    };
    let mut ordered = findings.clone();
    ordered.sort_by_key(|f| std::cmp::Reverse(f.status.severity()));
    let summary = match ordered.first() {
        Some(first) if ordered.len() > 1 => {
            format!("{} (and {} more)", first.text, ordered.len() - 1)
        }
        Some(first) => first.text.clone(),
        None if status == Status::Unknown => kind.unknown_title().to_string(),
        None => kind.pass_title().to_string(),
    };
    let title = format!("{}: {summary}", who(inst, profile));

    let mut detail: Vec<String> = Vec::new();
    for f in &ordered {
        let mut line = crate::checks::common::capitalise(&f.text);
        let name = f.setting_name();
        if !name.is_empty() {
            let value = f
                .evidence
                .get("value")
                .map(|v| v.to_string())
                .unwrap_or_default();
            line.push_str(&format!(": {name} = {value}"));
            if let Some(Value::String(p)) = f.evidence.get("pattern") {
                line.push_str(&format!(" for `{p}`"));
            }
            if !f.source().is_empty() {
                line.push_str(&format!(", in {}", f.source()));
            }
        }
        line.push('.');
        detail.push(line);
    }
    for p in &problems {
        detail.push(format!("Could not use {}: {}.", p.source, p.reason));
    }
    for n in &notes {
        detail.push(format!("{}.", crate::checks::common::capitalise(n)));
    }
    let has_own = a.own_sources.iter().any(|(k, _)| *k == kind);
    let own: Vec<String> = a
        .own_sources
        .iter()
        .filter(|(k, s)| *k == kind && !s.is_empty())
        .map(|(_, s)| s.clone())
        .collect();
    let sources: &[String] = if has_own { &own } else { &a.sources };
    if findings.is_empty() && problems.is_empty() && status == Status::Pass {
        if sources.is_empty() {
            detail.push("Nothing that blocks signing in was found.".into());
        } else {
            detail.push(format!(
                "Nothing that blocks signing in was found in {}.",
                sources.join(", ")
            ));
        }
    }
    if !a.unread.is_empty() {
        detail.push(format!(
            "Not read here: {}; it is read only when login-check inspects the machine it runs on (without --home, --root or --os).",
            a.unread.join("; ")
        ));
    }

    let mut r = kind
        .check()
        .result(status, title, detail.join(" "))
        .with_subject(Some(match profile {
            Some(p) => Subject::profile(&inst.key, &p.id),
            None => Subject::browser(&inst.key),
        }))
        .evidence("family", inst.family.as_str());
    if !ordered.is_empty() {
        r = r.evidence(
            "findings",
            Value::Array(
                ordered
                    .iter()
                    .map(|f| Value::Object(f.evidence.clone()))
                    .collect(),
            ),
        );
    }
    if !problems.is_empty() {
        r = r.evidence(
            "problems",
            Value::Array(
                problems
                    .iter()
                    .map(|p| json!({"source": p.source, "reason": p.reason}))
                    .collect(),
            ),
        );
    }
    if !notes.is_empty() {
        r = r.evidence("notes", notes.clone());
    }
    for (k, key, v) in &a.extra {
        if *k == kind {
            r = r.evidence(key, v.clone());
        }
    }
    r = r.evidence("sources", sources.to_vec());
    if !a.unread.is_empty() {
        r = r.evidence("not_read", a.unread.clone());
    }
    match status {
        Status::Pass | Status::Skip => r,
        Status::Warn | Status::Fail => r.with_fix(fix(&ordered)),
        Status::Unknown => r.with_fix(unknown_fix(&problems, &a.unread, inst)),
    }
}

fn unknown_fix(problems: &[&Problem], unread: &[String], inst: &Install) -> String {
    if inst.family == Family::Safari {
        return "macOS lets only apps with Full Disk Access read Safari's files: in System Settings › Privacy & Security › Full Disk Access, turn it on for your terminal, then run login-check again.".to_string();
    }
    let mut parts = Vec::new();
    if !problems.is_empty() {
        let mut sources: Vec<&str> = problems.iter().map(|p| p.source.as_str()).collect();
        sources.dedup();
        parts.push(format!(
            "Check {}: a file that cannot be read or is damaged may also be ignored by {}. Quit {} and start it again (it rewrites its own files), fix or remove a damaged policy file, and run login-check as the user who signs in.",
            sources.join(", "),
            inst.name,
            inst.name
        ));
    }
    if !unread.is_empty() {
        parts.push(
            "Run login-check on that Windows computer itself, without --home, --root or --os, so that it can read the registry's policies."
                .to_string(),
        );
    }
    parts.join(" ")
}

fn skip(kind: Kind, inst: &Install, profile: Option<&Profile>, why: String) -> CheckResult {
    kind.check()
        .result(
            Status::Skip,
            format!("{}: not checked", who(inst, profile)),
            why,
        )
        .with_subject(Some(match profile {
            Some(p) => Subject::profile(&inst.key, &p.id),
            None => Subject::browser(&inst.key),
        }))
        .evidence("family", inst.family.as_str())
}

fn safari_skip(kind: Kind, inst: &Install) -> CheckResult {
    skip(
        kind,
        inst,
        None,
        "Not read for Safari by this version of login-check (its cookie, cross-site tracking and Private Relay settings are, under settings.cookies_blocked, settings.third_party_cookies and settings.proxy).".into(),
    )
}

/// Runs one per-profile check over every profile of every browser.
fn per_profile(facts: &Facts, kind: Kind) -> Vec<CheckResult> {
    let all = profile_analyses(facts);
    let mut out = Vec::new();
    for (i, inst) in facts.discovery().installs.iter().enumerate() {
        // The ChatGPT apps have no settings pages to change.
        if inst.app {
            continue;
        }
        if inst.family == Family::Safari {
            if safari::KINDS.contains(&kind) && facts.ctx.os == crate::context::OsFamily::Macos {
                let a = safari::analyze(facts.safari_settings());
                out.push(build(kind, inst, None, &a, |f| fix(kind, inst, f)));
            } else {
                out.push(safari_skip(kind, inst));
            }
            continue;
        }
        if let Some(why) = &inst.unreadable {
            out.push(skip(
                kind,
                inst,
                None,
                format!("Its data folder cannot be read ({why}); see browser.installed."),
            ));
            continue;
        }
        let Some(per_profile) = all.get(i) else {
            continue;
        };
        for (p, a) in inst.profiles.iter().zip(per_profile) {
            out.push(build(kind, inst, Some(p), a, |f| fix(kind, inst, f)));
        }
    }
    out
}

/// Every profile's analysis (per install, per profile, in discovery order), judged from the
/// settings read once per run ([`Facts::settings`]).
fn profile_analyses(facts: &Facts) -> Vec<Vec<Analysis>> {
    let now = facts.ctx.now;
    let installs = &facts.discovery().installs;
    let empty = PolicySet::default();
    // The sign-in provider's hosts, when `--auth-method` names one.
    let label = facts
        .user
        .auth_method
        .map(|m| m.provider_name())
        .unwrap_or("");
    let providers: Vec<(&str, &str)> = crate::hosts::provider_hosts(facts.user.auth_method)
        .iter()
        .map(|h| (*h, label))
        .collect();
    installs
        .iter()
        .zip(facts.settings())
        .enumerate()
        .map(|(i, (inst, profiles))| {
            let pol = facts.policies().get(i).unwrap_or(&empty);
            profiles
                .iter()
                .zip(&inst.profiles)
                .map(|(s, profile)| {
                    // Without `--auth-method`: the providers this profile is signed in to (this
                    // waits for the cookie stores' one scan).
                    let signed_in = if facts.user.auth_method.is_none() && !inst.app {
                        signed_in_providers(facts, inst, profile)
                    } else {
                        Vec::new()
                    };
                    let providers = if signed_in.is_empty() {
                        providers.clone()
                    } else {
                        signed_in.clone()
                    };
                    let mut a = match s {
                        ProfileSettings::Chromium(c) => {
                            chromium::analyze_with(c, inst, pol, now, &providers)
                        }
                        ProfileSettings::Firefox(f) => {
                            firefox::analyze_with(f, pol, now, &providers)
                        }
                    };
                    if !signed_in.is_empty() {
                        inferred(&mut a);
                    }
                    a
                })
                .collect()
        })
        .collect()
}

/// The sign-in providers whose session cookies this profile holds (`hosts::PROVIDERS`, the
/// cookies `account.signin_method` reads), with their sign-in hosts: the person uses that
/// provider in this browser, so "Continue with …" may be how they sign in.
fn signed_in_providers(
    facts: &Facts,
    inst: &Install,
    profile: &Profile,
) -> Vec<(&'static str, &'static str)> {
    let Some(jar) = facts
        .cookie_jars()
        .iter()
        .find(|j| j.install.key == inst.key && j.profile.id == profile.id)
    else {
        return Vec::new();
    };
    let crate::sources::jar::JarState::Read(jar) = &jar.state else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for prov in crate::hosts::PROVIDERS {
        if jar
            .provider_cookies
            .iter()
            .any(|(d, n)| prov.is_session_cookie(d, n))
        {
            out.extend(
                crate::hosts::provider_hosts(Some(prov.method))
                    .iter()
                    .map(|h| (*h, prov.name)),
            );
        }
    }
    out
}

/// A provider judged because the profile is signed in to it, not because `--auth-method` named
/// it: its findings warn (the account may use another method), say why it was looked at, and
/// tell how to make it count.
fn inferred(a: &mut Analysis) {
    // (`settings.secure_dns` findings name their DNS provider under the same key.)
    for f in a.findings.iter_mut().filter(|f| {
        matches!(
            f.kind,
            Kind::CookiesBlocked | Kind::ThirdParty | Kind::ClearOnExit
        ) && f.evidence.contains_key("provider")
    }) {
        if f.status == Status::Fail {
            f.status = Status::Warn;
        }
        let name = f
            .evidence
            .get("provider")
            .and_then(Value::as_str)
            .unwrap_or("the provider")
            .replace(", ", " or ");
        f.text = format!(
            "{}; this profile is signed in to {name}, so \"Continue with {name}\" would need it",
            f.text
        );
        f.evidence.insert("provider_from".into(), json!("cookies"));
    }
}

/// Runs one per-browser (policy) check over every browser.
fn per_browser(facts: &Facts, kind: Kind) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for (inst, pol) in facts.discovery().installs.iter().zip(facts.policies()) {
        if inst.app {
            continue;
        }
        if inst.family == Family::Safari {
            out.push(safari_skip(kind, inst));
            continue;
        }
        if pol.spec.is_none() {
            out.push(skip(
                kind,
                inst,
                None,
                format!(
                    "login-check does not know where {} reads enterprise policies.",
                    inst.name
                ),
            ));
            continue;
        }
        let mut a = Analysis::default();
        a.add_policies(pol, &[Kind::PrivateWindow, Kind::Managed]);
        for i in &pol.ignored {
            a.note(kind, i.clone());
        }
        match kind {
            Kind::PrivateWindow => private_window_findings(inst, pol, &mut a),
            _ => managed_findings(inst, pol, &mut a),
        }
        out.push(build(kind, inst, None, &a, |f| fix(kind, inst, f)));
    }
    out
}

fn cookies_blocked(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, Kind::CookiesBlocked)
}
fn third_party_cookies(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, Kind::ThirdParty)
}
fn clear_on_exit(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, Kind::ClearOnExit)
}
fn secure_dns(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, Kind::SecureDns)
}
fn browser_proxy(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, Kind::Proxy)
}
fn private_window(facts: &Facts) -> Vec<CheckResult> {
    per_browser(facts, Kind::PrivateWindow)
}
fn managed(facts: &Facts) -> Vec<CheckResult> {
    per_browser(facts, Kind::Managed)
}

/// Private windows: Chromium's `IncognitoModeAvailability` (Edge: `InPrivateModeAvailability`),
/// Firefox's `DisablePrivateBrowsing` and a locked `browser.privatebrowsing.autostart`.
fn private_window_findings(inst: &Install, pol: &PolicySet, a: &mut Analysis) {
    let Some(spec) = pol.spec else { return };
    let name = spec.private_policy;
    match inst.family {
        Family::Chromium => {
            let Some(e) = pol.get(name).or_else(|| pol.recommended(name)) else {
                return;
            };
            let level = e.level.as_str();
            match policies::as_int(&e.value) {
                Some(0) => a.note(
                    Kind::PrivateWindow,
                    format!("{name} = 0 (available), in {}", e.source),
                ),
                Some(1) => a.findings.push(
                    Finding::policy(
                        Kind::PrivateWindow,
                        Status::Warn,
                        "private windows are disabled by policy",
                        name,
                        e.value.clone(),
                        &e.source,
                    )
                    .with("meaning", "disabled")
                    .with("level", level),
                ),
                Some(2) => a.findings.push(
                    Finding::policy(
                        Kind::PrivateWindow,
                        Status::Warn,
                        "every window is forced to be private by policy",
                        name,
                        e.value.clone(),
                        &e.source,
                    )
                    .with("meaning", "forced")
                    .with("level", level),
                ),
                _ => a.problem(
                    &[Kind::PrivateWindow],
                    &e.source,
                    format!(
                        "{name} = {}, a value login-check does not know (0, 1 and 2 are)",
                        e.value
                    ),
                ),
            }
        }
        Family::Firefox => {
            if let Some(e) = pol.get(name) {
                match policies::as_bool(&e.value) {
                    Some(true) => a.findings.push(
                        Finding::policy(
                            Kind::PrivateWindow,
                            Status::Warn,
                            "private windows are disabled by policy",
                            name,
                            e.value.clone(),
                            &e.source,
                        )
                        .with("meaning", "disabled"),
                    ),
                    Some(false) => {}
                    None => a.problem(
                        &[Kind::PrivateWindow],
                        &e.source,
                        format!("{name} = {}, which is not true or false", e.value),
                    ),
                }
            }
            if let Some(f) = firefox::forced_private_by_policy(pol) {
                a.findings.push(f);
            }
        }
        Family::Safari => {}
    }
}

/// `settings.managed`: every policy found, the ones that matter listed with value and source.
fn managed_findings(inst: &Install, pol: &PolicySet, a: &mut Analysis) {
    if pol.is_empty() {
        return;
    }
    let relevant: &[&str] = match inst.family {
        Family::Firefox => policies::FIREFOX_RELEVANT,
        _ => policies::CHROMIUM_RELEVANT,
    };
    let mut listed = Vec::new();
    let mut others = Vec::new();
    for (name, e) in pol.all() {
        if relevant.contains(&name.as_str()) {
            listed.push(json!({"policy": name, "value": e.value, "level": e.level.as_str(), "source": e.source}));
        } else {
            others.push(name.clone());
        }
    }
    let n = pol.mandatory.len() + pol.recommended.len();
    let mut f = Finding {
        kind: Kind::Managed,
        status: Status::Warn,
        text: format!(
            "managed by your organisation ({n} polic{})",
            if n == 1 { "y" } else { "ies" }
        ),
        evidence: Map::new(),
        by_policy: true,
    };
    let names: Vec<&str> = listed.iter().filter_map(|p| p["policy"].as_str()).collect();
    if !names.is_empty() {
        a.note(
            Kind::Managed,
            format!("policies that matter for signing in: {}", names.join(", ")),
        );
    }
    f.evidence.insert("policies".into(), Value::Array(listed));
    f.evidence.insert("other_policies".into(), others.into());
    f.evidence
        .insert("sources".into(), pol.sources.clone().into());
    a.findings.push(f);
}

/// The scheme of the browser's internal pages (`edge` for `edge://settings`), from its spec.
pub fn settings_scheme(inst: &Install) -> &'static str {
    inst.chromium_spec().map_or("chrome", |s| s.ui.scheme)
}

fn policy_names(findings: &[&Finding]) -> String {
    let mut names: Vec<String> = findings
        .iter()
        .filter(|f| f.by_policy)
        .filter_map(|f| f.evidence.get("policy").and_then(Value::as_str))
        .map(|s| s.split('.').next().unwrap_or(s).to_string())
        .collect();
    names.dedup();
    names.join(", ")
}

const ADMIN: &str = "This is set by your organisation's policy";

/// The sign-in providers' hosts a setting leaves out, in words ("accounts.google.com (Google's
/// sign-in site)", "Microsoft's sign-in sites (login.microsoftonline.com and login.live.com)"),
/// with the providers' names (each once) and the hosts, for the finding's evidence.
fn providers_named(hosts: &[(&str, &str)]) -> (String, String, Vec<String>) {
    let mut names: Vec<&str> = hosts.iter().map(|(_, p)| *p).collect();
    names.dedup();
    let list: Vec<String> = hosts.iter().map(|(h, _)| h.to_string()).collect();
    let words = match (names.as_slice(), hosts) {
        (_, [(host, provider)]) => format!("{host} ({provider}'s sign-in site)"),
        ([provider], _) => format!("{provider}'s sign-in sites ({})", hosts_text(&list)),
        _ => format!("the sign-in providers' sites ({})", hosts_text(&list)),
    };
    (words, names.join(", "), list)
}

/// A third-party-cookie finding's text with the sign-in providers' sites it leaves out
/// (`covered`: the sign-in sites themselves have exceptions).
fn third_party_text(text: &str, uncovered: &[(&str, &str)], covered: bool) -> String {
    let (named, _, _) = providers_named(uncovered);
    match (uncovered.len(), covered) {
        (0, _) => text.to_string(),
        (1, true) => format!("{text}, and {named} has no exception"),
        (_, true) => format!("{text}, and {named} have no exception"),
        _ => format!("{text}, for {named} too"),
    }
}

/// The providers and hosts a finding is about, as its evidence (none when there are none).
fn with_providers(f: Finding, uncovered: &[(&str, &str)]) -> Finding {
    if uncovered.is_empty() {
        return f;
    }
    let (_, names, hosts) = providers_named(uncovered);
    f.with("provider", names).with("hosts", hosts)
}

/// "Signing in with a provider also needs its site: allow accounts.google.com …", when a
/// finding is about the sign-in provider's hosts.
fn provider_sentence(findings: &[&Finding]) -> Option<String> {
    provider_hosts_of(findings).map(|hosts| {
        format!("Signing in with a provider also needs its site: allow {hosts} the same way.")
    })
}

/// The sign-in provider hosts the findings are about, in words.
fn provider_hosts_of(findings: &[&Finding]) -> Option<String> {
    let mut hosts: Vec<String> = findings
        .iter()
        .filter(|f| f.evidence.contains_key("provider"))
        .filter_map(|f| f.evidence.get("hosts").and_then(Value::as_array))
        .flatten()
        .filter_map(|h| h.as_str().map(str::to_string))
        .collect();
    hosts.sort();
    hosts.dedup();
    (!hosts.is_empty()).then(|| hosts_text(&hosts))
}

/// The fix for a warn or fail of `kind`.
fn fix(kind: Kind, inst: &Install, findings: &[&Finding]) -> String {
    let name = &inst.name;
    let by_policy = findings.iter().any(|f| f.by_policy);
    let by_user = findings.iter().any(|f| !f.by_policy);
    let from_user_js = findings.iter().any(|f| f.source().ends_with("user.js"));
    let s = settings_scheme(inst);
    let mut parts: Vec<String> = Vec::new();
    let admin = |what: &str| {
        format!(
            "{ADMIN} ({}): ask your IT administrator {what}, or sign in from another browser.",
            policy_names(findings)
        )
    };
    let user_js = "The value comes from user.js in the profile folder, which sets it again at every start: remove that line from user.js, then change the setting.";
    match (kind, inst.family) {
        (Kind::CookiesBlocked, Family::Safari) => parts.push(
            "In Safari › Settings › Privacy, untick \"Block all cookies\", then reload the sign-in page.".to_string(),
        ),
        (Kind::Proxy, Family::Safari) => parts.push(
            "iCloud Private Relay sends Safari's pages through shared relay addresses, which Cloudflare, in front of OpenAI's sites, can block or challenge; OpenAI's help article names Private Relay among the things to turn off. Turn it off while you sign in: System Settings › your name › iCloud › Private Relay, or only for this network: the network's Details › \"Limit IP address tracking\" off.".to_string(),
        ),
        (Kind::CookiesBlocked, Family::Chromium) => {
            if by_user {
                // Name only the pages of what is blocked: cookies, JavaScript, or both.
                let pref = |f: &&&Finding| {
                    f.evidence
                        .get("pref")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                let user: Vec<&&Finding> = findings.iter().filter(|f| !f.by_policy).collect();
                let js = user.iter().any(|f| pref(f).contains("javascript"));
                let cookies = user.iter().any(|f| !pref(f).contains("javascript"));
                let sites = "remove openai.com and chatgpt.com from the blocked sites (or allow [*.]openai.com and [*.]chatgpt.com)";
                parts.push(match (cookies, js) {
                    (true, false) => format!(
                        "In {name}, open {s}://settings/content/siteData (older versions: {s}://settings/content/cookies), allow sites to save data and {sites}. Then reload the sign-in page."
                    ),
                    (false, true) => format!(
                        "In {name}, open {s}://settings/content/javascript, allow JavaScript and {sites}. Then reload the sign-in page."
                    ),
                    _ => format!(
                        "In {name}, open {s}://settings/content/siteData (older versions: {s}://settings/content/cookies) and allow sites to save data, and {s}://settings/content/javascript and allow JavaScript; on both pages {sites}. Then reload the sign-in page."
                    ),
                });
            }
            if by_policy {
                parts.push(admin("to allow cookies and JavaScript for [*.]openai.com and [*.]chatgpt.com (CookiesAllowedForUrls, JavaScriptAllowedForUrls)"));
            }
            if let Some(p) = provider_sentence(findings) {
                parts.push(p);
            }
        }
        (Kind::CookiesBlocked, _) => {
            if let Some(p) = provider_sentence(findings) {
                parts.push(p);
            }
            if by_user {
                parts.push(format!(
                    "In {name}, open Settings › Privacy & Security: under Enhanced Tracking Protection choose Standard (or a Custom setting that does not block all cookies), and under Cookies and Site Data › Manage Exceptions remove any Block for openai.com and chatgpt.com (or add https://openai.com and https://chatgpt.com with Allow). If javascript.enabled or dom.storage.enabled was changed in about:config, set it back to true."
                ));
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if by_policy {
                parts.push(admin("to allow cookies for https://openai.com and https://chatgpt.com (the Cookies policy's Allow list)"));
            }
        }
        (Kind::ThirdParty, Family::Chromium) => {
            let brave_sign_in = findings
                .iter()
                .any(|f| f.evidence.contains_key("brave_google_sign_in"));
            let cookies_by_user = findings
                .iter()
                .any(|f| !f.by_policy && !f.evidence.contains_key("brave_google_sign_in"));
            if brave_sign_in {
                parts.push(format!(
                    "In {name}, open brave://settings/content/googleSignIn and let sites ask to use Google sign-in, or remove the Block for openai.com and chatgpt.com there; then choose \"Continue with Google\" again and allow it when {name} asks."
                ));
            }
            if cookies_by_user {
                if let Some(own) = inst.ui().third_party_cookies {
                    parts.push(own.to_string());
                } else {
                    parts.push(format!(
                        "Sign-in redirects between openai.com, auth.openai.com and chatgpt.com can need third-party cookies. Open {s}://settings/cookies and choose to allow third-party cookies, or keep them blocked and add [*.]openai.com and [*.]chatgpt.com under \"Allowed to use third-party cookies\"."
                    ));
                }
            }
            if by_policy {
                parts.push(admin("to add [*.]openai.com and [*.]chatgpt.com to CookiesAllowedForUrls, or to allow third-party cookies (BlockThirdPartyCookies)"));
            }
            // A provider's cookies are third-party ones inside the sign-in pages: the sign-in
            // sites under "Allowed to use third-party cookies" cover them; an exception for the
            // provider's own site must be for it on every site.
            if let Some(hosts) = provider_hosts_of(findings) {
                parts.push(format!(
                    "Signing in with a provider also needs its cookies inside those pages: [*.]openai.com and [*.]chatgpt.com under \"Allowed to use third-party cookies\" cover {hosts} too."
                ));
            }
        }
        (Kind::ThirdParty, _) => {
            if by_user {
                let names: Vec<&str> = findings
                    .iter()
                    .filter(|f| !f.by_policy)
                    .filter_map(|f| f.evidence.get("pref").and_then(Value::as_str))
                    .collect();
                parts.push(format!(
                    "Sign-in redirects between openai.com, auth.openai.com and chatgpt.com can need third-party cookies. In {name}, open Settings › Privacy & Security › Cookies and Site Data › Manage Exceptions and add https://openai.com and https://chatgpt.com with Allow."
                ));
                if names.contains(&"browser.contentblocking.category") {
                    parts.push("Or, on auth.openai.com and chatgpt.com, click the shield icon in the address bar and turn off Enhanced Tracking Protection for the site, or choose Standard protection.".into());
                }
                let advanced: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| *n == "privacy.firstparty.isolate" || *n == "privacy.resistFingerprinting")
                    .collect();
                if !advanced.is_empty() {
                    parts.push(format!(
                        "Set {} back to false in about:config while you sign in (exceptions do not help with these).",
                        advanced.join(" and ")
                    ));
                }
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if by_policy {
                parts.push(admin("to add https://openai.com and https://chatgpt.com to the Cookies policy's Allow list"));
            }
            if let Some(p) = provider_sentence(findings) {
                parts.push(p);
            }
        }
        (Kind::ClearOnExit, Family::Chromium) => {
            parts.push("This explains having to sign in again every time the browser is opened, and why clearing cookies by hand changes nothing.".into());
            if by_user {
                parts.push(format!(
                    "Open {s}://settings/content/siteData (older versions: {s}://settings/cookies) and turn off deleting site data when all windows are closed, or add [*.]openai.com and [*.]chatgpt.com to the sites that may always save data, and remove them from any \"clear on exit\" list."
                ));
            }
            if by_policy {
                parts.push(admin("to keep cookies for [*.]openai.com and [*.]chatgpt.com (CookiesAllowedForUrls)"));
            }
        }
        (Kind::ClearOnExit, _) => {
            parts.push("This explains having to sign in again every time the browser is opened, and why clearing cookies by hand changes nothing.".into());
            if by_user {
                parts.push(format!(
                    "In {name}, open Settings › Privacy & Security: under History choose \"Remember history\" (\"Never remember history\" makes every window private), under Cookies and Site Data untick \"Delete cookies and site data when {name} is closed\", or keep it and in Manage Exceptions set https://openai.com and https://chatgpt.com to Allow (not \"Allow for Session\"), which keeps their cookies."
                ));
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if by_policy {
                parts.push(admin("to add https://openai.com and https://chatgpt.com to the Cookies policy's Allow list"));
            }
            if let Some(p) = provider_sentence(findings) {
                parts.push(p);
            }
        }
        (Kind::PrivateWindow, _) => {
            let forced = findings
                .iter()
                .any(|f| f.evidence.get("meaning").and_then(Value::as_str) == Some("forced"));
            if forced {
                parts.push(format!(
                    "Every {name} window is private, so sign-in cookies are thrown away when it closes and you sign in again each time; the help articles' advice to try a private window changes nothing here. Clear the browser's data for openai.com and chatgpt.com or ask your IT administrator ({}).",
                    policy_names(findings)
                ));
            } else {
                parts.push(format!(
                    "The help articles suggest signing in from a private (incognito) window, but your organisation's policy ({}) turned private windows off in {name}, so that advice cannot be followed here. Instead, clear cookies and site data for openai.com and chatgpt.com and sign in from a normal window, or try another browser or profile; ask your IT administrator if you need private windows.",
                    policy_names(findings)
                ));
            }
        }
        (Kind::SecureDns, family) => {
            let filtering = findings
                .iter()
                .find_map(|f| f.evidence.get("provider").and_then(Value::as_str));
            let forced = findings
                .iter()
                .any(|f| f.evidence.get("pref").and_then(Value::as_str) == Some("network.dns.forceResolve"));
            let local = findings
                .iter()
                .any(|f| f.evidence.get("pref").and_then(Value::as_str) == Some("network.dns.localDomains"));
            if local {
                parts.push(format!(
                    "network.dns.localDomains makes {name} look for sign-in sites on this computer. Open about:config, search for network.dns.localDomains and remove openai.com, chatgpt.com and the other OpenAI names from it (or reset it with the reset arrow), then restart {name}."
                ));
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if forced {
                parts.push(format!(
                    "network.dns.forceResolve makes {name} send every site to one address. Open about:config, search for network.dns.forceResolve and reset it (the reset arrow), then restart {name}."
                ));
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if let Some(p) = filtering {
                parts.push(format!(
                    "{name}'s secure DNS uses {p}, which can leave openai.com, auth.openai.com, chatgpt.com or ab.chatgpt.com without an answer even when the system's DNS (which login-check tested) gives one. Allow those names in the filter's settings, or choose another provider or the default for this sign-in."
                ));
            } else if !forced && !local {
                parts.push(format!(
                    "{name} resolves names only through its own secure DNS server: when that server is slow, unreachable or filters a host, the sign-in pages do not load, while the system's DNS (which login-check tested) works. Choose a mode that falls back to the system's resolver, or another provider, and try again."
                ));
            }
            if by_user && (!(forced || local) || filtering.is_some()) {
                parts.push(match family {
                    Family::Chromium => format!("In {name}, open {s}://settings and search for \"secure DNS\"."),
                    _ => format!("In {name}, open Settings › Privacy & Security › DNS over HTTPS and choose Default Protection or Off."),
                });
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if by_policy {
                parts.push(admin("to allow the sign-in hosts in the resolver's filter, or to change the secure DNS policy (DnsOverHttpsMode, DnsOverHttpsTemplates; Firefox: DNSOverHTTPS)"));
            }
        }
        (Kind::Proxy, family) => {
            let extension = findings
                .iter()
                .find_map(|f| f.evidence.get("extension_name").and_then(Value::as_str));
            parts.push("A proxy of the browser's own carries the sign-in pages: Cloudflare, in front of OpenAI's sites, blocks or challenges many shared proxy and VPN addresses, and OpenAI's help article says to sign in without VPNs and proxies.".into());
            if let Some(x) = extension {
                parts.push(format!(
                    "Turn off the extension {x} in {name} ({}) while you sign in, or set it to connect directly, then reload the sign-in page.",
                    inst.ui().extensions
                ));
            } else if by_user {
                parts.push(match family {
                    Family::Chromium => format!("{name} keeps this proxy in the profile's Preferences, which has no settings page: start {name} with --no-proxy-server to test, or reset its settings ({s}://settings/reset)."),
                    _ => format!("In {name}, open Settings › General › Network Settings › Settings… and choose \"Use system proxy settings\" or \"No proxy\", then reload the sign-in page."),
                });
                if from_user_js {
                    parts.push(user_js.into());
                }
            }
            if by_policy {
                parts.push(admin("whether the proxy lets auth.openai.com, chatgpt.com and openai.com through (ProxySettings, ProxyMode; Firefox: Proxy)"));
            }
        }
        (Kind::Managed, _) => parts.push(format!(
            "{name} is managed by your organisation. If signing in fails, or your email's domain is verified by an OpenAI organisation (single sign-on), consult your IT administrator, as OpenAI's help article advises, and mention the policies listed in this report's evidence; the other settings checks say which of them block signing in."
        )),
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_lists_read_naturally() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(hosts_text(&h(&["chatgpt.com"])), "chatgpt.com");
        assert_eq!(
            hosts_text(&h(&["a.openai.com", "chatgpt.com"])),
            "a.openai.com and chatgpt.com"
        );
        assert_eq!(hosts_text(&h(&["a", "b", "c", "d"])), "a, b and 2 more");
        assert_eq!(hosts_text(&h(LOGIN_HOSTS)), "every sign-in host");
    }

    #[test]
    fn seven_checks_in_the_settings_category() {
        let d: Vec<_> = crate::checks::all()
            .iter()
            .filter(|c| c.category == crate::model::Category::Settings)
            .collect();
        assert_eq!(d.len(), 7);
        assert!(d.iter().all(|c| !c.network));
        assert!(d.iter().all(|c| c.id.starts_with("settings.")));
    }
}
