//! Chromium family: the verdicts on a profile's `Preferences` (as
//! [`crate::sources::chromium::preferences`] read it) under the browser's policies. Pure: no
//! file is read here.
//!
//! Facts (Chromium's `components/content_settings`, `shared/reference/chromium.md` §6):
//!
//! - Site settings: `profile.content_settings.exceptions.<type>` maps `"<primary>,<secondary>"`
//!   to `{"setting": N, "last_modified": "…", "expiration": "…"}`; the default for all sites is
//!   `profile.default_content_setting_values.<type>`. `N`: 1 allow, 2 block, 4 session only
//!   (cookies deleted when the browser closes). Policies win over the user's exceptions, which
//!   win over the default; among rules of one source the most specific pattern wins
//!   ([`crate::formats::site_patterns`]).
//! - Third-party cookies: `profile.cookie_controls_mode` (0 allow, 1 block, 2 block in incognito
//!   only: Chromium's default, 3 limit), or the deprecated `profile.block_third_party_cookies`
//!   (true/false) in old profiles; the `BlockThirdPartyCookies` policy wins over both.
//! - Policies: `DefaultCookiesSetting`, `DefaultJavaScriptSetting` (1 allow, 2 block, 4 session
//!   only for cookies), `CookiesBlockedForUrls`, `CookiesAllowedForUrls`,
//!   `CookiesSessionOnlyForUrls`, `JavaScriptBlockedForUrls`, `JavaScriptAllowedForUrls`,
//!   `ClearBrowsingDataOnExitList` (`cookies_and_other_site_data`), and the private-window
//!   policy (`IncognitoModeAvailability`, Edge `InPrivateModeAvailability`: 2 = forced).

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::{Analysis, Finding, Kind, PROFILE_KINDS, hosts_text};
use crate::browsers::discovery::Install;
use crate::browsers::discovery::LocalStateDns;
use crate::formats::site_patterns::PatternPair;
use crate::hosts::LOGIN_HOSTS;
use crate::model::Status;
use crate::resolvers as dns;
use crate::sources::network::proxy::{remove_credentials, remove_list_credentials};
use crate::sources::policies::{self, PolicyEntry, PolicySet};
use crate::sources::settings::ChromiumSettings;

/// One content type and the policies that set it.
pub struct ContentType {
    /// The name in `Preferences` (`cookies`, `javascript`).
    pub name: &'static str,
    pub default_policy: &'static str,
    /// `…ForUrls` policies and the setting each gives its patterns. On identical patterns the
    /// earlier list wins (block first).
    pub lists: &'static [(&'static str, i64)],
    /// The settings this type takes.
    pub known: &'static [i64],
}

pub const COOKIES: ContentType = ContentType {
    name: "cookies",
    default_policy: "DefaultCookiesSetting",
    lists: &[
        ("CookiesBlockedForUrls", 2),
        ("CookiesSessionOnlyForUrls", 4),
        ("CookiesAllowedForUrls", 1),
    ],
    known: &[1, 2, 4],
};

pub const JAVASCRIPT: ContentType = ContentType {
    name: "javascript",
    default_policy: "DefaultJavaScriptSetting",
    lists: &[
        ("JavaScriptBlockedForUrls", 2),
        ("JavaScriptAllowedForUrls", 1),
    ],
    known: &[1, 2],
};

/// `profile.cookie_controls_mode` when a profile has not set it: Chromium's default is 2
/// (blocked in incognito windows only); Brave blocks cross-site cookies by default (Shields).
pub const THIRD_PARTY_DEFAULTS: &[(&str, i64)] =
    &[("brave", 1), ("brave-beta", 1), ("brave-nightly", 1)];
pub const CHROMIUM_THIRD_PARTY_DEFAULT: i64 = 2;

/// What a content-setting value means.
pub fn setting_meaning(v: i64) -> &'static str {
    match v {
        1 => "allow",
        2 => "block",
        3 => "ask",
        4 => "session only",
        _ => "unknown",
    }
}

/// What a `cookie_controls_mode` means.
pub fn controls_mode_meaning(v: i64) -> &'static str {
    match v {
        0 => "third-party cookies allowed",
        1 => "third-party cookies blocked",
        2 => "third-party cookies blocked in incognito windows only",
        3 => "third-party cookies limited",
        _ => "unknown",
    }
}

/// An exception rule, from a policy list or from `Preferences`.
#[derive(Debug, Clone)]
struct Rule {
    pair: PatternPair,
    pattern: String,
    setting: i64,
    by_policy: bool,
    /// The policy or the pref that holds it.
    name: String,
    source: String,
}

/// The default for all sites and where it comes from.
#[derive(Debug, Clone)]
struct DefaultSetting {
    setting: i64,
    name: String,
    source: String,
    by_policy: bool,
    builtin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decider {
    Policy(usize),
    User(usize),
    Default,
}

/// Judges one profile's settings: its `Preferences` as read, under the browser's policies, at
/// `now` (exceptions expire).
pub fn analyze(
    settings: &ChromiumSettings,
    inst: &Install,
    pol: &PolicySet,
    now: OffsetDateTime,
) -> Analysis {
    analyze_with(settings, inst, pol, now, &[])
}

/// [`analyze`], also judging cookies and JavaScript for the hosts of the sign-in provider the
/// account uses (`(host, provider)`: `("accounts.google.com", "Google")`).
pub fn analyze_with(
    settings: &ChromiumSettings,
    inst: &Install,
    pol: &PolicySet,
    now: OffsetDateTime,
    providers: &[(&str, &str)],
) -> Analysis {
    let mut a = Analysis::default();
    a.add_policies(pol, PROFILE_KINDS);
    let shown = settings.shown.as_str();
    let prefs = match &settings.prefs {
        Ok(v) => {
            a.source(shown);
            Some(v)
        }
        Err(why) => {
            // Secure DNS is kept in `Local State`, not here.
            let kinds: Vec<Kind> = PROFILE_KINDS
                .iter()
                .copied()
                .filter(|k| *k != Kind::SecureDns)
                .collect();
            a.problem(&kinds, shown, why.clone());
            None
        }
    };
    let now_us = now.unix_timestamp() * 1_000_000;

    let mut allow_rules: Vec<Rule> = Vec::new();
    for ct in [&COOKIES, &JAVASCRIPT] {
        let kinds: &[Kind] = if ct.name == "cookies" {
            &[Kind::CookiesBlocked, Kind::ClearOnExit]
        } else {
            &[Kind::CookiesBlocked]
        };
        let policy_rules = policy_rules(pol, ct, &mut a, kinds);
        let user_rules = match prefs {
            Some(p) => user_rules(p, ct, shown, now_us, &mut a, kinds, providers),
            None => Vec::new(),
        };
        let default = default_setting(prefs, pol, ct, shown, &mut a, kinds);
        let mut groups: Vec<(Decider, Vec<String>)> = Vec::new();
        for host in LOGIN_HOSTS {
            let decider = match best(&policy_rules, host) {
                Some(i) => Decider::Policy(i),
                None => match best(&user_rules, host) {
                    Some(i) => Decider::User(i),
                    None => Decider::Default,
                },
            };
            match groups.iter_mut().find(|(d, _)| *d == decider) {
                Some((_, hosts)) => hosts.push(host.to_string()),
                None => groups.push((decider, vec![host.to_string()])),
            }
        }
        for (decider, hosts) in groups {
            let rule = match decider {
                Decider::Policy(i) => Some(&policy_rules[i]),
                Decider::User(i) => Some(&user_rules[i]),
                Decider::Default => None,
            };
            if let Some(r) = rule {
                emit_rule(ct, r, &hosts, &mut a);
            } else if let Some(d) = &default {
                emit_default(ct, d, &hosts, &mut a);
            }
        }
        // The provider's hosts, each on its own: a block names the provider.
        for (host, provider) in providers {
            let rule = best(&policy_rules, host)
                .map(|i| &policy_rules[i])
                .or_else(|| best(&user_rules, host).map(|i| &user_rules[i]));
            let before = a.findings.len();
            let hosts = vec![host.to_string()];
            // Without a rule of its own, the default for all sites decides for it too (the
            // sign-in hosts may have allow exceptions the provider lacks).
            match rule {
                Some(r) => emit_rule(ct, r, &hosts, &mut a),
                None => {
                    if let Some(d) = &default {
                        emit_default(ct, d, &hosts, &mut a);
                    }
                }
            }
            for f in &mut a.findings[before..] {
                f.text = format!("{} ({provider}'s sign-in site)", f.text);
                f.evidence.insert("provider".into(), json!(provider));
            }
        }
        if ct.name == "cookies" {
            allow_rules.extend(
                policy_rules
                    .into_iter()
                    .chain(user_rules)
                    .filter(|r| r.setting == 1),
            );
        }
    }
    third_party(inst, prefs, shown, pol, &allow_rules, providers, &mut a);
    if let Some(p) = prefs {
        brave_google_sign_in(inst, p, pol, shown, now_us, providers, &mut a);
    }
    clear_on_exit_policies(pol, &mut a);
    secure_dns(settings, pol, &mut a);
    proxy(settings, prefs, shown, pol, &mut a);
    a
}

/// `settings.secure_dns`: the `DnsOverHttpsMode`/`DnsOverHttpsTemplates` policies, else
/// `Local State`'s `dns_over_https.mode`/`.templates`, else Chromium's default (`automatic`
/// without templates: the system's resolver, upgraded to its provider's DoH server when it has
/// one, with a fallback to it).
fn secure_dns(settings: &ChromiumSettings, pol: &PolicySet, a: &mut Analysis) {
    let k = Kind::SecureDns;
    // A policy of the wrong type is ignored by Chromium: a problem here, and Local State decides.
    let string_policy = |name: &str, a: &mut Analysis| match pol.get(name) {
        Some(e) if e.value.is_string() => Some(e),
        Some(e) => {
            a.note(
                k,
                format!(
                    "{name} = {} in {} is not text, so Chromium ignores it",
                    e.value, e.source
                ),
            );
            None
        }
        None => None,
    };
    let mode_pol = string_policy("DnsOverHttpsMode", a);
    let tmpl_pol = string_policy("DnsOverHttpsTemplates", a);
    let (local_mode, local_tmpl, local_shown) = match &settings.secure_dns {
        Some(LocalStateDns {
            shown,
            read: Ok((m, t)),
            found,
        }) => {
            // Read: it is the source; none yet: nothing was read for this check (an empty
            // source says so).
            a.own_sources
                .push((k, if *found { shown.clone() } else { String::new() }));
            (m.clone(), t.clone(), shown.as_str())
        }
        Some(LocalStateDns {
            shown,
            read: Err(why),
            ..
        }) => {
            if mode_pol.is_none() {
                a.problem(&[k], shown, why.clone());
                return;
            }
            (None, None, shown.as_str())
        }
        None => (None, None, ""),
    };
    // (value, setting name, source, by policy)
    for e in [mode_pol, tmpl_pol].into_iter().flatten() {
        if !a
            .own_sources
            .iter()
            .any(|(kk, s)| *kk == k && *s == e.source)
        {
            a.own_sources.push((k, e.source.clone()));
        }
    }
    let mode = match mode_pol {
        Some(e) => (
            e.value.as_str().unwrap_or("").to_string(),
            "DnsOverHttpsMode",
            e.source.clone(),
            true,
        ),
        None => match &local_mode {
            Some(m) => (
                m.clone(),
                "dns_over_https.mode",
                local_shown.to_string(),
                false,
            ),
            None => (
                "automatic".to_string(),
                "dns_over_https.mode",
                "default".to_string(),
                false,
            ),
        },
    };
    let templates: String = match tmpl_pol {
        Some(e) => e.value.as_str().unwrap_or("").to_string(),
        None => local_tmpl.unwrap_or_default(),
    };
    let list: Vec<&str> = dns::templates(&templates);
    let shown_list: Vec<String> = list.iter().map(|t| dns::shown(t)).collect();
    let (value, name, source, by_policy) = mode;
    let finding = |status: Status, text: String| {
        let f = if by_policy {
            Finding::policy(k, status, text, name, value.clone().into(), &source)
        } else {
            Finding::pref(k, status, text, name, value.clone().into(), &source)
        };
        f.with("templates", shown_list.clone())
    };
    let on = matches!(value.as_str(), "secure" | "automatic");
    if on && let Some(r) = list.iter().find_map(|t| dns::filtering(t)) {
        a.findings.push(
            finding(
                Status::Warn,
                format!(
                    "the browser resolves names through {}, which {}",
                    r.provider,
                    r.filter.describe()
                ),
            )
            .with("provider", r.provider)
            .with("provider_source", r.source),
        );
        return;
    }
    match value.as_str() {
        "secure" => {
            let through = match shown_list.as_slice() {
                [] => "its secure DNS server".to_string(),
                [one] => one.clone(),
                many => many.join(", "),
            };
            a.findings.push(finding(
                Status::Warn,
                format!(
                    "the browser resolves names only through {through}, with no fallback to the system's resolver"
                ),
            ));
        }
        "automatic" if !shown_list.is_empty() => a.note(
            k,
            format!(
                "secure DNS is automatic through {} ({name}, in {source}), falling back to the system's resolver",
                shown_list.join(", ")
            ),
        ),
        "automatic" => a.note(
            k,
            format!(
                "secure DNS is automatic ({name}{}): the system's resolver, or its provider's DoH server",
                if source == "default" {
                    ", Chromium's default".to_string()
                } else {
                    format!(", in {source}")
                }
            ),
        ),
        other => a.note(
            k,
            format!(
                "secure DNS is off ({name} = \"{}\", in {source}): the system's resolver answers",
                crate::formats::clip(other, 40)
            ),
        ),
    }
}

/// A PAC address as reported: no credentials, no query string or fragment (a token often rides
/// there).
pub fn pac_shown(u: &str) -> String {
    let u = remove_credentials(u.trim());
    u.split(['?', '#']).next().unwrap_or(&u).to_string()
}

/// A Chromium proxy configuration (`ProxyConfigDictionary`, or the proxy policies) in words:
/// `None` for no proxy of the browser's own (`direct`, `system`).
fn proxy_words(
    mode: &str,
    server: Option<&str>,
    pac: Option<&str>,
) -> Result<Option<String>, String> {
    let mode = match mode {
        "" if pac.is_some() => "pac_script",
        "" if server.is_some() => "fixed_servers",
        m => m,
    };
    match mode {
        "direct" | "system" => Ok(None),
        "fixed_servers" if server.is_none_or(|s| s.trim().is_empty()) && pac.is_some() => {
            proxy_words("pac_script", None, pac)
        }
        "fixed_servers" => Ok(Some(match server {
            Some(s) if !s.trim().is_empty() => format!(
                "the proxy {}",
                crate::formats::clip(&remove_list_credentials(s.trim()), 200)
            ),
            _ => "a proxy (no server given)".to_string(),
        })),
        "pac_script" => Ok(Some(match pac {
            Some(u) if u.trim_start().starts_with("data:") => {
                "a proxy script (PAC) kept inside the setting".to_string()
            }
            Some(u) if !u.trim().is_empty() => format!(
                "the proxy script (PAC) at {}",
                crate::formats::clip(&pac_shown(u), 200)
            ),
            _ => "a proxy script (PAC)".to_string(),
        })),
        "auto_detect" => Ok(Some("a proxy found by auto-detection (WPAD)".to_string())),
        other => Err(format!(
            "proxy mode \"{}\" is not one login-check knows (direct, auto_detect, pac_script, fixed_servers, system)",
            crate::formats::clip(other, 40)
        )),
    }
}

/// `settings.proxy`: the proxy policies (`ProxySettings`, else `ProxyMode`/`ProxyServerMode`
/// with `ProxyServer` and `ProxyPacUrl`), else an enabled extension's proxy, else the `proxy`
/// pref of `Preferences`: the precedence of Chromium's pref stores (policy, extension, user).
fn proxy(
    settings: &ChromiumSettings,
    prefs: Option<&Value>,
    shown: &str,
    pol: &PolicySet,
    a: &mut Analysis,
) {
    let k = Kind::Proxy;
    let text_of = |m: &serde_json::Map<String, Value>, key: &str| {
        m.get(key).and_then(Value::as_str).map(str::to_string)
    };
    // The server and PAC address policies that go with a mode policy.
    let policy_text = |name: &str| {
        pol.get(name)
            .and_then(|s| s.value.as_str())
            .map(str::to_string)
    };
    // 1. Policy.
    let by_policy = if let Some(e) = pol.get("ProxySettings") {
        match policies::as_object(&e.value) {
            Some(m) => Some((
                "ProxySettings",
                e,
                text_of(&m, "ProxyMode").unwrap_or_default(),
                text_of(&m, "ProxyServer"),
                text_of(&m, "ProxyPacUrl"),
            )),
            None => {
                a.problem(&[k], &e.source, "the ProxySettings policy is not an object");
                return;
            }
        }
    } else if let Some(e) = pol.get("ProxyMode").filter(|e| {
        if e.value.is_string() {
            return true;
        }
        // Chromium ignores a policy of the wrong type.
        a.note(
            k,
            format!(
                "ProxyMode = {} in {} is not text, so Chromium ignores it",
                e.value, e.source
            ),
        );
        false
    }) {
        Some((
            "ProxyMode",
            e,
            e.value.as_str().unwrap_or("").to_string(),
            policy_text("ProxyServer"),
            policy_text("ProxyPacUrl"),
        ))
    } else if let Some(e) = pol.get("ProxyServerMode") {
        let mode = match policies::as_int(&e.value) {
            Some(0) => "direct",
            Some(1) => "auto_detect",
            Some(2) => "fixed_servers",
            Some(3) => "system",
            _ => "unknown",
        };
        Some((
            "ProxyServerMode",
            e,
            mode.to_string(),
            policy_text("ProxyServer"),
            policy_text("ProxyPacUrl"),
        ))
    } else {
        None
    };
    if let Some((name, e, mode, server, pac)) = by_policy {
        match proxy_words(&mode, server.as_deref(), pac.as_deref()) {
            Ok(Some(words)) => a.findings.push(
                Finding::policy(
                    k,
                    Status::Warn,
                    format!("{words} carries every page, set by policy"),
                    name,
                    mode.clone().into(),
                    &e.source,
                )
                .with("proxy", words),
            ),
            Ok(None) => a.note(
                k,
                format!(
                    "{name} = {mode} (no proxy of the browser's own), in {}",
                    e.source
                ),
            ),
            Err(why) => a.problem(&[k], &e.source, why),
        }
        return;
    }
    // 2. An enabled extension: the most recently installed one that sets the proxy of regular
    // windows wins; one for private windows only is said as such.
    let regular: Vec<&crate::sources::settings::ExtensionProxy> = settings
        .extension_proxies
        .iter()
        .filter(|x| x.scope != "private windows")
        .collect();
    let private_only: Vec<&crate::sources::settings::ExtensionProxy> = settings
        .extension_proxies
        .iter()
        .filter(|x| x.scope == "private windows")
        .collect();
    let name_of = |x: &crate::sources::settings::ExtensionProxy| match &x.name {
        Some(n) => format!("the extension {n}"),
        None => format!("the extension {}", x.id),
    };
    for x in &private_only {
        a.note(
            k,
            format!("{} sets a proxy for private windows only", name_of(x)),
        );
    }
    if let Some(x) = regular.first() {
        let cfg = x.config.as_object().cloned().unwrap_or_default();
        let mode = text_of(&cfg, "mode").unwrap_or_default();
        let who = name_of(x);
        match proxy_words(
            &mode,
            text_of(&cfg, "server").as_deref(),
            text_of(&cfg, "pac_url").as_deref(),
        ) {
            Ok(Some(words)) => {
                let others: Vec<String> = regular[1..]
                    .iter()
                    .map(|o| o.name.clone().unwrap_or_else(|| o.id.clone()))
                    .collect();
                let mut f = Finding::pref(
                    k,
                    Status::Warn,
                    format!("{who} sends pages through {words}"),
                    "proxy",
                    mode.clone().into(),
                    shown,
                )
                .with("extension", x.id.clone())
                .with(
                    "extension_name",
                    x.name.clone().unwrap_or_else(|| x.id.clone()),
                )
                .with("windows", x.scope)
                .with("proxy", words);
                if !others.is_empty() {
                    f = f.with("other_extensions", others);
                }
                a.findings.push(f);
            }
            // An extension's setting overrides the user's pref, whatever it is.
            Ok(None) => a.note(
                k,
                format!("{who} sets the proxy to {mode} (no proxy of its own)"),
            ),
            Err(why) => a.problem(&[k], shown, why),
        }
        return;
    }
    // Extension settings that could not be read may hold an extension's proxy.
    for (file, why) in &settings.extension_problems {
        a.problem(
            &[k],
            file,
            format!("its extension settings could not be read ({why})"),
        );
    }
    // 3. The user's pref (set by hand or by a tool; Chromium has no page for it).
    if let Some(cfg) = prefs
        .and_then(|p| p.get("proxy"))
        .and_then(Value::as_object)
    {
        let mode = text_of(cfg, "mode").unwrap_or_default();
        match proxy_words(
            &mode,
            text_of(cfg, "server").as_deref(),
            text_of(cfg, "pac_url").as_deref(),
        ) {
            Ok(Some(words)) => a.findings.push(
                Finding::pref(
                    k,
                    Status::Warn,
                    format!("the profile's own setting sends pages through {words}"),
                    "proxy",
                    mode.clone().into(),
                    shown,
                )
                .with("proxy", words),
            ),
            Ok(None) => {}
            Err(why) => a.problem(&[k], shown, why),
        }
    }
}

/// The most specific rule that applies to `host` as the page itself (ties: the first).
fn best(rules: &[Rule], host: &str) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (i, r) in rules.iter().enumerate() {
        if !r.pair.matches_first_party(host) {
            continue;
        }
        if found.is_none_or(|b| r.pair.precedence() > rules[b].pair.precedence()) {
            found = Some(i);
        }
    }
    found
}

fn policy_rules(pol: &PolicySet, ct: &ContentType, a: &mut Analysis, kinds: &[Kind]) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut ignored = Vec::new();
    for (name, setting) in ct.lists {
        let Some(e) = pol.get(name) else { continue };
        let Some(items) = policies::as_list(&e.value) else {
            a.problem(
                kinds,
                &e.source,
                format!("{name} is not a list of patterns"),
            );
            continue;
        };
        for item in items {
            let Some(s) = item.as_str() else {
                a.problem(
                    kinds,
                    &e.source,
                    format!("{name} holds {item}, which is not a pattern"),
                );
                continue;
            };
            match PatternPair::parse(s) {
                Ok(pair) => rules.push(Rule {
                    pair,
                    pattern: s.to_string(),
                    setting: *setting,
                    by_policy: true,
                    name: name.to_string(),
                    source: e.source.clone(),
                }),
                // The browser ignores an invalid pattern (and says so on its policy page).
                Err(why) => ignored.push(format!("{name} `{s}` ({why})")),
            }
        }
    }
    if !ignored.is_empty() {
        for k in kinds {
            a.note(
                *k,
                format!(
                    "invalid patterns the browser ignores: {}",
                    ignored.join(", ")
                ),
            );
        }
    }
    rules
}

/// Microseconds since 1601-01-01 (Chromium's time) to Unix microseconds.
fn chromium_time_to_unix_us(v: i64) -> i64 {
    v - 11_644_473_600_000_000
}

fn user_rules(
    prefs: &Value,
    ct: &ContentType,
    shown: &str,
    now_us: i64,
    a: &mut Analysis,
    kinds: &[Kind],
    providers: &[(&str, &str)],
) -> Vec<Rule> {
    let name = format!("profile.content_settings.exceptions.{}", ct.name);
    let mut rules = Vec::new();
    let map = match prefs.pointer(&format!("/profile/content_settings/exceptions/{}", ct.name)) {
        None => return rules,
        Some(Value::Object(m)) => m,
        Some(_) => {
            a.problem(kinds, shown, format!("{name} is not an object"));
            return rules;
        }
    };
    for (key, entry) in map {
        // The browser drops keys that are not valid patterns.
        let Ok(pair) = PatternPair::parse(key) else {
            continue;
        };
        let relevant = LOGIN_HOSTS
            .iter()
            .copied()
            .chain(providers.iter().map(|(h, _)| *h))
            .any(|h| pair.matches_first_party(h) || pair.covers_third_party(h));
        if !relevant {
            continue;
        }
        let expiration = entry
            .get("expiration")
            .and_then(|v| match v {
                Value::String(s) => s.parse::<i64>().ok(),
                Value::Number(n) => n.as_i64(),
                _ => None,
            })
            .unwrap_or(0);
        if expiration > 0 && chromium_time_to_unix_us(expiration) <= now_us {
            continue;
        }
        match entry.get("setting").and_then(Value::as_i64) {
            Some(s) if ct.known.contains(&s) => rules.push(Rule {
                pair,
                pattern: key.clone(),
                setting: s,
                by_policy: false,
                name: name.clone(),
                source: shown.to_string(),
            }),
            Some(s) => a.problem(
                kinds,
                shown,
                format!("{name} `{key}` has setting {s}, a value login-check does not know"),
            ),
            None => a.problem(
                kinds,
                shown,
                format!("{name} `{key}` has no numeric setting"),
            ),
        }
    }
    rules
}

fn default_setting(
    prefs: Option<&Value>,
    pol: &PolicySet,
    ct: &ContentType,
    shown: &str,
    a: &mut Analysis,
    kinds: &[Kind],
) -> Option<DefaultSetting> {
    let from_policy = |e: &PolicyEntry, a: &mut Analysis| -> Option<DefaultSetting> {
        match policies::as_int(&e.value) {
            Some(v) if ct.known.contains(&v) => Some(DefaultSetting {
                setting: v,
                name: ct.default_policy.to_string(),
                source: e.source.clone(),
                by_policy: true,
                builtin: false,
            }),
            _ => {
                a.problem(
                    kinds,
                    &e.source,
                    format!(
                        "{} = {}, a value login-check does not know",
                        ct.default_policy, e.value
                    ),
                );
                None
            }
        }
    };
    if let Some(e) = pol.get(ct.default_policy) {
        return from_policy(e, a);
    }
    let pref = format!("profile.default_content_setting_values.{}", ct.name);
    if let Some(p) = prefs {
        if let Some(v) = p.pointer(&format!(
            "/profile/default_content_setting_values/{}",
            ct.name
        )) {
            return match v.as_i64() {
                Some(s) if ct.known.contains(&s) => Some(DefaultSetting {
                    setting: s,
                    name: pref,
                    source: shown.to_string(),
                    by_policy: false,
                    builtin: false,
                }),
                _ => {
                    a.problem(
                        kinds,
                        shown,
                        format!("{pref} = {v}, a value login-check does not know"),
                    );
                    None
                }
            };
        }
    } else {
        // Without Preferences the user's default is not known (already a problem).
        return None;
    }
    if let Some(e) = pol.recommended(ct.default_policy) {
        return from_policy(e, a);
    }
    Some(DefaultSetting {
        setting: 1,
        name: pref,
        source: "default".into(),
        by_policy: false,
        builtin: true,
    })
}

fn what(ct: &ContentType) -> &'static str {
    if ct.name == "cookies" {
        "cookies"
    } else {
        "JavaScript"
    }
}

fn emit_rule(ct: &ContentType, r: &Rule, hosts: &[String], a: &mut Analysis) {
    let (kind, status, text) = match (ct.name, r.setting) {
        (_, 2) => (
            Kind::CookiesBlocked,
            Status::Fail,
            format!(
                "{} {} blocked for {}",
                what(ct),
                if ct.name == "cookies" { "are" } else { "is" },
                hosts_text(hosts)
            ),
        ),
        ("cookies", 4) => (
            Kind::ClearOnExit,
            Status::Warn,
            format!(
                "cookies for {} are deleted when the browser closes",
                hosts_text(hosts)
            ),
        ),
        _ => return,
    };
    let f = if r.by_policy {
        Finding::policy(kind, status, text, &r.name, json!(r.pattern), &r.source)
    } else {
        Finding::pref(kind, status, text, &r.name, json!(r.setting), &r.source)
            .with("pattern", r.pattern.clone())
    };
    a.findings.push(
        f.with("meaning", setting_meaning(r.setting))
            .with("hosts", hosts.to_vec()),
    );
}

fn emit_default(ct: &ContentType, d: &DefaultSetting, hosts: &[String], a: &mut Analysis) {
    if d.builtin {
        return;
    }
    let every = hosts.len() == LOGIN_HOSTS.len();
    let scope = if every {
        "every site".to_string()
    } else {
        format!("{} (the default for all sites)", hosts_text(hosts))
    };
    let (kind, status, text) = match (ct.name, d.setting) {
        (_, 2) => (
            Kind::CookiesBlocked,
            Status::Fail,
            format!(
                "{} {} blocked for {scope}",
                what(ct),
                if ct.name == "cookies" { "are" } else { "is" }
            ),
        ),
        ("cookies", 4) => (
            Kind::ClearOnExit,
            Status::Warn,
            if every {
                "cookies of every site are deleted when the browser closes".to_string()
            } else {
                format!("cookies for {scope} are deleted when the browser closes")
            },
        ),
        _ => return,
    };
    let f = if d.by_policy {
        Finding::policy(kind, status, text, &d.name, json!(d.setting), &d.source)
    } else {
        Finding::pref(kind, status, text, &d.name, json!(d.setting), &d.source)
    };
    a.findings.push(
        f.with("meaning", setting_meaning(d.setting))
            .with("hosts", hosts.to_vec()),
    );
}

/// Where the third-party cookie setting came from.
enum TpSource<'a> {
    Policy(&'a PolicyEntry),
    Pref(&'static str, Value),
    Default,
}

/// The third-party cookie mode and where it comes from, highest first: the mandatory
/// `BlockThirdPartyCookies` policy, the profile's pref, the recommended policy. `Some(None)` when
/// none sets it (the browser's default applies); `None` when it cannot be told (a value not
/// known, recorded as a problem, or `Preferences` not read).
fn third_party_mode<'p>(
    pol: &'p PolicySet,
    prefs: Option<&Value>,
    shown: &str,
    a: &mut Analysis,
) -> Option<Option<(i64, TpSource<'p>)>> {
    let k = [Kind::ThirdParty];
    if let Some(e) = pol.get("BlockThirdPartyCookies") {
        let Some(b) = policies::as_bool(&e.value) else {
            a.problem(
                &k,
                &e.source,
                format!(
                    "BlockThirdPartyCookies = {}, which is not true or false",
                    e.value
                ),
            );
            return None;
        };
        return Some(Some((i64::from(b), TpSource::Policy(e))));
    }
    let p = prefs?;
    if let Some(v) = p.pointer("/profile/cookie_controls_mode") {
        let Some(m @ 0..=3) = v.as_i64() else {
            a.problem(
                &k,
                shown,
                format!(
                    "profile.cookie_controls_mode = {v}, a value login-check does not know (0 to 3)"
                ),
            );
            return None;
        };
        return Some(Some((
            m,
            TpSource::Pref("profile.cookie_controls_mode", v.clone()),
        )));
    }
    if let Some(v) = p.pointer("/profile/block_third_party_cookies") {
        let Some(b) = v.as_bool() else {
            a.problem(
                &k,
                shown,
                format!("profile.block_third_party_cookies = {v}, which is not true or false"),
            );
            return None;
        };
        return Some(Some((
            i64::from(b),
            TpSource::Pref("profile.block_third_party_cookies", v.clone()),
        )));
    }
    Some(
        pol.recommended("BlockThirdPartyCookies")
            .and_then(|e| policies::as_bool(&e.value).map(|b| (i64::from(b), TpSource::Policy(e)))),
    )
}

/// Whether an allow rule lets `host`'s cookies through when the sign-in pages embed it: a rule
/// for `host` on every site (`[*.]google.com,*`), or every sign-in site allowed to use
/// third-party cookies (`*,[*.]chatgpt.com`, which covers whatever they embed).
fn embedded_allowed(host: &str, allow_rules: &[Rule]) -> bool {
    // Not `*,[*.]google.com`: that lets Google's own pages use third-party cookies, and does
    // nothing for Google's cookies inside the sign-in pages.
    allow_rules
        .iter()
        .any(|r| r.pair.primary.matches_login_host(host) && r.pair.secondary.is_wildcard())
        || LOGIN_HOSTS.iter().all(|h| {
            allow_rules
                .iter()
                .any(|r| r.pair.primary.is_wildcard() && r.pair.secondary.matches_login_host(h))
        })
}

/// `settings.third_party_cookies`: the mode, unless exceptions allow the sign-in sites (and the
/// sign-in provider's site, when the account uses one: its pop-up and redirect flows send its
/// cookies as third-party ones).
fn third_party(
    inst: &Install,
    prefs: Option<&Value>,
    shown: &str,
    pol: &PolicySet,
    allow_rules: &[Rule],
    providers: &[(&str, &str)],
    a: &mut Analysis,
) {
    let Some(decided) = third_party_mode(pol, prefs, shown, a) else {
        return;
    };
    let key = inst.chromium_spec().map(|s| s.key).unwrap_or("");
    let default_mode = THIRD_PARTY_DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, m)| *m)
        .unwrap_or(CHROMIUM_THIRD_PARTY_DEFAULT);
    let (mode, src) = decided.unwrap_or((default_mode, TpSource::Default));
    match mode {
        2 => a.note(
            Kind::ThirdParty,
            format!(
                "third-party cookies are blocked in incognito windows only{}",
                if matches!(src, TpSource::Default) {
                    " (the default)"
                } else {
                    ""
                }
            ),
        ),
        1 | 3 => {
            let covered = LOGIN_HOSTS
                .iter()
                .all(|h| allow_rules.iter().any(|r| r.pair.covers_third_party(h)));
            let uncovered: Vec<(&str, &str)> = providers
                .iter()
                .copied()
                .filter(|(h, _)| !embedded_allowed(h, allow_rules))
                .collect();
            if covered && uncovered.is_empty() {
                a.note(
                    Kind::ThirdParty,
                    "third-party cookies are blocked, but allowed for the sign-in sites by exceptions",
                );
                return;
            }
            let text = if mode == 1 {
                "third-party cookies are blocked"
            } else {
                "third-party cookies are limited"
            };
            let text = super::third_party_text(text, &uncovered, covered);
            let f = match src {
                TpSource::Policy(e) => Finding::policy(
                    Kind::ThirdParty,
                    Status::Warn,
                    text,
                    "BlockThirdPartyCookies",
                    e.value.clone(),
                    &e.source,
                )
                .with("level", e.level.as_str()),
                TpSource::Pref(name, v) => {
                    Finding::pref(Kind::ThirdParty, Status::Warn, text, name, v, shown)
                }
                TpSource::Default => Finding::pref(
                    Kind::ThirdParty,
                    Status::Warn,
                    format!("{text} (the browser's default)"),
                    "profile.cookie_controls_mode",
                    json!(mode),
                    &format!("{}'s default", inst.name),
                ),
            };
            a.findings.push(super::with_providers(
                f.with("meaning", controls_mode_meaning(mode)),
                &uncovered,
            ));
        }
        _ => {}
    }
}

/// Brave's "Google Sign-In" site permission (`brave://settings/content/googleSignIn`):
/// Brave registers it as the content setting `brave_google_sign_in`, "ask" by default, allow,
/// block or ask, scoped to the top-level site (brave-core
/// `components/content_settings/core/browser/brave_content_settings_registry.cc`; the page is
/// the `googleSignIn` child of Site Settings in `browser/resources/settings/brave_routes.ts`).
/// When it blocks a sign-in site, Brave stops that site's Google sign-in pop-ups and the
/// redirects that use third-party cookies (`google_sign_in_permission_util.cc`;
/// brave-browser#12500, #22190). Judged only for Brave with Google as the sign-in provider.
pub const BRAVE_GOOGLE_SIGN_IN: ContentType = ContentType {
    name: "brave_google_sign_in",
    default_policy: "",
    lists: &[],
    known: &[1, 2, 3],
};

fn brave_google_sign_in(
    inst: &Install,
    prefs: &Value,
    pol: &PolicySet,
    shown: &str,
    now_us: i64,
    providers: &[(&str, &str)],
    a: &mut Analysis,
) {
    let brave = inst
        .chromium_spec()
        .is_some_and(|s| s.key.starts_with("brave"));
    if !brave || !providers.iter().any(|(_, p)| *p == "Google") {
        return;
    }
    let ct = &BRAVE_GOOGLE_SIGN_IN;
    let kinds = [Kind::ThirdParty];
    let rules = user_rules(prefs, ct, shown, now_us, a, &kinds, &[]);
    let default = default_setting(Some(prefs), pol, ct, shown, a, &kinds);
    let mut by_rule: Vec<(usize, Vec<String>)> = Vec::new();
    let mut by_default: Vec<String> = Vec::new();
    for host in LOGIN_HOSTS {
        match best(&rules, host) {
            Some(i) if rules[i].setting == 2 => match by_rule.iter_mut().find(|(j, _)| *j == i) {
                Some((_, hosts)) => hosts.push(host.to_string()),
                None => by_rule.push((i, vec![host.to_string()])),
            },
            Some(_) => {}
            None if default.as_ref().is_some_and(|d| d.setting == 2) => {
                by_default.push(host.to_string())
            }
            None => {}
        }
    }
    for (i, hosts) in by_rule {
        let r = &rules[i];
        a.findings.push(
            Finding::pref(
                Kind::ThirdParty,
                Status::Warn,
                format!("Brave blocks Google sign-in on {}", hosts_text(&hosts)),
                &r.name,
                json!(r.setting),
                &r.source,
            )
            .with("pattern", r.pattern.clone())
            .with("meaning", setting_meaning(r.setting))
            .with("provider", "Google")
            .with("brave_google_sign_in", true),
        );
    }
    if let Some(d) = default.filter(|_| !by_default.is_empty()) {
        let text = if by_default.len() == LOGIN_HOSTS.len() {
            "Brave blocks Google sign-in on every site".to_string()
        } else {
            format!(
                "Brave blocks Google sign-in on {} (the default for all sites)",
                hosts_text(&by_default)
            )
        };
        a.findings.push(
            Finding::pref(
                Kind::ThirdParty,
                Status::Warn,
                text,
                &d.name,
                json!(d.setting),
                &d.source,
            )
            .with("meaning", setting_meaning(d.setting))
            .with("provider", "Google")
            .with("brave_google_sign_in", true),
        );
    }
}

fn clear_on_exit_policies(pol: &PolicySet, a: &mut Analysis) {
    let k = [Kind::ClearOnExit];
    if let Some(e) = pol.get("ClearBrowsingDataOnExitList") {
        match policies::as_list(&e.value) {
            Some(items) => {
                if items.iter().any(|i| i == "cookies_and_other_site_data") {
                    a.findings.push(
                        Finding::policy(
                            Kind::ClearOnExit,
                            Status::Warn,
                            "cookies are deleted when the browser closes",
                            "ClearBrowsingDataOnExitList",
                            e.value.clone(),
                            &e.source,
                        )
                        .with("meaning", "cookies_and_other_site_data cleared on exit"),
                    );
                }
            }
            None => a.problem(&k, &e.source, "ClearBrowsingDataOnExitList is not a list"),
        }
    }
    if let Some(spec) = pol.spec {
        if let Some(e) = pol.get(spec.private_policy) {
            if policies::as_int(&e.value) == Some(2) {
                a.findings.push(
                    Finding::policy(
                        Kind::ClearOnExit,
                        Status::Warn,
                        "every window is private, so cookies are deleted when the browser closes",
                        spec.private_policy,
                        e.value.clone(),
                        &e.source,
                    )
                    .with("meaning", "forced"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browsers::discovery::Family;
    use crate::browsers::spec::{CHROMIUM, Packaging};

    fn install(key: &str) -> Install {
        let spec = CHROMIUM.iter().position(|s| s.key == key).unwrap();
        Install::new(key.into(), key, Family::Chromium, Packaging::Native, spec)
    }

    fn settings(prefs: Result<Value, String>) -> ChromiumSettings {
        ChromiumSettings {
            shown: "~/.config/chromium/Default/Preferences".into(),
            prefs,
            extension_proxies: Vec::new(),
            extension_problems: Vec::new(),
            secure_dns: None,
        }
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_795_521_600).unwrap()
    }

    fn of(a: &Analysis, kind: Kind) -> Vec<&Finding> {
        a.findings.iter().filter(|f| f.kind == kind).collect()
    }

    #[test]
    fn a_blocked_cookie_exception_for_chatgpt_fails() {
        let prefs = json!({"profile": {"content_settings": {"exceptions": {"cookies": {
            "[*.]chatgpt.com,*": {"setting": 2, "last_modified": "13370000000000000"}
        }}}}});
        let a = analyze(
            &settings(Ok(prefs)),
            &install("chromium"),
            &PolicySet::default(),
            now(),
        );
        let blocked = of(&a, Kind::CookiesBlocked);
        assert_eq!(blocked.len(), 1, "{:?}", a.findings);
        let f = blocked[0];
        assert_eq!(f.status, Status::Fail);
        assert!(!f.by_policy);
        assert_eq!(f.text, "cookies are blocked for chatgpt.com");
        assert_eq!(f.evidence["pattern"], "[*.]chatgpt.com,*");
        assert_eq!(f.evidence["meaning"], "block");
        assert!(a.problems.is_empty());
        assert_eq!(a.sources, ["~/.config/chromium/Default/Preferences"]);
    }

    #[test]
    fn an_expired_exception_and_an_empty_profile_pass() {
        // Expired in 1601 + 1 µs.
        let prefs = json!({"profile": {"content_settings": {"exceptions": {"cookies": {
            "[*.]chatgpt.com,*": {"setting": 2, "expiration": "1"}
        }}}}});
        let pol = PolicySet::default();
        for p in [prefs, json!({})] {
            let a = analyze(&settings(Ok(p)), &install("chromium"), &pol, now());
            assert!(of(&a, Kind::CookiesBlocked).is_empty(), "{:?}", a.findings);
            assert!(of(&a, Kind::ClearOnExit).is_empty());
            assert!(a.problems.is_empty());
        }
    }

    #[test]
    fn session_only_by_default_warns_and_brave_blocks_third_party_cookies() {
        let prefs = json!({"profile": {"default_content_setting_values": {"cookies": 4}}});
        let a = analyze(
            &settings(Ok(prefs)),
            &install("brave"),
            &PolicySet::default(),
            now(),
        );
        let clear = of(&a, Kind::ClearOnExit);
        assert_eq!(clear.len(), 1);
        assert_eq!(clear[0].status, Status::Warn);
        assert_eq!(
            clear[0].text,
            "cookies of every site are deleted when the browser closes"
        );
        let tp = of(&a, Kind::ThirdParty);
        assert_eq!(tp.len(), 1);
        assert_eq!(tp[0].evidence["source"], "brave's default");
    }

    #[test]
    fn an_unreadable_preferences_is_a_problem_for_every_profile_check_but_secure_dns() {
        let a = analyze(
            &settings(Err("permission denied".into())),
            &install("chromium"),
            &PolicySet::default(),
            now(),
        );
        assert!(a.findings.is_empty());
        assert_eq!(a.problems.len(), 1);
        let kinds: Vec<Kind> = PROFILE_KINDS
            .iter()
            .copied()
            .filter(|k| *k != Kind::SecureDns)
            .collect();
        assert_eq!(a.problems[0].kinds, kinds);
        assert_eq!(a.problems[0].reason, "permission denied");
        // Secure DNS is in Local State: with none read, Chromium's default is said.
        assert!(
            a.notes
                .iter()
                .any(|(k, n)| *k == Kind::SecureDns && n.contains("automatic"))
        );
        assert!(a.sources.is_empty());
    }

    #[test]
    fn chromium_time_is_converted_from_1601() {
        // 2026-11-24T12:00:00Z.
        let unix_s = 1_795_521_600_i64;
        let chromium_us = (unix_s + 11_644_473_600) * 1_000_000;
        assert_eq!(chromium_time_to_unix_us(chromium_us), unix_s * 1_000_000);
    }

    #[test]
    fn meanings_cover_the_known_values() {
        for v in COOKIES.known.iter().chain(JAVASCRIPT.known) {
            assert_ne!(setting_meaning(*v), "unknown");
        }
        for m in 0..=3 {
            assert_ne!(controls_mode_meaning(m), "unknown");
        }
        assert_eq!(controls_mode_meaning(9), "unknown");
    }
}
