//! Cookies for OpenAI's sign-in hosts, in every browser profile.
//!
//! The help articles' first fix is "Clear browser cache and cookies: This can resolve issues
//! caused by outdated or corrupted data", and for "Something went wrong" / "Oops" errors:
//! "Refresh your cache and cookies, then attempt the login". This module finds which browser
//! and profile hold the cookie state that breaks a sign-in, and why: cookies kept past their
//! expiry (`cookies.expired`), cookies not used for a long time (`cookies.stale`), one cookie
//! name stored at two domain levels or paths (`cookies.conflict`), and a Cookie header too large
//! for the server (`cookies.oversize`).
//!
//! Only names, domains, paths, partitions, times and sizes are read; a cookie's value is never
//! read, and nothing is decrypted. Databases are opened through [`crate::io::sqlite`], which never
//! writes to them or holds a lock the browser needs.

pub mod analysis;

use serde_json::{Value, json};

use crate::browsers::discovery::{Family, Install, Profile};
use crate::checks::declare::{Check, check};
use crate::facts::Facts;
use crate::model::{CheckResult, Status, Subject};
use crate::sources::cookies::{Jar, JarState, ProfileJar, Unreadable};

/// The Cookies section's introduction in `docs/checks.md`.
pub const INTRO: &str = "";

check! {
    /// DOC
    pub static EXPIRED = {
        id: "cookies.expired",
        category: Cookies,
        network: false,
        per: "profile with OpenAI cookies",
        summary: "OpenAI cookies past their expiry that the browser still keeps",
        article: "Clear browser cache and cookies: This can resolve issues caused by outdated or corrupted data.",
        verdict: expired,
    }
}

check! {
    /// DOC
    pub static STALE = {
        id: "cookies.stale",
        category: Cookies,
        network: false,
        per: "profile with OpenAI cookies",
        summary: "OpenAI cookies unused for 30 days, or a session older than the site keeps sessions",
        article: "If you can't log in, after having successfully logged in before: Refresh your browser's cache and cookies.",
        verdict: stale,
    }
}

check! {
    /// DOC
    pub static CONFLICT = {
        id: "cookies.conflict",
        category: Cookies,
        network: false,
        per: "profile with OpenAI cookies",
        summary: "One cookie name stored at several domain levels, paths or partitions",
        article: "In the event you still receive \"Something went wrong\" or \"Oops...\" errors please try the following: Refresh your cache and cookies, then attempt the login with your chosen authentication method.",
        verdict: conflict,
    }
}

check! {
    /// DOC
    pub static OVERSIZE = {
        id: "cookies.oversize",
        category: Cookies,
        network: false,
        per: "profile with OpenAI cookies",
        summary: "The Cookie header sent to a sign-in host is near or over the 8 KB servers accept",
        article: "Clear browser cache and cookies: This can resolve issues caused by outdated or corrupted data.",
        verdict: oversize,
    }
}

fn subject(pj: &ProfileJar) -> Option<Subject> {
    Some(Subject::profile(&pj.install.key, &pj.profile.id))
}

/// For fixes: the browser, the profile's name and its folder.
fn label(pj: &ProfileJar) -> String {
    profile_label(&pj.install, &pj.profile)
}

/// For titles: `Google Chrome › Work`.
fn short(pj: &ProfileJar) -> String {
    format!(
        "{} › {}",
        pj.install.name,
        pj.profile.name.as_deref().unwrap_or(&pj.profile.id)
    )
}

/// `Google Chrome (profile "Work")`.
pub fn profile_label(inst: &Install, p: &Profile) -> String {
    match &p.name {
        Some(n) if n != &p.id => format!("{} (profile \"{n}\", folder {})", inst.name, p.id),
        _ => format!("{} (profile {})", inst.name, p.id),
    }
}

/// The fix for a store that could not be read, by why.
fn unreadable_fix(inst: &Install, source: &str, cause: Unreadable) -> String {
    match cause {
        Unreadable::Locked => format!("Close {} completely and run login-check again.", inst.name),
        Unreadable::Denied if inst.family == Family::Safari => "Give your terminal Full Disk Access (System Settings › Privacy & Security › Full Disk Access) and run login-check again."
            .to_string(),
        _ => format!(
            "{} keeps its cookies in {source}, which login-check could not read. If signing in fails in this profile, \
             clear its cookies for openai.com and chatgpt.com ({}), or sign in from a private window.",
            inst.name,
            clear_steps(inst)
        ),
    }
}

/// How to clear one site's cookies in this browser, on the page or menu its spec names
/// ([`crate::browsers::spec::Ui::site_data`]).
pub fn clear_steps(inst: &Install) -> String {
    let place = inst.ui().site_data;
    match inst.family {
        Family::Firefox => {
            format!("{place}, search \"openai\" and \"chatgpt\", Remove Selected")
        }
        Family::Safari => format!("{place}, search \"openai\" and \"chatgpt\", Remove"),
        Family::Chromium => format!(
            "open {place}, search \"openai\" and \"chatgpt\", and delete the data of each site shown"
        ),
    }
}

fn clear_fix(pj: &ProfileJar, why: &str) -> String {
    format!(
        "{why} In {}: {}. Then sign in again; or sign in from a private window, which starts without these cookies.",
        label(pj),
        clear_steps(&pj.install)
    )
}

fn jar_evidence(r: CheckResult, jar: &Jar) -> CheckResult {
    let mut r = r
        .evidence("source", jar.source.clone())
        .evidence("format", jar.format.clone())
        .evidence("login_cookies", jar.cookies.len());
    if jar.via_copy {
        r = r.evidence("read_from_copy", true);
    }
    if !jar.notes.is_empty() {
        r = r.evidence("notes", jar.notes.clone());
    }
    r
}

/// Runs `judge` over every profile that has login-domain cookies; an unreadable store is
/// `unknown`; when no profile has any, one `skip`.
fn per_profile(
    facts: &Facts,
    check: &Check,
    judge: impl Fn(&ProfileJar, &Jar, i64) -> CheckResult,
) -> Vec<CheckResult> {
    let all = facts.cookie_jars();
    let now = facts.ctx.now.unix_timestamp();
    let mut out = Vec::new();
    for pj in all.iter() {
        match &pj.state {
            JarState::Absent => {}
            JarState::Read(jar) if jar.cookies.is_empty() => {}
            JarState::Read(jar) => out.push(judge(pj, jar, now).with_subject(subject(pj))),
            JarState::Unreadable {
                source,
                reason,
                cause,
            } => out.push(
                check
                    .result(
                        Status::Unknown,
                        format!("{}: cookies could not be read", short(pj)),
                        reason.clone(),
                    )
                    .evidence("source", source.clone())
                    .evidence("error", reason.clone())
                    .with_fix(unreadable_fix(&pj.install, source, *cause))
                    .with_subject(subject(pj)),
            ),
        }
    }
    if out.is_empty() {
        let with_store = all
            .iter()
            .filter(|p| !matches!(p.state, JarState::Absent))
            .count();
        out.push(
            check
                .result(
                Status::Skip,
                "No OpenAI or ChatGPT cookies are stored",
                format!(
                    "None of the {} profile(s) found ({} with a cookie store) holds cookies for the sign-in sites.",
                    all.len(),
                    with_store
                ),
            )
            .evidence("profiles_checked", all.len())
            .evidence("sites", crate::hosts::LOGIN_SITES.to_vec()),
        );
    }
    out
}

fn ago(now: i64, t: Option<i64>) -> Value {
    t.map_or(Value::Null, |t| json!((now - t).div_euclid(86_400)))
}

fn expired(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, &EXPIRED, |pj, jar, now| {
        let list = analysis::expired(&jar.cookies, now);
        let r = if list.is_empty() {
            EXPIRED.result(
                Status::Pass,
                format!("{}: no expired OpenAI cookies kept", short(pj)),
                "",
            )
        } else {
            EXPIRED.result(
                Status::Warn,
                format!("{}: {} expired OpenAI cookie(s) still stored", short(pj), list.len()),
                "Cookies past their expiry date are still in the browser's store: outdated data of the kind the help \
                 articles say to clear.",
            )
            .evidence(
                "expired",
                list.iter()
                    .map(|c| json!({"name": c.name, "domain": c.domain, "expired_days_ago": ago(now, c.expires)}))
                    .collect::<Vec<_>>(),
            )
            .with_fix(clear_fix(pj, "Clear the outdated cookies."))
        };
        jar_evidence(r, jar)
    })
}

fn stale(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, &STALE, |pj, jar, now| {
        let list = analysis::stale(&jar.cookies, now);
        let r = if list.is_empty() {
            STALE.result(
                Status::Pass,
                format!("{}: OpenAI cookies are in recent use", short(pj)),
                "",
            )
        } else {
            let sessions = list.iter().filter(|s| s.session_age_days.is_some()).count();
            let detail = if sessions > 0 {
                "A sign-in session cookie is older than that site keeps sessions, so the server has likely ended the \
                 session the browser still presents; other cookies have not been used for a long time."
            } else {
                "These cookies have not been used for a long time: left over from an old session, they can clash with a \
                 new sign-in."
            };
            STALE
                .result(
                    Status::Warn,
                    format!("{}: {} stale OpenAI cookie(s)", short(pj), list.len()),
                    detail,
                )
                .evidence(
                    "stale",
                    list.iter()
                        .map(|s| {
                            let mut o = json!({"name": s.cookie.name, "domain": s.cookie.domain});
                            if let Some(d) = s.unused_days {
                                o["unused_days"] = json!(d);
                            }
                            if let (Some(a), Some(l)) =
                                (s.session_age_days, s.session_lifetime_days)
                            {
                                o["session_age_days"] = json!(a);
                                o["session_lifetime_days"] = json!(l);
                            }
                            o
                        })
                        .collect::<Vec<_>>(),
                )
                .with_fix(clear_fix(
                    pj,
                    "Clear the old cookies so the next sign-in starts fresh.",
                ))
        };
        jar_evidence(r, jar)
            .evidence("threshold_days", analysis::STALE_DAYS)
            .evidence(
                "session_lifetimes",
                analysis::SESSION_COOKIES
                    .iter()
                    .map(|s| json!({"name": s.name, "site": s.site, "days": s.lifetime_days, "source": s.source}))
                    .collect::<Vec<_>>(),
            )
    })
}

fn conflict(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, &CONFLICT, |pj, jar, now| {
        let list = analysis::conflicts(&jar.cookies, now);
        let in_one_request = list.iter().filter(|c| c.same_request).count();
        let status = if in_one_request > 0 {
            Status::Fail
        } else if !list.is_empty() {
            Status::Warn
        } else {
            Status::Pass
        };
        let r = match status {
            Status::Pass => CONFLICT.result(
                Status::Pass,
                format!("{}: no conflicting OpenAI cookies", short(pj)),
                "",
            ),
            _ => {
                let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
                CONFLICT.result(
                    status,
                    format!("{}: conflicting copies of {}", short(pj), names.join(", ")),
                    if status == Status::Fail {
                        "The same cookie is stored at more than one domain level or path, so the sign-in server receives \
                         both copies and can read the stale one: a classic cause of \"Something went wrong\" loops."
                    } else {
                        "The same cookie is stored in more than one container or partition. They are not sent together, \
                         but an old copy can be the one used in the window you sign in from."
                    },
                )
                .evidence(
                    "conflicts",
                    list.iter()
                        .map(|c| json!({"name": c.name, "host": c.host, "copies": c.copies, "sent_together": c.same_request}))
                        .collect::<Vec<_>>(),
                )
                .with_fix(clear_fix(pj, "Delete every copy: clear the cookies of both openai.com and chatgpt.com, all subdomains."))
            }
        };
        jar_evidence(r, jar)
    })
}

fn oversize(facts: &Facts) -> Vec<CheckResult> {
    per_profile(facts, &OVERSIZE, |pj, jar, now| {
        let headers = analysis::headers(&jar.cookies, now);
        let worst = headers
            .iter()
            .max_by_key(|h| h.bytes)
            .cloned()
            .expect("there is at least one login host");
        let status = if worst.bytes >= analysis::HEADER_FAIL {
            Status::Fail
        } else if worst.bytes >= analysis::HEADER_WARN {
            Status::Warn
        } else {
            Status::Pass
        };
        let kb = |b: usize| {
            if b < 1024 {
                format!("{b} bytes")
            } else {
                format!("{:.1} KB", b as f64 / 1024.0)
            }
        };
        let approx = if worst.estimated { "about " } else { "" };
        let mut r = OVERSIZE.result(
            status,
            match status {
                Status::Pass => format!("{}: Cookie header to {} is {approx}{}", short(pj), worst.host, kb(worst.bytes)),
                _ => format!("{}: Cookie header to {} is {approx}{}, too large", short(pj), worst.host, kb(worst.bytes)),
            },
            match status {
                Status::Pass => String::new(),
                _ => format!(
                    "Servers in front of the sign-in pages refuse requests whose headers pass about 8 KB, with \"Request \
                     Header Or Cookie Too Large\" (HTTP 431 or 400). This profile would send {} cookies ({approx}{}) to {}.",
                    worst.cookies,
                    kb(worst.bytes),
                    worst.host
                ),
            },
        )
        .evidence("worst_host", worst.host.clone())
        .evidence("header_bytes", worst.bytes)
        .evidence("warn_from_bytes", analysis::HEADER_WARN)
        .evidence("fail_from_bytes", analysis::HEADER_FAIL)
        .evidence(
            "per_host",
            headers
                .iter()
                .map(|h| json!({"host": h.host, "bytes": h.bytes, "cookies": h.cookies}))
                .collect::<Vec<_>>(),
        )
        .evidence(
            "largest",
            worst.largest.iter().map(|(n, d, b)| json!({"name": n, "domain": d, "bytes": b})).collect::<Vec<_>>(),
        );
        if worst.chunks > 0 {
            r = r.evidence("session_token_chunks", worst.chunks);
        }
        if worst.estimated {
            r = r.evidence(
                "estimated",
                "some values are encrypted: their size is estimated from the ciphertext length, without decrypting",
            );
        }
        if status != Status::Pass {
            r = r.with_fix(clear_fix(pj, "Clear the cookies to shrink the header."));
        }
        jar_evidence(r, jar)
    })
}
