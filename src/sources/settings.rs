//! The settings of every profile that the settings checks judge: per family, the files read
//! and what they hold, or why they could not be read.
//!
//! - Chromium family: the site-settings, cookie and proxy keys of `Preferences` and the proxies
//!   extensions set there, from the parse the extension inventory shares
//!   ([`crate::sources::chromium::preferences`]), and the secure-DNS keys of `Local State` read
//!   by discovery ([`LocalStateDns`]);
//! - Firefox family: `prefs.js` and `user.js` ([`crate::sources::firefox::prefs`]) and the
//!   cookie rows of `permissions.sqlite` ([`crate::sources::firefox::permissions`]).
//!
//! Policies are read per browser by [`crate::sources::policies`]. Nothing here judges.

use serde_json::Value;

use crate::browsers::discovery::{Family, Install, LocalStateDns};
use crate::context::Context;
use crate::sources::chromium::extensions::enabled_state;
use crate::sources::chromium::preferences::{EXTENSION_PREF_SCOPES, Preferences, with_preferences};
use crate::sources::firefox::permissions::{self, Permissions};
use crate::sources::firefox::prefs::{self, ProfilePrefs};

/// What a Chromium-family profile's `Preferences` says about site settings, its proxy, and
/// what its browser's `Local State` says about secure DNS.
#[derive(Debug, Clone, PartialEq)]
pub struct ChromiumSettings {
    /// `Preferences`, as displayed.
    pub shown: String,
    /// Its settings keys ([`crate::sources::chromium::preferences::SETTINGS_PATHS`]), an object,
    /// or why they cannot be had.
    pub prefs: Result<Value, String>,
    /// The proxies that enabled extensions set, the most recently installed first (Chromium
    /// lets the last installed extension's setting win).
    pub extension_proxies: Vec<ExtensionProxy>,
    /// Why the extension settings (which hold extension-controlled proxies) could not all be
    /// read: (file, why). `Secure Preferences` holds them on Windows and macOS.
    pub extension_problems: Vec<(String, String)>,
    /// The browser's secure-DNS settings (`None` when its `Local State` was not looked for).
    pub secure_dns: Option<LocalStateDns>,
}

/// A proxy an extension controls (`chrome.proxy.settings`), as Chromium keeps it in the
/// extension's `extensions.settings` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionProxy {
    pub id: String,
    /// The name its cached manifest gives, unless it is a localised `__MSG_…__` key.
    pub name: Option<String>,
    /// The windows it applies to ([`EXTENSION_PREF_SCOPES`]).
    pub scope: &'static str,
    /// The `ProxyConfigDictionary` (`mode`, `server`, `pac_url`, `bypass_list`).
    pub config: Value,
    /// `first_install_time` (or the older `install_time`), Chromium time; 0 when unknown.
    pub installed: i64,
}

impl ChromiumSettings {
    pub fn from_preferences(p: &Preferences) -> ChromiumSettings {
        ChromiumSettings {
            shown: p.main().shown.clone(),
            prefs: p.settings_object().cloned(),
            extension_proxies: extension_proxies(p),
            extension_problems: extension_problems(p),
            secure_dns: None,
        }
    }
}

/// The preference files whose extension settings could not be read or merged.
fn extension_problems(p: &Preferences) -> Vec<(String, String)> {
    use crate::sources::chromium::preferences::FileRead;
    let mut out = Vec::new();
    for f in &p.files {
        match &f.read {
            FileRead::Missing => {}
            FileRead::Unreadable(e) => out.push((f.shown.clone(), e.to_string())),
            FileRead::NotJson(e) => out.push((f.shown.clone(), format!("not valid JSON ({e})"))),
            FileRead::Parsed {
                extensions_problem: Some(why),
            } => out.push((f.shown.clone(), why.clone())),
            FileRead::Parsed { .. } => {}
        }
    }
    if let Some(n) = p.extensions_found {
        out.push((
            p.main().shown.clone(),
            format!("{n} extension entries, more than login-check reads"),
        ));
    }
    out
}

/// The proxies of the enabled extensions, in the order of their entries.
fn extension_proxies(p: &Preferences) -> Vec<ExtensionProxy> {
    let mut out = Vec::new();
    for (id, entry) in &p.extensions {
        let Some(entry) = entry.as_object() else {
            continue;
        };
        if !matches!(enabled_state(entry), Some((true, _))) {
            continue;
        }
        for (key, scope) in EXTENSION_PREF_SCOPES {
            let Some(config) = entry.get(*key).and_then(|v| v.get("proxy")) else {
                continue;
            };
            let name = entry
                .get("manifest")
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
                .filter(|n| !n.starts_with("__MSG_"))
                .map(|n| crate::formats::clip(n, crate::formats::NAME_CHARS));
            let installed = ["first_install_time", "install_time"]
                .iter()
                .find_map(|k| {
                    entry.get(*k).and_then(|v| match v {
                        Value::String(t) => t.parse::<i64>().ok(),
                        Value::Number(n) => n.as_i64(),
                        _ => None,
                    })
                })
                .unwrap_or(0);
            out.push(ExtensionProxy {
                id: crate::formats::clip(id, crate::formats::NAME_CHARS),
                name,
                scope,
                config: config.clone(),
                installed,
            });
        }
    }
    // The most recently installed wins.
    out.sort_by_key(|x| std::cmp::Reverse(x.installed));
    out
}

/// What a Firefox-family profile's files say.
#[derive(Debug, Clone, PartialEq)]
pub struct FirefoxSettings {
    pub prefs: ProfilePrefs,
    pub permissions: Permissions,
}

/// One profile's settings, per family.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileSettings {
    Chromium(ChromiumSettings),
    Firefox(FirefoxSettings),
}

/// Every profile's settings, per install, per profile, read in parallel (one thread per
/// browser). Safari, an install whose data folder cannot be read and one without profiles have
/// none. `chromium` holds the Chromium-family profiles' parsed preference files, per install,
/// per profile (`Facts::chromium_preferences`).
pub fn read_all(
    ctx: &Context,
    installs: &[Install],
    chromium: &[Vec<Preferences>],
) -> Vec<Vec<ProfileSettings>> {
    let pairs = with_preferences(installs, chromium);
    crate::workers::each(
        &pairs,
        |(inst, _)| inst.key.as_str(),
        |&(inst, prefs)| {
            if inst.family == Family::Safari || inst.unreadable.is_some() {
                return Vec::new();
            }
            inst.profiles
                .iter()
                .enumerate()
                .map(|(j, p)| match inst.family {
                    Family::Chromium => ProfileSettings::Chromium({
                        let mut c = match prefs.get(j) {
                            Some(pr) => ChromiumSettings::from_preferences(pr),
                            None => ChromiumSettings::from_preferences(
                                &crate::sources::chromium::preferences::read(ctx, &p.path),
                            ),
                        };
                        c.secure_dns = inst.secure_dns.clone();
                        c
                    }),
                    _ => ProfileSettings::Firefox(FirefoxSettings {
                        prefs: prefs::read(ctx, &p.path),
                        permissions: permissions::read(ctx, &p.path),
                    }),
                })
                .collect()
        },
    )
}
