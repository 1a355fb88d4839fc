//! Enterprise policies: where each browser reads them, per OS (data), and how each kind of
//! source is read.
//!
//! Sources (see `docs/settings.md` for what each fact rests on):
//!
//! - **Chromium family, Linux**: `<dir>/managed/*` (mandatory) and `<dir>/recommended/*`, every
//!   regular file in the folder, each a JSON object (Chromium accepts comments and trailing
//!   commas); when files disagree the last one in name order wins
//!   (`components/policy/core/common/config_dir_policy_loader.cc`).
//! - **Chromium family, macOS**: the managed preferences the MDM writes,
//!   `/Library/Managed Preferences/<user>/<bundle id>.plist` and
//!   `/Library/Managed Preferences/<bundle id>.plist` (machine-wide wins), XML or binary.
//! - **Windows**: `HKLM` and `HKCU` `SOFTWARE\Policies\…` (machine wins; Chromium's
//!   recommended policies in its `Recommended` subkey). Read only on the machine itself
//!   (`ctx.live`); otherwise the place is listed as not read.
//! - **Firefox family**: one JSON file, `{"policies": {…}}`: on Linux the system file
//!   `/etc/firefox/policies/policies.json` if it exists (checked with Debian's `firefox-esr` 153:
//!   it reads `/etc/firefox/`, not `/etc/firefox-esr/`), otherwise
//!   `<install>/distribution/policies.json`; on macOS and Windows, managed preferences
//!   (`org.mozilla.firefox`, only with `EnterprisePoliciesEnabled`) and the registry are merged
//!   over that file (they win).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::browsers::discovery::{Family, Install};
use crate::browsers::spec::PerOs;
use crate::context::Context;
use crate::io::fs as fsutil;

/// One place a browser reads policies from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A Chromium policy folder holding `managed/` and `recommended/`.
    JsonDir(&'static str),
    /// Firefox's system-wide `policies.json`.
    PoliciesJson(&'static str),
    /// Firefox's `<install folder>/distribution/policies.json`, for the install's folders.
    Distribution,
    /// A macOS preference domain under `/Library/Managed Preferences`.
    ManagedPrefs(&'static str),
    /// A registry key under `HKLM` and `HKCU`.
    Registry(&'static str),
}

/// Where one browser (or a group of channels) reads its policies.
#[derive(Debug, Clone, Copy)]
pub struct PolicySpec {
    pub family: Family,
    /// The browser keys (`paths::CHROMIUM`/`FIREFOX` keys) this row covers.
    pub keys: &'static [&'static str],
    pub places: PerOs<Place>,
    /// The policy that turns private windows off (or forces them).
    pub private_policy: &'static str,
}

use Place::*;

pub const POLICY_SPECS: &[PolicySpec] = &[
    // Every Chrome channel reads Chrome's policies.
    PolicySpec {
        family: Family::Chromium,
        keys: &["chrome", "chrome-beta", "chrome-dev", "chrome-canary"],
        places: PerOs {
            linux: &[JsonDir("/etc/opt/chrome/policies")],
            macos: &[ManagedPrefs("com.google.Chrome")],
            windows: &[Registry("SOFTWARE\\Policies\\Google\\Chrome")],
        },
        private_policy: "IncognitoModeAvailability",
    },
    PolicySpec {
        family: Family::Chromium,
        keys: &["chromium"],
        places: PerOs {
            linux: &[JsonDir("/etc/chromium/policies")],
            macos: &[ManagedPrefs("org.chromium.Chromium")],
            windows: &[Registry("SOFTWARE\\Policies\\Chromium")],
        },
        private_policy: "IncognitoModeAvailability",
    },
    PolicySpec {
        family: Family::Chromium,
        keys: &["edge", "edge-beta", "edge-dev", "edge-canary"],
        places: PerOs {
            linux: &[JsonDir("/etc/opt/edge/policies")],
            macos: &[ManagedPrefs("com.microsoft.Edge")],
            windows: &[Registry("SOFTWARE\\Policies\\Microsoft\\Edge")],
        },
        private_policy: "InPrivateModeAvailability",
    },
    PolicySpec {
        family: Family::Chromium,
        keys: &["brave", "brave-beta", "brave-nightly"],
        places: PerOs {
            linux: &[JsonDir("/etc/brave/policies")],
            macos: &[ManagedPrefs("com.brave.Browser")],
            windows: &[Registry("SOFTWARE\\Policies\\BraveSoftware\\Brave")],
        },
        private_policy: "IncognitoModeAvailability",
    },
    PolicySpec {
        family: Family::Firefox,
        keys: &["firefox"],
        places: PerOs {
            linux: &[
                PoliciesJson("/etc/firefox/policies/policies.json"),
                Distribution,
            ],
            macos: &[ManagedPrefs("org.mozilla.firefox"), Distribution],
            windows: &[
                Registry("SOFTWARE\\Policies\\Mozilla\\Firefox"),
                Distribution,
            ],
        },
        private_policy: "DisablePrivateBrowsing",
    },
    // Firefox's system folder is `/etc/<application name>`: LibreWolf's and Waterfox's follow
    // the same rule (not checked with those browsers).
    PolicySpec {
        family: Family::Firefox,
        keys: &["librewolf"],
        places: PerOs {
            linux: &[
                PoliciesJson("/etc/librewolf/policies/policies.json"),
                Distribution,
            ],
            macos: &[Distribution],
            windows: &[Distribution],
        },
        private_policy: "DisablePrivateBrowsing",
    },
    PolicySpec {
        family: Family::Firefox,
        keys: &["waterfox"],
        places: PerOs {
            linux: &[
                PoliciesJson("/etc/waterfox/policies/policies.json"),
                Distribution,
            ],
            macos: &[Distribution],
            windows: &[Distribution],
        },
        private_policy: "DisablePrivateBrowsing",
    },
];

/// The policies that matter for signing in, listed by `settings.managed`.
pub const CHROMIUM_RELEVANT: &[&str] = &[
    "IncognitoModeAvailability",
    "InPrivateModeAvailability",
    "BlockThirdPartyCookies",
    "DefaultCookiesSetting",
    "CookiesBlockedForUrls",
    "CookiesAllowedForUrls",
    "CookiesSessionOnlyForUrls",
    "DefaultJavaScriptSetting",
    "JavaScriptBlockedForUrls",
    "JavaScriptAllowedForUrls",
    "ClearBrowsingDataOnExitList",
    "ExtensionInstallForcelist",
    "ExtensionSettings",
];
pub const FIREFOX_RELEVANT: &[&str] = &[
    "Cookies",
    "DisablePrivateBrowsing",
    "EnableTrackingProtection",
    "SanitizeOnShutdown",
    "Preferences",
    "ExtensionSettings",
    "Extensions",
];

/// Mandatory policies are enforced; recommended ones are defaults the user may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Mandatory,
    Recommended,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Mandatory => "mandatory",
            Level::Recommended => "recommended",
        }
    }
}

/// One policy's value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyEntry {
    pub value: Value,
    /// The file (as displayed) or registry key it was read from.
    pub source: String,
    pub level: Level,
}

/// A problem with one policy source: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceProblem {
    pub source: String,
    pub reason: String,
}

/// Every policy one browser is under.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// The table row; `None` when login-check does not know where this browser reads policies.
    pub spec: Option<&'static PolicySpec>,
    pub mandatory: BTreeMap<String, PolicyEntry>,
    pub recommended: BTreeMap<String, PolicyEntry>,
    /// The sources that held policies.
    pub sources: Vec<String>,
    /// Sources that exist but could not be read or understood.
    pub problems: Vec<SourceProblem>,
    /// Places that are not read in this mode (the registry, away from the machine itself).
    pub unread: Vec<String>,
    /// Sources found and deliberately not used, with why.
    pub ignored: Vec<String>,
}

impl PolicySet {
    /// A mandatory policy.
    pub fn get(&self, name: &str) -> Option<&PolicyEntry> {
        self.mandatory.get(name)
    }
    /// A recommended policy.
    pub fn recommended(&self, name: &str) -> Option<&PolicyEntry> {
        self.recommended.get(name)
    }
    pub fn is_empty(&self) -> bool {
        self.mandatory.is_empty() && self.recommended.is_empty()
    }
    pub fn all(&self) -> impl Iterator<Item = (&String, &PolicyEntry)> {
        self.mandatory.iter().chain(self.recommended.iter())
    }
    fn problem(&mut self, source: String, reason: impl Into<String>) {
        self.problems.push(SourceProblem {
            source,
            reason: reason.into(),
        });
    }
    fn merge(&mut self, map: Map<String, Value>, source: &str, level: Level) {
        if map.is_empty() {
            return;
        }
        if !self.sources.iter().any(|s| s == source) {
            self.sources.push(source.to_string());
        }
        let target = match level {
            Level::Mandatory => &mut self.mandatory,
            Level::Recommended => &mut self.recommended,
        };
        for (k, v) in map {
            target.insert(
                k,
                PolicyEntry {
                    value: v,
                    source: source.to_string(),
                    level,
                },
            );
        }
    }
}

/// The table row for an install.
pub fn spec_for(inst: &Install) -> Option<&'static PolicySpec> {
    let key = match inst.family {
        Family::Chromium => inst.chromium_spec()?.key,
        Family::Firefox => inst.firefox_spec()?.key,
        Family::Safari => return None,
    };
    POLICY_SPECS
        .iter()
        .find(|s| s.family == inst.family && s.keys.contains(&key))
}

/// Reads every policy source of one browser.
pub fn load(ctx: &Context, inst: &Install) -> PolicySet {
    let Some(spec) = spec_for(inst) else {
        return PolicySet::default();
    };
    let mut set = PolicySet {
        spec: Some(spec),
        ..PolicySet::default()
    };
    match spec.family {
        Family::Chromium => load_chromium(ctx, spec, &mut set),
        Family::Firefox => load_firefox(ctx, inst, spec, &mut set),
        Family::Safari => {}
    }
    set
}

fn load_chromium(ctx: &Context, spec: &PolicySpec, set: &mut PolicySet) {
    for place in spec.places.get(ctx.os) {
        match *place {
            JsonDir(dir) => {
                for (sub, level) in [
                    ("managed", Level::Mandatory),
                    ("recommended", Level::Recommended),
                ] {
                    let folder = ctx.system_path(dir).join(sub);
                    for file in list_files(ctx, &folder, set) {
                        let shown = ctx.display_path(&file);
                        match read_chromium_json(&file) {
                            Ok(map) => set.merge(map, &shown, level),
                            Err(why) => set.problem(shown, why),
                        }
                    }
                }
            }
            ManagedPrefs(domain) => {
                // The user's file first, so the machine-wide one wins.
                for file in managed_prefs_files(ctx, domain) {
                    let shown = ctx.display_path(&file);
                    match read_plist_dict(&file) {
                        Ok(Some(map)) => set.merge(map, &shown, Level::Mandatory),
                        Ok(None) => {}
                        Err(why) => set.problem(shown, why),
                    }
                }
            }
            Registry(key) => read_registry(ctx, key, true, set),
            PoliciesJson(_) | Distribution => {}
        }
    }
}

fn load_firefox(ctx: &Context, inst: &Install, spec: &PolicySpec, set: &mut PolicySet) {
    let places = spec.places.get(ctx.os);
    // The JSON file: the first that exists is the only one read.
    let mut candidates: Vec<PathBuf> = Vec::new();
    for place in places {
        match *place {
            PoliciesJson(p) => candidates.push(ctx.system_path(p)),
            Distribution => candidates.extend(distribution_files(ctx, inst)),
            _ => {}
        }
    }
    let mut chosen = None;
    for file in candidates {
        if chosen.is_none() && file.exists() {
            chosen = Some(file);
        } else if chosen.is_some() && fsutil::is_file(&file) {
            set.ignored.push(format!(
                "{}: not read, because {} takes precedence",
                ctx.display_path(&file),
                ctx.display_path(chosen.as_ref().unwrap())
            ));
        }
    }
    if let Some(file) = chosen {
        let shown = ctx.display_path(&file);
        match fsutil::read_text(&file)
            .map_err(|e| e.to_string())
            .and_then(|t| parse_firefox_policies(&t))
        {
            Ok(map) => set.merge(map, &shown, Level::Mandatory),
            Err(why) => set.problem(shown, why),
        }
    }
    // Platform sources are merged over the file.
    for place in places {
        match *place {
            ManagedPrefs(domain) => {
                for file in managed_prefs_files(ctx, domain) {
                    let shown = ctx.display_path(&file);
                    match read_plist_dict(&file) {
                        Ok(Some(mut map)) => {
                            if map.remove("EnterprisePoliciesEnabled") != Some(Value::Bool(true)) {
                                set.ignored.push(format!(
                                    "{shown}: ignored by Firefox, because EnterprisePoliciesEnabled is not true"
                                ));
                                continue;
                            }
                            set.merge(map, &shown, Level::Mandatory);
                        }
                        Ok(None) => {}
                        Err(why) => set.problem(shown, why),
                    }
                }
            }
            Registry(key) => read_registry(ctx, key, false, set),
            _ => {}
        }
    }
}

/// `<install folder>/distribution/policies.json` for each of the browser's install folders,
/// the one holding its program (or named like it, or matching its ESR-ness) first.
pub fn distribution_files(ctx: &Context, inst: &Install) -> Vec<PathBuf> {
    let Some(fs) = inst.firefox_spec() else {
        return Vec::new();
    };
    let program_name = inst
        .program
        .as_ref()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned());
    let mut dirs: Vec<&str> = fs.install_dirs.get(ctx.os).to_vec();
    dirs.sort_by_key(|d| {
        let owns = inst
            .program
            .as_ref()
            .is_some_and(|p| p.starts_with(ctx.system_path(d)));
        let named = program_name
            .as_deref()
            .is_some_and(|n| d.rsplit('/').next() == Some(n));
        let esr_match = inst.esr == d.contains("esr");
        (!owns, !named, !esr_match)
    });
    dirs.iter()
        .map(|d| {
            ctx.system_path(d)
                .join("distribution")
                .join("policies.json")
        })
        .collect()
}

/// `/Library/Managed Preferences/<user>/<domain>.plist`, then the machine-wide file. The user
/// is the inspected home's folder name (`/Users/alice` → `alice`).
pub fn managed_prefs_files(ctx: &Context, domain: &str) -> Vec<PathBuf> {
    let base = ctx.system_path("/Library/Managed Preferences");
    let mut v = Vec::new();
    if let Some(user) = ctx.home.file_name().and_then(|n| n.to_str()) {
        v.push(base.join(user).join(format!("{domain}.plist")));
    }
    v.push(base.join(format!("{domain}.plist")));
    v
}

/// The regular files of a folder, in name order; a missing folder has none.
fn list_files(ctx: &Context, dir: &Path, set: &mut PolicySet) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Vec::new(),
        Err(e) => {
            set.problem(
                ctx.display_path(dir),
                fsutil::ReadError::from(e).to_string(),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| !fsutil::is_dir(p))
        .collect();
    files.sort();
    files
}

/// One Chromium policy file: a JSON object (comments and trailing commas allowed); its
/// `3rdparty` section (extension policies) is left out.
pub fn read_chromium_json(path: &Path) -> Result<Map<String, Value>, String> {
    let text = fsutil::read_text(path).map_err(|e| e.to_string())?;
    match relaxed_json(&text)? {
        Value::Object(mut map) => {
            map.remove("3rdparty");
            Ok(map)
        }
        _ => Err("not a JSON object of policies; the browser ignores this file".into()),
    }
}

/// Firefox's `policies.json`: `{"policies": {...}}`.
pub fn parse_firefox_policies(text: &str) -> Result<Map<String, Value>, String> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not valid JSON ({e}); Firefox ignores this file"))?;
    match v.get("policies") {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err("has no \"policies\" object; Firefox ignores this file".into()),
    }
}

/// Parses JSON as Chromium's policy loader does: `//` and `/* */` comments and trailing commas
/// are allowed. Comments and such commas are blanked (not removed), so error positions stay
/// right.
pub fn relaxed_json(text: &str) -> Result<Value, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut i = 0;
    let mut in_str = false;
    while i < n {
        let c = chars[i];
        if in_str {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if i + 1 < n && chars[i + 1] == '/' => {
                while i < n && chars[i] != '\n' {
                    chars[i] = ' ';
                    i += 1;
                }
                continue;
            }
            '/' if i + 1 < n && chars[i + 1] == '*' => {
                let start = i;
                chars[i] = ' ';
                chars[i + 1] = ' ';
                i += 2;
                loop {
                    if i + 1 >= n {
                        return Err(format!(
                            "not valid JSON (a /* comment at character {start} is not closed)"
                        ));
                    }
                    if chars[i] == '*' && chars[i + 1] == '/' {
                        chars[i] = ' ';
                        chars[i + 1] = ' ';
                        i += 2;
                        break;
                    }
                    if chars[i] != '\n' {
                        chars[i] = ' ';
                    }
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Trailing commas: a ',' followed only by blanks and a closing bracket.
    let mut in_str = false;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if in_str {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                chars[i] = ' ';
            }
        }
        i += 1;
    }
    let cleaned: String = chars.into_iter().collect();
    serde_json::from_str(&cleaned).map_err(|e| format!("not valid JSON ({e})"))
}

/// A plist file whose top level is a dictionary, as JSON. `Ok(None)` when it does not exist.
pub fn read_plist_dict(path: &Path) -> Result<Option<Map<String, Value>>, String> {
    let bytes = match fsutil::read_limited(path, fsutil::TEXT_LIMIT) {
        Ok(b) => b,
        Err(fsutil::ReadError::Missing) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    match parse_plist(&bytes)? {
        Value::Object(m) => Ok(Some(m)),
        _ => Err("the property list is not a dictionary".into()),
    }
}

/// A property list (XML or binary) as JSON.
pub fn parse_plist(bytes: &[u8]) -> Result<Value, String> {
    let v = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a valid property list ({e})"))?;
    Ok(plist_to_json(&v))
}

/// Converts a plist value: dates become RFC 3339-like strings, data becomes `"<N bytes>"`.
pub fn plist_to_json(v: &plist::Value) -> Value {
    match v {
        plist::Value::Array(a) => Value::Array(a.iter().map(plist_to_json).collect()),
        plist::Value::Dictionary(d) => Value::Object(
            d.iter()
                .map(|(k, v)| (k.clone(), plist_to_json(v)))
                .collect(),
        ),
        plist::Value::Boolean(b) => Value::Bool(*b),
        plist::Value::Integer(i) => i
            .as_signed()
            .map(Value::from)
            .or_else(|| i.as_unsigned().map(Value::from))
            .unwrap_or(Value::Null),
        plist::Value::Real(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        plist::Value::String(s) => Value::String(s.clone()),
        plist::Value::Date(d) => Value::String(d.to_xml_format()),
        plist::Value::Data(d) => Value::String(format!("<{} bytes>", d.len())),
        plist::Value::Uid(u) => Value::from(u.get()),
        _ => Value::Null,
    }
}

/// Reads `HKCU` then `HKLM` `<key>` (the machine wins) on the machine itself; elsewhere the
/// key is listed as not read.
fn read_registry(ctx: &Context, key: &str, chromium: bool, set: &mut PolicySet) {
    if !(ctx.live && cfg!(windows)) {
        set.unread
            .push(format!("HKLM and HKCU\\{key} (the Windows registry)"));
        return;
    }
    for (hive, name) in registry::HIVES {
        let shown = format!("{name}\\{key}");
        match registry::read(hive, key, chromium.then_some("Recommended")) {
            Ok(Some(map)) => set.merge(map, &shown, Level::Mandatory),
            Ok(None) => {}
            Err(why) => set.problem(shown.clone(), why),
        }
        if chromium {
            let rec = format!("{key}\\Recommended");
            let shown = format!("{name}\\{rec}");
            match registry::read(hive, &rec, None) {
                Ok(Some(map)) => set.merge(map, &shown, Level::Recommended),
                Ok(None) => {}
                Err(why) => set.problem(shown.clone(), why),
            }
        }
    }
}

/// Policy keys in the registry, as JSON: DWORD/QWORD values become numbers, strings stay
/// strings (Chromium and Firefox accept JSON in a string for lists and dictionaries), a subkey
/// whose values are named `1`, `2`, … becomes a list, any other subkey an object.
#[cfg(windows)]
mod registry {
    use serde_json::{Map, Value};
    use winreg::RegKey;
    use winreg::enums::{
        HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD,
        REG_SZ,
    };
    use winreg::types::FromRegValue;

    pub type Hive = winreg::HKEY;
    /// User first, so the machine's values win.
    pub const HIVES: [(Hive, &str); 2] =
        [(HKEY_CURRENT_USER, "HKCU"), (HKEY_LOCAL_MACHINE, "HKLM")];

    pub fn read(
        hive: Hive,
        path: &str,
        skip: Option<&str>,
    ) -> Result<Option<Map<String, Value>>, String> {
        match RegKey::predef(hive).open_subkey(path) {
            Ok(key) => Ok(Some(to_map(&key, skip, 0))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn value(v: &winreg::RegValue) -> Value {
        match v.vtype {
            REG_DWORD => u32::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_QWORD => u64::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_SZ | REG_EXPAND_SZ => String::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_MULTI_SZ => Vec::<String>::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    fn to_map(key: &RegKey, skip: Option<&str>, depth: u8) -> Map<String, Value> {
        let mut m = Map::new();
        for (name, v) in key.enum_values().flatten() {
            m.insert(name, value(&v));
        }
        if depth < 8 {
            for name in key.enum_keys().flatten() {
                if Some(name.as_str()) == skip {
                    continue;
                }
                if let Ok(sub) = key.open_subkey(&name) {
                    m.insert(name, to_value(&sub, depth + 1));
                }
            }
        }
        m
    }

    fn to_value(key: &RegKey, depth: u8) -> Value {
        let map = to_map(key, None, depth);
        let numbered: Option<Vec<(u64, &Value)>> = map
            .iter()
            .map(|(k, v)| k.parse::<u64>().ok().map(|n| (n, v)))
            .collect();
        match numbered {
            Some(mut items) if !items.is_empty() => {
                items.sort_by_key(|(n, _)| *n);
                Value::Array(items.into_iter().map(|(_, v)| v.clone()).collect())
            }
            _ => Value::Object(map),
        }
    }
}

#[cfg(not(windows))]
mod registry {
    use serde_json::{Map, Value};

    pub type Hive = ();
    pub const HIVES: [(Hive, &str); 0] = [];

    pub fn read(_: Hive, _: &str, _: Option<&str>) -> Result<Option<Map<String, Value>>, String> {
        Ok(None)
    }
}

/// A policy value that should be a boolean: JSON/plist booleans, or the registry's 0/1.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// A policy value that should be an integer.
pub fn as_int(v: &Value) -> Option<i64> {
    v.as_i64()
}

/// A list policy: a JSON list, or (from the registry) a string holding a JSON list.
pub fn as_list(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.clone()),
        Value::String(s) if s.trim_start().starts_with('[') => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// A dictionary policy: a JSON object, or a string holding one.
pub fn as_object(v: &Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::String(s) if s.trim_start().starts_with('{') => serde_json::from_str(s).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browsers::spec::{CHROMIUM, FIREFOX};
    use crate::context::OsFamily;

    #[test]
    fn every_row_names_known_browsers_and_every_os_has_a_place() {
        for spec in POLICY_SPECS {
            for key in spec.keys {
                let known = match spec.family {
                    Family::Chromium => CHROMIUM.iter().any(|c| c.key == *key),
                    Family::Firefox => FIREFOX.iter().any(|f| f.key == *key),
                    Family::Safari => false,
                };
                assert!(known, "{key}");
            }
            for os in OsFamily::ALL {
                assert!(!spec.places.get(os).is_empty(), "{:?} {os:?}", spec.keys);
            }
            for place in OsFamily::ALL.iter().flat_map(|os| spec.places.get(*os)) {
                if let JsonDir(p) | PoliciesJson(p) = place {
                    assert!(p.starts_with("/etc/"), "{p}");
                }
            }
        }
        let mut keys: Vec<&str> = POLICY_SPECS
            .iter()
            .flat_map(|s| s.keys.iter().copied())
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(n, keys.len(), "a browser in two rows");
        // Firefox reads /etc/firefox, also when packaged as firefox-esr (checked with Debian's).
        let ff = POLICY_SPECS.iter().find(|s| s.keys == ["firefox"]).unwrap();
        assert_eq!(
            ff.places.linux[0],
            PoliciesJson("/etc/firefox/policies/policies.json")
        );
    }

    #[test]
    fn relaxed_json_allows_comments_and_trailing_commas_but_not_in_strings() {
        let v = relaxed_json(
            "{\n  // a comment\n  \"A\": \"http://x/*not*/y\", /* block\n comment */\n  \"B\": [1, 2,],\n  \"C\": \"a,]\",\n}\n",
        )
        .unwrap();
        assert_eq!(v["A"], "http://x/*not*/y");
        assert_eq!(v["B"], serde_json::json!([1, 2]));
        assert_eq!(v["C"], "a,]");
        assert!(relaxed_json("{\"A\": 1 /* open").is_err());
        // Blanked comments keep error positions right.
        let err = relaxed_json("{\n// c\n/* x\n y */\n \"A\": 1,\n \"B\": x\n}").unwrap_err();
        assert!(err.contains("line 6"), "{err}");
        assert!(relaxed_json("{\"A\": \"\\\"\", \"B\": 2,}").is_ok());
    }

    #[test]
    fn firefox_files_need_a_policies_object() {
        assert!(
            parse_firefox_policies("{\"policies\": {\"DisablePrivateBrowsing\": true}}").is_ok()
        );
        assert!(parse_firefox_policies("{\"DisablePrivateBrowsing\": true}").is_err());
        assert!(parse_firefox_policies("{\"policies\": [], }").is_err());
        assert!(parse_firefox_policies("\u{feff}{\"policies\": {}}").is_ok());
    }

    #[test]
    fn plists_in_both_encodings_become_json() {
        let mut d = plist::Dictionary::new();
        d.insert(
            "IncognitoModeAvailability".into(),
            plist::Value::Integer(1.into()),
        );
        d.insert("BlockThirdPartyCookies".into(), plist::Value::Boolean(true));
        d.insert(
            "CookiesBlockedForUrls".into(),
            plist::Value::Array(vec![plist::Value::String("[*.]openai.com".into())]),
        );
        d.insert("Blob".into(), plist::Value::Data(vec![1, 2, 3]));
        d.insert("Ratio".into(), plist::Value::Real(0.5));
        let v = plist::Value::Dictionary(d);
        let mut xml = Vec::new();
        v.to_writer_xml(&mut xml).unwrap();
        let mut bin = Vec::new();
        v.to_writer_binary(&mut bin).unwrap();
        for bytes in [xml, bin] {
            let j = parse_plist(&bytes).unwrap();
            assert_eq!(j["IncognitoModeAvailability"], 1);
            assert_eq!(j["BlockThirdPartyCookies"], true);
            assert_eq!(j["CookiesBlockedForUrls"][0], "[*.]openai.com");
            assert_eq!(j["Blob"], "<3 bytes>");
            assert_eq!(j["Ratio"], 0.5);
        }
        assert!(parse_plist(b"<plist><dict><key>A</key>").is_err());
        assert!(parse_plist(b"bplist00garbage").is_err());
    }

    #[test]
    fn values_from_every_source_type_are_understood() {
        use serde_json::json;
        assert_eq!(as_bool(&json!(true)), Some(true));
        assert_eq!(as_bool(&json!(1)), Some(true));
        assert_eq!(as_bool(&json!(0)), Some(false));
        assert_eq!(as_bool(&json!(2)), None);
        assert_eq!(as_bool(&json!("true")), None);
        assert_eq!(as_list(&json!(["a"])), Some(vec![json!("a")]));
        assert_eq!(as_list(&json!("[\"a\"]")), Some(vec![json!("a")]));
        assert_eq!(as_list(&json!("a")), None);
        assert!(as_object(&json!("{\"a\": 1}")).is_some());
    }
}
