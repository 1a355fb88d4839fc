//! The final pass over the results, before the report is assembled: it runs once, so every
//! format (text, JSON, Markdown) and the ticket see the same, consistent results.
//!
//! - **A root cause suppresses its symptoms.** With no network (`network.dns` fails for every
//!   host, or `network.reachability` fails for every host), the network checks that depend on a
//!   connection (`reachability`, `tls_interception`, `clock`, `service_status`) say `skip`
//!   ("Not checked: no network") instead of `unknown`. Their detail and evidence are kept, and
//!   the evidence says which result explains them (`explained_by`).
//! - **No advice the report itself contradicts.** The "or sign in from a private window" advice
//!   in cookie fixes is removed when `settings.private_window` warns or fails for that browser,
//!   or `extensions.interfering` reports an extension allowed in private windows for that
//!   profile.
//!
//! Steps given with `--tried` that the findings contradict are flagged by the ticket
//! ([`crate::report::ticket::contradicted_by`]).

use serde_json::Value;

use crate::model::{Category, CheckResult, Status};

/// The checks that cannot say anything without a working connection.
pub const NEEDS_A_CONNECTION: &[&str] = &[
    "network.reachability",
    "network.tls_interception",
    "network.clock",
    "network.service_status",
];

/// The sentences of cookie fixes that suggest a private window.
const PRIVATE_WINDOW_ADVICE: &[(&str, &str)] = &[
    (
        " Then sign in again; or sign in from a private window, which starts without these cookies.",
        " Then sign in again.",
    ),
    (", or sign in from a private window.", "."),
    ("; or sign in from a private window.", "."),
];

/// Applies every rule of the module to the results, in place.
pub fn settle(results: &mut [CheckResult]) {
    no_network(results);
    contradicted_advice(results);
}

/// The result that shows there is no network at all, if any: its id.
pub fn no_network_cause(results: &[CheckResult]) -> Option<&'static str> {
    let every_host_failed = |id: &str, failed: &dyn Fn(&Value) -> bool| {
        results.iter().any(|r| {
            r.id == id
                && r.status == Status::Fail
                && r.evidence
                    .get("hosts")
                    .and_then(Value::as_array)
                    .is_some_and(|h| !h.is_empty() && h.iter().all(failed))
        })
    };
    if every_host_failed("network.dns", &|h| {
        h.get("error").is_some_and(|e| !e.is_null())
    }) {
        return Some("network.dns");
    }
    let reach_all = results.iter().any(|r| {
        r.id == "network.reachability"
            && r.status == Status::Fail
            && r.title.split_once(" of ").is_some_and(|(a, rest)| {
                rest.split_whitespace().next() == Some(a.trim())
            })
            // Every host failed to connect at all (refused, timed out): not a certificate
            // or HTTP problem, which the dependent checks still explain.
            && r.detail.split("; ").all(|h| h.contains(" failed at tcp:"))
    });
    if reach_all {
        return Some("network.reachability");
    }
    None
}

fn no_network(results: &mut [CheckResult]) {
    let Some(cause) = no_network_cause(results) else {
        return;
    };
    for r in results.iter_mut() {
        if r.id != cause
            && NEEDS_A_CONNECTION.contains(&r.id.as_str())
            && r.status == Status::Unknown
        {
            r.status = Status::Skip;
            r.title = "Not checked: no network".to_string();
            r.fix = None;
            r.evidence
                .insert("explained_by".into(), Value::String(cause.to_string()));
        }
    }
}

/// Whether the report says a private window would not help in this browser (and profile).
fn private_window_ruled_out(results: &[CheckResult], browser: &str, profile: Option<&str>) -> bool {
    results.iter().any(|r| {
        let Some(s) = &r.subject else { return false };
        if s.browser != browser {
            return false;
        }
        match r.id.as_str() {
            "settings.private_window" => matches!(r.status, Status::Warn | Status::Fail),
            "extensions.interfering" => {
                matches!(r.status, Status::Warn | Status::Fail)
                    && (profile.is_none() || s.profile.as_deref() == profile)
                    && r.evidence
                        .get("private_window_allowed")
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
            }
            _ => false,
        }
    })
}

fn contradicted_advice(results: &mut [CheckResult]) {
    let ruled_out: Vec<bool> = results
        .iter()
        .map(|r| match (&r.subject, r.category) {
            (Some(s), Category::Cookies) => {
                private_window_ruled_out(results, &s.browser, s.profile.as_deref())
            }
            _ => false,
        })
        .collect();
    for (r, out) in results.iter_mut().zip(ruled_out) {
        if !out {
            continue;
        }
        if let Some(fix) = &mut r.fix {
            for (from, to) in PRIVATE_WINDOW_ADVICE {
                if fix.contains(from) {
                    *fix = fix.replace(from, to);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Subject;
    use serde_json::json;

    fn r(id: &str, cat: Category, status: Status, title: &str) -> CheckResult {
        CheckResult::new(id, cat, status, title, "")
    }

    #[test]
    fn no_dns_turns_the_dependent_unknowns_into_skips() {
        let mut v = vec![
            r(
                "network.dns",
                Category::Network,
                Status::Fail,
                "a, b could not be looked up",
            )
            .evidence(
                "hosts",
                json!([{"host": "a", "error": "x"}, {"host": "b", "error": "y"}]),
            ),
            r(
                "network.reachability",
                Category::Network,
                Status::Unknown,
                "No sign-in host could be tried",
            ),
            r(
                "network.clock",
                Category::Network,
                Status::Unknown,
                "No server told the time",
            ),
            r("network.vpn", Category::Network, Status::Unknown, "?"),
        ];
        settle(&mut v);
        assert_eq!(v[1].status, Status::Skip);
        assert_eq!(v[1].title, "Not checked: no network");
        assert_eq!(v[2].status, Status::Skip);
        assert_eq!(v[2].evidence["explained_by"], "network.dns");
        assert_eq!(v[3].status, Status::Unknown, "not a dependent check");
    }

    #[test]
    fn some_hosts_failing_is_not_no_network() {
        let mut v = vec![
            r(
                "network.dns",
                Category::Network,
                Status::Fail,
                "a could not be looked up",
            )
            .evidence(
                "hosts",
                json!([{"host": "a", "error": "x"}, {"host": "b", "error": null}]),
            ),
            CheckResult::new(
                "network.reachability",
                Category::Network,
                Status::Fail,
                "1 of 2 sign-in hosts cannot be reached: b",
                "b failed at tcp: TCP: connection refused",
            ),
            r(
                "network.clock",
                Category::Network,
                Status::Unknown,
                "No server told the time",
            ),
        ];
        settle(&mut v);
        assert_eq!(v[2].status, Status::Unknown);
        v[1].title = "2 of 2 sign-in hosts cannot be reached: a".into();
        v[1].detail = "a failed at tls: certificate is for another name; b failed at tcp: x".into();
        settle(&mut v);
        assert_eq!(
            v[2].status,
            Status::Unknown,
            "a certificate problem is not no network"
        );
        v[1].detail = "a failed at tcp: TCP: connection refused; b failed at tcp: x".into();
        settle(&mut v);
        assert_eq!(v[2].status, Status::Skip);
    }

    #[test]
    fn private_window_advice_goes_where_the_report_rules_it_out() {
        let fix = "Delete it. In Chrome: open x. Then sign in again; or sign in from a private window, which starts without these cookies.";
        let cookie = |b: &str| {
            r("cookies.conflict", Category::Cookies, Status::Fail, "t")
                .with_subject(Some(Subject::profile(b, "Default")))
                .with_fix(fix)
        };
        let mut v = vec![
            cookie("chrome"),
            cookie("edge"),
            cookie("brave"),
            r(
                "settings.private_window",
                Category::Settings,
                Status::Warn,
                "off",
            )
            .with_subject(Some(Subject::browser("chrome"))),
            r(
                "extensions.interfering",
                Category::Extensions,
                Status::Warn,
                "x",
            )
            .with_subject(Some(Subject::profile("edge", "Default")))
            .evidence("private_window_allowed", json!([{"name": "X"}])),
        ];
        settle(&mut v);
        assert_eq!(
            v[0].fix.as_deref(),
            Some("Delete it. In Chrome: open x. Then sign in again.")
        );
        assert_eq!(
            v[1].fix.as_deref(),
            Some("Delete it. In Chrome: open x. Then sign in again.")
        );
        assert_eq!(v[2].fix.as_deref(), Some(fix));
    }
}
