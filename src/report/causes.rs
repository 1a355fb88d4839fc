//! The problems of a report as causes, most likely first: what "Start here" and the other
//! problems of the text and Markdown reports are built from.
//!
//! - **One cause, one fix.** Results that share a fix are one cause: the cookie checks of one
//!   profile (expired, stale, conflicting, oversized cookies are all fixed by clearing that
//!   profile's OpenAI cookies), or results whose fix is the same word for word.
//! - **Ranked.** Failures before warnings before unknowns. Among the same status, root causes
//!   before their symptoms (no DNS explains no connection; a proxy, VPN or wrong clock explains
//!   a blocked host or a certificate error; blocked cookies explain broken cookie state), then
//!   in the order the help articles name the steps: cookies, a modern browser, VPNs, the
//!   sign-in method, extensions (a private window), another browser, another network.
//!   `browser.recommended` is advice rather than a finding and comes last.

use crate::checks::declare::Check;
use crate::checks::{account, apps, browsers, cookies, extensions, network, settings, sitedata};
use crate::model::{Category, CheckResult, Status};

/// Every check, most likely cause first (see the module's documentation).
const LIKELIHOOD: &[&Check] = &[
    // Root causes: each explains others.
    // The system reads the hosts file before it asks DNS: its lines explain DNS answers.
    &network::HOSTS_FILE,
    &network::DNS,
    &network::REACHABILITY,
    &network::LOCATION,
    &network::CLOCK,
    &network::PROXY,
    &settings::BROWSER_PROXY,
    &network::VPN,
    &settings::SECURE_DNS,
    &network::TLS_INTERCEPTION,
    &network::SECURITY_SOFTWARE,
    &settings::COOKIES_BLOCKED,
    // "Clear browser cache and cookies".
    &cookies::CONFLICT,
    &cookies::OVERSIZE,
    &cookies::EXPIRED,
    &cookies::STALE,
    &sitedata::STALE,
    &settings::THIRD_PARTY_COOKIES,
    &settings::CLEAR_ON_EXIT,
    // "Use a desktop device with a modern browser".
    &browsers::VERSION,
    // "Ensure you're using the same authentication method".
    &account::SIGNIN_METHOD,
    // "Use an incognito/private window: ... issues caused by browser extensions".
    &extensions::INTERFERING,
    &settings::PRIVATE_WINDOW,
    &settings::MANAGED,
    &network::SERVICE_STATUS,
    &browsers::INSTALLED,
    // Codex signs in outside the browser.
    &apps::CODEX_LOGIN,
    // "Chrome or Edge are recommended": a suggestion, not a finding.
    &browsers::RECOMMENDED,
];

fn likelihood(id: &str) -> usize {
    LIKELIHOOD
        .iter()
        .position(|c| c.id == id)
        .unwrap_or(LIKELIHOOD.len())
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Fail => 0,
        Status::Warn => 1,
        Status::Unknown => 2,
        Status::Pass => 3,
        Status::Skip => 4,
    }
}

/// One cause: the results it explains (worst first) and its one fix.
#[derive(Debug)]
pub struct Cause<'a> {
    pub results: Vec<&'a CheckResult>,
    pub fix: Option<String>,
}

impl Cause<'_> {
    pub fn status(&self) -> Status {
        self.results[0].status
    }

    /// The cause in one sentence (raw: renderers escape it): the titles of its results, the
    /// shared subject said once
    /// (`Google Chrome › Work: a` and `Google Chrome › Work: b` → `Google Chrome › Work: a; b`).
    pub fn sentence(&self) -> String {
        let mut seen: Vec<String> = Vec::new();
        // The subject named last: a title of the same subject follows without it.
        let mut named: Option<String> = None;
        for (i, r) in self.results.iter().enumerate() {
            let t = r.title.clone();
            // The same words from several checks ("No browser found") are said once.
            if self.results[..i].iter().any(|o| o.title == t) {
                continue;
            }
            match t.split_once(": ") {
                Some((who, what)) if named.as_deref() == Some(who) => seen.push(what.to_string()),
                Some((who, _)) => {
                    named = Some(who.to_string());
                    seen.push(t);
                }
                None => {
                    named = None;
                    seen.push(t);
                }
            }
        }
        seen.join("; ")
    }

    /// The checks behind this cause, each once.
    pub fn checks(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for r in &self.results {
            if !ids.contains(&r.id.as_str()) {
                ids.push(&r.id);
            }
        }
        ids
    }
}

/// The part of a cookie fix that is the same for every cookie check of a profile: from
/// "In <browser>" on, after the check's own first sentence ("Clear the outdated cookies.").
fn shared_cookie_fix(fix: &str) -> String {
    match fix.find(" In ") {
        Some(i) => format!("Clear this profile's OpenAI cookies.{}", &fix[i..]),
        None => fix.to_string(),
    }
}

/// The problems (fail, warn, unknown) grouped into causes, most likely first.
pub fn causes(results: &[CheckResult]) -> Vec<Cause<'_>> {
    let mut problems: Vec<(usize, &CheckResult)> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.status, Status::Fail | Status::Warn | Status::Unknown))
        .collect();
    problems.sort_by_key(|(i, r)| (status_rank(r.status), likelihood(&r.id), *i));
    let key = |r: &CheckResult| -> String {
        match (&r.subject, r.category, r.status) {
            (Some(s), Category::Cookies, Status::Warn | Status::Fail) => format!(
                "cookies\u{0}{}\u{0}{}",
                s.browser,
                s.profile.as_deref().unwrap_or("")
            ),
            _ => match &r.fix {
                Some(f) => format!("fix\u{0}{f}"),
                None => format!("id\u{0}{}\u{0}{:?}", r.id, r.subject),
            },
        }
    };
    let mut out: Vec<(String, Cause)> = Vec::new();
    for (_, r) in problems {
        let k = key(r);
        if let Some((_, c)) = out.iter_mut().find(|(ck, _)| *ck == k) {
            c.results.push(r);
            if k.starts_with("cookies") {
                c.fix = c.results[0].fix.as_deref().map(shared_cookie_fix);
            }
            continue;
        }
        out.push((
            k,
            Cause {
                results: vec![r],
                fix: r.fix.clone(),
            },
        ));
    }
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, status: Status, who: &str, title: &str, fix: &str) -> CheckResult {
        CheckResult::new(id, Category::Cookies, status, format!("{who}: {title}"), "")
            .with_subject(Some(crate::model::Subject::profile(who, "Default")))
            .with_fix(fix)
    }

    #[test]
    fn a_profiles_cookie_checks_are_one_cause_with_one_fix_worst_first() {
        let fix =
            |first: &str| format!("{first} In Chrome (profile x): clear. Then sign in again.");
        let checks = vec![
            result(
                "cookies.expired",
                Status::Warn,
                "A",
                "1 expired",
                &fix("Clear the outdated cookies."),
            ),
            result(
                "cookies.expired",
                Status::Warn,
                "B",
                "2 expired",
                &fix("Clear the outdated cookies."),
            ),
            result(
                "cookies.conflict",
                Status::Fail,
                "A",
                "conflicting auth0",
                &fix("Delete every copy."),
            ),
            CheckResult::new(
                "browser.recommended",
                Category::Browsers,
                Status::Warn,
                "No Chrome",
                "",
            )
            .with_fix("Install Chrome."),
        ];
        let c = causes(&checks);
        assert_eq!(c.len(), 3, "{c:#?}");
        assert_eq!(c[0].sentence(), "A: conflicting auth0; 1 expired");
        assert_eq!(c[0].checks(), ["cookies.conflict", "cookies.expired"]);
        assert_eq!(
            c[0].fix.as_deref(),
            Some(
                "Clear this profile's OpenAI cookies. In Chrome (profile x): clear. Then sign in again."
            )
        );
        assert_eq!(c[1].sentence(), "B: 2 expired");
        assert_eq!(c[2].sentence(), "No Chrome", "advice comes last");
    }

    #[test]
    fn a_title_of_the_same_subject_follows_the_last_one_named() {
        let checks: Vec<CheckResult> = ["A: x", "B: y", "A: z"]
            .iter()
            .map(|t| {
                CheckResult::new("settings.managed", Category::Settings, Status::Warn, *t, "")
                    .with_fix("Ask IT.")
            })
            .collect();
        let c = causes(&checks);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].sentence(), "A: x; B: y; A: z");
    }

    #[test]
    fn every_check_has_a_place_in_the_ranking_once() {
        let all = crate::checks::registry::all();
        for c in all {
            assert_eq!(
                LIKELIHOOD.iter().filter(|l| l.id == c.id).count(),
                1,
                "{} in LIKELIHOOD",
                c.id
            );
        }
        assert_eq!(LIKELIHOOD.len(), all.len());
    }
}
