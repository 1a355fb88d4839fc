//! Firefox family: the verdicts on a profile's `prefs.js` and `user.js`, its cookie
//! permissions in `permissions.sqlite` (as [`crate::sources::firefox::prefs`] and
//! [`crate::sources::firefox::permissions`] read them), and the browser's policies. Pure: no
//! file is read here.
//!
//! How a pref's value is decided, highest first (as Firefox applies them at start-up):
//! 1. locked by a policy (`Preferences` with `"Status": "locked"`, `Cookies` with `Locked`,
//!    `SanitizeOnShutdown`, …) or by `lockPref(…)`;
//! 2. a policy's `"Status": "user"` value;
//! 3. `user.js` (`user_pref`, re-applied at every start), then `prefs.js` (the user's values);
//! 4. a policy's default (`Preferences` `"Status": "default"`, unlocked `Cookies.Behavior`, …),
//!    then `pref(…)` lines;
//! 5. Firefox's default ([`PREFS`], checked against Debian's `firefox-esr` 153
//!    `browser/defaults/preferences/firefox.js` where it lists them).
//!
//! Cookie permissions (`moz_perms`, `type = 'cookie'`; 1 allow, 2 block, 8 allow for the
//! session) and the `Cookies` policy's `Allow`/`Block`/`AllowSession` lists apply to a host and
//! its subdomains; the most specific host wins, a policy on a tie. An Allow overrides
//! `cookieBehavior` and keeps the site's cookies when Firefox clears cookies on shutdown.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::{Analysis, Finding, Kind, PROFILE_KINDS, hosts_text};
use crate::formats::prefs_js::{PrefValue, Spec};
use crate::formats::site_patterns::Origin;
use crate::hosts::LOGIN_HOSTS;
use crate::model::Status;
use crate::resolvers as dns;
use crate::sources::firefox::permissions::{Permissions, Read as PermsRead};
use crate::sources::firefox::prefs::{Read as PrefsRead, UserPrefs};
use crate::sources::network::proxy::remove_list_credentials;
use crate::sources::policies::{self, PolicyEntry, PolicySet};
use crate::sources::settings::FirefoxSettings;

/// A pref login-check reads, its default, and the checks it matters to.
pub struct PrefSpec {
    pub name: &'static str,
    pub default: PrefDefault,
    pub kinds: &'static [Kind],
}

/// A built-in default.
#[derive(Debug, Clone, Copy)]
pub enum PrefDefault {
    Bool(bool),
    Int(i32),
    Str(&'static str),
}

impl PrefDefault {
    fn value(self) -> PrefValue {
        match self {
            PrefDefault::Bool(b) => PrefValue::Bool(b),
            PrefDefault::Int(i) => PrefValue::Int(i),
            PrefDefault::Str(s) => PrefValue::Str(s.to_string()),
        }
    }
}

use Kind::{ClearOnExit, CookiesBlocked, Proxy, SecureDns, ThirdParty};

pub const COOKIE_BEHAVIOR: &str = "network.cookie.cookieBehavior";
pub const COOKIE_BEHAVIOR_PB: &str = "network.cookie.cookieBehavior.pbmode";
pub const CATEGORY: &str = "browser.contentblocking.category";
pub const FPI: &str = "privacy.firstparty.isolate";
pub const RFP: &str = "privacy.resistFingerprinting";
pub const JAVASCRIPT: &str = "javascript.enabled";
pub const DOM_STORAGE: &str = "dom.storage.enabled";
pub const SANITIZE: &str = "privacy.sanitize.sanitizeOnShutdown";
pub const CLEAR_COOKIES: &str = "privacy.clearOnShutdown.cookies";
pub const CLEAR_COOKIES_V2: &str = "privacy.clearOnShutdown_v2.cookiesAndStorage";
pub const LIFETIME: &str = "network.cookie.lifetimePolicy";
pub const AUTOSTART: &str = "browser.privatebrowsing.autostart";
pub const TRR_MODE: &str = "network.trr.mode";
pub const TRR_URI: &str = "network.trr.uri";
pub const ROLLOUT_MODE: &str = "doh-rollout.mode";
pub const ROLLOUT_URI: &str = "doh-rollout.uri";
pub const FORCE_RESOLVE: &str = "network.dns.forceResolve";
/// Names Firefox resolves to this computer (127.0.0.1) itself, each named exactly, separated by
/// commas (Mozilla's own tests set it so: `"www.example.com, crl.example.com"`).
pub const LOCAL_DOMAINS: &str = "network.dns.localDomains";
pub const PROXY_TYPE: &str = "network.proxy.type";
pub const PROXY_PAC: &str = "network.proxy.autoconfig_url";
/// The hosts a manual proxy leaves alone ("No proxy for"; the Proxy policy's `Passthrough`).
pub const NO_PROXIES_ON: &str = "network.proxy.no_proxies_on";
/// The manual proxies: host pref, port pref, and what each carries.
pub const MANUAL_PROXIES: &[(&str, &str, &str)] = &[
    ("network.proxy.ssl", "network.proxy.ssl_port", "HTTPS"),
    ("network.proxy.http", "network.proxy.http_port", "HTTP"),
    ("network.proxy.socks", "network.proxy.socks_port", "SOCKS"),
];
/// Firefox's built-in DoH provider, used when `network.trr.uri` is empty.
pub const DEFAULT_TRR: &str = "https://mozilla.cloudflare-dns.com/dns-query";

pub const PREFS: &[PrefSpec] = &[
    PrefSpec {
        name: COOKIE_BEHAVIOR,
        default: PrefDefault::Int(5),
        kinds: &[CookiesBlocked, ThirdParty],
    },
    PrefSpec {
        name: COOKIE_BEHAVIOR_PB,
        default: PrefDefault::Int(5),
        kinds: &[CookiesBlocked, ThirdParty],
    },
    PrefSpec {
        name: CATEGORY,
        default: PrefDefault::Str("standard"),
        kinds: &[ThirdParty],
    },
    PrefSpec {
        name: FPI,
        default: PrefDefault::Bool(false),
        kinds: &[ThirdParty],
    },
    PrefSpec {
        name: RFP,
        default: PrefDefault::Bool(false),
        kinds: &[ThirdParty],
    },
    PrefSpec {
        name: JAVASCRIPT,
        default: PrefDefault::Bool(true),
        kinds: &[CookiesBlocked],
    },
    PrefSpec {
        name: DOM_STORAGE,
        default: PrefDefault::Bool(true),
        kinds: &[CookiesBlocked],
    },
    PrefSpec {
        name: SANITIZE,
        default: PrefDefault::Bool(false),
        kinds: &[ClearOnExit],
    },
    PrefSpec {
        name: CLEAR_COOKIES,
        default: PrefDefault::Bool(true),
        kinds: &[ClearOnExit],
    },
    PrefSpec {
        name: CLEAR_COOKIES_V2,
        default: PrefDefault::Bool(true),
        kinds: &[ClearOnExit],
    },
    PrefSpec {
        name: LIFETIME,
        default: PrefDefault::Int(0),
        kinds: &[ClearOnExit],
    },
    PrefSpec {
        name: AUTOSTART,
        default: PrefDefault::Bool(false),
        kinds: &[ClearOnExit],
    },
    // Secure DNS (`bagder/TRRprefs`; defaults from Firefox's `greprefs.js`/StaticPrefList:
    // mode 0, empty URI: the built-in provider).
    PrefSpec {
        name: TRR_MODE,
        default: PrefDefault::Int(0),
        kinds: &[SecureDns],
    },
    PrefSpec {
        name: TRR_URI,
        default: PrefDefault::Str(""),
        kinds: &[SecureDns],
    },
    PrefSpec {
        name: ROLLOUT_MODE,
        default: PrefDefault::Int(0),
        kinds: &[SecureDns],
    },
    PrefSpec {
        name: ROLLOUT_URI,
        default: PrefDefault::Str(""),
        kinds: &[SecureDns],
    },
    PrefSpec {
        name: FORCE_RESOLVE,
        default: PrefDefault::Str(""),
        kinds: &[SecureDns],
    },
    PrefSpec {
        name: LOCAL_DOMAINS,
        default: PrefDefault::Str(""),
        kinds: &[SecureDns],
    },
    // Proxies (`network.proxy.type`: 0 none, 1 manual, 2 PAC, 4 WPAD, 5 system, the default;
    // the rest from `greprefs.js`).
    PrefSpec {
        name: PROXY_TYPE,
        default: PrefDefault::Int(5),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: PROXY_PAC,
        default: PrefDefault::Str(""),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: NO_PROXIES_ON,
        default: PrefDefault::Str(""),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.ssl",
        default: PrefDefault::Str(""),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.ssl_port",
        default: PrefDefault::Int(0),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.http",
        default: PrefDefault::Str(""),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.http_port",
        default: PrefDefault::Int(0),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.socks",
        default: PrefDefault::Str(""),
        kinds: &[Proxy],
    },
    PrefSpec {
        name: "network.proxy.socks_port",
        default: PrefDefault::Int(0),
        kinds: &[Proxy],
    },
];

/// `network.cookie.cookieBehavior` (`nsICookieService`): value, the `Cookies.Behavior` policy
/// name, and what it means.
pub const COOKIE_BEHAVIORS: &[(i32, &str, &str)] = &[
    (0, "accept", "accept all cookies"),
    (1, "reject-foreign", "block all third-party cookies"),
    (2, "reject", "block all cookies"),
    (
        3,
        "limit-foreign",
        "block third-party cookies of sites not visited",
    ),
    (4, "reject-tracker", "block cross-site tracking cookies"),
    (
        5,
        "reject-tracker-and-partition-foreign",
        "block trackers and isolate other cross-site cookies (Total Cookie Protection)",
    ),
];

/// Cookie permission values (`nsIPermissionManager`, `nsICookiePermission`).
pub const PERM_ALLOW: i64 = 1;
pub const PERM_DENY: i64 = 2;
pub const PERM_SESSION: i64 = 8;

fn behavior_meaning(v: i32) -> &'static str {
    COOKIE_BEHAVIORS
        .iter()
        .find(|(n, _, _)| *n == v)
        .map(|(_, _, m)| *m)
        .unwrap_or("unknown")
}

fn kinds_of(name: &str) -> &'static [Kind] {
    PREFS
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.kinds)
        .unwrap_or(&[])
}

/// Where a pref's value came from.
#[derive(Debug, Clone)]
pub struct Setter {
    pub value: PrefValue,
    /// The file (as displayed), a policy's source, or `default`.
    pub source: String,
    /// The policy that set it (`Cookies.Behavior`, `Preferences`).
    pub policy: Option<String>,
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
enum Layer {
    Locked = 0,
    PolicyUser = 1,
    UserJs = 2,
    PrefsJs = 3,
    PolicyDefault = 4,
    FileDefault = 5,
}

/// The layers of pref values, highest first.
#[derive(Debug, Default)]
pub struct Resolver {
    layers: [BTreeMap<String, Setter>; 6],
    /// Prefs whose user value a policy clears at start-up (`"Status": "clear"`).
    cleared: BTreeSet<String>,
}

impl Resolver {
    fn set(&mut self, layer: Layer, name: &str, setter: Setter) {
        self.layers[layer as usize].insert(name.to_string(), setter);
    }

    /// The value Firefox uses, and where it came from.
    pub fn get(&self, name: &str) -> Setter {
        for (i, layer) in self.layers.iter().enumerate() {
            let user = i == Layer::UserJs as usize || i == Layer::PrefsJs as usize;
            if user && self.cleared.contains(name) {
                continue;
            }
            if let Some(s) = layer.get(name) {
                return s.clone();
            }
        }
        let default = PREFS
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.default.value())
            .unwrap_or(PrefValue::Bool(false));
        Setter {
            value: default,
            source: "default".into(),
            policy: None,
            line: None,
        }
    }

    fn typed(&self, name: &str, a: &mut Analysis) -> Option<Setter> {
        let s = self.get(name);
        let expected = PREFS
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.default.value());
        let same = matches!(
            (&s.value, &expected),
            (PrefValue::Bool(_), Some(PrefValue::Bool(_)))
                | (PrefValue::Int(_), Some(PrefValue::Int(_)))
                | (PrefValue::Str(_), Some(PrefValue::Str(_)))
        );
        if !same {
            let want = expected.as_ref().map(|e| e.type_name()).unwrap_or("?");
            a.problem(
                kinds_of(name),
                &s.source,
                format!(
                    "{name} is {} ({}), but Firefox expects {want}",
                    s.value.type_name(),
                    s.value.to_json()
                ),
            );
            return None;
        }
        Some(s)
    }

    fn int(&self, name: &str, a: &mut Analysis) -> Option<(i32, Setter)> {
        let s = self.typed(name, a)?;
        match s.value {
            PrefValue::Int(i) => Some((i, s)),
            _ => None,
        }
    }

    fn bool(&self, name: &str, a: &mut Analysis) -> Option<(bool, Setter)> {
        let s = self.typed(name, a)?;
        match s.value {
            PrefValue::Bool(b) => Some((b, s)),
            _ => None,
        }
    }

    fn string(&self, name: &str, a: &mut Analysis) -> Option<(String, Setter)> {
        let s = self.typed(name, a)?;
        match &s.value {
            PrefValue::Str(v) => Some((v.clone(), s)),
            _ => None,
        }
    }
}

/// A finding about a pref, naming the policy too when one set it.
fn pref_finding(
    kind: Kind,
    status: Status,
    text: impl Into<String>,
    name: &str,
    s: &Setter,
) -> Finding {
    let mut f = match &s.policy {
        Some(p) => {
            Finding::policy(kind, status, text, p, s.value.to_json(), &s.source).with("pref", name)
        }
        None => Finding::pref(kind, status, text, name, s.value.to_json(), &s.source),
    };
    if let Some(line) = s.line {
        f = f.with("line", line);
    }
    f
}

/// A cookie permission (from `permissions.sqlite` or the `Cookies` policy).
#[derive(Debug, Clone)]
struct Perm {
    origin: Origin,
    raw: String,
    value: i64,
    by_policy: bool,
    /// `moz_perms` or the policy (`Cookies.Block`).
    name: String,
    source: String,
}

/// Judges one profile's settings: its pref files and cookie permissions as read, under the
/// browser's policies, at `now` (permissions expire).
pub fn analyze(settings: &FirefoxSettings, pol: &PolicySet, now: OffsetDateTime) -> Analysis {
    analyze_with(settings, pol, now, &[])
}

/// [`analyze`], also judging the cookie permissions of the sign-in provider's hosts the account
/// uses (`(host, provider)`).
pub fn analyze_with(
    settings: &FirefoxSettings,
    pol: &PolicySet,
    now: OffsetDateTime,
    providers: &[(&str, &str)],
) -> Analysis {
    let mut a = Analysis::default();
    a.add_policies(pol, PROFILE_KINDS);
    let mut r = Resolver::default();
    policy_prefs(pol, &mut r, &mut a);
    let files = &settings.prefs;
    let found_prefs = add_pref_file(&files.prefs_js, Layer::PrefsJs, &mut r, &mut a);
    add_pref_file(&files.user_js, Layer::UserJs, &mut r, &mut a);
    if !found_prefs {
        for k in PROFILE_KINDS {
            a.note(
                *k,
                "there is no prefs.js yet (the profile has not been used), so Firefox's defaults apply",
            );
        }
    }
    let hosts: Vec<&str> = LOGIN_HOSTS
        .iter()
        .copied()
        .chain(providers.iter().map(|(h, _)| *h))
        .collect();
    let mut perms = permissions(&settings.permissions, now, &mut a, &hosts);
    perms.extend(policy_permissions(pol, &mut a, &hosts));
    evaluate(&r, &perms, providers, &mut a);
    provider_findings(&perms, providers, &mut a);
    a
}

/// A cookie permission that blocks a provider's sign-in host, or keeps its cookies for the
/// session only, named as the provider's.
fn provider_findings(perms: &[Perm], providers: &[(&str, &str)], a: &mut Analysis) {
    for (host, provider) in providers {
        let hosts = vec![host.to_string()];
        let Some(p) = perm_for(perms, host) else {
            continue;
        };
        let (kind, status, text) = match p.value {
            PERM_DENY => (
                CookiesBlocked,
                Status::Fail,
                format!("cookies are blocked for {host} ({provider}'s sign-in site)"),
            ),
            PERM_SESSION => (
                ClearOnExit,
                Status::Warn,
                format!(
                    "cookies for {host} ({provider}'s sign-in site) are kept only until the browser closes"
                ),
            ),
            _ => continue,
        };
        a.findings
            .push(perm_finding(kind, status, text, p, &hosts).with("provider", *provider));
    }
}

/// Takes in `prefs.js` or `user.js`; false when it does not exist.
fn add_pref_file(file: &UserPrefs, user_layer: Layer, r: &mut Resolver, a: &mut Analysis) -> bool {
    let shown = &file.shown;
    let parsed = match &file.read {
        PrefsRead::Missing => return false,
        PrefsRead::Unreadable(why) => {
            a.problem(PROFILE_KINDS, shown, why.clone());
            return true;
        }
        PrefsRead::Parsed(f) => f,
    };
    a.source(shown);
    for p in &parsed.prefs {
        if kinds_of(&p.name).is_empty() {
            continue;
        }
        let layer = match p.spec {
            _ if p.locked => Layer::Locked,
            Spec::User => user_layer,
            Spec::Lock => Layer::Locked,
            Spec::Default | Spec::Sticky => Layer::FileDefault,
        };
        r.set(
            layer,
            &p.name,
            Setter {
                value: p.value.clone(),
                source: shown.clone(),
                policy: None,
                line: Some(p.line),
            },
        );
    }
    for e in &parsed.errors {
        let (kinds, what) = match &e.name {
            Some(n) => (kinds_of(n), format!("the line setting {n}")),
            None => (
                PROFILE_KINDS,
                "a line whose pref could not be told".to_string(),
            ),
        };
        if !kinds.is_empty() {
            a.problem(
                kinds,
                shown,
                format!("line {}: {what} cannot be read ({})", e.line, e.message),
            );
        }
    }
    true
}

fn json_to_pref(v: &Value) -> Option<PrefValue> {
    match v {
        Value::Bool(b) => Some(PrefValue::Bool(*b)),
        Value::Number(n) => n
            .as_i64()
            .and_then(|i| i32::try_from(i).ok())
            .map(PrefValue::Int),
        Value::String(s) => Some(PrefValue::Str(s.clone())),
        _ => None,
    }
}

/// Turns the policies that set prefs into pref layers.
fn policy_prefs(pol: &PolicySet, r: &mut Resolver, a: &mut Analysis) {
    if let Some(e) = pol.get("Preferences") {
        preferences_policy(e, r, a);
    }
    if let Some(e) = pol.get("Cookies") {
        cookies_policy(e, r, a);
    }
    if let Some(e) = pol.get("EnableTrackingProtection") {
        tracking_protection_policy(e, r);
    }
    if let Some(e) = pol.get("SanitizeOnShutdown") {
        sanitize_policy(e, r, a);
    }
    if let Some(e) = pol.get("DNSOverHTTPS") {
        doh_policy(e, r, a);
    }
    if let Some(e) = pol.get("Proxy") {
        proxy_policy(e, r, a);
    }
}

/// The layer of a policy that sets default prefs, or locks them with `Locked`.
fn default_or_locked(o: &serde_json::Map<String, Value>) -> Layer {
    if o.get("Locked").and_then(policies::as_bool) == Some(true) {
        Layer::Locked
    } else {
        Layer::PolicyDefault
    }
}

/// `DNSOverHTTPS` (Firefox's `Policies.sys.mjs`): `Enabled` sets `network.trr.mode` to 2 (3 when
/// `Fallback` is false), or 5 when false; `ProviderURL` sets `network.trr.uri`; default prefs,
/// locked with `Locked`.
fn doh_policy(e: &PolicyEntry, r: &mut Resolver, a: &mut Analysis) {
    let Some(o) = policies::as_object(&e.value) else {
        a.problem(
            &[SecureDns],
            &e.source,
            "the DNSOverHTTPS policy is not an object",
        );
        return;
    };
    let layer = default_or_locked(&o);
    if let Some(on) = o.get("Enabled").and_then(policies::as_bool) {
        let fallback = o.get("Fallback").and_then(policies::as_bool) != Some(false);
        let mode = match (on, fallback) {
            (false, _) => 5,
            (true, true) => 2,
            (true, false) => 3,
        };
        r.set(
            layer,
            TRR_MODE,
            setter(PrefValue::Int(mode), "DNSOverHTTPS", &e.source),
        );
    }
    if let Some(u) = o.get("ProviderURL").and_then(Value::as_str) {
        r.set(
            layer,
            TRR_URI,
            setter(
                PrefValue::Str(u.to_string()),
                "DNSOverHTTPS.ProviderURL",
                &e.source,
            ),
        );
    }
}

/// `Proxy` (Firefox's `ProxyPolicies.sys.mjs`): `Mode` sets `network.proxy.type` (`none` 0,
/// `system` 5, `manual` 1, `autoDetect` 4, `autoConfig` 2), `HTTPProxy`/`SSLProxy`/`SOCKSProxy`
/// (`host:port`) the manual proxies, `AutoConfigURL` the PAC address; default prefs, locked with
/// `Locked`.
fn proxy_policy(e: &PolicyEntry, r: &mut Resolver, a: &mut Analysis) {
    let Some(o) = policies::as_object(&e.value) else {
        a.problem(&[Proxy], &e.source, "the Proxy policy is not an object");
        return;
    };
    let layer = default_or_locked(&o);
    if let Some(m) = o.get("Mode").and_then(Value::as_str) {
        let t = match m {
            "none" => 0,
            "manual" => 1,
            "autoConfig" => 2,
            "autoDetect" => 4,
            "system" => 5,
            other => {
                a.problem(
                    &[Proxy],
                    &e.source,
                    format!(
                        "Proxy.Mode = \"{}\", a value login-check does not know",
                        crate::formats::clip(other, 40)
                    ),
                );
                return;
            }
        };
        r.set(
            layer,
            PROXY_TYPE,
            setter(PrefValue::Int(t), "Proxy.Mode", &e.source),
        );
    }
    if let Some(u) = o.get("AutoConfigURL").and_then(Value::as_str) {
        r.set(
            layer,
            PROXY_PAC,
            setter(
                PrefValue::Str(u.to_string()),
                "Proxy.AutoConfigURL",
                &e.source,
            ),
        );
    }
    if let Some(u) = o.get("Passthrough").and_then(Value::as_str) {
        r.set(
            layer,
            NO_PROXIES_ON,
            setter(
                PrefValue::Str(u.to_string()),
                "Proxy.Passthrough",
                &e.source,
            ),
        );
    }
    // `UseHTTPProxyForAllProtocols` copies the HTTP proxy to the others (ProxyPolicies.sys.mjs).
    let all = o
        .get("UseHTTPProxyForAllProtocols")
        .and_then(policies::as_bool)
        == Some(true);
    for (key, (host_pref, port_pref, _)) in ["SSLProxy", "HTTPProxy", "SOCKSProxy"]
        .iter()
        .zip(MANUAL_PROXIES)
    {
        let given = if all && *key != "HTTPProxy" {
            o.get("HTTPProxy")
        } else {
            o.get(*key)
        };
        let Some(v) = given.and_then(Value::as_str) else {
            continue;
        };
        let v = v.trim();
        let (host, port) = match v.rsplit_once(':') {
            Some((h, p)) if p.parse::<i32>().is_ok() => (h, p.parse::<i32>().unwrap_or(0)),
            _ => (v, 0),
        };
        let policy = format!("Proxy.{key}");
        r.set(
            layer,
            host_pref,
            setter(PrefValue::Str(host.to_string()), &policy, &e.source),
        );
        r.set(
            layer,
            port_pref,
            setter(PrefValue::Int(port), &policy, &e.source),
        );
    }
}

/// A pref value set by a policy.
fn setter(value: PrefValue, policy: &str, source: &str) -> Setter {
    Setter {
        value,
        source: source.to_string(),
        policy: Some(policy.to_string()),
        line: None,
    }
}

/// The `Preferences` policy: each pref it sets, at the layer its `Status` gives (`clear` drops
/// the user's value).
fn preferences_policy(e: &PolicyEntry, r: &mut Resolver, a: &mut Analysis) {
    match policies::as_object(&e.value) {
        Some(map) => {
            for (name, spec) in map {
                let kinds = kinds_of(&name);
                if kinds.is_empty() {
                    continue;
                }
                let (raw, status) = match &spec {
                    Value::Object(o) => (
                        o.get("Value").cloned().unwrap_or(Value::Null),
                        o.get("Status")
                            .and_then(Value::as_str)
                            .unwrap_or("default")
                            .to_string(),
                    ),
                    // The old form: a bare value, locked.
                    other => (other.clone(), "locked".to_string()),
                };
                if status == "clear" {
                    r.cleared.insert(name.clone());
                    continue;
                }
                // Booleans arrive as 0/1 from the registry and plists.
                let value = match (json_to_pref(&raw), PREFS.iter().find(|p| p.name == name)) {
                    (Some(PrefValue::Int(i @ (0 | 1))), Some(p))
                        if matches!(p.default, PrefDefault::Bool(_)) =>
                    {
                        Some(PrefValue::Bool(i == 1))
                    }
                    (v, _) => v,
                };
                let Some(value) = value else {
                    a.problem(
                        kinds,
                        &e.source,
                        format!("Preferences sets {name} to {raw}, which is not a pref value"),
                    );
                    continue;
                };
                let layer = match status.as_str() {
                    "locked" => Layer::Locked,
                    "user" => Layer::PolicyUser,
                    "default" => Layer::PolicyDefault,
                    other => {
                        a.problem(kinds, &e.source, format!("Preferences gives {name} the status \"{other}\", which login-check does not know"));
                        continue;
                    }
                };
                r.set(layer, &name, setter(value, "Preferences", &e.source));
            }
        }
        None => a.problem(
            PROFILE_KINDS,
            &e.source,
            "the Preferences policy is not an object",
        ),
    }
}

/// The `Cookies` policy's behaviors (and their deprecated keys) and `ExpireAtSessionEnd`.
fn cookies_policy(e: &PolicyEntry, r: &mut Resolver, a: &mut Analysis) {
    let kinds = [CookiesBlocked, ThirdParty, ClearOnExit];
    match policies::as_object(&e.value) {
        Some(o) => {
            let locked = o.get("Locked").and_then(policies::as_bool).unwrap_or(false);
            let layer = if locked {
                Layer::Locked
            } else {
                Layer::PolicyDefault
            };
            let mut behavior: Option<(i32, &str)> = None;
            let mut behavior_pb: Option<(i32, &str)> = None;
            // The deprecated keys set both modes.
            if o.get("Default").and_then(policies::as_bool) == Some(false) {
                behavior = Some((2, "Cookies.Default"));
            } else if let Some(t) = o.get("AcceptThirdParty").and_then(Value::as_str) {
                match t {
                    "never" => behavior = Some((1, "Cookies.AcceptThirdParty")),
                    "from-visited" => behavior = Some((3, "Cookies.AcceptThirdParty")),
                    "always" => {}
                    other => a.problem(&kinds, &e.source, format!("Cookies.AcceptThirdParty = \"{other}\", a value login-check does not know")),
                }
            } else if o.get("RejectTracker").and_then(policies::as_bool) == Some(true) {
                behavior = Some((4, "Cookies.RejectTracker"));
            }
            behavior_pb = behavior_pb.or(behavior);
            for (key, slot) in [
                ("Behavior", &mut behavior),
                ("BehaviorPrivateBrowsing", &mut behavior_pb),
            ] {
                if let Some(v) = o.get(key) {
                    match v
                        .as_str()
                        .and_then(|s| COOKIE_BEHAVIORS.iter().find(|(_, n, _)| *n == s))
                    {
                        Some((n, _, _)) => {
                            *slot = Some((
                                *n,
                                if key == "Behavior" {
                                    "Cookies.Behavior"
                                } else {
                                    "Cookies.BehaviorPrivateBrowsing"
                                },
                            ))
                        }
                        None => a.problem(
                            &kinds,
                            &e.source,
                            format!("Cookies.{key} = {v}, a value login-check does not know"),
                        ),
                    }
                }
            }
            if let Some((n, policy)) = behavior {
                r.set(
                    layer,
                    COOKIE_BEHAVIOR,
                    setter(PrefValue::Int(n), policy, &e.source),
                );
            }
            if let Some((n, policy)) = behavior_pb {
                r.set(
                    layer,
                    COOKIE_BEHAVIOR_PB,
                    setter(PrefValue::Int(n), policy, &e.source),
                );
            }
            if let Some(b) = o.get("ExpireAtSessionEnd").and_then(policies::as_bool) {
                r.set(
                    layer,
                    LIFETIME,
                    setter(
                        PrefValue::Int(if b { 2 } else { 0 }),
                        "Cookies.ExpireAtSessionEnd",
                        &e.source,
                    ),
                );
            }
        }
        None => a.problem(&kinds, &e.source, "the Cookies policy is not an object"),
    }
}

/// `EnableTrackingProtection.Category`.
fn tracking_protection_policy(e: &PolicyEntry, r: &mut Resolver) {
    if let Some(o) = policies::as_object(&e.value) {
        if let Some(c) = o.get("Category").and_then(Value::as_str) {
            let locked = o.get("Locked").and_then(policies::as_bool).unwrap_or(false);
            let layer = if locked {
                Layer::Locked
            } else {
                Layer::PolicyDefault
            };
            r.set(
                layer,
                CATEGORY,
                setter(
                    PrefValue::Str(c.to_string()),
                    "EnableTrackingProtection.Category",
                    &e.source,
                ),
            );
        }
    }
}

/// `SanitizeOnShutdown`: true/false, or an object of items (`Cookies`, `Locked`).
fn sanitize_policy(e: &PolicyEntry, r: &mut Resolver, a: &mut Analysis) {
    let clear = |r: &mut Resolver, layer: Layer, b: bool, policy: &str| {
        for name in [CLEAR_COOKIES, CLEAR_COOKIES_V2] {
            r.set(layer, name, setter(PrefValue::Bool(b), policy, &e.source));
        }
    };
    if let Some(b) = policies::as_bool(&e.value) {
        r.set(
            Layer::Locked,
            SANITIZE,
            setter(PrefValue::Bool(b), "SanitizeOnShutdown", &e.source),
        );
        clear(r, Layer::Locked, b, "SanitizeOnShutdown");
    } else if let Some(o) = policies::as_object(&e.value) {
        // Without `Locked` everything is locked; items not listed are set to false.
        let explicit = o.get("Locked").and_then(policies::as_bool);
        let layer = |locked: bool| {
            if locked {
                Layer::Locked
            } else {
                Layer::PolicyDefault
            }
        };
        r.set(
            layer(explicit.unwrap_or(true)),
            SANITIZE,
            setter(PrefValue::Bool(true), "SanitizeOnShutdown", &e.source),
        );
        match o.get("Cookies").and_then(policies::as_bool) {
            Some(b) => clear(
                r,
                layer(explicit.unwrap_or(true)),
                b,
                "SanitizeOnShutdown.Cookies",
            ),
            None => clear(r, layer(explicit.is_none()), false, "SanitizeOnShutdown"),
        }
    } else {
        a.problem(
            &[ClearOnExit],
            &e.source,
            format!(
                "SanitizeOnShutdown = {}, which is neither true/false nor an object",
                e.value
            ),
        );
    }
}

/// The cookie permissions of `permissions.sqlite` that apply to a login host and have not
/// expired at `now`.
fn permissions(
    p: &Permissions,
    now: OffsetDateTime,
    a: &mut Analysis,
    hosts: &[&str],
) -> Vec<Perm> {
    let shown = &p.shown;
    let kinds = [CookiesBlocked, ClearOnExit, ThirdParty];
    let rows = match &p.read {
        PermsRead::Missing => return Vec::new(),
        PermsRead::Unreadable(why) => {
            a.problem(&kinds, shown, why.clone());
            return Vec::new();
        }
        PermsRead::QueryFailed(why) => {
            a.source(shown);
            a.problem(&kinds, shown, why.clone());
            return Vec::new();
        }
        PermsRead::Rows(rows) => rows,
    };
    a.source(shown);
    let now_ms = now.unix_timestamp() * 1000;
    let mut out = Vec::new();
    for row in rows {
        let Some(raw) = row.origin.clone() else {
            continue;
        };
        let (value, expire_type, expire_time) = (row.permission, row.expire_type, row.expire_time);
        let Ok(origin) = Origin::parse(&raw) else {
            continue;
        };
        if !hosts.iter().any(|h| origin.applies_to_login_host(h)) {
            continue;
        }
        // expireType 2: until expireTime (ms since 1970).
        if expire_type == Some(2) && expire_time.is_some_and(|t| t <= now_ms) {
            continue;
        }
        match value {
            Some(v @ (PERM_ALLOW | PERM_DENY | PERM_SESSION)) => out.push(Perm {
                origin,
                raw,
                value: v,
                by_policy: false,
                name: "moz_perms".into(),
                source: shown.clone(),
            }),
            other => a.problem(
                &kinds,
                shown,
                format!(
                    "the cookie permission for {raw} has the value {}, which login-check does not know",
                    other.map(|v| v.to_string()).unwrap_or_else(|| "NULL".into())
                ),
            ),
        }
    }
    out
}

/// The `Cookies` policy's `Allow`, `Block` and `AllowSession` lists.
fn policy_permissions(pol: &PolicySet, a: &mut Analysis, hosts: &[&str]) -> Vec<Perm> {
    let Some(e) = pol.get("Cookies") else {
        return Vec::new();
    };
    let Some(o) = policies::as_object(&e.value) else {
        return Vec::new();
    };
    let kinds = [CookiesBlocked, ClearOnExit, ThirdParty];
    let mut out = Vec::new();
    for (key, value) in [
        ("Block", PERM_DENY),
        ("AllowSession", PERM_SESSION),
        ("Allow", PERM_ALLOW),
    ] {
        let Some(v) = o.get(key) else { continue };
        let Some(items) = policies::as_list(v) else {
            a.problem(&kinds, &e.source, format!("Cookies.{key} is not a list"));
            continue;
        };
        for item in items {
            let Some(s) = item.as_str() else {
                a.problem(
                    &kinds,
                    &e.source,
                    format!("Cookies.{key} holds {item}, which is not a URL"),
                );
                continue;
            };
            match Origin::parse(s) {
                Ok(origin) => {
                    if hosts.iter().any(|h| origin.applies_to_login_host(h)) {
                        out.push(Perm {
                            origin,
                            raw: s.to_string(),
                            value,
                            by_policy: true,
                            name: format!("Cookies.{key}"),
                            source: e.source.clone(),
                        });
                    }
                }
                Err(why) => a.problem(
                    &kinds,
                    &e.source,
                    format!("Cookies.{key}: {why}; Firefox may ignore this entry or the whole Cookies policy"),
                ),
            }
        }
    }
    out
}

/// The permission that decides `host`: the most specific origin, a policy on a tie.
fn perm_for<'p>(perms: &'p [Perm], host: &str) -> Option<&'p Perm> {
    perms
        .iter()
        .filter(|p| p.origin.applies_to_login_host(host))
        .max_by_key(|p| (p.origin.precedence(), p.by_policy))
}

fn perm_finding(kind: Kind, status: Status, text: String, p: &Perm, hosts: &[String]) -> Finding {
    let meaning = match p.value {
        PERM_ALLOW => "allow",
        PERM_DENY => "block",
        _ => "allow for the session",
    };
    let f = if p.by_policy {
        Finding::policy(kind, status, text, &p.name, json!(p.raw), &p.source)
    } else {
        let mut evidence = serde_json::Map::new();
        evidence.insert("permission".into(), "cookie".into());
        evidence.insert("origin".into(), p.raw.clone().into());
        evidence.insert("value".into(), p.value.into());
        evidence.insert("source".into(), p.source.clone().into());
        Finding {
            kind,
            status,
            text,
            evidence,
            by_policy: false,
        }
    };
    f.with("meaning", meaning).with("hosts", hosts.to_vec())
}

/// Groups the login hosts by the permission that decides each (None: no permission).
fn groups(perms: &[Perm]) -> Vec<(Option<&Perm>, Vec<String>)> {
    let mut g: Vec<(Option<&Perm>, Vec<String>)> = Vec::new();
    for h in LOGIN_HOSTS {
        let p = perm_for(perms, h);
        match g.iter_mut().find(|(q, _)| match (q, p) {
            (Some(a), Some(b)) => std::ptr::eq(*a, b),
            (None, None) => true,
            _ => false,
        }) {
            Some((_, hosts)) => hosts.push(h.to_string()),
            None => g.push((p, vec![h.to_string()])),
        }
    }
    g
}

/// Judges the resolved prefs and the permissions that decide the login hosts.
fn evaluate(r: &Resolver, perms: &[Perm], providers: &[(&str, &str)], a: &mut Analysis) {
    let all_allowed = LOGIN_HOSTS
        .iter()
        .all(|h| perm_for(perms, h).is_some_and(|p| p.value == PERM_ALLOW));
    cookie_findings(r, perms, all_allowed, providers, a);
    content_findings(r, a);
    clear_on_exit_findings(r, all_allowed, a);
    secure_dns_findings(r, providers, a);
    proxy_findings(r, providers, a);
}

/// `settings.secure_dns`: `network.dns.forceResolve`, then the TRR mode (`network.trr.mode`, or
/// the rollout's `doh-rollout.mode` when it is 0) and its provider.
fn secure_dns_findings(r: &Resolver, providers: &[(&str, &str)], a: &mut Analysis) {
    let k = SecureDns;
    // Sign-in hosts Firefox sends to this computer by name.
    if let Some((list, s)) = r.string(LOCAL_DOMAINS, a) {
        let listed: Vec<String> = list
            .split(',')
            .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        let caught: Vec<&str> = signin_hosts(providers)
            .into_iter()
            .filter(|h| listed.iter().any(|d| d == h))
            .collect();
        if !caught.is_empty() {
            a.findings.push(
                pref_finding(
                    k,
                    Status::Fail,
                    format!(
                        "{} {} resolved to this computer (network.dns.localDomains)",
                        caught.join(", "),
                        if caught.len() == 1 { "is" } else { "are" }
                    ),
                    LOCAL_DOMAINS,
                    &s,
                )
                .with("hosts", caught.join(", ")),
            );
        }
    }
    if let Some((forced, s)) = r.string(FORCE_RESOLVE, a)
        && !forced.trim().is_empty()
    {
        a.findings.push(pref_finding(
            k,
            Status::Fail,
            format!(
                "every name resolves to {} (network.dns.forceResolve)",
                crate::formats::clip(forced.trim(), 60)
            ),
            FORCE_RESOLVE,
            &s,
        ));
    }
    let Some((mode, ms)) = r.int(TRR_MODE, a) else {
        return;
    };
    let (mode, ms, uri_pref) = match mode {
        0 => match r.int(ROLLOUT_MODE, a) {
            Some((m @ (2 | 3), rs)) => (m, rs, ROLLOUT_URI),
            _ => (0, ms, TRR_URI),
        },
        m => (m, ms, TRR_URI),
    };
    let uri = r
        .string(uri_pref, a)
        .map(|(u, _)| u)
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_TRR.to_string());
    let shown = dns::shown(&uri);
    let name = if uri_pref == ROLLOUT_URI {
        ROLLOUT_MODE
    } else {
        TRR_MODE
    };
    if matches!(mode, 2 | 3)
        && let Some(p) = dns::filtering(&uri)
    {
        a.findings.push(
            pref_finding(
                k,
                Status::Warn,
                format!(
                    "the browser resolves names through {}, which {}",
                    p.provider,
                    p.filter.describe()
                ),
                name,
                &ms,
            )
            .with("templates", vec![shown])
            .with("provider", p.provider)
            .with("provider_source", p.source),
        );
        return;
    }
    match mode {
        3 => a.findings.push(
            pref_finding(
                k,
                Status::Warn,
                format!("the browser resolves names only through {shown}, with no fallback to the system's resolver"),
                name,
                &ms,
            )
            .with("templates", vec![shown]),
        ),
        2 => a.note(
            k,
            format!("DNS over HTTPS is on through {shown} ({name} = 2, in {}), falling back to the system's resolver", ms.source),
        ),
        _ => a.note(
            k,
            format!("DNS over HTTPS is off ({name} = {mode}, {}): the system's resolver answers", if ms.source == "default" { "Firefox's default".to_string() } else { format!("in {}", ms.source) }),
        ),
    }
}

/// `settings.proxy`: `network.proxy.type` and the proxies or PAC address it uses.
fn proxy_findings(r: &Resolver, providers: &[(&str, &str)], a: &mut Analysis) {
    let k = Proxy;
    let Some((t, ts)) = r.int(PROXY_TYPE, a) else {
        return;
    };
    let words = match t {
        0 => {
            a.note(k, format!("no proxy ({PROXY_TYPE} = 0, in {})", ts.source));
            return;
        }
        5 => {
            a.note(k, format!("the system's proxy settings ({PROXY_TYPE} = 5, {}); network.proxy reports them", if ts.source == "default" { "Firefox's default".to_string() } else { format!("in {}", ts.source) }));
            return;
        }
        1 => {
            // HTTPS pages (the sign-in is HTTPS only) go to the SSL proxy, else to SOCKS; the
            // HTTP proxy carries plain HTTP only. A proxy with port 0 is not used.
            let named = |host: &str, port: &str, a: &mut Analysis| -> Option<String> {
                let (h, _) = r.string(host, a)?;
                let h = h.trim().to_string();
                let (p, _) = r.int(port, a)?;
                (!h.is_empty() && p > 0).then(|| {
                    format!(
                        "{}:{p}",
                        crate::formats::clip(&remove_list_credentials(&h), 100)
                    )
                })
            };
            let https = named("network.proxy.ssl", "network.proxy.ssl_port", a)
                .map(|p| format!("the HTTPS proxy {p}"))
                .or_else(|| {
                    named("network.proxy.socks", "network.proxy.socks_port", a)
                        .map(|p| format!("the SOCKS proxy {p}"))
                });
            match https {
                // "No proxy for" that covers every sign-in host: the sign-in goes direct.
                Some(w)
                    if r.string(NO_PROXIES_ON, a).is_some_and(|(list, _)| {
                        signin_hosts(providers)
                            .iter()
                            .all(|h| no_proxy_for(&list, h))
                    }) =>
                {
                    a.note(
                        k,
                        format!("{PROXY_TYPE} = 1 (manual) names {w}, but {NO_PROXIES_ON} exempts the sign-in hosts: they go direct"),
                    );
                    return;
                }
                Some(w) => w,
                None => {
                    let http = named("network.proxy.http", "network.proxy.http_port", a);
                    a.note(
                        k,
                        match http {
                            Some(p) => format!("{PROXY_TYPE} = 1 (manual) sends only plain HTTP to {p}; HTTPS pages, the sign-in's, go direct"),
                            None => format!("{PROXY_TYPE} = 1 (manual) names no proxy, so none is used"),
                        },
                    );
                    return;
                }
            }
        }
        2 => match r.string(PROXY_PAC, a) {
            Some((u, _)) if !u.trim().is_empty() => format!(
                "the proxy script (PAC) at {}",
                crate::formats::clip(&super::chromium::pac_shown(&u), 200)
            ),
            _ => "a proxy script (PAC)".to_string(),
        },
        4 => "a proxy found by auto-detection (WPAD)".to_string(),
        other => {
            a.problem(&[k], &ts.source, format!("{PROXY_TYPE} = {other}, a value login-check does not know (0, 1, 2, 4 and 5 are)"));
            return;
        }
    };
    a.findings.push(
        pref_finding(
            k,
            Status::Warn,
            format!("the browser sends pages through {words}"),
            PROXY_TYPE,
            &ts,
        )
        .with("proxy", words),
    );
}

/// The hosts sign-in cannot do without: the probed ones, the essential ones of
/// `hosts::SIGNIN_NEEDS`, and the sign-in provider's (`--auth-method`, or the providers the
/// profile is signed in to).
fn signin_hosts<'a>(providers: &[(&'a str, &str)]) -> Vec<&'a str> {
    let mut out: Vec<&str> = crate::hosts::NETWORK_HOSTS.to_vec();
    for h in crate::hosts::SIGNIN_NEEDS
        .iter()
        .filter(|(_, essential, _)| *essential)
        .map(|(h, _, _)| *h)
        .chain(providers.iter().map(|(h, _)| *h))
    {
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// Whether Firefox's "No proxy for" list (`network.proxy.no_proxies_on`, entries split by commas
/// or spaces) exempts `host` on port 443, as `nsProtocolProxyService::CanUseProxy` matches:
/// `.example.com` (or `*.example.com`: one leading `*` is dropped) any name ending so,
/// `example.com` that name and its subdomains (at a dot), an entry with a port only that port
/// (`:0` any); address ranges never a name.
pub fn no_proxy_for(list: &str, host: &str) -> bool {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            let entry = entry.strip_prefix('*').unwrap_or(entry);
            // The port as Firefox reads it (`atoi`: its leading digits, none being 0).
            let (name, port) = match entry.rsplit_once(':') {
                Some((n, p)) if !n.contains(':') => {
                    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                    (n, Some(digits.parse::<u32>().unwrap_or(0)))
                }
                _ => (entry, None),
            };
            // Port 0 (or none) is any port.
            if port.is_some_and(|p| p != 443 && p != 0) || name.is_empty() {
                return false;
            }
            if name.parse::<std::net::IpAddr>().is_ok() || name.contains('/') {
                return false;
            }
            let (h, n) = (host.to_ascii_lowercase(), name.to_ascii_lowercase());
            h == n
                || (h.ends_with(&n)
                    && (n.starts_with('.') || h[..h.len() - n.len()].ends_with('.')))
        })
}

/// Cookies for each login host: permissions, then `cookieBehavior` (and its private-window
/// twin) where none decides. With third-party cookies blocked, the sign-in provider's site
/// needs an Allow permission too: Firefox asks a cookie's own site's permission, so an Allow
/// for `https://accounts.google.com` lets its cookies through where the sign-in pages embed it.
fn cookie_findings(
    r: &Resolver,
    perms: &[Perm],
    all_allowed: bool,
    providers: &[(&str, &str)],
    a: &mut Analysis,
) {
    let behavior = r.int(COOKIE_BEHAVIOR, a);
    if let Some((b, _)) = &behavior {
        if behavior_meaning(*b) == "unknown" {
            a.problem(
                kinds_of(COOKIE_BEHAVIOR),
                &r.get(COOKIE_BEHAVIOR).source,
                format!("{COOKIE_BEHAVIOR} = {b}, a value login-check does not know (0 to 5)"),
            );
        }
    }
    for (perm, hosts) in groups(perms) {
        match perm {
            Some(p) if p.value == PERM_DENY => a.findings.push(perm_finding(
                CookiesBlocked,
                Status::Fail,
                format!("cookies are blocked for {}", hosts_text(&hosts)),
                p,
                &hosts,
            )),
            Some(p) if p.value == PERM_SESSION => a.findings.push(perm_finding(
                ClearOnExit,
                Status::Warn,
                format!(
                    "cookies for {} are kept only until the browser closes",
                    hosts_text(&hosts)
                ),
                p,
                &hosts,
            )),
            Some(_) => {}
            None => {
                if let Some((2, s)) = &behavior {
                    let every = hosts.len() == LOGIN_HOSTS.len();
                    let text = if every {
                        "all cookies are blocked".to_string()
                    } else {
                        format!(
                            "cookies are blocked for {} (all cookies are blocked)",
                            hosts_text(&hosts)
                        )
                    };
                    a.findings.push(
                        pref_finding(CookiesBlocked, Status::Fail, text, COOKIE_BEHAVIOR, s)
                            .with("meaning", behavior_meaning(2))
                            .with("hosts", hosts.clone()),
                    );
                }
            }
        }
    }
    if let Some((b, s)) = &behavior {
        if matches!(b, 1 | 3) {
            let uncovered: Vec<(&str, &str)> = providers
                .iter()
                .copied()
                .filter(|(h, _)| perm_for(perms, h).is_none_or(|p| p.value != PERM_ALLOW))
                .collect();
            if all_allowed && uncovered.is_empty() {
                a.note(ThirdParty, "third-party cookies are blocked, but the sign-in sites are allowed by cookie exceptions");
            } else {
                let text = super::third_party_text(
                    "third-party cookies are blocked",
                    &uncovered,
                    all_allowed,
                );
                let f = pref_finding(ThirdParty, Status::Warn, text, COOKIE_BEHAVIOR, s)
                    .with("meaning", behavior_meaning(*b));
                a.findings.push(super::with_providers(f, &uncovered));
            }
        }
    }
    if let Some((b, s)) = r.int(COOKIE_BEHAVIOR_PB, a) {
        match b {
            2 if !all_allowed => a.findings.push(
                pref_finding(
                    CookiesBlocked,
                    Status::Warn,
                    "private windows block all cookies",
                    COOKIE_BEHAVIOR_PB,
                    &s,
                )
                .with("meaning", behavior_meaning(b)),
            ),
            1 | 3 if !all_allowed => a.findings.push(
                pref_finding(
                    ThirdParty,
                    Status::Warn,
                    "private windows block third-party cookies",
                    COOKIE_BEHAVIOR_PB,
                    &s,
                )
                .with("meaning", behavior_meaning(b)),
            ),
            0..=5 => {}
            _ => a.problem(
                kinds_of(COOKIE_BEHAVIOR_PB),
                &s.source,
                format!("{COOKIE_BEHAVIOR_PB} = {b}, a value login-check does not know (0 to 5)"),
            ),
        }
    }
}

/// JavaScript, site storage, Enhanced Tracking Protection, first-party isolation and resist
/// fingerprinting.
fn content_findings(r: &Resolver, a: &mut Analysis) {
    for (name, what) in [
        (JAVASCRIPT, "JavaScript is turned off"),
        (DOM_STORAGE, "site storage (localStorage) is turned off"),
    ] {
        if let Some((false, s)) = r.bool(name, a) {
            a.findings
                .push(pref_finding(CookiesBlocked, Status::Fail, what, name, &s));
        }
    }
    if let Some((c, s)) = r.string(CATEGORY, a) {
        if c == "strict" {
            a.findings.push(
                pref_finding(
                    ThirdParty,
                    Status::Warn,
                    "Enhanced Tracking Protection is set to Strict",
                    CATEGORY,
                    &s,
                )
                .with(
                    "meaning",
                    "strict: blocks more cross-site content, which can break sign-in pages",
                ),
            );
        }
    }
    for (name, what) in [
        (FPI, "first-party isolation is on"),
        (RFP, "resist fingerprinting is on"),
    ] {
        if let Some((true, s)) = r.bool(name, a) {
            a.findings
                .push(pref_finding(ThirdParty, Status::Warn, what, name, &s));
        }
    }
}

/// Clearing cookies on shutdown, session-only cookies, and never remembering history.
fn clear_on_exit_findings(r: &Resolver, all_allowed: bool, a: &mut Analysis) {
    let sanitize = r.bool(SANITIZE, a);
    let v2 = r.bool(CLEAR_COOKIES_V2, a);
    let old = r.bool(CLEAR_COOKIES, a);
    if let (Some((true, s)), Some(v2), Some(old)) = (&sanitize, &v2, &old) {
        // The newer pref once Firefox has migrated to it (or it is set), else the older one.
        let (clears, item, name) = if v2.1.source != "default" || old.1.source == "default" {
            (v2.0, &v2.1, CLEAR_COOKIES_V2)
        } else {
            (old.0, &old.1, CLEAR_COOKIES)
        };
        if clears {
            if all_allowed {
                a.note(ClearOnExit, "cookies are deleted when Firefox closes, but the sign-in sites are kept by Allow exceptions");
            } else {
                a.findings.push(
                    pref_finding(
                        ClearOnExit,
                        Status::Warn,
                        "cookies are deleted when Firefox closes",
                        SANITIZE,
                        s,
                    )
                    .with(
                        "item",
                        json!({"pref": name, "value": true, "source": item.source}),
                    ),
                );
            }
        }
    }
    if let Some((2, s)) = r.int(LIFETIME, a) {
        if !all_allowed {
            a.findings.push(
                pref_finding(
                    ClearOnExit,
                    Status::Warn,
                    "cookies are kept only until Firefox closes",
                    LIFETIME,
                    &s,
                )
                .with(
                    "meaning",
                    "session cookies only (a setting from older Firefox versions)",
                ),
            );
        }
    }
    if let Some((true, s)) = r.bool(AUTOSTART, a) {
        a.findings.push(
            pref_finding(
                ClearOnExit,
                Status::Warn,
                "Firefox never remembers history: every window is private",
                AUTOSTART,
                &s,
            )
            .with(
                "meaning",
                "every window is private; cookies are thrown away when Firefox closes",
            ),
        );
    }
}

/// A policy that forces every window to be private (`Preferences` locking
/// `browser.privatebrowsing.autostart` to true).
pub fn forced_private_by_policy(pol: &PolicySet) -> Option<Finding> {
    let mut r = Resolver::default();
    let mut scratch = Analysis::default();
    policy_prefs(pol, &mut r, &mut scratch);
    let s = r.layers[Layer::Locked as usize].get(AUTOSTART)?;
    (s.value == PrefValue::Bool(true)).then(|| {
        pref_finding(
            Kind::PrivateWindow,
            Status::Warn,
            "every window is forced to be private by policy",
            AUTOSTART,
            s,
        )
        .with("meaning", "forced")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Firefox's "No proxy for" matching (`nsProtocolProxyService::CanUseProxy`).
    #[test]
    fn no_proxy_for_matches_as_firefox_does() {
        let cases = [
            (".openai.com", "auth.openai.com", true),
            (".openai.com", "openai.com", false),
            ("openai.com", "openai.com", true),
            ("openai.com", "auth.openai.com", true),
            ("openai.com", "xopenai.com", false),
            ("*.openai.com", "auth.openai.com", true),
            ("**.openai.com", "auth.openai.com", false),
            ("OpenAI.com", "auth.openai.com", true),
            ("openai.com:443", "openai.com", true),
            ("openai.com:0", "openai.com", true),
            ("openai.com:8443", "openai.com", false),
            ("openai.com:8443x", "openai.com", false),
            ("openai.com:x", "openai.com", true),
            ("10.0.0.0/8, 127.0.0.1", "openai.com", false),
            ("localhost,  chatgpt.com", "chatgpt.com", true),
            ("", "chatgpt.com", false),
        ];
        for (list, host, want) in cases {
            assert_eq!(no_proxy_for(list, host), want, "{list} / {host}");
        }
    }
    use crate::formats::prefs_js::{FileKind, parse};
    use crate::sources::firefox::permissions::PermRow;
    use crate::sources::firefox::prefs::ProfilePrefs;

    fn file(name: &str, text: Option<&str>) -> UserPrefs {
        UserPrefs {
            shown: format!("~/.mozilla/firefox/x.default/{name}"),
            read: match text {
                Some(t) => PrefsRead::Parsed(parse(t.as_bytes(), FileKind::User)),
                None => PrefsRead::Missing,
            },
        }
    }

    fn settings(
        prefs_js: Option<&str>,
        user_js: Option<&str>,
        rows: Vec<PermRow>,
    ) -> FirefoxSettings {
        FirefoxSettings {
            prefs: ProfilePrefs {
                prefs_js: file("prefs.js", prefs_js),
                user_js: file("user.js", user_js),
            },
            permissions: Permissions {
                shown: "~/.mozilla/firefox/x.default/permissions.sqlite".into(),
                read: if rows.is_empty() {
                    PermsRead::Missing
                } else {
                    PermsRead::Rows(rows)
                },
            },
        }
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_795_521_600).unwrap()
    }

    fn of(a: &Analysis, kind: Kind) -> Vec<&Finding> {
        a.findings.iter().filter(|f| f.kind == kind).collect()
    }

    #[test]
    fn cookie_behavior_2_blocks_all_cookies() {
        let s = settings(
            Some("user_pref(\"network.cookie.cookieBehavior\", 2);\n"),
            None,
            Vec::new(),
        );
        let a = analyze(&s, &PolicySet::default(), now());
        let blocked = of(&a, CookiesBlocked);
        assert_eq!(blocked.len(), 1, "{:?}", a.findings);
        assert_eq!(blocked[0].status, Status::Fail);
        assert_eq!(blocked[0].text, "all cookies are blocked");
        assert_eq!(blocked[0].evidence["pref"], COOKIE_BEHAVIOR);
        assert_eq!(blocked[0].evidence["line"], 1);
        assert!(a.problems.is_empty());
    }

    #[test]
    fn user_js_wins_over_prefs_js_and_an_allow_permission_keeps_cookies() {
        let s = settings(
            Some("user_pref(\"network.cookie.cookieBehavior\", 2);\n"),
            Some("user_pref(\"network.cookie.cookieBehavior\", 0);\n"),
            Vec::new(),
        );
        let a = analyze(&s, &PolicySet::default(), now());
        assert!(of(&a, CookiesBlocked).is_empty(), "{:?}", a.findings);

        let row = |origin: &str, permission: i64| PermRow {
            origin: Some(origin.into()),
            permission: Some(permission),
            expire_type: Some(0),
            expire_time: Some(0),
        };
        let rows = vec![
            row("https://openai.com", PERM_ALLOW),
            row("https://chatgpt.com", PERM_ALLOW),
        ];
        let s = settings(
            Some("user_pref(\"network.cookie.cookieBehavior\", 1);\n"),
            None,
            rows,
        );
        let a = analyze(&s, &PolicySet::default(), now());
        assert!(of(&a, ThirdParty).is_empty(), "{:?}", a.findings);
        assert!(a.notes.iter().any(|(k, _)| *k == ThirdParty));
    }

    #[test]
    fn a_blocked_permission_fails_and_an_expired_one_is_ignored() {
        let rows = vec![
            PermRow {
                origin: Some("https://chatgpt.com".into()),
                permission: Some(PERM_DENY),
                expire_type: Some(0),
                expire_time: Some(0),
            },
            PermRow {
                origin: Some("https://auth.openai.com".into()),
                permission: Some(PERM_DENY),
                expire_type: Some(2),
                expire_time: Some(1_000),
            },
        ];
        let a = analyze(
            &settings(Some(""), None, rows),
            &PolicySet::default(),
            now(),
        );
        let blocked = of(&a, CookiesBlocked);
        assert_eq!(blocked.len(), 1, "{:?}", a.findings);
        assert_eq!(blocked[0].status, Status::Fail);
        assert_eq!(blocked[0].evidence["origin"], "https://chatgpt.com");
        assert!(blocked[0].text.contains("chatgpt.com"));
        assert!(!blocked[0].text.contains("auth.openai.com"));
    }

    #[test]
    fn without_prefs_js_the_defaults_apply_and_a_bad_type_is_a_problem() {
        let a = analyze(
            &settings(None, None, Vec::new()),
            &PolicySet::default(),
            now(),
        );
        assert!(a.findings.is_empty(), "{:?}", a.findings);
        assert!(a.problems.is_empty());
        // "no prefs.js yet" for each check, and what secure DNS and the proxy default to.
        assert_eq!(a.notes.len(), PROFILE_KINDS.len() + 2, "{:?}", a.notes);
        assert!(a.sources.is_empty());

        let s = settings(
            Some("user_pref(\"javascript.enabled\", \"no\");\n"),
            None,
            Vec::new(),
        );
        let a = analyze(&s, &PolicySet::default(), now());
        assert_eq!(a.problems.len(), 1);
        assert_eq!(a.problems[0].kinds, [CookiesBlocked]);
        assert!(a.problems[0].reason.contains("Firefox expects a boolean"));
    }

    #[test]
    fn every_pref_has_a_check_and_behaviors_are_complete() {
        for p in PREFS {
            assert!(!p.kinds.is_empty(), "{}", p.name);
        }
        let values: Vec<i32> = COOKIE_BEHAVIORS.iter().map(|b| b.0).collect();
        assert_eq!(values, [0, 1, 2, 3, 4, 5]);
        assert_eq!(behavior_meaning(7), "unknown");
    }

    #[test]
    fn layers_resolve_highest_first() {
        let mut r = Resolver::default();
        let s = |v: i32, src: &str| Setter {
            value: PrefValue::Int(v),
            source: src.into(),
            policy: None,
            line: None,
        };
        assert_eq!(r.get(COOKIE_BEHAVIOR).value, PrefValue::Int(5));
        assert_eq!(r.get(COOKIE_BEHAVIOR).source, "default");
        r.set(Layer::PolicyDefault, COOKIE_BEHAVIOR, s(4, "policy"));
        assert_eq!(r.get(COOKIE_BEHAVIOR).source, "policy");
        r.set(Layer::PrefsJs, COOKIE_BEHAVIOR, s(0, "prefs.js"));
        assert_eq!(r.get(COOKIE_BEHAVIOR).source, "prefs.js");
        r.set(Layer::UserJs, COOKIE_BEHAVIOR, s(1, "user.js"));
        assert_eq!(r.get(COOKIE_BEHAVIOR).value, PrefValue::Int(1));
        r.cleared.insert(COOKIE_BEHAVIOR.into());
        assert_eq!(r.get(COOKIE_BEHAVIOR).source, "policy");
        r.set(Layer::Locked, COOKIE_BEHAVIOR, s(2, "locked"));
        assert_eq!(r.get(COOKIE_BEHAVIOR).source, "locked");
    }
}
