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

use crate::browsers::discovery::Family;
use crate::checks::declare::check;
use crate::facts::Facts;
use crate::hosts::{PROVIDERS, Provider};
use crate::model::{AuthMethod, CheckResult, Status, Subject};
use crate::sources::cookies::{JarState, ProfileJar};

/// The Account section's introduction in `docs/checks.md`.
pub const INTRO: &str = "";

check! {
    /// The articles' most common account error is a sign-in method mismatch ("There is already a user
    /// with email…", "Wrong authentication method"). Per browser profile: whether a password is saved
    /// for OpenAI's sign-in sites — Chromium's `Login Data` and `Login Data For Account` (`logins`:
    /// `origin_url` only, entries the user chose never to save excluded), Firefox's `logins.json`
    /// (`hostname` only) — a hint that the account was created with e-mail and password; and which
    /// sign-in providers have sign-in cookies in the profile (Google `SID`, `__Secure-1PSID`, ...;
    /// Microsoft `ESTSAUTH`, `ESTSAUTHPERSISTENT`, `MSPAuth`, ...; Apple `myacinfo`: names and domains
    /// only). User names, passwords and cookie values are never read. Safari keeps passwords in the
    /// Keychain, which is not opened.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | A hint (or none) — information for you and for support; the detail explains the mismatch error. |
    /// | warn | `--auth-method` is not `password` while an OpenAI password is saved in the profile: the account may have been created with e-mail and password. The fix explains the mismatch and how to try each method. |
    /// | unknown | Neither the saved logins nor the cookies could be read. |
    /// | skip | No profile holds a hint (one result). |
    ///
    /// *Evidence:* `saved_password_sites`, `provider_cookies` (`provider`, `cookies`),
    /// `auth_method_given`, `problems`, `notes`.
    pub static SIGNIN_METHOD = {
        id: "account.signin_method",
        category: Account,
        network: false,
        per: "browser profile with a hint",
        summary: "Hints of how the account was created: a saved OpenAI password, Google/Microsoft/Apple sign-in cookies",
        article: "Ensure you're using the same authentication method as when you first registered",
        verdict: signin_method,
    }
}

/// Providers with sign-in cookies in this profile, from its cookie store's one scan:
/// (provider, cookie names).
fn provider_cookies(
    jar: Option<&ProfileJar>,
) -> Result<Vec<(&'static Provider, Vec<String>)>, String> {
    let pairs: &[(String, String)] = match jar.map(|j| &j.state) {
        Some(JarState::Read(jar)) => &jar.provider_cookies,
        Some(JarState::Unreadable { reason, .. }) => return Err(reason.clone()),
        Some(JarState::Absent) | None => &[],
    };
    let mut out = Vec::new();
    for prov in PROVIDERS {
        let mut names: Vec<String> = pairs
            .iter()
            .filter(|(d, n)| prov.is_session_cookie(d, n))
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

fn signin_method(facts: &Facts) -> Vec<CheckResult> {
    let method = facts.user.auth_method;
    let mut out = Vec::new();
    let jars = facts.cookie_jars();
    let installs = &facts.discovery().installs;
    for (inst, saved) in installs.iter().zip(facts.saved_logins()) {
        if inst.unreadable.is_some() {
            continue;
        }
        for (p, saved) in inst.profiles.iter().zip(saved) {
            let jar = jars
                .iter()
                .find(|j| j.install.key == inst.key && j.profile.id == p.id);
            let (saved, providers) = (saved.clone(), provider_cookies(jar));
            let subject = Some(Subject::profile(&inst.key, &p.id));
            let label = crate::checks::common::profile_title(inst, p);
            let (saved_hosts, providers) = match (saved, providers) {
                (Err(a), Err(b)) => {
                    out.push(
                        SIGNIN_METHOD
                            .result(
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
            let mut r = if !mismatch && !problems.is_empty() {
                // Never a pass from data that could not be read.
                SIGNIN_METHOD
                    .result(
                        Status::Unknown,
                        format!("{label}: sign-in hints could not all be read"),
                        format!(
                            "{}{}",
                            problems.join("; "),
                            if hints.is_empty() {
                                String::new()
                            } else {
                                format!(". What could be read: {}.", hints.join("; "))
                            }
                        ),
                    )
                    .evidence("error", problems.join("; "))
            } else if mismatch {
                let m = method.expect("checked");
                SIGNIN_METHOD.result(
                    Status::Warn,
                    format!("{label}: you sign in with {}, but an OpenAI password is saved", m.label()),
                    format!("In this profile {}. The account may have been created with e-mail and password.", hints.join("; ")),
                )
                .with_fix(mismatch_fix())
            } else {
                SIGNIN_METHOD.result(
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
            if inst.family == Family::Safari && !inst.app {
                r = r.evidence(
                    "notes",
                    vec!["Safari keeps passwords in the Keychain, which login-check does not open"],
                );
            }
            out.push(r.with_subject(subject));
        }
    }
    if out.is_empty() {
        out.push(SIGNIN_METHOD.result(
            Status::Skip,
            "No saved OpenAI password or sign-in provider cookies found",
            "No profile holds a hint about how the account was created.",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::sources::logins::{host_of_url, site_of_url};

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

#[cfg(test)]
mod verdict_tests {
    //! The verdict on facts built in memory: no files, no binary.
    use super::*;
    use crate::browsers::discovery::Discovery;
    use crate::model::TicketInput;
    use crate::sources::cookies::Jar;

    fn facts(auth: Option<AuthMethod>, saved: Vec<String>, providers: Vec<(&str, &str)>) -> Facts {
        let (inst, profile) = crate::checks::common::testing::chrome_with_default(None);
        let jar = ProfileJar {
            install: inst.clone(),
            profile,
            state: JarState::Read(Jar {
                source: "~/Cookies".into(),
                format: "Chromium cookies, schema 24".into(),
                via_copy: false,
                cookies: Vec::new(),
                notes: Vec::new(),
                provider_cookies: providers
                    .into_iter()
                    .map(|(d, n)| (d.to_string(), n.to_string()))
                    .collect(),
            }),
        };
        crate::checks::common::testing::facts(TicketInput {
            auth_method: auth,
            ..TicketInput::default()
        })
        .with_discovery(Discovery {
            installs: vec![inst],
        })
        .with_cookie_jars(vec![jar])
        .with_saved_logins(vec![vec![Ok(saved)]])
    }

    #[test]
    fn google_given_while_an_openai_password_is_saved_warns_with_the_mismatch_fix() {
        let f = facts(
            Some(AuthMethod::Google),
            vec!["auth.openai.com".into()],
            vec![(".google.com", "SID")],
        );
        let r = (SIGNIN_METHOD.verdict)(&f);
        assert_eq!(r[0].status, Status::Warn, "{r:?}");
        assert!(r[0].title.contains("an OpenAI password is saved"));
        assert!(
            r[0].fix
                .as_deref()
                .unwrap()
                .contains("Wrong authentication method")
        );
        assert_eq!(r[0].evidence["provider_cookies"][0]["provider"], "Google");
    }

    #[test]
    fn no_hint_anywhere_is_one_skip() {
        let r = (SIGNIN_METHOD.verdict)(&facts(None, Vec::new(), Vec::new()));
        assert_eq!((r.len(), r[0].status), (1, Status::Skip));
    }
}
