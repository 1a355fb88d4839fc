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
pub const INTRO: &str = r#"The articles' first fix is "Clear browser cache and cookies: This can resolve issues caused by
outdated or corrupted data". The cookie checks find which browser and profile hold the cookie
state that breaks a sign-in, so the report can say exactly where to clear, and why.

*What they look at:* in every profile, the cookies whose domain is one of the sign-in sites
(`openai.com`, `chatgpt.com`, `oaistatic.com`, `oaiusercontent.com`, and their subdomains; the
list is data in `src/hosts.rs`), filtered in SQL so other sites' rows are never loaded:

- Chromium family: `<profile>/Network/Cookies` or `<profile>/Cookies` (the newer, if both),
  schema 10 and later, columns found with `PRAGMA table_info`; times are µs since 1601.
  Values are encrypted (`encrypted_value`): their size is estimated from the ciphertext length
  and its 3-byte version tag (`v10`/`v11`: AES-CBC, `v10` on Windows and `v20`: AES-GCM; from
  schema 24 minus the 32-byte domain hash) — never decrypted; results say when sizes are
  estimates.
- Firefox family: `cookies.sqlite` (`moz_cookies`): `expiry` in seconds up to schema 15 and in
  milliseconds from 16 (`PRAGMA user_version`), other times µs since 1970; containers and
  partitions from `originAttributes`; recent writes in `cookies.sqlite-wal` are included.
- Safari: `Cookies.binarycookies` in the container (or the legacy `~/Library/Cookies`), read by
  our own bounds-checked parser.

Only names, domains, paths, partitions, times and sizes are read. A cookie's value is never
selected (sizes come from `length()`), so it cannot appear in any output.

*How files are opened:* never for writing. A database with a `-wal` file (Firefox while it
runs) is copied with its `-wal`/`-shm` into a private temporary folder (mode 0700, removed
afterwards) and the copy is read; otherwise the file is opened read-only (`mode=ro`) without
waiting on locks, and if it is busy or locked it is copied with its `-journal` and the copy is
read. On Windows a file the browser holds exclusively gives `unknown` with "close the browser
and run again"; nothing is ever forced.

*Results:* one per profile that holds at least one sign-in cookie. A profile whose cookie store
cannot be read (empty, truncated, not SQLite, encrypted by another tool, an unknown schema,
locked) is `unknown` with the reason, for that profile only. When no profile holds any, each
check gives one `skip`.

*Evidence common to all four:* `source` (the database), `format` (e.g. `Chromium cookies,
schema 24`), `login_cookies` (how many), `read_from_copy`, `notes` (e.g. a schema newer than
known), and for `unknown`: `error`.

*Fix (all four):* clear the cookies of openai.com and chatgpt.com in that browser and profile
(`chrome://settings/content/all` and the same page in Edge, Brave, Opera, Vivaldi; Firefox:
Settings › Privacy & Security › Cookies and Site Data › Manage Data…; Safari: Settings › Privacy
› Manage Website Data…), naming the profile; or sign in from a private window."#;

check! {
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No sign-in cookie is past its expiry. |
    /// | warn | Cookies past their expiry are still stored (outdated data). Evidence: `expired` (`name`, `domain`, `expired_days_ago`). |
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
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Every sign-in cookie was used in the last 30 days. |
    /// | warn | A cookie has not been used for 30 days or more (`unused_days`), or a session cookie is older than the site keeps sessions (`session_age_days` > `session_lifetime_days`: ChatGPT's `__Secure-next-auth.session-token`, NextAuth.js's default of 30 days). Safari records no last-use time, so only the session rule applies there. |
    ///
    /// Evidence: `stale`, `threshold_days`, `session_lifetimes` (name, site, days, source).
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
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No sign-in host receives two cookies of one name. |
    /// | fail | One host would receive the same cookie name from two domain levels or paths in one request (e.g. `auth0` at `.openai.com` and `auth.openai.com`): the server may read the stale one — a classic cause of "Something went wrong" loops. |
    /// | warn | The same name is stored in several containers or partitions (not sent together, but an old copy may be the one in use). |
    ///
    /// Evidence: `conflicts` (`name`, `host`, `copies` as `domain path [partition]`, `sent_together`).
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
    /// The Cookie header a browser would send to each sign-in host (`auth.openai.com`,
    /// `auth0.openai.com`, `platform.openai.com`, `labs.openai.com`, `api.openai.com`, `openai.com`,
    /// `chatgpt.com`): the `name=value` pairs of the unexpired, unpartitioned cookies that
    /// domain-match it (RFC 6265), joined by `; `, including every chunk of a split session token
    /// (`…session-token.0`, `.1`, ...).
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Under 6 KB for every host. |
    /// | warn | 6 KB (6144 bytes) up to 8 KB. |
    /// | fail | 8 KB (8192 bytes) or more: front-end servers refuse such requests with "Request Header Or Cookie Too Large" (HTTP 431 or 400). |
    ///
    /// Evidence: `worst_host`, `header_bytes`, `per_host` (`host`, `bytes`, `cookies`), `largest`
    /// (the five biggest cookies: `name`, `domain`, `bytes`), `session_token_chunks`,
    /// `warn_from_bytes`, `fail_from_bytes`, and `estimated` when encrypted values were sized.
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
    crate::checks::common::profile_title(&pj.install, &pj.profile)
}

/// `Google Chrome (profile "Work")`; with the folder (`folder Profile 1`) only when another
/// profile of that browser has the same name.
pub fn profile_label(inst: &Install, p: &Profile) -> String {
    if inst.app {
        return format!("the {}", inst.name);
    }
    match &p.name {
        Some(n) if n != &p.id => {
            let same_name = inst
                .profiles
                .iter()
                .filter(|o| o.name.as_deref() == Some(n.as_str()))
                .count();
            if same_name > 1 {
                format!("{} (profile \"{n}\", folder {})", inst.name, p.id)
            } else {
                format!("{} (profile \"{n}\")", inst.name)
            }
        }
        _ => format!("{} (profile {})", inst.name, p.id),
    }
}

/// The fix for a store that could not be read, by why.
fn unreadable_fix(inst: &Install, source: &str, cause: Unreadable) -> String {
    match cause {
        Unreadable::Locked if inst.app => {
            "Quit the ChatGPT app completely and run login-check again.".to_string()
        }
        Unreadable::Locked => format!("Close {} completely and run login-check again.", inst.name),
        Unreadable::Denied if inst.family == Family::Safari && !inst.app => "Give your terminal Full Disk Access (System Settings › Privacy & Security › Full Disk Access) and run login-check again."
            .to_string(),
        Unreadable::Denied => format!(
            "Run login-check as the user who uses {} (this user may not read {source}).",
            inst.name
        ),
        _ if inst.app => format!(
            "The ChatGPT app keeps its cookies in {source}, which login-check could not read. If signing in fails in the app: {}.",
            clear_steps(inst)
        ),
        _ => format!(
            "{} keeps its cookies in {source}, which login-check could not read. If signing in fails in this profile, \
             clear its cookies for openai.com and chatgpt.com ({}), or sign in from a private window.",
            inst.name,
            clear_steps(inst)
        ),
    }
}

pub use crate::checks::common::clear_steps;

fn clear_fix(pj: &ProfileJar, why: &str) -> String {
    if pj.install.app {
        return format!(
            "{why} In the ChatGPT app: {}; or sign in at chatgpt.com in a browser.",
            clear_steps(&pj.install)
        );
    }
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
                    "None of the {} found ({} with a cookie store) holds cookies for the sign-in sites.",
                    crate::model::plural(all.len(), "profile", "profiles"),
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
                format!(
                    "{}: {} still stored",
                    short(pj),
                    crate::model::plural(list.len(), "expired OpenAI cookie", "expired OpenAI cookies")
                ),
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
                    format!(
                        "{}: {}",
                        short(pj),
                        crate::model::plural(
                            list.len(),
                            "stale OpenAI cookie",
                            "stale OpenAI cookies"
                        )
                    ),
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

#[cfg(test)]
mod tests {
    //! The verdicts on facts built in memory: no files, no binary.
    use super::*;
    use crate::model::TicketInput;
    use crate::sources::cookies::Cookie;

    const NOW: i64 = 1_795_521_600; // 2026-11-24T12:00:00Z, Context::for_tests' clock

    fn cookie(name: &str, domain: &str, path: &str, expires: Option<i64>) -> Cookie {
        Cookie {
            name: name.into(),
            domain: domain.into(),
            path: path.into(),
            partition: String::new(),
            expires,
            last_access: Some(NOW - 3_600),
            created: Some(NOW - 86_400),
            size: 40,
            size_estimated: false,
        }
    }

    fn facts(state: JarState) -> Facts {
        let (inst, profile) = crate::checks::common::testing::chrome_with_default(Some("Person 1"));
        let jars = vec![ProfileJar {
            install: inst,
            profile,
            state,
        }];
        crate::checks::common::testing::facts(TicketInput::default()).with_cookie_jars(jars)
    }

    fn jar(cookies: Vec<Cookie>) -> JarState {
        JarState::Read(Jar {
            source: "~/Cookies".into(),
            format: "Chromium cookies, schema 24".into(),
            via_copy: false,
            cookies,
            notes: Vec::new(),
            provider_cookies: Vec::new(),
        })
    }

    #[test]
    fn an_expired_cookie_still_stored_warns_and_fresh_ones_pass() {
        let f = facts(jar(vec![
            cookie("__cf_bm", ".chatgpt.com", "/", Some(NOW - 3 * 86_400)),
            cookie("oai-did", ".chatgpt.com", "/", Some(NOW + 86_400)),
        ]));
        let r = (EXPIRED.verdict)(&f);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].id.as_str(), r[0].status),
            ("cookies.expired", Status::Warn)
        );
        assert!(r[0].fix.as_deref().unwrap().contains("Person 1"));
        let f = facts(jar(vec![cookie(
            "oai-did",
            ".chatgpt.com",
            "/",
            Some(NOW + 86_400),
        )]));
        assert_eq!((EXPIRED.verdict)(&f)[0].status, Status::Pass);
    }

    #[test]
    fn two_copies_sent_in_one_request_fail_as_a_conflict() {
        let f = facts(jar(vec![
            cookie(
                "__Secure-next-auth.session-token",
                ".chatgpt.com",
                "/",
                Some(NOW + 86_400),
            ),
            cookie(
                "__Secure-next-auth.session-token",
                "chatgpt.com",
                "/",
                Some(NOW + 86_400),
            ),
        ]));
        let r = (CONFLICT.verdict)(&f);
        assert_eq!(r[0].status, Status::Fail, "{r:?}");
    }

    #[test]
    fn a_store_the_browser_holds_is_unknown_with_close_the_browser() {
        let f = facts(JarState::Unreadable {
            source: "~/Cookies".into(),
            reason: "~/Cookies: Google Chrome holds this file while it runs".into(),
            cause: Unreadable::Locked,
        });
        for check in [&EXPIRED, &STALE, &CONFLICT, &OVERSIZE] {
            let r = (check.verdict)(&f);
            assert_eq!(r[0].status, Status::Unknown, "{}", check.id);
            assert_eq!(
                r[0].fix.as_deref(),
                Some("Close Google Chrome completely and run login-check again.")
            );
        }
    }

    #[test]
    fn no_sign_in_cookies_anywhere_is_one_skip() {
        let r = (STALE.verdict)(&facts(JarState::Absent));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, Status::Skip);
    }
}
