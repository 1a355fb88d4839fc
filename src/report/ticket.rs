//! The support-ticket section of the report. The articles: "To expedite support, please
//! provide: the exact error message received; which authentication method you attempted to
//! sign-in with; browser and device details; whether this issue is happening only for you or
//! with other users in your organization as well; steps you've already attempted".
//!
//! The user gives the message, the method, whether others are affected and the steps tried
//! (flags; never a prompt). Browser and device details come from the probes. A step the probes
//! contradict (`vpn-off` while a VPN carries sign-in traffic) is flagged.

use serde_json::{Map, Value, json};

use crate::browsers::discovery::Discovery;
use crate::model::{CheckResult, Status, SystemInfo};

use crate::checks::declare::Check;
use crate::checks::{cookies, extensions, network, settings};
pub use crate::model::{AuthMethod, OthersAffected, TicketInput, Tried};

/// The checks whose warnings or failures say this step did not (or could not) happen.
pub fn contradicted_by(tried: Tried) -> &'static [&'static Check] {
    static VPN_OFF: &[&Check] = &[&network::VPN];
    static CLEARED_COOKIES: &[&Check] = &[
        &cookies::EXPIRED,
        &cookies::STALE,
        &cookies::CONFLICT,
        &cookies::OVERSIZE,
    ];
    static EXTENSIONS_OFF: &[&Check] = &[&extensions::INTERFERING];
    static INCOGNITO: &[&Check] = &[&settings::PRIVATE_WINDOW, &extensions::INTERFERING];
    match tried {
        Tried::VpnOff => VPN_OFF,
        Tried::ClearedCookies => CLEARED_COOKIES,
        Tried::ExtensionsOff => EXTENSIONS_OFF,
        Tried::Incognito => INCOGNITO,
        _ => &[],
    }
}

/// Whether this warning or failure of a [`contradicted_by`] check contradicts the step: an
/// interfering extension contradicts a private window only when it is allowed there.
fn contradicts(step: Tried, r: &CheckResult) -> bool {
    if step == Tried::Incognito && r.id == extensions::INTERFERING.id {
        return crate::report::consistency::extension_in_private_windows(r);
    }
    true
}

/// Builds the `ticket` section from the user's input, the results and the machine.
pub fn build(
    input: &TicketInput,
    results: &[CheckResult],
    system: &SystemInfo,
    discovery: &Discovery,
) -> Map<String, Value> {
    let mut t = Map::new();
    t.insert("error_message".into(), json!(input.error));
    if let Some(e) = &input.error {
        let x = crate::report::explain::explain(e);
        t.insert(
            "error_explained".into(),
            json!({"known_message": x.id, "title": x.title, "cause": x.cause}),
        );
    }
    t.insert("auth_method".into(), json!(input.auth_method));
    t.insert(
        "auth_method_label".into(),
        json!(input.auth_method.map(AuthMethod::label)),
    );
    t.insert(
        "others_affected".into(),
        json!(input.others_affected.unwrap_or(OthersAffected::Unknown)),
    );
    let mut tried = input.tried.clone();
    tried.sort();
    tried.dedup();
    let steps: Vec<Value> = tried
        .iter()
        .map(|step| {
            let against: Vec<Value> = results
                .iter()
                .filter(|r| {
                    contradicted_by(*step).iter().any(|c| c.id == r.id)
                        && matches!(r.status, Status::Fail | Status::Warn)
                        && contradicts(*step, r)
                })
                .map(|r| {
                    let mut o = json!({"check": r.id, "title": r.title});
                    if let Some(s) = &r.subject {
                        o["browser"] = json!(s.browser);
                        o["profile"] = json!(s.profile);
                    }
                    o
                })
                .collect();
            json!({"step": step.id(), "contradicted_by": against})
        })
        .collect();
    t.insert("steps_tried".into(), Value::Array(steps));
    t.insert(
        "device".into(),
        json!({
            "os": system.os,
            "os_name": system.os_name,
            "os_version": system.os_version,
            "arch": system.arch,
            "hostname": system.hostname,
        }),
    );
    let browsers: Vec<Value> = discovery
        .installs
        .iter()
        .map(|i| {
            let mut b = json!({"browser": i.key, "name": i.name, "version": i.version.as_ref().map(|v| v.version.clone()), "profiles": i.profiles.len()});
            // OpenAI's ChatGPT apps are listed too, marked as such.
            if i.app {
                b["app"] = json!(true);
            }
            b
        })
        .collect();
    t.insert("browsers".into(), Value::Array(browsers));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Category;

    fn sys() -> SystemInfo {
        SystemInfo {
            os: "linux".into(),
            os_name: Some("Debian GNU/Linux".into()),
            os_version: Some("12".into()),
            kernel_version: None,
            arch: "x86_64".into(),
            inspected_os: "linux".into(),
            hostname: Some("box".into()),
        }
    }

    #[test]
    fn contradicted_steps_are_flagged() {
        let results = vec![
            CheckResult::new(
                "network.vpn",
                Category::Network,
                Status::Fail,
                "Sign-in traffic goes through the VPN tunnel wg0",
                "",
            ),
            CheckResult::new(
                "extensions.interfering",
                Category::Extensions,
                Status::Pass,
                "none",
                "",
            ),
        ];
        let input = TicketInput {
            error: Some("Something went wrong".into()),
            auth_method: Some(AuthMethod::Google),
            others_affected: None,
            tried: vec![Tried::VpnOff, Tried::ExtensionsOff, Tried::VpnOff],
        };
        let t = build(&input, &results, &sys(), &Discovery::default());
        assert_eq!(t["auth_method"], "google");
        assert_eq!(t["others_affected"], "unknown");
        assert_eq!(
            t["error_explained"]["known_message"],
            "something-went-wrong"
        );
        let steps = t["steps_tried"].as_array().unwrap();
        assert_eq!(steps.len(), 2, "duplicates removed");
        let vpn = steps.iter().find(|s| s["step"] == "vpn-off").unwrap();
        assert_eq!(vpn["contradicted_by"][0]["check"], "network.vpn");
        let ext = steps
            .iter()
            .find(|s| s["step"] == "extensions-off")
            .unwrap();
        assert!(ext["contradicted_by"].as_array().unwrap().is_empty());
        assert_eq!(t["device"]["os_name"], "Debian GNU/Linux");
    }
}
