//! Safari (macOS) extensions, found the way osquery's `safari_extensions` table finds them
//! (`osquery/tables/applications/darwin/browser_plugins.cpp`): every
//! `/Applications/*.app/Contents/PlugIns/*.appex/Contents/Info.plist` (Xcode and Safari
//! themselves skipped) whose `NSExtension.NSExtensionPointIdentifier` contains
//! `com.apple.Safari`; an extension belongs to the user when its bundle ID appears in a key of
//! the container's `Safari/AppExtensions/Extensions.plist` or `Safari/WebExtensions/Extensions.plist`
//! (keys look like `com.example.Ext (TEAMID)`). Those entries carry `Enabled`.
//!
//! The parsing is plain functions over plist bytes (XML or binary), tested on Linux.

use std::path::{Path, PathBuf};

use crate::browsers::discovery::Profile;
use crate::context::Context;
use crate::io::fs::{self as fsutil, ReadError};
use crate::sources::inventory::{Extension, Installed, Inventory};

/// The extension point Safari's extensions declare (`com.apple.Safari.extension`,
/// `.content-blocker`, `.web-extension`).
pub const EXTENSION_POINT: &str = "com.apple.Safari";

/// Apps whose plug-ins are not user extensions (as osquery).
const EXCLUDED_APPS: &[&str] = &["Xcode.app", "Safari.app"];

/// The per-user state files, relative to the Safari container's `Library`.
pub const STATE_FILES: [&str; 2] = [
    "Safari/AppExtensions/Extensions.plist",
    "Safari/WebExtensions/Extensions.plist",
];

const PLIST_LIMIT: u64 = 4 << 20;

/// A Safari extension found in an app bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppExtension {
    pub bundle_id: String,
    pub name: Option<String>,
    pub version: Option<String>,
}

/// Reads an `.appex`'s `Info.plist`: `None` when it is not a Safari extension.
pub fn parse_appex_info(bytes: &[u8]) -> Result<Option<AppExtension>, String> {
    let v = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a property list ({e})"))?;
    let dict = v.as_dictionary().ok_or("not a dictionary")?;
    let point = dict
        .get("NSExtension")
        .and_then(|n| n.as_dictionary())
        .and_then(|n| n.get("NSExtensionPointIdentifier"))
        .and_then(|p| p.as_string());
    if !point.is_some_and(|p| p.contains(EXTENSION_POINT)) {
        return Ok(None);
    }
    let s = |k: &str| dict.get(k).and_then(|v| v.as_string()).map(str::to_string);
    let Some(bundle_id) = s("CFBundleIdentifier").filter(|b| !b.is_empty()) else {
        return Err("a Safari extension without CFBundleIdentifier".to_string());
    };
    Ok(Some(AppExtension {
        bundle_id,
        name: s("CFBundleDisplayName").or_else(|| s("CFBundleName")),
        version: s("CFBundleShortVersionString").or_else(|| s("CFBundleVersion")),
    }))
}

/// One entry of a state file: its key and its `Enabled` value, if recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateEntry {
    pub key: String,
    pub enabled: Option<bool>,
}

/// Reads `Extensions.plist`: a dictionary from `bundle.id (TEAMID)` to settings.
pub fn parse_state(bytes: &[u8]) -> Result<Vec<StateEntry>, String> {
    let v = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a property list ({e})"))?;
    let dict = v.as_dictionary().ok_or("not a dictionary")?;
    Ok(dict
        .iter()
        .map(|(k, v)| StateEntry {
            key: k.clone(),
            enabled: v
                .as_dictionary()
                .and_then(|d| d.get("Enabled"))
                .and_then(|e| e.as_boolean()),
        })
        .collect())
}

/// Whether an extension is on, from the state entries: the entry whose key contains its bundle
/// ID decides (`None` when the entry has no `Enabled`); no entry means never turned on.
pub fn enabled_in(bundle_id: &str, states: &[StateEntry]) -> Option<bool> {
    match states.iter().find(|s| s.key.contains(bundle_id)) {
        Some(s) => s.enabled,
        None => Some(false),
    }
}

/// The Safari extensions inside the apps in `/Applications` and `~/Applications`.
pub fn app_extensions(ctx: &Context, problems: &mut Vec<String>) -> Vec<(AppExtension, PathBuf)> {
    let mut out = Vec::new();
    for apps in [
        ctx.system_path("/Applications"),
        ctx.home_path("Applications"),
    ] {
        for app in sorted_dirs(&apps, ".app") {
            let name = app.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if EXCLUDED_APPS.contains(&name) {
                continue;
            }
            for appex in sorted_dirs(&app.join("Contents").join("PlugIns"), ".appex") {
                let info = appex.join("Contents").join("Info.plist");
                let parsed = fsutil::read_limited(&info, PLIST_LIMIT)
                    .map_err(|e| e.to_string())
                    .and_then(|b| parse_appex_info(&b));
                match parsed {
                    Ok(Some(x)) => out.push((x, appex)),
                    Ok(None) => {}
                    Err(e) => problems.push(format!("{}: {e}", ctx.display_path(&info))),
                }
            }
        }
    }
    out
}

fn sorted_dirs(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
                && fsutil::is_dir(p)
        })
        .collect();
    v.sort();
    v
}

/// Safari's extensions as seen by one profile. The default profile's enablement is read from the
/// container's state files; a named profile keeps its own settings, which are not read (its
/// extensions' state is unknown).
pub fn inventory(ctx: &Context, container: &Path, profile: &Profile) -> Inventory {
    let mut inv = Inventory::default();
    let found = app_extensions(ctx, &mut inv.problems);
    let default = profile.is_default;
    let mut states = Vec::new();
    let mut states_unreadable = None;
    if default {
        for rel in STATE_FILES {
            let path = container.join(rel);
            let shown = ctx.display_path(&path);
            match fsutil::read_limited(&path, PLIST_LIMIT) {
                Ok(bytes) => match parse_state(&bytes) {
                    Ok(s) => {
                        inv.sources.push(shown);
                        states.extend(s);
                    }
                    Err(e) => states_unreadable = Some(format!("{shown}: {e}")),
                },
                Err(ReadError::Missing) => {}
                Err(e) => {
                    states_unreadable = Some(format!(
                        "{shown}: {e} (give your terminal Full Disk Access in System Settings › Privacy & Security)"
                    ))
                }
            }
        }
    }
    for (x, appex) in found {
        let mut ext = Extension::new(&x.bundle_id, Installed::App);
        ext.name = x.name;
        ext.version = x.version;
        ext.enabled = match (&states_unreadable, default) {
            (None, true) => enabled_in(&x.bundle_id, &states),
            _ => None,
        };
        if ext.enabled.is_none() {
            ext.problem = Some(match (&states_unreadable, default) {
                (Some(why), _) => format!("whether it is on could not be read: {why}"),
                (None, true) => "its entry in Safari's extension settings does not say whether it is on".to_string(),
                (None, false) => "this Safari profile keeps its own extension settings, which login-check does not read".to_string(),
            });
        }
        if ext.name.is_none() {
            ext.name = appex
                .file_stem()
                .and_then(|n| n.to_str())
                .map(str::to_string);
        }
        inv.extensions.push(ext);
    }
    if let Some(why) = states_unreadable {
        inv.problems.push(why);
    }
    inv.sort();
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(point: &str, id: &str, name: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>{id}</string>
<key>CFBundleDisplayName</key><string>{name}</string>
<key>CFBundleShortVersionString</key><string>2.1</string>
<key>NSExtension</key><dict><key>NSExtensionPointIdentifier</key><string>{point}</string></dict>
</dict></plist>"#
        )
        .into_bytes()
    }

    #[test]
    fn only_safari_extension_points_count() {
        let x = parse_appex_info(&info(
            "com.apple.Safari.web-extension",
            "com.a.Ext",
            "Shield",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(x.bundle_id, "com.a.Ext");
        assert_eq!(x.name.as_deref(), Some("Shield"));
        assert_eq!(x.version.as_deref(), Some("2.1"));
        assert_eq!(
            parse_appex_info(&info("com.apple.share-services", "com.a.Share", "S")).unwrap(),
            None
        );
        assert!(parse_appex_info(b"<plist><dict>").is_err());
    }

    #[test]
    fn reads_binary_state_plists() {
        let mut ext = plist::Dictionary::new();
        ext.insert("Enabled".into(), plist::Value::Boolean(true));
        let mut off = plist::Dictionary::new();
        off.insert("Enabled".into(), plist::Value::Boolean(false));
        let mut root = plist::Dictionary::new();
        root.insert(
            "com.a.Ext (ABCDE12345)".into(),
            plist::Value::Dictionary(ext),
        );
        root.insert(
            "com.b.Ext (ABCDE12345)".into(),
            plist::Value::Dictionary(off),
        );
        root.insert(
            "com.c.Ext (ABCDE12345)".into(),
            plist::Value::Dictionary(plist::Dictionary::new()),
        );
        let mut bytes = Vec::new();
        plist::Value::Dictionary(root)
            .to_writer_binary(&mut bytes)
            .unwrap();
        let states = parse_state(&bytes).unwrap();
        assert_eq!(enabled_in("com.a.Ext", &states), Some(true));
        assert_eq!(enabled_in("com.b.Ext", &states), Some(false));
        assert_eq!(enabled_in("com.c.Ext", &states), None);
        assert_eq!(enabled_in("com.d.Ext", &states), Some(false));
        assert!(parse_state(b"garbage").is_err());
    }
}
