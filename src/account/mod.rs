//! `account.signin_method`: a hint about how the account was created.
//!
//! The articles' most common account error is a sign-in method mismatch: "There is already a
//! user with email…" or "Wrong authentication method" — "Ensure you're using the same
//! authentication method as when you first registered". Per browser profile this reports
//! whether a password is saved for OpenAI's sign-in sites (a hint that the account was made
//! with e-mail and password) and which sign-in providers (Google, Microsoft, Apple) have
//! sign-in cookies. Only the saved password's site is read — never the user name or the
//! password — and only the names and domains of provider cookies.

use serde_json::{Value, json};

use crate::browsers::discovery::{Family, Install, Profile};
use crate::checks::CheckDef;
use crate::context::Context;
use crate::model::{Category, CheckResult, Status, Subject};
use crate::ticket::AuthMethod;
use crate::{fsutil, hosts, sqlite};

pub const ID: &str = "account.signin_method";

/// Sign-in providers: their cookie domains and the cookie names that mean "signed in".
pub struct Provider {
    pub name: &'static str,
    pub method: AuthMethod,
    pub domains: &'static [&'static str],
    pub session_cookies: &'static [&'static str],
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
        hosts::sql_domain_filter_for(domain_column, &sites)
    )
}

fn site_of_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    hosts::site_of(host)
}

fn host_of_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Sites of saved passwords for OpenAI's sign-in sites (hosts only).
fn saved_password_hosts(ctx: &Context, inst: &Install, p: &Profile) -> Result<Vec<String>, String> {
    let mut hosts_found: Vec<String> = Vec::new();
    match inst.family {
        Family::Chromium => {
            for file in ["Login Data", "Login Data For Account"] {
                let path = p.path.join(file);
                if !path.exists() {
                    continue;
                }
                let db =
                    sqlite::open(&path).map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?;
                let cols = db
                    .columns("logins")
                    .map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?;
                if !cols.has("origin_url") {
                    return Err(format!(
                        "{}: unknown schema (no `logins.origin_url`)",
                        ctx.display_path(&path)
                    ));
                }
                // Entries the user chose never to save have no password.
                let never = if cols.has("blacklisted_by_user") {
                    "AND blacklisted_by_user = 0"
                } else {
                    ""
                };
                let sql = format!(
                    "SELECT DISTINCT origin_url FROM logins WHERE (origin_url LIKE '%openai.com%' OR origin_url LIKE '%chatgpt.com%') {never}"
                );
                let mut stmt = db.conn.prepare(&sql).map_err(|e| e.to_string())?;
                let rows = stmt
                    .query_map([], |r| r.get::<_, String>(0))
                    .map_err(|e| e.to_string())?;
                for url in rows.flatten() {
                    if site_of_url(&url).is_some() {
                        hosts_found.push(host_of_url(&url));
                    }
                }
            }
        }
        Family::Firefox => {
            let path = p.path.join("logins.json");
            match fsutil::read_text(&path) {
                Ok(text) => {
                    let v: Value = serde_json::from_str(&text).map_err(|e| {
                        format!("{}: not valid JSON ({e})", ctx.display_path(&path))
                    })?;
                    for login in v
                        .get("logins")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(h) = login.get("hostname").and_then(Value::as_str) {
                            if site_of_url(h).is_some() {
                                hosts_found.push(host_of_url(h));
                            }
                        }
                    }
                }
                Err(fsutil::ReadError::Missing) => {}
                Err(e) => return Err(format!("{}: {e}", ctx.display_path(&path))),
            }
        }
        // Safari keeps passwords in the Keychain, which login-check does not open.
        Family::Safari => {}
    }
    hosts_found.sort();
    hosts_found.dedup();
    Ok(hosts_found)
}

/// Providers with sign-in cookies in this profile: (provider, cookie names).
fn provider_cookies(
    ctx: &Context,
    inst: &Install,
    p: &Profile,
) -> Result<Vec<(&'static Provider, Vec<String>)>, String> {
    let Some(path) = crate::cookies::cookie_store(inst, p) else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(String, String)> = match inst.family {
        Family::Safari => {
            let bytes = fsutil::read_limited(&path, 256 << 20)
                .map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?;
            crate::cookies::safari::parse(&bytes)
                .map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?
                .into_iter()
                .map(|r| (r.domain, r.name))
                .collect()
        }
        // Read in the cookie checks' scan of the store (`cookies::jars`): one scan per store.
        _ => {
            let jars = crate::cookies::jars(ctx);
            let jar = jars
                .iter()
                .find(|j| j.install.key == inst.key && j.profile.id == p.id);
            match jar.map(|j| &j.state) {
                Some(crate::cookies::JarState::Read(jar)) => jar.provider_cookies.clone(),
                Some(crate::cookies::JarState::Unreadable { reason, .. }) => {
                    return Err(reason.clone());
                }
                Some(crate::cookies::JarState::Absent) | None => Vec::new(),
            }
        }
    };
    let mut out = Vec::new();
    for prov in PROVIDERS {
        let mut names: Vec<String> = pairs
            .iter()
            .filter(|(d, _)| {
                let d = d.trim_start_matches('.').to_ascii_lowercase();
                prov.domains
                    .iter()
                    .any(|pd| d == *pd || d.ends_with(&format!(".{pd}")))
            })
            .filter(|(_, n)| prov.session_cookies.contains(&n.as_str()))
            .map(|(_, n)| n.clone())
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            out.push((prov, names));
        }
    }
    Ok(out)
}

fn mismatch_fix() -> String {
    "An account can only be signed in to with the method it was created with. If you see \"There is already a user \
     with email…\" or \"Wrong authentication method\", use your original method; if unsure, try each — e-mail and \
     password, Continue with Google, Continue with Microsoft, Continue with Apple, Continue with phone — from a \
     private window in a browser other than Firefox."
        .to_string()
}

/// `account.signin_method`
pub fn signin_method(ctx: &Context) -> Vec<CheckResult> {
    let method = ctx.user_input.auth_method;
    let mut out = Vec::new();
    let installs: Vec<&Install> = ctx
        .discovery()
        .installs
        .iter()
        .filter(|i| i.unreadable.is_none())
        .collect();
    // Each profile's files are read in parallel, one thread per browser, as the cookie checks do.
    type Read = (
        Result<Vec<String>, String>,
        Result<Vec<(&'static Provider, Vec<String>)>, String>,
    );
    let read: Vec<Vec<Read>> = crate::browsers::per_browser(installs.iter().copied(), |inst| {
        inst.profiles
            .iter()
            .map(|p| {
                (
                    saved_password_hosts(ctx, inst, p),
                    provider_cookies(ctx, inst, p),
                )
            })
            .collect()
    });
    for (inst, read) in installs.iter().zip(read) {
        for (p, (saved, providers)) in inst.profiles.iter().zip(read) {
            let subject = Some(Subject::profile(&inst.key, &p.id));
            let label = format!("{} › {}", inst.name, p.name.as_deref().unwrap_or(&p.id));
            let (saved_hosts, providers) = match (saved, providers) {
                (Err(a), Err(b)) => {
                    out.push(
                        CheckResult::new(
                            ID,
                            Category::Account,
                            Status::Unknown,
                            format!("{label}: sign-in hints could not be read"),
                            format!("{a}; {b}"),
                        )
                        .evidence("error", format!("{a}; {b}"))
                        .with_subject(subject),
                    );
                    continue;
                }
                (a, b) => (a, b),
            };
            let mut problems = Vec::new();
            let saved_hosts = saved_hosts.unwrap_or_else(|e| {
                problems.push(e);
                Vec::new()
            });
            let providers = providers.unwrap_or_else(|e| {
                problems.push(e);
                Vec::new()
            });
            if saved_hosts.is_empty() && providers.is_empty() && problems.is_empty() {
                continue;
            }
            let mut hints = Vec::new();
            if !saved_hosts.is_empty() {
                hints.push(format!(
                    "a password is saved for {}, a hint that the account was created with e-mail and password",
                    saved_hosts.join(", ")
                ));
            }
            if !providers.is_empty() {
                hints.push(format!(
                    "signed in to {} in this profile",
                    providers
                        .iter()
                        .map(|(p, _)| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let mismatch =
                method.is_some_and(|m| m != AuthMethod::Password) && !saved_hosts.is_empty();
            let mut r = if mismatch {
                let m = method.expect("checked");
                CheckResult::new(
                    ID,
                    Category::Account,
                    Status::Warn,
                    format!("{label}: you sign in with {}, but an OpenAI password is saved", m.label()),
                    format!("In this profile {}. The account may have been created with e-mail and password.", hints.join("; ")),
                )
                .with_fix(mismatch_fix())
            } else {
                CheckResult::new(
                    ID,
                    Category::Account,
                    Status::Pass,
                    format!(
                        "{label}: {}",
                        if hints.is_empty() {
                            "no sign-in hints".to_string()
                        } else {
                            hints.join("; ")
                        }
                    ),
                    format!(
                        "A hint, not proof, about how the account was created. {}",
                        mismatch_fix()
                    ),
                )
            };
            r = r
                .evidence("saved_password_sites", saved_hosts.clone())
                .evidence(
                    "provider_cookies",
                    providers
                        .iter()
                        .map(|(p, n)| json!({"provider": p.name, "cookies": n}))
                        .collect::<Vec<_>>(),
                )
                .evidence(
                    "auth_method_given",
                    method.map(|m| json!(m)).unwrap_or(Value::Null),
                );
            if !problems.is_empty() {
                r = r.evidence("problems", problems);
            }
            if inst.family == Family::Safari {
                r = r.evidence(
                    "notes",
                    vec!["Safari keeps passwords in the Keychain, which login-check does not open"],
                );
            }
            out.push(r.with_subject(subject));
        }
    }
    if out.is_empty() {
        out.push(CheckResult::new(
            ID,
            Category::Account,
            Status::Skip,
            "No saved OpenAI password or sign-in provider cookies found",
            "No profile holds a hint about how the account was created.",
        ));
    }
    out
}

/// This area's checks.
pub fn defs() -> Vec<CheckDef> {
    vec![CheckDef {
        id: ID,
        category: Category::Account,
        description: "Hints of how the account was created: a saved OpenAI password, Google/Microsoft/Apple sign-in cookies",
        network: false,
        run: signin_method,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_login_sites() {
        assert_eq!(
            site_of_url("https://auth.openai.com/u/login"),
            Some("openai.com")
        );
        assert_eq!(site_of_url("https://chatgpt.com:443/"), Some("chatgpt.com"));
        assert_eq!(site_of_url("https://openai.com.evil.example/"), None);
        assert_eq!(host_of_url("https://Auth.OpenAI.com/x"), "auth.openai.com");
    }
}
