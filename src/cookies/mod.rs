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
//! read, and nothing is decrypted. Databases are opened through [`crate::sqlite`], which never
//! writes to them or holds a lock the browser needs.

pub mod analysis;
pub mod chromium;
pub mod firefox;
pub mod safari;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::browsers::discovery::{Family, Install, Profile};
use crate::checks::CheckDef;
use crate::context::Context;
use crate::model::{Category, CheckResult, Status, Subject};
use crate::{fsutil, sqlite};

/// One login-domain cookie, without its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    /// As stored: `.openai.com` for a domain cookie, `auth.openai.com` for a host-only one.
    pub domain: String,
    pub path: String,
    /// Chromium's `top_frame_site_key` or Firefox's `originAttributes`; empty for the default jar.
    pub partition: String,
    /// Unix seconds; `None` for a session cookie.
    pub expires: Option<i64>,
    pub last_access: Option<i64>,
    pub created: Option<i64>,
    /// Bytes of name plus value.
    pub size: usize,
    /// The value's size is estimated from its encrypted form.
    pub size_estimated: bool,
}

/// The login-domain cookies of one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jar {
    /// The database, as shown in reports (`~/...`).
    pub source: String,
    /// `Chromium cookies, schema 24`, `Firefox cookies, schema 17`, `Safari binarycookies`.
    pub format: String,
    pub via_copy: bool,
    pub cookies: Vec<Cookie>,
    pub notes: Vec<String>,
    /// (domain, name) of the sign-in providers' session cookies ([`crate::account::provider_sql_filter`]),
    /// read in the same scan for `account.signin_method`, so a store is scanned once per run.
    pub provider_cookies: Vec<(String, String)>,
}

/// What reading one profile's cookie store gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JarState {
    /// The profile has no cookie store (never used, or cookies cleared with the file).
    Absent,
    Read(Jar),
    Unreadable {
        source: String,
        reason: String,
        fix: String,
    },
}

/// One profile's cookies, with what it belongs to.
#[derive(Debug, Clone)]
pub struct ProfileJar {
    pub install: Install,
    pub profile: Profile,
    pub state: JarState,
}

impl ProfileJar {
    fn subject(&self) -> Option<Subject> {
        Some(Subject::profile(&self.install.key, &self.profile.id))
    }
    /// For fixes: the browser, the profile's name and its folder.
    fn label(&self) -> String {
        profile_label(&self.install, &self.profile)
    }
    /// For titles: `Google Chrome › Work`.
    fn short(&self) -> String {
        format!(
            "{} › {}",
            self.install.name,
            self.profile.name.as_deref().unwrap_or(&self.profile.id)
        )
    }
}

/// `Google Chrome (profile "Work")`.
pub fn profile_label(inst: &Install, p: &Profile) -> String {
    match &p.name {
        Some(n) if n != &p.id => format!("{} (profile \"{n}\", folder {})", inst.name, p.id),
        _ => format!("{} (profile {})", inst.name, p.id),
    }
}

/// The `WHERE` condition of one scan of a cookie store: the sign-in sites' cookies (this module's
/// checks) or the sign-in providers' session cookies (`account.signin_method`), so that every
/// store is scanned once per run. `column` is the store's domain column.
pub fn scan_filter(column: &str) -> String {
    format!(
        "({}) OR ({})",
        crate::hosts::sql_domain_filter(column),
        crate::account::provider_sql_filter(column)
    )
}

/// The cookie store of every profile of every browser, read once per run (in parallel, one
/// thread per browser) and shared by the four cookie checks.
pub fn jars(ctx: &Context) -> Arc<Vec<ProfileJar>> {
    ctx.cached(|| {
        let installs = &ctx.discovery().installs;
        let per_install = crate::browsers::per_browser(installs, |inst| {
            inst.profiles
                .iter()
                .map(|p| ProfileJar {
                    install: inst.clone(),
                    profile: p.clone(),
                    state: read_profile(ctx, inst, p),
                })
                .collect::<Vec<_>>()
        });
        per_install
            .into_iter()
            .flatten()
            .collect::<Vec<ProfileJar>>()
    })
}

/// Where a profile keeps its cookies: Chromium `Network/Cookies` (Windows since Chrome 96) or
/// `Cookies`, the newer if both exist; Firefox `cookies.sqlite`; Safari `Cookies.binarycookies`.
pub fn cookie_store(inst: &Install, p: &Profile) -> Option<PathBuf> {
    match inst.family {
        Family::Chromium => {
            let mut found: Vec<PathBuf> = [
                p.path.join("Network").join("Cookies"),
                p.path.join("Cookies"),
            ]
            .into_iter()
            .filter(|c| present(c))
            .collect();
            found.sort_by_key(|c| {
                std::cmp::Reverse(std::fs::metadata(c).and_then(|m| m.modified()).ok())
            });
            found.into_iter().next()
        }
        Family::Firefox => Some(p.path.join("cookies.sqlite")).filter(|c| present(c)),
        Family::Safari => find_binarycookies(&p.path, 3),
    }
}

/// Whether something is at `path`, even a broken or looping symlink (which must be reported as
/// unreadable, not taken for "no cookie store").
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn find_binarycookies(dir: &Path, depth: u32) -> Option<PathBuf> {
    for candidate in [
        dir.join("Cookies").join("Cookies.binarycookies"),
        dir.join("Cookies.binarycookies"),
    ] {
        if candidate.exists() {
            return Some(candidate);
        }
    }
    if depth == 0 {
        return None;
    }
    let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    subs.sort();
    subs.into_iter()
        .find_map(|s| find_binarycookies(&s, depth - 1))
}

fn read_profile(ctx: &Context, inst: &Install, p: &Profile) -> JarState {
    let Some(path) = cookie_store(inst, p) else {
        return JarState::Absent;
    };
    let source = ctx.display_path(&path);
    let unreadable = |reason: String, fix: String| JarState::Unreadable {
        source: source.clone(),
        reason,
        fix,
    };
    let generic_fix = || {
        format!(
            "{} keeps its cookies in {source}, which login-check could not read. If signing in fails in this profile, \
             clear its cookies for openai.com and chatgpt.com ({}), or sign in from a private window.",
            inst.name,
            clear_steps(inst)
        )
    };
    if inst.family == Family::Safari {
        return match fsutil::read_limited(&path, 256 << 20) {
            Ok(bytes) => match safari::read(&bytes, source.clone()) {
                Ok(jar) => JarState::Read(jar),
                Err(e) => unreadable(format!("{source}: {e}"), generic_fix()),
            },
            Err(fsutil::ReadError::Denied) => unreadable(
                format!("{source}: permission denied"),
                "Give your terminal Full Disk Access (System Settings › Privacy & Security › Full Disk Access) and run login-check again."
                    .to_string(),
            ),
            Err(e) => unreadable(format!("{source}: {e}"), generic_fix()),
        };
    }
    let db = match sqlite::open(&path) {
        Ok(db) => db,
        Err(sqlite::OpenError::Locked(why)) => {
            return unreadable(
                format!(
                    "{source}: {} holds this file while it runs ({why})",
                    inst.name
                ),
                format!("Close {} completely and run login-check again.", inst.name),
            );
        }
        Err(e) => return unreadable(format!("{source}: {e}"), generic_fix()),
    };
    let read = match inst.family {
        Family::Chromium => chromium::read(&db, ctx.os, source.clone()),
        _ => firefox::read(&db, source.clone()),
    };
    match read {
        Ok(jar) => JarState::Read(jar),
        Err(e) => unreadable(format!("{source}: {e}"), generic_fix()),
    }
}

/// How to clear one site's cookies in this browser.
pub fn clear_steps(inst: &Install) -> String {
    let base = crate::browsers::paths::base_key(&inst.key);
    match inst.family {
        Family::Firefox => "Settings › Privacy & Security › Cookies and Site Data › Manage Data…, search \"openai\" \
                            and \"chatgpt\", Remove Selected"
            .to_string(),
        Family::Safari => "Safari › Settings › Privacy › Manage Website Data…, search \"openai\" and \"chatgpt\", Remove"
            .to_string(),
        Family::Chromium => {
            let scheme = if base.starts_with("edge") {
                "edge://settings/content/allSites"
            } else if base.starts_with("brave") {
                "brave://settings/content/all"
            } else if base.starts_with("opera") {
                "opera://settings/content/all"
            } else if base.starts_with("vivaldi") {
                "vivaldi://settings/content/all"
            } else {
                "chrome://settings/content/all"
            };
            format!("open {scheme}, search \"openai\" and \"chatgpt\", and delete the data of each site shown")
        }
    }
}

fn clear_fix(pj: &ProfileJar, why: &str) -> String {
    format!(
        "{why} In {}: {}. Then sign in again; or sign in from a private window, which starts without these cookies.",
        pj.label(),
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
    ctx: &Context,
    id: &str,
    judge: impl Fn(&ProfileJar, &Jar, i64) -> CheckResult,
) -> Vec<CheckResult> {
    let all = jars(ctx);
    let now = ctx.now.unix_timestamp();
    let mut out = Vec::new();
    for pj in all.iter() {
        match &pj.state {
            JarState::Absent => {}
            JarState::Read(jar) if jar.cookies.is_empty() => {}
            JarState::Read(jar) => out.push(judge(pj, jar, now).with_subject(pj.subject())),
            JarState::Unreadable {
                source,
                reason,
                fix,
            } => out.push(
                CheckResult::new(
                    id,
                    Category::Cookies,
                    Status::Unknown,
                    format!("{}: cookies could not be read", pj.short()),
                    reason.clone(),
                )
                .evidence("source", source.clone())
                .evidence("error", reason.clone())
                .with_fix(fix.clone())
                .with_subject(pj.subject()),
            ),
        }
    }
    if out.is_empty() {
        let with_store = all
            .iter()
            .filter(|p| !matches!(p.state, JarState::Absent))
            .count();
        out.push(
            CheckResult::new(
                id,
                Category::Cookies,
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

/// `cookies.expired`
pub fn expired(ctx: &Context) -> Vec<CheckResult> {
    per_profile(ctx, "cookies.expired", |pj, jar, now| {
        let list = analysis::expired(&jar.cookies, now);
        let r = if list.is_empty() {
            CheckResult::new(
                "cookies.expired",
                Category::Cookies,
                Status::Pass,
                format!("{}: no expired OpenAI cookies kept", pj.short()),
                "",
            )
        } else {
            CheckResult::new(
                "cookies.expired",
                Category::Cookies,
                Status::Warn,
                format!("{}: {} expired OpenAI cookie(s) still stored", pj.short(), list.len()),
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

/// `cookies.stale`
pub fn stale(ctx: &Context) -> Vec<CheckResult> {
    per_profile(ctx, "cookies.stale", |pj, jar, now| {
        let list = analysis::stale(&jar.cookies, now);
        let r = if list.is_empty() {
            CheckResult::new(
                "cookies.stale",
                Category::Cookies,
                Status::Pass,
                format!("{}: OpenAI cookies are in recent use", pj.short()),
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
            CheckResult::new(
                "cookies.stale",
                Category::Cookies,
                Status::Warn,
                format!("{}: {} stale OpenAI cookie(s)", pj.short(), list.len()),
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
                        if let (Some(a), Some(l)) = (s.session_age_days, s.session_lifetime_days) {
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

/// `cookies.conflict`
pub fn conflict(ctx: &Context) -> Vec<CheckResult> {
    per_profile(ctx, "cookies.conflict", |pj, jar, now| {
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
            Status::Pass => CheckResult::new(
                "cookies.conflict",
                Category::Cookies,
                Status::Pass,
                format!("{}: no conflicting OpenAI cookies", pj.short()),
                "",
            ),
            _ => {
                let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
                CheckResult::new(
                    "cookies.conflict",
                    Category::Cookies,
                    status,
                    format!("{}: conflicting copies of {}", pj.short(), names.join(", ")),
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

/// `cookies.oversize`
pub fn oversize(ctx: &Context) -> Vec<CheckResult> {
    per_profile(ctx, "cookies.oversize", |pj, jar, now| {
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
        let mut r = CheckResult::new(
            "cookies.oversize",
            Category::Cookies,
            status,
            match status {
                Status::Pass => format!("{}: Cookie header to {} is {approx}{}", pj.short(), worst.host, kb(worst.bytes)),
                _ => format!("{}: Cookie header to {} is {approx}{}, too large", pj.short(), worst.host, kb(worst.bytes)),
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

/// This area's checks, in report order.
pub fn defs() -> Vec<CheckDef> {
    vec![
        CheckDef {
            id: "cookies.expired",
            category: Category::Cookies,
            description: "OpenAI cookies past their expiry that the browser still keeps",
            network: false,
            run: expired,
        },
        CheckDef {
            id: "cookies.stale",
            category: Category::Cookies,
            description: "OpenAI cookies unused for 30 days, or a session older than the site keeps sessions",
            network: false,
            run: stale,
        },
        CheckDef {
            id: "cookies.conflict",
            category: Category::Cookies,
            description: "One cookie name stored at several domain levels, paths or partitions",
            network: false,
            run: conflict,
        },
        CheckDef {
            id: "cookies.oversize",
            category: Category::Cookies,
            description: "The Cookie header sent to a sign-in host is near or over the 8 KB servers accept",
            network: false,
            run: oversize,
        },
    ]
}
