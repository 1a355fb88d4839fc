//! Safari (macOS): its privacy settings and iCloud Private Relay, as
//! [`crate::sources::safari::settings`] read them. Pure: no file is read here.
//!
//! The three storage keys move together (`BlockStoragePolicy` / `WebKitPreferences.storageBlockingPolicy`
//! / `WebKitStorageBlockingPolicy`): 2/1/1 "Prevent cross-site tracking" on (Safari's default),
//! 1/0/0 off, 0/2/2 "Block all cookies". OpenAI's help centre names iCloud Private Relay among
//! the things to turn off when signing in fails (help article 10471992).

use serde_json::Value;

use super::{Analysis, Finding, Kind};
use crate::model::Status;
use crate::sources::safari::settings::SafariSettings;

/// The kinds judged for Safari (one result per browser).
pub const KINDS: &[Kind] = &[Kind::CookiesBlocked, Kind::ThirdParty, Kind::Proxy];

fn int(m: &serde_json::Map<String, Value>, key: &str) -> Option<i64> {
    m.get(key).and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    })
}

pub fn analyze(s: &SafariSettings) -> Analysis {
    let mut a = Analysis::default();
    let storage = [Kind::CookiesBlocked, Kind::ThirdParty];
    match &s.prefs {
        Err(why) => a.problem(&storage, &s.prefs_shown, why.clone()),
        Ok(None) => {
            for k in storage {
                a.note(k, "Safari's settings file does not exist yet, so its defaults apply (cross-site tracking prevented, cookies allowed)");
            }
        }
        Ok(Some(m)) => {
            a.source(&s.prefs_shown);
            let block = int(m, "BlockStoragePolicy");
            let webkit = int(m, "WebKitPreferences.storageBlockingPolicy")
                .or_else(|| int(m, "WebKitStorageBlockingPolicy"));
            let (name, value) = match (block, webkit) {
                (Some(b), _) => ("BlockStoragePolicy", b),
                (None, Some(w)) => ("WebKitStorageBlockingPolicy", w),
                (None, None) => ("", -1),
            };
            // 0/2 block all cookies; 2/1 cross-site tracking prevented; 1/0 allowed.
            let all_blocked = block == Some(0) || (block.is_none() && webkit == Some(2));
            if all_blocked {
                a.findings.push(
                    Finding::pref(
                        Kind::CookiesBlocked,
                        Status::Fail,
                        "all cookies are blocked",
                        name,
                        Value::from(value),
                        &s.prefs_shown,
                    )
                    .with("meaning", "block all cookies"),
                );
            } else if name.is_empty() {
                a.note(
                    Kind::CookiesBlocked,
                    "no cookie setting is stored, so Safari's default applies (cookies allowed)",
                );
                a.note(Kind::ThirdParty, "no cookie setting is stored, so Safari's default applies (cross-site tracking prevented)");
            } else {
                let tracking = block == Some(2) || (block.is_none() && webkit == Some(1));
                a.note(
                    Kind::ThirdParty,
                    if tracking {
                        format!("Safari prevents cross-site tracking ({name} = {value}, its default): third-party cookies are blocked, and OpenAI's sign-in works with that")
                    } else {
                        format!("Safari allows cross-site tracking ({name} = {value})")
                    },
                );
            }
        }
    }
    match &s.relay {
        Err(why) => a.problem(&[Kind::Proxy], &s.relay_shown, why.clone()),
        Ok(None) => a.note(Kind::Proxy, "iCloud Private Relay is not set up"),
        Ok(Some(1)) => a.findings.push(
            Finding::pref(
                Kind::Proxy,
                Status::Warn,
                "iCloud Private Relay carries its pages",
                "PrivacyProxyServiceStatus",
                Value::from(1),
                &s.relay_shown,
            )
            .with("proxy", "iCloud Private Relay"),
        ),
        Ok(Some(0)) => a.note(Kind::Proxy, "iCloud Private Relay is off"),
        Ok(Some(n)) => a.problem(
            &[Kind::Proxy],
            &s.relay_shown,
            format!(
                "PrivacyProxyServiceStatus = {n}, a value login-check does not know (0 off, 1 on)"
            ),
        ),
    }
    a
}
