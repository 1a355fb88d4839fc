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
//!   profile; the extension fix's own "Or sign in from a private window" is removed when
//!   `settings.private_window` warns or fails for that browser.
//!
//! Steps given with `--tried` that the findings contradict are flagged by the ticket
//! ([`crate::report::ticket::contradicted_by`]).

use serde_json::Value;

use crate::checks::declare::Check;
use crate::checks::{extensions, network, settings};
use crate::model::{Category, CheckResult, Status};

/// The checks that cannot say anything without a working connection.
pub const NEEDS_A_CONNECTION: &[&Check] = &[
    &network::REACHABILITY,
    &network::LOCATION,
    &network::TLS_INTERCEPTION,
    &network::CLOCK,
    &network::SERVICE_STATUS,
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

/// The check whose result shows there is no network at all, if any: `network.dns` when no
/// sign-in host resolves, `network.reachability` when every host that resolved refused or
/// dropped the TCP connection (a certificate or HTTP problem is not "no network": the
/// dependent checks still explain it). Read from the results' `hosts` evidence.
pub fn no_network_cause(results: &[CheckResult]) -> Option<&'static Check> {
    let hosts = |check: &Check| -> Option<Vec<&Value>> {
        let r = results
            .iter()
            .find(|r| r.id == check.id && r.status == Status::Fail)?;
        let h: Vec<&Value> = r.evidence.get("hosts")?.as_array()?.iter().collect();
        (!h.is_empty()).then_some(h)
    };
    // `network.dns` lists `error` per host; `network.reachability` lists `dns`, `tcp`, ... each
    // with its `error`.
    let dns_failed = |h: &&Value| h["error"].is_string() || h["dns"]["error"].is_string();
    let tcp_failed = |h: &&Value| h["tcp"]["error"].is_string();
    if hosts(&network::DNS).is_some_and(|h| h.iter().all(dns_failed)) {
        return Some(&network::DNS);
    }
    if hosts(&network::REACHABILITY).is_some_and(|h| {
        h.iter().all(|x| dns_failed(x) || tcp_failed(x)) && h.iter().any(tcp_failed)
    }) {
        return Some(&network::REACHABILITY);
    }
    None
}

fn no_network(results: &mut [CheckResult]) {
    let Some(cause) = no_network_cause(results) else {
        return;
    };
    for r in results.iter_mut() {
        if r.id != cause.id
            && NEEDS_A_CONNECTION.iter().any(|c| c.id == r.id)
            && r.status == Status::Unknown
        {
            r.status = Status::Skip;
            r.title = "Not checked: no network".to_string();
            r.fix = None;
            r.evidence
                .insert("explained_by".into(), Value::String(cause.id.to_string()));
        }
    }
}

/// Whether an `extensions.interfering` result names an extension allowed in private windows:
/// an interfering one (`interfering[]` with `private_window: true`) or another one
/// (`private_window_allowed`). A private window would then not rule extensions out.
pub fn extension_in_private_windows(r: &CheckResult) -> bool {
    let listed = |key: &str, pred: &dyn Fn(&Value) -> bool| {
        r.evidence
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(pred))
    };
    r.id == extensions::INTERFERING.id
        && (listed("interfering", &|e| e["private_window"] == true)
            || listed("private_window_allowed", &|_| true))
}

/// Whether the report says a private window would not help in this browser (and profile).
fn private_window_ruled_out(results: &[CheckResult], browser: &str, profile: Option<&str>) -> bool {
    results.iter().any(|r| {
        let Some(s) = &r.subject else { return false };
        if s.browser != browser {
            return false;
        }
        if r.id == settings::PRIVATE_WINDOW.id {
            return matches!(r.status, Status::Warn | Status::Fail);
        }
        if r.id != extensions::INTERFERING.id
            || !matches!(r.status, Status::Warn | Status::Fail)
            || profile.is_some_and(|p| s.profile.as_deref() != Some(p))
        {
            return false;
        }
        extension_in_private_windows(r)
    })
}

/// Whether private windows are disabled or forced by policy in this browser.
fn private_windows_off(results: &[CheckResult], browser: &str) -> bool {
    results.iter().any(|r| {
        r.id == settings::PRIVATE_WINDOW.id
            && matches!(r.status, Status::Warn | Status::Fail)
            && r.subject.as_ref().is_some_and(|s| s.browser == browser)
    })
}

/// The extension fix's closing suggestion: " Or sign in from <private window> (<shortcut>),
/// where extensions are off unless you allowed them."
const EXTENSION_PRIVATE_ADVICE: (&str, &str) = (" Or sign in from ", "unless you allowed them.");

fn contradicted_advice(results: &mut [CheckResult]) {
    let ruled_out: Vec<bool> = results
        .iter()
        .map(|r| match (&r.subject, r.category) {
            (Some(s), Category::Cookies) => {
                private_window_ruled_out(results, &s.browser, s.profile.as_deref())
            }
            (Some(s), _) if r.id == extensions::INTERFERING.id => {
                private_windows_off(results, &s.browser)
            }
            _ => false,
        })
        .collect();
    for (r, out) in results.iter_mut().zip(ruled_out) {
        if !out {
            continue;
        }
        if let Some(fix) = &mut r.fix {
            let (start, end) = EXTENSION_PRIVATE_ADVICE;
            if let Some(i) = fix.find(start) {
                if let Some(j) = fix[i..].find(end) {
                    fix.replace_range(i..i + j + end.len(), "");
                }
            }
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
        let reach = |hosts: Value| {
            r(
                "network.reachability",
                Category::Network,
                Status::Fail,
                "cannot be reached",
            )
            .evidence("hosts", hosts)
        };
        let clock = || {
            r(
                "network.clock",
                Category::Network,
                Status::Unknown,
                "No server told the time",
            )
        };
        let ok = json!({"ms": 3, "error": null});
        let err = |e: &str| json!({"ms": 3, "error": e});
        // One host connects: there is a network.
        let mut v = vec![
            reach(
                json!([{"host": "a", "dns": ok, "tcp": err("connection refused")},
                         {"host": "b", "dns": ok, "tcp": ok, "tls": ok, "http": ok}]),
            ),
            clock(),
        ];
        settle(&mut v);
        assert_eq!(v[1].status, Status::Unknown);
        // A certificate problem is not "no network".
        let mut v = vec![
            reach(
                json!([{"host": "a", "dns": ok, "tcp": ok, "tls": err("certificate is for another name")},
                         {"host": "b", "dns": ok, "tcp": err("x")}]),
            ),
            clock(),
        ];
        settle(&mut v);
        assert_eq!(v[1].status, Status::Unknown, "a certificate problem");
        // Every host fails to connect (or to resolve): no network.
        let mut v = vec![
            reach(
                json!([{"host": "a", "dns": ok, "tcp": err("connection refused")},
                         {"host": "b", "dns": err("no such host"), "tcp": null}]),
            ),
            clock(),
        ];
        settle(&mut v);
        assert_eq!(v[1].status, Status::Skip);
        assert_eq!(v[1].evidence["explained_by"], "network.reachability");
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

    #[test]
    fn the_extension_fix_drops_the_private_window_where_policy_turns_it_off() {
        let fix = "Pause X. Or sign in from an Incognito window (Ctrl+Shift+N), where extensions are off unless you allowed them.";
        let ext = |b: &str| {
            r(
                "extensions.interfering",
                Category::Extensions,
                Status::Warn,
                "X is on",
            )
            .with_subject(Some(Subject::profile(b, "Default")))
            .with_fix(fix)
        };
        let mut v = vec![
            ext("chrome"),
            ext("edge"),
            r(
                "settings.private_window",
                Category::Settings,
                Status::Fail,
                "disabled",
            )
            .with_subject(Some(Subject::browser("chrome"))),
        ];
        settle(&mut v);
        assert_eq!(v[0].fix.as_deref(), Some("Pause X."));
        assert_eq!(v[1].fix.as_deref(), Some(fix));
    }
}
