//! The current stable releases, looked up online: Chrome's versionhistory API and Mozilla's
//! product-details, falling back to the release calendars ([`super::calendar`]).

use std::time::Duration;

use serde_json::Value;

use super::calendar::{CHROME, Calendar, FIREFOX};
use super::version::{compare_versions, major_of, parse_version};
use crate::context::{Context, OsFamily};

/// The current stable release, and where that number came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub major: u32,
    pub version: Option<String>,
    /// `release calendar estimate` or the vendor API's host.
    pub source: String,
    /// Why an online lookup was not used, when it failed.
    pub lookup_error: Option<String>,
}

/// Chrome's and Firefox's current releases, asked once per report.
#[derive(Debug, Clone)]
pub struct CurrentReleases {
    pub chrome: Current,
    pub firefox: Current,
    pub firefox_esr: Option<String>,
}

pub const CHROME_API: &str = "https://versionhistory.googleapis.com/v1/chrome/platforms";
pub const FIREFOX_API: &str = "https://product-details.mozilla.org/1.0/firefox_versions.json";

/// The current releases: from the vendors' version APIs unless `--offline`, falling back to the
/// release-calendar estimate (the evidence says which was used and why).
pub fn current_releases(ctx: &Context) -> CurrentReleases {
    let today = ctx.now.date();
    let estimate = |cal: &Calendar, err: Option<String>| Current {
        major: cal.estimate(today),
        version: None,
        source: "release calendar estimate".to_string(),
        lookup_error: err,
    };
    if ctx.net.offline {
        return CurrentReleases {
            chrome: estimate(&CHROME, None),
            firefox: estimate(&FIREFOX, None),
            firefox_esr: None,
        };
    }
    let timeout = ctx.net.time_left(Duration::from_secs(3));
    let platform = match ctx.os {
        OsFamily::Linux => "linux",
        OsFamily::Macos => "mac",
        OsFamily::Windows => "win64",
    };
    let client = crate::io::http::client(ctx, timeout);
    let chrome_url = format!("{CHROME_API}/{platform}/channels/stable/versions");
    let (chrome, firefox, esr) = match &client {
        Err(e) => (Err(e.clone()), Err(e.clone()), None),
        Ok(client) => {
            // Both lookups at once: the report waits for the slower, not the sum.
            std::thread::scope(|s| {
                let c = s.spawn(|| {
                    crate::io::http::get_json(client, &chrome_url)
                        .and_then(|j| chrome_from_json(&j))
                });
                let f = crate::io::http::get_json(client, FIREFOX_API);
                let c = c
                    .join()
                    .unwrap_or_else(|_| Err("lookup crashed".to_string()));
                let esr = f
                    .as_ref()
                    .ok()
                    .and_then(|j| j.get("FIREFOX_ESR"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                (c, f.and_then(|j| firefox_from_json(&j)), esr)
            })
        }
    };
    let host = |url: &str| url.split('/').nth(2).unwrap_or(url).to_string();
    let pick = |r: Result<String, String>, cal: &Calendar, url: &str| match r {
        Ok(v) => match major_of(&v) {
            Some(major) => Current {
                major,
                version: Some(v),
                source: host(url),
                lookup_error: None,
            },
            None => estimate(
                cal,
                Some(format!("{}: unexpected version `{v}`", host(url))),
            ),
        },
        Err(e) => estimate(cal, Some(format!("{}: {e}", host(url)))),
    };
    CurrentReleases {
        chrome: pick(chrome, &CHROME, &chrome_url),
        firefox: pick(firefox, &FIREFOX, FIREFOX_API),
        firefox_esr: esr,
    }
}

/// The newest version in a versionhistory API answer (`{"versions": [{"version": "..."}]}`).
pub fn chrome_from_json(j: &Value) -> Result<String, String> {
    j.get("versions")
        .and_then(Value::as_array)
        .ok_or("the answer has no `versions` list")?
        .iter()
        .filter_map(|v| v.get("version").and_then(Value::as_str))
        .filter(|v| parse_version(v).is_some())
        .max_by(|a, b| compare_versions(a, b))
        .map(str::to_string)
        .ok_or_else(|| "the `versions` list is empty".to_string())
}

/// `LATEST_FIREFOX_VERSION` from Mozilla's product-details.
pub fn firefox_from_json(j: &Value) -> Result<String, String> {
    j.get("LATEST_FIREFOX_VERSION")
        .and_then(Value::as_str)
        .and_then(parse_version)
        .ok_or_else(|| "the answer has no LATEST_FIREFOX_VERSION".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_answers_are_read_defensively() {
        let j: Value = serde_json::json!({"versions": [{"version": "131.0.6778.85"}, {"version": "131.0.6778.108"}, {"version": "junk"}]});
        assert_eq!(chrome_from_json(&j).unwrap(), "131.0.6778.108");
        assert!(chrome_from_json(&serde_json::json!({"versions": []})).is_err());
        assert!(chrome_from_json(&serde_json::json!([1, 2])).is_err());
        assert_eq!(
            firefox_from_json(&serde_json::json!({"LATEST_FIREFOX_VERSION": "161.0.1"})).unwrap(),
            "161.0.1"
        );
        assert!(firefox_from_json(&serde_json::json!({"LATEST_FIREFOX_VERSION": 5})).is_err());
    }
}
