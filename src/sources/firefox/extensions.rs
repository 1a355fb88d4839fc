//! Firefox-family add-ons: `<profile>/extensions.json` (`addons` of type `extension`) and the
//! private-window permission from `<profile>/extension-preferences.json`.
//!
//! Facts from `shared/reference/firefox_safari.md` §4 (XPIDatabase's `toJSON`, osquery's
//! `firefox_addons`), checked against a real Firefox ESR 153 profile: each add-on has `id`,
//! `defaultLocale.name`, `version`, `active`, `userDisabled`, `appDisabled`, `softDisabled`,
//! `embedderDisabled`, `location` (`app-profile`, `app-system-share` for Debian's `webext-*`
//! packages, `app-builtin-addons` for Firefox's own), `installTelemetryInfo.source`
//! (`enterprise-policy` for policy installs), `incognito` (the manifest key). The permission to
//! run in private windows is `internal:privateBrowsingAllowed` in the add-on's `permissions` in
//! `extension-preferences.json`.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::context::Context;
use crate::formats::json;
use crate::io::fs::{self as fsutil, ReadError};
use crate::sources::inventory::{Extension, Installed, Inventory, MAX_EXTENSIONS};

/// The permission that lets an add-on run in private windows.
pub const PRIVATE_PERMISSION: &str = "internal:privateBrowsingAllowed";

/// Everything a Firefox profile records about its add-ons.
pub fn inventory(ctx: &Context, profile: &Path) -> Inventory {
    let mut inv = Inventory::default();
    let path = profile.join("extensions.json");
    let shown = ctx.display_path(&path);
    let text = match fsutil::read_text(&path) {
        Ok(t) => t,
        Err(ReadError::Missing) => {
            let files = std::fs::read_dir(profile.join("extensions"))
                .into_iter()
                .flatten()
                .flatten()
                .count();
            if files > 0 {
                inv.unreadable = Some(format!(
                    "{shown} is missing, but {} holds {files} add-on file(s) that cannot be identified without it",
                    ctx.display_path(&profile.join("extensions"))
                ));
            } else {
                inv.nothing = Some(format!(
                    "{shown} does not exist yet (Firefox writes it the first time it starts with this profile)"
                ));
            }
            return inv;
        }
        Err(e) => {
            inv.unreadable = Some(format!("{shown}: {e}"));
            return inv;
        }
    };
    let private = private_permissions(ctx, profile, &mut inv);
    match parse_extensions_json_capped(&text, private.as_ref()) {
        Ok((exts, problems, found)) => {
            inv.sources.insert(0, shown.clone());
            inv.extensions = exts;
            if let Some(found) = found {
                inv.beyond_limit = Some((MAX_EXTENSIONS, found));
            }
            inv.problems
                .extend(problems.into_iter().map(|p| format!("{shown}: {p}")));
        }
        Err(why) => inv.unreadable = Some(format!("{shown}: {why}")),
    }
    inv.sort();
    inv
}

/// The IDs allowed in private windows, from `extension-preferences.json`; `None` when the file
/// is missing or unreadable (then the permission is not known).
fn private_permissions(
    ctx: &Context,
    profile: &Path,
    inv: &mut Inventory,
) -> Option<BTreeSet<String>> {
    let path = profile.join("extension-preferences.json");
    let shown = ctx.display_path(&path);
    match fsutil::read_text(&path) {
        Ok(text) => match parse_extension_preferences(&text) {
            Ok(set) => {
                inv.sources.push(shown);
                Some(set)
            }
            Err(why) => {
                inv.problems.push(format!("{shown}: {why}"));
                None
            }
        },
        Err(ReadError::Missing) => None,
        Err(e) => {
            inv.problems.push(format!("{shown}: {e}"));
            None
        }
    }
}

/// The add-ons whose `permissions` include [`PRIVATE_PERMISSION`].
pub fn parse_extension_preferences(text: &str) -> Result<BTreeSet<String>, String> {
    let v = json::parse(text).map_err(|e| e.describe("; the file may be truncated or damaged"))?;
    let map = v.as_object().ok_or("not a JSON object")?;
    Ok(map
        .iter()
        .filter(|(_, p)| {
            p.get("permissions")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(PRIVATE_PERMISSION)))
        })
        .map(|(id, _)| id.clone())
        .collect())
}

/// A `location` name as how the add-on was installed.
pub fn installed_from(
    location: Option<&str>,
    source: Option<&str>,
    source_uri: Option<&str>,
) -> Installed {
    match location {
        Some("app-profile") if source == Some("enterprise-policy") => Installed::Policy,
        Some("app-profile")
            if source == Some("amo")
                || source_uri.is_some_and(|u| u.starts_with("https://addons.mozilla.org/")) =>
        {
            Installed::Store
        }
        Some("app-profile") => Installed::User,
        Some("app-temporary") => Installed::Temporary,
        Some("app-system-share" | "app-system-local" | "app-global") => Installed::System,
        Some("app-system-user") => Installed::External,
        Some(
            "app-builtin"
            | "app-builtin-addons"
            | "app-system-defaults"
            | "app-system-addons"
            | "app-system-profile",
        ) => Installed::BuiltIn,
        _ => Installed::Unknown,
    }
}

/// The extensions in `extensions.json` (themes, dictionaries and language packs left out), and
/// problems with single entries.
pub fn parse_extensions_json(
    text: &str,
    private: Option<&BTreeSet<String>>,
) -> Result<(Vec<Extension>, Vec<String>), String> {
    parse_extensions_json_capped(text, private).map(|(e, p, _)| (e, p))
}

/// The extensions, the problems with single entries, and the number of `addons` entries when
/// more than [`MAX_EXTENSIONS`].
pub type Capped = (Vec<Extension>, Vec<String>, Option<usize>);

/// [`parse_extensions_json`] of the first [`MAX_EXTENSIONS`] entries of `addons`, with the
/// number of entries the file holds when there are more (the rest are not read).
pub fn parse_extensions_json_capped(
    text: &str,
    private: Option<&BTreeSet<String>>,
) -> Result<Capped, String> {
    let capped = json::json_capped(text, &[&["addons"]], &[(&["addons"], MAX_EXTENSIONS)])
        .map_err(|e| e.describe("; the file may be truncated or damaged"))?;
    let found = capped.cut.first().map(|c| c.found);
    let v = capped.value;
    let addons = v
        .get("addons")
        .and_then(Value::as_array)
        .ok_or("has no `addons` list")?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, a) in addons.iter().enumerate() {
        let Some(a) = a.as_object() else {
            problems.push(format!("add-on entry {i} is not a JSON object"));
            continue;
        };
        let kind = a.get("type").and_then(Value::as_str);
        if !matches!(kind, None | Some("extension" | "webextension")) {
            continue;
        }
        let Some(id) = a
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        else {
            problems.push(format!("add-on entry {i} has no id"));
            continue;
        };
        let flag = |k: &str| a.get(k).and_then(Value::as_bool).unwrap_or(false);
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let source = a
            .get("installTelemetryInfo")
            .and_then(|t| t.get("source"))
            .and_then(Value::as_str);
        let mut ext = Extension::new(
            id,
            installed_from(
                a.get("location").and_then(Value::as_str),
                source,
                a.get("sourceURI").and_then(Value::as_str),
            ),
        );
        ext.name = text(a.get("defaultLocale").and_then(|l| l.get("name")))
            .or_else(|| text(a.get("name")));
        ext.version = text(a.get("version"));
        let mut reasons = Vec::new();
        if flag("userDisabled") {
            reasons.push(if a.get("seen").and_then(Value::as_bool) == Some(false) {
                "pending_approval"
            } else {
                "user_disabled"
            });
        }
        if flag("appDisabled") {
            reasons.push("app_disabled");
        }
        if flag("softDisabled") {
            reasons.push("soft_blocked");
        }
        if flag("embedderDisabled") {
            reasons.push("embedder_disabled");
        }
        let enabled = match a.get("active").and_then(Value::as_bool) {
            Some(active) => active,
            None => reasons.is_empty(),
        };
        if !enabled && reasons.is_empty() {
            reasons.push("inactive");
        }
        ext.enabled = Some(enabled);
        if !enabled {
            ext.disable_reasons = reasons.into_iter().map(str::to_string).collect();
        }
        ext.private_window = if a.get("incognito").and_then(Value::as_str) == Some("not_allowed") {
            Some(false)
        } else {
            private.map(|set| set.contains(id))
        };
        if ext.name.is_none() {
            ext.problem = Some("its entry records no name".to_string());
        }
        out.push(ext);
    }
    Ok((out, problems, found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn addon(id: &str, extra: Value) -> Value {
        let mut a = json!({"id": id, "type": "extension", "version": "1.0", "location": "app-profile",
                           "active": true, "userDisabled": false, "appDisabled": false,
                           "defaultLocale": {"name": id}});
        for (k, v) in extra.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    }

    #[test]
    fn active_user_disabled_app_disabled() {
        let text = json!({"schemaVersion": 37, "addons": [
            addon("a@x", json!({})),
            addon("b@x", json!({"active": false, "userDisabled": true})),
            addon("c@x", json!({"active": false, "appDisabled": true})),
            addon("d@x", json!({"active": false, "userDisabled": true, "seen": false})),
            addon("theme@x", json!({"type": "theme"})),
            json!({"type": "extension"}),
            json!(7),
        ]})
        .to_string();
        let private: BTreeSet<String> = ["a@x".to_string()].into();
        let (exts, problems) = parse_extensions_json(&text, Some(&private)).unwrap();
        let by = |id: &str| exts.iter().find(|e| e.id == id).unwrap();
        assert_eq!(exts.len(), 4);
        assert_eq!(by("a@x").enabled, Some(true));
        assert_eq!(by("a@x").private_window, Some(true));
        assert_eq!(by("b@x").disable_reasons, vec!["user_disabled"]);
        assert_eq!(by("b@x").private_window, Some(false));
        assert_eq!(by("c@x").disable_reasons, vec!["app_disabled"]);
        assert_eq!(by("d@x").disable_reasons, vec!["pending_approval"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let (exts, _) = parse_extensions_json(&text, None).unwrap();
        assert_eq!(exts[0].private_window, None);
    }

    #[test]
    fn locations_and_policy() {
        assert_eq!(
            installed_from(Some("app-profile"), Some("enterprise-policy"), None),
            Installed::Policy
        );
        assert_eq!(
            installed_from(
                Some("app-profile"),
                Some("about:addons"),
                Some("https://addons.mozilla.org/firefox/downloads/file/1/x.xpi")
            ),
            Installed::Store
        );
        assert_eq!(
            installed_from(Some("app-profile"), None, None),
            Installed::User
        );
        assert_eq!(
            installed_from(Some("app-system-share"), Some("app-system-share"), None),
            Installed::System
        );
        assert_eq!(
            installed_from(Some("app-builtin-addons"), None, None),
            Installed::BuiltIn
        );
        assert_eq!(
            installed_from(Some("app-temporary"), None, None),
            Installed::Temporary
        );
        assert_eq!(installed_from(None, None, None), Installed::Unknown);
    }

    #[test]
    fn bad_json_is_an_error() {
        assert!(parse_extensions_json("{\"addons\": [", None).is_err());
        assert!(parse_extensions_json("{}", None).is_err());
        assert!(parse_extension_preferences("[").is_err());
        assert_eq!(
            parse_extension_preferences(
                r#"{"a@x": {"permissions": ["internal:privateBrowsingAllowed"], "origins": []}, "b@x": {"permissions": []}}"#
            )
            .unwrap(),
            ["a@x".to_string()].into()
        );
    }
}
