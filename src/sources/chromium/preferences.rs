//! A Chromium-family profile's `Preferences` and `Secure Preferences`, each parsed once per run
//! for both the extension inventory and the settings checks.
//!
//! Only the keys read are built ([`crate::formats::json::json_subset`] with the union of
//! [`SETTINGS_PATHS`] and [`EXTENSION_PATHS`]): a heavy profile's `Preferences` is over 1 MB of
//! per-site engagement, client-hint and media data. Extension settings are a protected pref kept
//! in `Secure Preferences` on Windows and macOS, in `Preferences` elsewhere; both are merged, a
//! key in `Secure Preferences` winning (`shared/reference/chromium.md` §4, osquery's
//! `chrome_extensions`). Site settings are in `Preferences` only (§6). Nothing here judges.

use std::path::Path;

use serde_json::{Map, Value};

use crate::browsers::discovery::{Family, Install};
use crate::context::Context;
use crate::formats::json;
use crate::io::fs::{self as fsutil, ReadError};
use crate::sources::inventory::MAX_EXTENSIONS;

/// The two files that hold extension settings, read in this order (later keys win).
pub const PREFERENCE_FILES: [&str; 2] = ["Preferences", "Secure Preferences"];

/// The keys under `extensions` that hold per-extension settings (Opera uses the second).
pub const SETTINGS_KEYS: [&str; 2] = ["settings", "opsettings"];

/// The per-extension maps (`extensions.settings`, `extensions.opsettings`): at most
/// [`MAX_EXTENSIONS`] entries of each are built.
pub const EXTENSION_MAPS: &[&[&str]] =
    &[&["extensions", "settings"], &["extensions", "opsettings"]];

/// Of each extension's entry, only what the inventory reads (`chromium::extensions::extension`
/// and `enabled_state`): the rest of an entry (permissions, content scripts, … in the cached
/// manifest) is most of a heavy profile's extension settings and is never built.
pub const EXTENSION_PATHS: &[&[&str]] = &[
    &["extensions", "settings", "*", "location"],
    &["extensions", "settings", "*", "path"],
    &["extensions", "settings", "*", "state"],
    &["extensions", "settings", "*", "disable_reasons"],
    &["extensions", "settings", "*", "from_webstore"],
    &["extensions", "settings", "*", "incognito"],
    &["extensions", "settings", "*", "manifest", "name"],
    &["extensions", "settings", "*", "manifest", "version"],
    &["extensions", "settings", "*", "manifest", "default_locale"],
    &["extensions", "settings", "*", "first_install_time"],
    &["extensions", "settings", "*", "install_time"],
    &["extensions", "settings", "*", "preferences", "proxy"],
    &[
        "extensions",
        "settings",
        "*",
        "regular_only_preferences",
        "proxy",
    ],
    &[
        "extensions",
        "settings",
        "*",
        "incognito_preferences",
        "proxy",
    ],
    &["extensions", "opsettings", "*", "location"],
    &["extensions", "opsettings", "*", "path"],
    &["extensions", "opsettings", "*", "state"],
    &["extensions", "opsettings", "*", "disable_reasons"],
    &["extensions", "opsettings", "*", "from_webstore"],
    &["extensions", "opsettings", "*", "incognito"],
    &["extensions", "opsettings", "*", "manifest", "name"],
    &["extensions", "opsettings", "*", "manifest", "version"],
    &["extensions", "opsettings", "*", "first_install_time"],
    &["extensions", "opsettings", "*", "install_time"],
    &["extensions", "opsettings", "*", "preferences", "proxy"],
    &[
        "extensions",
        "opsettings",
        "*",
        "regular_only_preferences",
        "proxy",
    ],
    &[
        "extensions",
        "opsettings",
        "*",
        "incognito_preferences",
        "proxy",
    ],
    &[
        "extensions",
        "opsettings",
        "*",
        "manifest",
        "default_locale",
    ],
];

/// The site-settings and cookie keys the settings checks read (from `Preferences` only).
pub const SETTINGS_PATHS: &[&[&str]] = &[
    &["profile", "content_settings", "exceptions", "cookies"],
    &["profile", "content_settings", "exceptions", "javascript"],
    // Brave's Google Sign-In permission (`checks::settings::chromium::BRAVE_GOOGLE_SIGN_IN`).
    &[
        "profile",
        "content_settings",
        "exceptions",
        "brave_google_sign_in",
    ],
    &["profile", "default_content_setting_values"],
    &["profile", "cookie_controls_mode"],
    &["profile", "block_third_party_cookies"],
    // The proxy pref (`proxy_config::prefs::kProxy`), a `ProxyConfigDictionary`.
    &["proxy"],
];

/// Where an extension's controlled prefs are kept in its `extensions.settings` entry
/// (Chromium's `extensions/browser/pref_names.cc`: `kPrefPreferences`,
/// `kPrefRegularOnlyPreferences`, `kPrefIncognitoPreferences`), and the windows each applies to.
pub const EXTENSION_PREF_SCOPES: &[(&str, &str)] = &[
    ("preferences", "regular and private windows"),
    ("regular_only_preferences", "regular windows"),
    ("incognito_preferences", "private windows"),
];

/// How reading one of the two files went.
#[derive(Debug, Clone, PartialEq)]
pub enum FileRead {
    Missing,
    Unreadable(ReadError),
    /// Read, but not valid JSON (the parser's message).
    NotJson(String),
    /// Parsed; `extensions_problem` says why its extension settings could not be merged.
    Parsed {
        extensions_problem: Option<String>,
    },
}

/// One of [`PREFERENCE_FILES`].
#[derive(Debug, Clone, PartialEq)]
pub struct PrefFile {
    /// The path as displayed.
    pub shown: String,
    pub read: FileRead,
}

/// What one profile's preference files hold, of the keys login-check reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    /// `Preferences`, then `Secure Preferences`.
    pub files: Vec<PrefFile>,
    /// [`SETTINGS_PATHS`] of `Preferences`, when it parsed (the top-level value as it is).
    pub settings: Option<Value>,
    /// Every extension's settings, merged from both files (later keys win); of each file's
    /// `extensions.settings` and `extensions.opsettings` only the first
    /// [`MAX_EXTENSIONS`] entries.
    pub extensions: Map<String, Value>,
    /// The most entries one of those held, when more than [`MAX_EXTENSIONS`] (the rest were
    /// not read).
    pub extensions_found: Option<usize>,
}

impl Preferences {
    /// `Preferences` itself.
    pub fn main(&self) -> &PrefFile {
        &self.files[0]
    }

    /// The settings keys of `Preferences` as an object, or why they cannot be had.
    pub fn settings_object(&self) -> Result<&Value, String> {
        match (&self.main().read, &self.settings) {
            (FileRead::Missing, _) => Err(ReadError::Missing.to_string()),
            (FileRead::Unreadable(e), _) => Err(e.to_string()),
            (FileRead::NotJson(e), _) => Err(format!("not valid JSON ({e})")),
            (FileRead::Parsed { .. }, Some(v @ Value::Object(_))) => Ok(v),
            (FileRead::Parsed { .. }, _) => Err("not a JSON object".to_string()),
        }
    }
}

/// Every Chromium-family profile's preference files, per install, per profile, read in parallel
/// (one thread per browser); other families and unreadable installs have none.
pub fn read_all(ctx: &Context, installs: &[Install]) -> Vec<Vec<Preferences>> {
    crate::browsers::per_browser(installs, |inst| {
        if inst.family != Family::Chromium || inst.unreadable.is_some() {
            return Vec::new();
        }
        inst.profiles.iter().map(|p| read(ctx, &p.path)).collect()
    })
}

/// Each install with its profiles' parsed preference files (per profile, in order; none for an
/// install that is not Chromium-family), for the readers that build on them.
pub fn with_preferences<'a>(
    installs: &'a [Install],
    chromium: &'a [Vec<Preferences>],
) -> Vec<(&'a Install, &'a [Preferences])> {
    installs
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst, chromium.get(i).map_or(&[][..], Vec::as_slice)))
        .collect()
}

/// Reads and parses both files of the profile at `profile`, once.
pub fn read(ctx: &Context, profile: &Path) -> Preferences {
    let mut prefs = Preferences {
        files: Vec::new(),
        settings: None,
        extensions: Map::new(),
        extensions_found: None,
    };
    let caps: Vec<(&[&str], usize)> = EXTENSION_MAPS
        .iter()
        .map(|p| (*p, MAX_EXTENSIONS))
        .collect();
    for (i, file) in PREFERENCE_FILES.iter().enumerate() {
        let path = profile.join(file);
        let shown = ctx.display_path(&path);
        let read = match fsutil::read_text(&path) {
            Err(ReadError::Missing) => FileRead::Missing,
            Err(e) => FileRead::Unreadable(e),
            Ok(text) => {
                let paths: Vec<&[&str]> = if i == 0 {
                    EXTENSION_PATHS
                        .iter()
                        .chain(SETTINGS_PATHS)
                        .copied()
                        .collect()
                } else {
                    EXTENSION_PATHS.to_vec()
                };
                match json::json_capped(&text, &paths, &caps) {
                    Err(json::JsonError::Invalid(e)) => FileRead::NotJson(e),
                    Err(e @ json::JsonError::OverLimit(_)) => {
                        FileRead::Unreadable(ReadError::Other(e.to_string()))
                    }
                    Ok(json::Capped {
                        value: mut json,
                        cut,
                    }) => {
                        for c in cut {
                            prefs.extensions_found =
                                Some(prefs.extensions_found.unwrap_or(0).max(c.found));
                        }
                        if i == 0 {
                            // The extension keys are moved out, the rest kept for the settings.
                            let ext = match &mut json {
                                Value::Object(m) => m.remove("extensions").map(|e| {
                                    Value::Object(Map::from_iter([("extensions".to_string(), e)]))
                                }),
                                _ => None,
                            };
                            prefs.settings = Some(json);
                            json = ext.unwrap_or(Value::Null);
                        }
                        FileRead::Parsed {
                            extensions_problem: merge_settings(&mut prefs.extensions, json).err(),
                        }
                    }
                }
            }
        };
        prefs.files.push(PrefFile { shown, read });
    }
    prefs
}

/// Adds `extensions.settings` and `extensions.opsettings` of one preference file to `into`, one
/// extension's keys overlaying those already there.
pub fn merge_settings(into: &mut Map<String, Value>, prefs: Value) -> Result<(), String> {
    let Value::Object(mut prefs) = prefs else {
        return Ok(());
    };
    let mut extensions = match prefs.remove("extensions") {
        None => return Ok(()),
        Some(Value::Object(e)) => e,
        Some(_) => return Err("`extensions` is not a JSON object".to_string()),
    };
    for key in SETTINGS_KEYS {
        match extensions.remove(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                // Moved, not copied: a heavy profile's settings are hundreds of KB.
                for (id, entry) in map {
                    match (into.get_mut(&id), entry) {
                        (Some(Value::Object(have)), Value::Object(new)) => {
                            for (k, v) in new {
                                have.insert(k, v);
                            }
                        }
                        (_, entry) => {
                            into.insert(id, entry);
                        }
                    }
                }
            }
            Some(_) => return Err(format!("`extensions.{key}` is not a JSON object")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::OsFamily;
    use serde_json::json;

    #[test]
    fn one_parse_gives_the_settings_and_the_merged_extension_settings() {
        let home = tempfile::tempdir().unwrap();
        let ctx = Context::for_tests(home.path(), OsFamily::Linux);
        let profile = home.path().join("Default");
        std::fs::create_dir_all(&profile).unwrap();
        let prefs = json!({
            "extensions": {"settings": {"a": {"location": 1, "state": 1}}},
            "profile": {
                "cookie_controls_mode": 1,
                "content_settings": {"exceptions": {"cookies": {}}, "other": {"big": 1}}
            },
            "media": {"engagement": [1, 2, 3]}
        });
        std::fs::write(profile.join("Preferences"), prefs.to_string()).unwrap();
        std::fs::write(
            profile.join("Secure Preferences"),
            json!({"extensions": {"settings": {"a": {"state": 0}}}}).to_string(),
        )
        .unwrap();
        let p = read(&ctx, &profile);
        assert_eq!(
            p.settings_object().unwrap(),
            &json!({"profile": {
                "cookie_controls_mode": 1,
                "content_settings": {"exceptions": {"cookies": {}}}
            }})
        );
        assert_eq!(p.extensions["a"], json!({"location": 1, "state": 0}));
        assert!(p.files.iter().all(|f| matches!(
            f.read,
            FileRead::Parsed {
                extensions_problem: None
            }
        )));
    }

    #[test]
    fn missing_damaged_and_non_object_files_are_recorded() {
        let home = tempfile::tempdir().unwrap();
        let ctx = Context::for_tests(home.path(), OsFamily::Linux);
        let p = read(&ctx, home.path());
        assert_eq!(p.files[0].read, FileRead::Missing);
        assert_eq!(p.settings_object(), Err("file not found".to_string()));
        std::fs::write(home.path().join("Preferences"), "{\"profile\": ").unwrap();
        let p = read(&ctx, home.path());
        assert!(matches!(p.files[0].read, FileRead::NotJson(_)));
        assert!(
            p.settings_object()
                .unwrap_err()
                .starts_with("not valid JSON (")
        );
        std::fs::write(home.path().join("Preferences"), "[1]").unwrap();
        let p = read(&ctx, home.path());
        assert_eq!(p.settings_object(), Err("not a JSON object".to_string()));
        std::fs::write(home.path().join("Preferences"), "{\"extensions\": 3}").unwrap();
        let p = read(&ctx, home.path());
        assert_eq!(
            p.files[0].read,
            FileRead::Parsed {
                extensions_problem: Some("`extensions` is not a JSON object".into())
            }
        );
        assert_eq!(p.settings_object(), Ok(&json!({})));
    }
}
