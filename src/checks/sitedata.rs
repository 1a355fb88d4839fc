//! Site data beyond cookies: the "cache" half of the help articles' "Clear browser cache and
//! cookies". The stores, names and times are read once per run by
//! [`crate::sources::sitedata`] ([`Facts::site_data`]); this module only judges.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::browsers::discovery::{Family, Install, Profile};
use crate::checks::common;
use crate::checks::declare::check;
use crate::facts::Facts;
use crate::model::{CheckResult, Status, Subject};
use crate::sources::sitedata::{ProfileSiteData, SiteEntry};

/// The Site data section's introduction in `docs/checks.md`.
pub const INTRO: &str = r#"Names, sizes and times only: no store is opened for its contents. Partition keys (the other site
a partitioned copy was made under) are never reported."#;

/// Days after which kept site data counts as stale: the cookie checks' threshold
/// (`cookies.stale`), so that both halves of "clear cache and cookies" agree.
pub const STALE_DAYS: i64 = 30;

check! {
    /// Besides cookies, the sign-in pages keep data in the browser: IndexedDB, Cache Storage and
    /// service workers (`chatgpt.com` registers one), and Local Storage. Data written long ago,
    /// by an older version of the pages, can keep a broken state across visits, and clearing
    /// cookies alone leaves it in place; the help articles say "Clear browser cache and
    /// cookies".
    ///
    /// *Looks at:* Chromium family: `WebStorage/QuotaManager` (the quota system's SQLite
    /// database: one `buckets` row per site and store, with `last_modified` and
    /// `last_accessed`; `storage/browser/quota/quota_database.cc`), each bucket's folder
    /// `WebStorage/<id>` for its size, and the older `IndexedDB/https_<host>_0.indexeddb.leveldb`
    /// folders. Firefox family: `storage/default/https+++<host>` folders (with their
    /// partitioned and container copies) and `serviceworker.txt` (each registration's scope and
    /// the later of its worker's activation and last update time, from the file's version 7 on;
    /// `dom/serviceworkers/ServiceWorkerRegistrar.cpp`). Local Storage's LevelDB holds every
    /// site in one file and is not read. Safari and the macOS ChatGPT app: not read.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | No data kept for the sign-in sites, or all of it written within 30 days (the cookie threshold) |
    /// | warn | Data for a sign-in site last written more than 30 days ago, or a Firefox service worker for one last updated more than 30 days ago (a registration without a recorded time is listed, its age not judged) |
    /// | unknown | A store exists but could not be read, or its age could not be counted, and nothing readable is stale |
    /// | skip | Safari and the macOS ChatGPT app; a browser whose data folder cannot be read |
    ///
    /// *Evidence:* `entries` (`kind`, `origin`, `bytes`, `last_written`, `last_used`, `days`,
    /// `source`), `threshold_days`, `looked_at`, `problems` (`source`, `reason`).
    pub static STALE = {
        id: "site_data.stale",
        category: SiteData,
        network: false,
        per: "browser profile",
        summary: "Site data the sign-in pages keep (IndexedDB, caches, service workers) is not stale",
        article: "Clear browser cache and cookies: This can resolve issues caused by outdated or corrupted data.",
        verdict: stale,
    }
}

fn who(inst: &Install, p: &Profile) -> String {
    common::profile_title(inst, p)
}

fn date(t: i64) -> Value {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map_or(Value::Null, Value::String)
}

fn size_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Judges one profile's site data at `now` (Unix seconds).
pub fn judge(inst: &Install, p: &Profile, data: &ProfileSiteData, now: i64) -> CheckResult {
    let days = |e: &SiteEntry| e.last_written.map(|t| (now - t).div_euclid(86_400));
    let entries: Vec<Value> = data
        .entries
        .iter()
        .map(|e| {
            json!({"kind": e.kind, "origin": e.origin, "bytes": e.bytes, "last_written": e.last_written.map_or(Value::Null, date), "last_used": e.last_used.map_or(Value::Null, date), "days": days(e), "source": e.source})
        })
        .collect();
    let stale: Vec<&SiteEntry> = data
        .entries
        .iter()
        .filter(|e| days(e).is_some_and(|d| d > STALE_DAYS))
        .collect();
    // Stores whose age could not be read (too many files to count): never called recent.
    // Service-worker registrations carry no age of their own and are only said.
    let ageless: Vec<&SiteEntry> = data
        .entries
        .iter()
        .filter(|e| e.last_written.is_none() && e.kind != "service worker")
        .collect();
    let title_who = who(inst, p);
    let r = if let Some(oldest) = stale.iter().max_by_key(|e| days(e)) {
        let mut origins: Vec<&str> = stale.iter().map(|e| e.origin.as_str()).collect();
        origins.sort();
        origins.dedup();
        let total: u64 = stale.iter().filter_map(|e| e.bytes).sum();
        let d = days(oldest).unwrap_or(0);
        STALE
            .result(
                Status::Warn,
                format!(
                    "{title_who}: site data for {} is stale (oldest written {d} days ago)",
                    origins.join(", ")
                ),
                format!(
                    "{} kept for the sign-in sites{}, the oldest last written {d} days ago ({}); data this old can keep a broken sign-in state, and clearing cookies alone leaves it.",
                    common::capitalise(&kinds_words(&stale)),
                    if total > 0 {
                        format!(" ({})", size_words(total))
                    } else {
                        String::new()
                    },
                    oldest.origin
                ),
            )
            .with_fix(if inst.app {
                format!("In the ChatGPT app: {}.", common::clear_steps(inst))
            } else {
                format!(
                    "Clear the data of the sign-in sites only (not all browsing data): in {} (profile \"{}\"), {}. Then sign in again.",
                    inst.name,
                    p.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&p.id),
                    common::clear_steps(inst)
                )
            })
    } else if !data.problems.is_empty() || !ageless.is_empty() {
        let detail = match data.problems.first() {
            Some((src, why)) => format!("Could not read {src}: {why}."),
            None => format!(
                "The age of the data kept for {} could not be read (too many files to count).",
                ageless[0].origin
            ),
        };
        STALE
            .result(
                Status::Unknown,
                format!("{title_who}: site data could not be checked"),
                detail,
            )
            .with_fix(if inst.app {
                format!(
                    "If signing in keeps failing in the ChatGPT app: {}. If it was running, quit it and run login-check again.",
                    common::clear_steps(inst)
                )
            } else {
                format!(
                    "If signing in keeps failing, clear the sign-in sites' data to be sure: in {}, {}. If {} was running, quit it and run login-check again.",
                    inst.name,
                    common::clear_steps(inst),
                    inst.name
                )
            })
    } else if data.entries.is_empty() {
        STALE.result(
            Status::Pass,
            format!("{title_who}: no site data kept for the sign-in sites"),
            if data.looked_at.is_empty() {
                "No site-data store exists in this profile yet.".to_string()
            } else {
                format!("Looked at {}.", data.looked_at.join(", "))
            },
        )
    } else {
        STALE.result(
            Status::Pass,
            format!("{title_who}: site data for the sign-in sites is recent"),
            format!(
                "{} kept for the sign-in sites; the stores with a date were all written within {STALE_DAYS} days.",
                common::capitalise(&kinds_words(&data.entries.iter().collect::<Vec<_>>()))
            ),
        )
    };
    let mut r = r
        .with_subject(Some(Subject::profile(&inst.key, &p.id)))
        .evidence("family", inst.family.as_str())
        .evidence("threshold_days", STALE_DAYS)
        .evidence("looked_at", data.looked_at.clone());
    if !entries.is_empty() {
        r = r.evidence("entries", entries);
    }
    if !data.problems.is_empty() {
        r = r.evidence(
            "problems",
            data.problems
                .iter()
                .map(|(s, w)| json!({"source": s, "reason": w}))
                .collect::<Vec<_>>(),
        );
    }
    r
}

/// "IndexedDB and a service worker", from the kinds of some entries.
fn kinds_words(entries: &[&SiteEntry]) -> String {
    let mut kinds: Vec<&str> = entries.iter().map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    let words: Vec<String> = kinds
        .iter()
        .map(|k| match *k {
            "storage bucket" => {
                "stored site data (IndexedDB, caches or service workers)".to_string()
            }
            "site storage" => "stored site data (IndexedDB, Local Storage or caches)".to_string(),
            "service worker" => "a service worker registration".to_string(),
            other => other.to_string(),
        })
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn stale(facts: &Facts) -> Vec<CheckResult> {
    let now = facts.ctx.now.unix_timestamp();
    let mut out = Vec::new();
    for (i, inst) in facts.discovery().installs.iter().enumerate() {
        if inst.family == Family::Safari {
            out.push(
                STALE
                    .result(
                        Status::Skip,
                        format!("{}: not checked", inst.name),
                        format!(
                            "{}'s site data is not read by this version of login-check.",
                            if inst.app {
                                "The ChatGPT app"
                            } else {
                                "Safari"
                            }
                        ),
                    )
                    .with_subject(Some(Subject::browser(&inst.key))),
            );
            continue;
        }
        if let Some(r) = common::unreadable(
            &STALE,
            inst,
            format!("{}: site data could not be checked", inst.name),
            "Its profiles' site data cannot be read.",
        ) {
            out.push(r);
            continue;
        }
        let empty = Vec::new();
        let per = facts.site_data().get(i).unwrap_or(&empty);
        for (p, d) in inst.profiles.iter().zip(per) {
            out.push(judge(inst, p, d, now));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::common::testing;

    fn entry(kind: &'static str, origin: &str, written: i64) -> SiteEntry {
        SiteEntry {
            kind,
            origin: origin.into(),
            site: "chatgpt.com",
            bytes: Some(3 << 20),
            last_written: Some(written),
            last_used: None,
            source: "~/x".into(),
        }
    }

    #[test]
    fn stale_fresh_absent_and_unreadable() {
        let (inst, p) = testing::chrome_with_default(Some("Me"));
        let now = 1_795_521_600;
        let old = ProfileSiteData {
            entries: vec![
                entry("storage bucket", "https://chatgpt.com", now - 45 * 86_400),
                entry(
                    "storage bucket",
                    "https://auth.openai.com",
                    now - 2 * 86_400,
                ),
            ],
            ..Default::default()
        };
        let r = judge(&inst, &p, &old, now);
        assert_eq!(r.status, Status::Warn, "{r:?}");
        assert!(
            r.title.contains("https://chatgpt.com") && r.title.contains("45 days"),
            "{}",
            r.title
        );
        assert!(
            !r.title.contains("auth.openai.com"),
            "fresh data is not named: {}",
            r.title
        );
        assert!(r.fix.as_deref().unwrap().contains("not all browsing data"));
        assert!(r.detail.contains("3.0 MB"), "{}", r.detail);

        let fresh = ProfileSiteData {
            entries: vec![entry("IndexedDB", "https://chatgpt.com", now - 86_400)],
            ..Default::default()
        };
        assert_eq!(judge(&inst, &p, &fresh, now).status, Status::Pass);
        assert_eq!(
            judge(&inst, &p, &ProfileSiteData::default(), now).status,
            Status::Pass
        );

        let broken = ProfileSiteData {
            problems: vec![("~/q".into(), "not a database".into())],
            ..Default::default()
        };
        assert_eq!(judge(&inst, &p, &broken, now).status, Status::Unknown);
        // Stale data decides even when another store could not be read.
        let both = ProfileSiteData {
            problems: broken.problems.clone(),
            ..old
        };
        assert_eq!(judge(&inst, &p, &both, now).status, Status::Warn);
    }
}
