//! Chromium-family extensions: `extensions.settings` (Opera: `extensions.opsettings`) merged
//! from a profile's `Preferences` and `Secure Preferences` (parsed once, by
//! [`super::preferences`]), names and versions from the cached
//! manifest or `manifest.json` on disk, `__MSG_name__` resolved through `_locales`.
//!
//! Facts from `shared/reference/chromium.md` §4 (Chromium's `extension_prefs.cc`,
//! `disable_reason.h`, `manifest.mojom`; osquery's `chrome_extensions`): on Windows and macOS the
//! extension settings are a protected pref kept in `Secure Preferences`, elsewhere in
//! `Preferences`; osquery reads both and merges them, and so does this reader (a key in `Secure
//! Preferences` wins). A real Chromium 156 profile was checked: `disable_reasons` is a list
//! (empty when enabled), unpacked extensions have an absolute `path` and no cached manifest.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::preferences::{FileRead, Preferences};
use crate::context::Context;
use crate::formats::json;
use crate::io::fs::{self as fsutil, ReadError};
use crate::sources::inventory::{Extension, Installed, Inventory, MAX_EXTENSIONS};

pub use super::preferences::{PREFERENCE_FILES, SETTINGS_KEYS, merge_settings};

/// The largest `manifest.json` or `messages.json` read.
const MANIFEST_LIMIT: u64 = 4 << 20;

/// Chromium's `DisableReason` bits (extensions/browser/disable_reason.h); the list form holds
/// the same values.
pub const DISABLE_REASONS: &[(u64, &str)] = &[
    (1, "user_action"),
    (2, "permissions_increase"),
    (4, "reload"),
    (8, "unsupported_requirement"),
    (16, "sideload_wipeout"),
    (256, "not_verified"),
    (512, "greylist"),
    (1024, "corrupted"),
    (2048, "remote_install"),
    (8192, "external_extension"),
    (16384, "update_required_by_policy"),
    (32768, "custodian_approval"),
    (65536, "blocked_by_policy"),
    (1 << 19, "reinstall"),
    (1 << 20, "not_allowlisted"),
];

/// Everything the profile's preference files say about its extensions, from the files as
/// [`super::preferences::read`] parsed them.
pub fn inventory(ctx: &Context, profile: &Path, prefs: &Preferences) -> Inventory {
    let mut inv = Inventory::default();
    let (mut exists, mut read) = (false, false);
    for file in &prefs.files {
        let shown = &file.shown;
        match &file.read {
            FileRead::Missing => continue,
            FileRead::Unreadable(e) => inv.problems.push(format!("{shown}: {e}")),
            FileRead::Parsed { extensions_problem } => {
                read = true;
                inv.sources.push(shown.clone());
                if let Some(why) = extensions_problem {
                    inv.problems.push(format!("{shown}: {why}"));
                }
            }
            FileRead::NotJson(e) => inv.problems.push(format!(
                "{shown}: not valid JSON ({e}); the file may be truncated or damaged"
            )),
        }
        exists = true;
    }
    if !exists {
        inv.nothing = Some(
            "neither Preferences nor Secure Preferences exists in this profile yet".to_string(),
        );
        return inv;
    }
    if !read {
        inv.unreadable = Some(inv.problems.join("; "));
        return inv;
    }
    let found = prefs
        .extensions_found
        .unwrap_or(0)
        .max(prefs.extensions.len());
    if found > MAX_EXTENSIONS {
        inv.beyond_limit = Some((MAX_EXTENSIONS, found));
    }
    for (id, entry) in prefs.extensions.iter().take(MAX_EXTENSIONS) {
        let Some(entry) = entry.as_object() else {
            inv.problems.push(format!(
                "the settings of extension {id} are not a JSON object"
            ));
            continue;
        };
        if let Some(ext) = extension(ctx, profile, id, entry) {
            inv.extensions.push(ext);
        }
    }
    inv.sort();
    inv
}

/// `location` (ManifestLocation in `manifest.mojom`) as how it was installed.
pub fn installed_from(location: Option<i64>, from_webstore: bool) -> Installed {
    match location {
        Some(1) if from_webstore => Installed::Store,
        Some(1) => Installed::User,
        Some(2 | 3 | 6) => Installed::External,
        Some(4) => Installed::Unpacked,
        Some(5 | 10) => Installed::BuiltIn,
        Some(7 | 9) => Installed::Policy,
        Some(8) => Installed::CommandLine,
        _ => Installed::Unknown,
    }
}

/// Names of disable reasons, from the list form (one value per reason) or the older bitmask.
pub fn decode_disable_reasons(v: &Value) -> Option<Vec<String>> {
    let name = |bit: u64| {
        DISABLE_REASONS
            .iter()
            .find(|(b, _)| *b == bit)
            .map_or_else(|| format!("reason_{bit}"), |(_, n)| n.to_string())
    };
    match v {
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| i.as_u64().map_or_else(|| format!("reason_{i}"), name))
                .collect(),
        ),
        Value::Number(n) => {
            let bits = n.as_u64()?;
            Some(
                (0..64)
                    .map(|i| 1u64 << i)
                    .filter(|b| bits & b != 0)
                    .map(name)
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Whether an extension is on, and why not: `disable_reasons` (list or bitmask) when present,
/// else the legacy `state` (1 = enabled), else on. `None` for an entry that is not installed
/// (legacy `state` 2: an external extension the user uninstalled).
pub fn enabled_state(entry: &Map<String, Value>) -> Option<(bool, Vec<String>)> {
    if let Some(reasons) = entry
        .get("disable_reasons")
        .and_then(decode_disable_reasons)
    {
        return Some((reasons.is_empty(), reasons));
    }
    match entry.get("state").and_then(Value::as_i64) {
        Some(2) => None,
        Some(1 | 3) | None => Some((true, Vec::new())),
        Some(0) => Some((false, vec!["disabled".to_string()])),
        Some(n) => Some((false, vec![format!("state_{n}")])),
    }
}

/// One entry of `extensions.settings` as an [`Extension`]; `None` for entries that record no
/// installed extension (stubs with neither location, path nor manifest).
pub fn extension(
    ctx: &Context,
    profile: &Path,
    id: &str,
    entry: &Map<String, Value>,
) -> Option<Extension> {
    let location = entry.get("location").and_then(Value::as_i64);
    let raw_path = entry.get("path").and_then(Value::as_str);
    let cached = entry.get("manifest").and_then(Value::as_object);
    if location.is_none() && raw_path.is_none() && cached.is_none() {
        return None;
    }
    let (enabled, reasons) = enabled_state(entry)?;
    let from_webstore = entry
        .get("from_webstore")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut ext = Extension::new(id, installed_from(location, from_webstore));
    ext.enabled = Some(enabled);
    ext.disable_reasons = reasons;
    ext.private_window = Some(entry.get("incognito").and_then(Value::as_bool) == Some(true));

    let text = |m: Option<&Map<String, Value>>, k: &str| {
        m.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut name = text(cached, "name");
    ext.version = text(cached, "version");
    let mut default_locale = text(cached, "default_locale");
    let needs_localising = |n: &Option<String>| n.as_deref().is_some_and(is_message);
    if ext.is_builtin() {
        // The browser's own: never read outside the profile for them.
        ext.name = name.filter(|n| !is_message(n));
        return Some(ext);
    }
    if name.is_none() || ext.version.is_none() || needs_localising(&name) {
        let dir = match raw_path {
            Some(raw) => extension_dir(ctx, profile, raw, ext.installed),
            None => Err("its settings record no path".to_string()),
        };
        let manifest = dir.and_then(|d| read_manifest(ctx, &d).map(|m| (d, m)));
        match manifest {
            Ok((dir, m)) => {
                if name.is_none() || needs_localising(&name) {
                    name = text(Some(&m), "name").or(name);
                    default_locale = text(Some(&m), "default_locale").or(default_locale);
                }
                ext.version = ext.version.or_else(|| text(Some(&m), "version"));
                if let Some(raw) = name.as_deref().filter(|n| is_message(n)) {
                    match localise(ctx, &dir, default_locale.as_deref(), raw) {
                        Ok(n) => name = Some(n),
                        Err(why) => {
                            ext.problem = Some(why);
                            name = None;
                        }
                    }
                }
            }
            Err(why) => {
                ext.problem = Some(why);
                // A cached `__MSG_` name without its messages is no name.
                if needs_localising(&name) {
                    name = None;
                }
            }
        }
        if name.is_none() && ext.problem.is_none() {
            ext.problem = Some("its manifest has no name".to_string());
        }
    }
    ext.name = name;
    Some(ext)
}

/// `__MSG_key__`.
pub fn is_message(name: &str) -> bool {
    name.starts_with("__MSG_") && name.ends_with("__") && name.len() > 8
}

fn is_absolute_any(p: &str) -> bool {
    p.starts_with('/') || p.starts_with('\\') || (p.len() > 2 && p.as_bytes()[1] == b':')
}

/// Where an extension's files are: `path` relative to `<profile>/Extensions/` for installed
/// extensions, absolute for unpacked, command-line and component ones. A relative path that
/// climbs out with `..`, or an absolute path for an extension that should live inside the
/// profile, is refused.
pub fn extension_dir(
    ctx: &Context,
    profile: &Path,
    raw: &str,
    installed: Installed,
) -> Result<PathBuf, String> {
    if raw.is_empty() {
        return Err("its settings record an empty path".to_string());
    }
    let parts: Vec<&str> = raw.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    if parts.contains(&"..") {
        return Err(format!(
            "its path `{raw}` leaves the folder it must be in (`..`); not read"
        ));
    }
    if is_absolute_any(raw) {
        if !matches!(
            installed,
            Installed::Unpacked | Installed::CommandLine | Installed::BuiltIn
        ) {
            return Err(format!(
                "its path `{raw}` is outside the profile folder, where only unpacked extensions may be; not read"
            ));
        }
        let windows_drive = raw.len() > 2 && raw.as_bytes()[1] == b':';
        return Ok(if windows_drive && !cfg!(windows) {
            ctx.system_path(&raw.replace('\\', "/"))
        } else {
            PathBuf::from(raw)
        });
    }
    let mut dir = profile.join("Extensions");
    for p in parts.iter().filter(|p| **p != ".") {
        dir.push(p);
    }
    Ok(dir)
}

/// Reads `manifest.json` in an extension folder (comments allowed, as Chromium allows them).
pub fn read_manifest(ctx: &Context, dir: &Path) -> Result<Map<String, Value>, String> {
    let path = dir.join("manifest.json");
    let shown = ctx.display_path(&path);
    let bytes = fsutil::read_limited(&path, MANIFEST_LIMIT).map_err(|e| match e {
        ReadError::Missing => format!("its manifest {shown} is missing"),
        e => format!("its manifest {shown} cannot be read: {e}"),
    })?;
    parse_object_keeping(&bytes, MANIFEST_KEYS)
        .map_err(|e| format!("its manifest {shown} is not valid JSON ({e})"))
}

/// What the inventory reads of a `manifest.json`; the rest (permissions, content scripts, …)
/// is checked for syntax and never built ([`json::json_subset`]).
const MANIFEST_KEYS: &[&[&str]] = &[&["name"], &["version"], &["default_locale"]];

/// [`parse_object`], building only the values at `paths`.
fn parse_object_keeping(bytes: &[u8], paths: &[&[&str]]) -> Result<Map<String, Value>, String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let value = match json::json_subset(text, paths) {
        Ok(v) => v,
        Err(e @ json::JsonError::OverLimit(_)) => return Err(e.to_string()),
        Err(first) => {
            json::json_subset(&strip_comments(text), paths).map_err(|_| first.to_string())?
        }
    };
    match value {
        Value::Object(m) => Ok(m),
        _ => Err("not a JSON object".to_string()),
    }
}

/// Resolves `__MSG_key__` through `_locales/<default_locale>/messages.json`, the locale folder
/// and the message key both compared without regard to case.
pub fn localise(
    ctx: &Context,
    dir: &Path,
    default_locale: Option<&str>,
    raw: &str,
) -> Result<String, String> {
    let key = raw
        .strip_prefix("__MSG_")
        .and_then(|k| k.strip_suffix("__"))
        .unwrap_or(raw);
    let Some(locale) = default_locale else {
        return Err(format!(
            "its name is the message `{key}`, but its manifest names no default_locale"
        ));
    };
    if locale.is_empty() || locale.contains(['/', '\\']) || locale.contains("..") {
        return Err(format!(
            "its default_locale `{locale}` is not a locale name; not read"
        ));
    }
    let locales = dir.join("_locales");
    let mut locale_dir = locales.join(locale);
    if !fsutil::is_dir(&locale_dir) {
        if let Some(found) = std::fs::read_dir(&locales)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(locale))
            })
        {
            locale_dir = found;
        }
    }
    let path = locale_dir.join("messages.json");
    let shown = ctx.display_path(&path);
    let bytes = fsutil::read_limited(&path, MANIFEST_LIMIT).map_err(|e| match e {
        ReadError::Missing => format!("its name is the message `{key}`, but {shown} is missing"),
        e => format!("its messages {shown} cannot be read: {e}"),
    })?;
    let messages = parse_object(&bytes)
        .map_err(|e| format!("its messages {shown} are not valid JSON ({e})"))?;
    messages
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.get("message"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("its name is the message `{key}`, which {shown} does not have"))
}

/// A JSON object from bytes that may start with a byte-order mark and hold `//` and `/* */`
/// comments.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = match json::parse(text) {
        Ok(v) => v,
        Err(e @ json::JsonError::OverLimit(_)) => return Err(e.to_string()),
        Err(first) => json::parse(&strip_comments(text)).map_err(|_| first.to_string())?,
    };
    match value {
        Value::Object(m) => Ok(m),
        _ => Err("not a JSON object".to_string()),
    }
}

/// Removes `//` and `/* */` comments outside strings.
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::OsFamily;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn disable_reasons_in_both_encodings_and_legacy_state() {
        assert_eq!(
            enabled_state(&obj(json!({"disable_reasons": []}))),
            Some((true, vec![]))
        );
        assert_eq!(
            enabled_state(&obj(json!({"disable_reasons": [1, 8192]}))),
            Some((
                false,
                vec!["user_action".into(), "external_extension".into()]
            ))
        );
        assert_eq!(
            enabled_state(&obj(json!({"disable_reasons": 0, "state": 1}))),
            Some((true, vec![]))
        );
        assert_eq!(
            enabled_state(&obj(json!({"disable_reasons": 65537}))),
            Some((
                false,
                vec!["user_action".into(), "blocked_by_policy".into()]
            ))
        );
        assert_eq!(
            enabled_state(&obj(json!({"disable_reasons": [4194304]}))),
            Some((false, vec!["reason_4194304".into()]))
        );
        assert_eq!(
            enabled_state(&obj(json!({"state": 0}))),
            Some((false, vec!["disabled".into()]))
        );
        assert_eq!(
            enabled_state(&obj(json!({"state": 1}))),
            Some((true, vec![]))
        );
        assert_eq!(enabled_state(&obj(json!({"state": 2}))), None);
        assert_eq!(enabled_state(&obj(json!({}))), Some((true, vec![])));
    }

    #[test]
    fn locations() {
        assert_eq!(installed_from(Some(1), true), Installed::Store);
        assert_eq!(installed_from(Some(1), false), Installed::User);
        assert_eq!(installed_from(Some(4), false), Installed::Unpacked);
        assert_eq!(installed_from(Some(5), false), Installed::BuiltIn);
        assert_eq!(installed_from(Some(7), false), Installed::Policy);
        assert_eq!(installed_from(Some(9), false), Installed::Policy);
        assert_eq!(installed_from(Some(6), false), Installed::External);
        assert_eq!(installed_from(None, false), Installed::Unknown);
    }

    #[test]
    fn merges_settings_and_opsettings_later_files_win() {
        let mut m = Map::new();
        merge_settings(
            &mut m,
            json!({"extensions": {"settings": {"a": {"location": 1, "state": 0}}}}),
        )
        .unwrap();
        merge_settings(
            &mut m,
            json!({"extensions": {"settings": {"a": {"state": 1}}, "opsettings": {"b": {"location": 1}}}}),
        )
        .unwrap();
        assert_eq!(m["a"], json!({"location": 1, "state": 1}));
        assert!(m.contains_key("b"));
        assert!(merge_settings(&mut m, json!({"extensions": {"settings": []}})).is_err());
        assert!(merge_settings(&mut m, json!({"extensions": 3})).is_err());
        merge_settings(&mut m, json!({"profile": {}})).unwrap();
    }

    #[test]
    fn paths_stay_inside_the_profile_except_for_unpacked() {
        let ctx = Context::for_tests(Path::new("/h"), OsFamily::Linux);
        let p = Path::new("/h/.config/chromium/Default");
        assert_eq!(
            extension_dir(&ctx, p, "abc/1.0_0", Installed::Store).unwrap(),
            p.join("Extensions").join("abc").join("1.0_0")
        );
        assert!(
            extension_dir(&ctx, p, "../../../etc", Installed::Store)
                .unwrap_err()
                .contains("..")
        );
        assert!(
            extension_dir(&ctx, p, "/etc/x", Installed::Store)
                .unwrap_err()
                .contains("outside the profile")
        );
        assert_eq!(
            extension_dir(&ctx, p, "/src/ext", Installed::Unpacked).unwrap(),
            PathBuf::from("/src/ext")
        );
        assert!(extension_dir(&ctx, p, "/src/../etc", Installed::Unpacked).is_err());
        assert!(extension_dir(&ctx, p, "", Installed::Unpacked).is_err());
        if !cfg!(windows) {
            assert_eq!(
                extension_dir(&ctx, p, "C:\\dev\\ext", Installed::Unpacked).unwrap(),
                ctx.system_path("/dev/ext")
            );
        }
    }

    #[test]
    fn json_with_bom_and_comments() {
        let m = parse_object(
            "\u{feff}{\n // a comment\n \"name\": \"a // not a comment\", /* block */ \"v\": \"1\\\"\"\n}"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(m["name"], "a // not a comment");
        assert_eq!(m["v"], "1\"");
        assert!(parse_object(b"[1]").is_err());
        // The manifest reader builds only what it reads, with comments allowed too.
        let m = parse_object_keeping(
            b"{\"name\": \"A\", /* c */ \"permissions\": [\"tabs\"], \"version\": \"1.0\"}",
            MANIFEST_KEYS,
        )
        .unwrap();
        assert_eq!(m.get("name").and_then(Value::as_str), Some("A"));
        assert_eq!(m.get("version").and_then(Value::as_str), Some("1.0"));
        assert!(m.get("permissions").is_none());
        assert!(parse_object_keeping(b"[1]", MANIFEST_KEYS).is_err());
        assert!(parse_object_keeping(b"{\"name\": ", MANIFEST_KEYS).is_err());
        assert!(parse_object(b"{\"a\": ").is_err());
    }

    #[test]
    fn message_names() {
        assert!(is_message("__MSG_appName__"));
        assert!(!is_message("__MSG___"));
        assert!(!is_message("uBlock"));
    }
}
