//! Safari's privacy settings and iCloud Private Relay, from their preference files (macOS).
//! Nothing here judges.
//!
//! - `~/Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist`:
//!   "Prevent cross-site tracking" and "Block all cookies" are one three-way setting kept in
//!   `BlockStoragePolicy`, `WebKitPreferences.storageBlockingPolicy` and
//!   `WebKitStorageBlockingPolicy` (philiprein/macos-settings `app_settings/safari.sh`;
//!   usnistgov/macos_security CIS 6.3.4; WebKit `StorageBlockingPolicy.h`: 0 allow all, 1 block
//!   third-party, 2 block all). Reading Safari's container needs Full Disk Access.
//! - `~/Library/Preferences/com.apple.networkserviceproxy.plist`: `NSPServiceStatusManagerInfo`
//!   holds a keyed archive whose `PrivacyProxyServiceStatus` is 1 when iCloud Private Relay is on,
//!   0 when off (brunerd/macAdminTools `iCloudPrivateRelayStatus.sh`; fleetdm/fleet
//!   `privaterelay_darwin.go`). Only that value is read: the same file keeps a history of
//!   network names.

use std::path::Path;

use serde_json::{Map, Value};

use crate::context::Context;
use crate::io::fs::{self as fsutil, ReadError};

/// What was read: each file as displayed, with its content or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SafariSettings {
    pub prefs_shown: String,
    /// The container's preferences; `Ok(None)` when the file does not exist.
    pub prefs: Result<Option<Map<String, Value>>, String>,
    pub relay_shown: String,
    /// `PrivacyProxyServiceStatus`; `Ok(None)` when the file or the value does not exist.
    pub relay: Result<Option<i64>, String>,
}

/// The container's preference file under the home.
pub const PREFS: &str =
    "Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist";
/// The network-service proxy's preference file under the home.
pub const RELAY: &str = "Library/Preferences/com.apple.networkserviceproxy.plist";

fn read_plist(path: &Path) -> Result<Option<plist::Value>, String> {
    match fsutil::read_limited(path, fsutil::TEXT_LIMIT) {
        Ok(b) => plist::Value::from_reader(std::io::Cursor::new(b))
            .map(Some)
            .map_err(|e| format!("not a property list ({e})")),
        Err(ReadError::Missing) => Ok(None),
        Err(ReadError::Denied) => Err(
            "permission denied: macOS lets only apps with Full Disk Access read Safari's files"
                .to_string(),
        ),
        Err(e) => Err(e.to_string()),
    }
}

/// `PrivacyProxyServiceStatus` in the keyed archive of `NSPServiceStatusManagerInfo`.
pub fn relay_status(top: &plist::Value) -> Result<Option<i64>, String> {
    let Some(data) = top
        .as_dictionary()
        .and_then(|d| d.get("NSPServiceStatusManagerInfo"))
    else {
        return Ok(None);
    };
    let Some(bytes) = data.as_data() else {
        return Err("NSPServiceStatusManagerInfo is not data".into());
    };
    let inner = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("NSPServiceStatusManagerInfo is not a property list ({e})"))?;
    let objects = inner
        .as_dictionary()
        .and_then(|d| d.get("$objects"))
        .and_then(|o| o.as_array())
        .ok_or("NSPServiceStatusManagerInfo is not a keyed archive")?;
    for o in objects {
        if let Some(v) = o
            .as_dictionary()
            .and_then(|d| d.get("PrivacyProxyServiceStatus"))
        {
            return match v.as_signed_integer() {
                Some(n) => Ok(Some(n)),
                None => Err(format!("PrivacyProxyServiceStatus is not a number ({v:?})")),
            };
        }
    }
    Ok(None)
}

/// Reads both files under the home.
pub fn read(ctx: &Context) -> SafariSettings {
    let prefs_path = ctx.home.join(PREFS);
    let relay_path = ctx.home.join(RELAY);
    let prefs = read_plist(&prefs_path).and_then(|v| match v {
        None => Ok(None),
        Some(v) => match crate::formats::plist::plist_to_json(&v) {
            Value::Object(m) => Ok(Some(m)),
            _ => Err("not a dictionary".to_string()),
        },
    });
    let relay = read_plist(&relay_path).and_then(|v| match v {
        None => Ok(None),
        Some(v) => relay_status(&v),
    });
    SafariSettings {
        prefs_shown: ctx.display_path(&prefs_path),
        prefs,
        relay_shown: ctx.display_path(&relay_path),
        relay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_relay_status_is_read_from_the_keyed_archive() {
        let mut obj = plist::Dictionary::new();
        obj.insert(
            "PrivacyProxyServiceStatus".into(),
            plist::Value::Integer(1.into()),
        );
        let mut archive = plist::Dictionary::new();
        archive.insert("$archiver".into(), "NSKeyedArchiver".into());
        archive.insert(
            "$objects".into(),
            plist::Value::Array(vec!["$null".into(), plist::Value::Dictionary(obj)]),
        );
        let mut inner = Vec::new();
        plist::Value::Dictionary(archive)
            .to_writer_binary(&mut inner)
            .unwrap();
        let mut top = plist::Dictionary::new();
        top.insert(
            "NSPServiceStatusManagerInfo".into(),
            plist::Value::Data(inner),
        );
        assert_eq!(relay_status(&plist::Value::Dictionary(top)), Ok(Some(1)));
        assert_eq!(
            relay_status(&plist::Value::Dictionary(plist::Dictionary::new())),
            Ok(None)
        );
    }
}
