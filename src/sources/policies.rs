//! Enterprise policies: how each kind of source is read. Where each browser reads them, per OS,
//! is data in its spec (`browsers::spec::PolicySpec`, documented there and in
//! `docs/settings.md`). The Windows registry is read only on the machine itself (`ctx.live`);
//! otherwise the place is listed as not read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::browsers::discovery::{Family, Install};
use crate::browsers::spec::Place::*;
pub use crate::browsers::spec::{CHROMIUM_RELEVANT, FIREFOX_RELEVANT, PolicySpec};
use crate::context::Context;
pub use crate::formats::json::{as_bool, as_int, as_list, as_object};
use crate::formats::json::{parse_firefox_policies, relaxed_json};
use crate::io::fs as fsutil;
use crate::io::registry;

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
    /// The browser's spec row; `None` when login-check does not know where it reads policies.
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

/// Reads every policy source of one browser.
pub fn load(ctx: &Context, inst: &Install) -> PolicySet {
    let Some(spec) = inst.policies() else {
        return PolicySet::default();
    };
    let mut set = PolicySet {
        spec: Some(spec),
        ..PolicySet::default()
    };
    match inst.family {
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

/// A plist file whose top level is a dictionary, as JSON. `Ok(None)` when it does not exist.
pub fn read_plist_dict(path: &Path) -> Result<Option<Map<String, Value>>, String> {
    let bytes = match fsutil::read_limited(path, fsutil::TEXT_LIMIT) {
        Ok(b) => b,
        Err(fsutil::ReadError::Missing) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    crate::formats::plist::parse_plist_dict(&bytes).map(Some)
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
