//! Finds every installed browser and its profiles, from the path tables in [`super::spec`].
//!
//! Discovery runs once per report (the context caches it) and every per-profile probe (cookies,
//! extensions, settings) iterates over what it finds. It only lists folders and reads small
//! text files (`Local State`, `profiles.ini`, `installs.ini`); it opens no database.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

pub use super::install::{
    Discovery, Family, FoundVersion, Install, LocalStateDns, MAX_PROFILES, Profile,
};
use super::spec::{self as paths, CHROMIUM, FIREFOX, Loc, Packaging};
use super::version;
use crate::context::{Context, OsFamily};
use crate::formats::ini::{self, Ini};
use crate::formats::{NAME_CHARS, clip};
use crate::io::fs as fsutil;

/// Chromium's folders that hold `Preferences` but are not user profiles.
const NOT_USER_PROFILES: &[&str] = &["System Profile", "Guest Profile"];

pub fn discover(ctx: &Context) -> Discovery {
    let mut installs = Vec::new();
    for (i, spec) in CHROMIUM.iter().enumerate() {
        let mut found = Vec::new();
        for loc in spec.data.get(ctx.os) {
            for dir in expand(ctx, loc) {
                found.push(chromium_install(ctx, i, loc.packaging, dir));
            }
        }
        attach_program(ctx, &mut found, spec.programs.get(ctx.os), || {
            Install::new(
                spec.key.to_string(),
                spec.name,
                Family::Chromium,
                Packaging::Native,
                i,
            )
        });
        installs.extend(found);
    }
    for (i, spec) in FIREFOX.iter().enumerate() {
        let mut found = Vec::new();
        for loc in spec.data.get(ctx.os) {
            for dir in expand(ctx, loc) {
                if let Some(inst) = firefox_install(ctx, i, loc.packaging, dir) {
                    found.push(inst);
                }
            }
        }
        attach_program(ctx, &mut found, spec.programs.get(ctx.os), || {
            Install::new(
                spec.key.to_string(),
                spec.name,
                Family::Firefox,
                Packaging::Native,
                i,
            )
        });
        installs.extend(found);
    }
    if ctx.os == OsFamily::Macos {
        installs.extend(safari_install(ctx));
        installs.extend(chatgpt_app_macos(ctx));
    }
    for inst in &mut installs {
        // The ChatGPT apps update themselves; their version is not a browser's.
        inst.version = if inst.app {
            None
        } else {
            version::detect(ctx, inst)
        };
        inst.esr = inst.family == Family::Firefox && is_esr(inst);
        if inst.key == "firefox" && inst.esr {
            inst.key = "firefox-esr".to_string();
            inst.name = "Firefox ESR".to_string();
        }
    }
    // Two folders of the same browser and packaging (e.g. under $CHROME_CONFIG_HOME and
    // ~/.config) keep distinct keys.
    let mut seen = BTreeSet::new();
    for inst in &mut installs {
        let base = inst.key.clone();
        let mut n = 1;
        while !seen.insert(inst.key.clone()) {
            n += 1;
            inst.key = format!("{base}-{n}");
        }
    }
    Discovery { installs }
}

/// Debian and others ship Firefox ESR under its own program name (`firefox-esr`, installed in
/// `/usr/lib/firefox-esr`, whose `application.ini` says `153.7.0` without `esr`); its profiles
/// share Firefox's folder. The version's source decides (see `FoundVersion::esr_build`);
/// without a version, the program's name.
fn is_esr(inst: &Install) -> bool {
    match &inst.version {
        Some(v) => v.esr_build,
        None => inst
            .program
            .as_ref()
            .is_some_and(|p| p.to_string_lossy().contains("firefox-esr")),
    }
}

/// Gives the native install the first program found, or adds a program-only install (a browser
/// that is installed but that this user has never started).
fn attach_program(
    ctx: &Context,
    found: &mut Vec<Install>,
    programs: &[&str],
    new: impl Fn() -> Install,
) {
    let Some(program) = programs
        .iter()
        .map(|p| ctx.system_path(p))
        .find(|p| p.exists())
    else {
        return;
    };
    if let Some(native) = found.iter_mut().find(|i| i.packaging == Packaging::Native) {
        native.program = Some(program);
    } else {
        let mut inst = new();
        inst.program = Some(program);
        found.push(inst);
    }
}

/// The folders a location template names that exist (see [`super::spec`] for the variables).
pub fn expand(ctx: &Context, loc: &Loc) -> Vec<PathBuf> {
    let (var, rest) = loc.path.split_once('/').unwrap_or((loc.path, ""));
    let env_dir = |k: &str| ctx.env(k).map(PathBuf::from);
    let bases: Vec<PathBuf> = match var {
        "~" => vec![ctx.home.clone()],
        "$CHROME_CONFIG" => [env_dir("CHROME_CONFIG_HOME"), env_dir("XDG_CONFIG_HOME")]
            .into_iter()
            .flatten()
            .chain([ctx.home_path(".config")])
            .collect(),
        "$XDG_CONFIG" => env_dir("XDG_CONFIG_HOME")
            .into_iter()
            .chain([ctx.home_path(".config")])
            .collect(),
        "$APPSUPPORT" => vec![ctx.home_path("Library/Application Support")],
        "$LOCALAPPDATA" => env_dir("LOCALAPPDATA")
            .into_iter()
            .chain([ctx.home_path("AppData/Local")])
            .collect(),
        "$APPDATA" => env_dir("APPDATA")
            .into_iter()
            .chain([ctx.home_path("AppData/Roaming")])
            .collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<PathBuf> = Vec::new();
    for base in bases {
        let mut current = vec![base];
        for part in rest.split('/').filter(|p| !p.is_empty()) {
            current = current
                .into_iter()
                .flat_map(|dir| {
                    if part == "*" {
                        subdirs(&dir)
                    } else {
                        vec![dir.join(part)]
                    }
                })
                .collect();
        }
        for dir in current {
            // `exists` also catches folders we may not list (reported as unreadable).
            if dir.exists() && !out.contains(&dir) {
                out.push(dir);
            }
        }
    }
    out
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| fsutil::is_dir(p))
        .collect();
    v.sort();
    v
}

fn chromium_install(ctx: &Context, spec_idx: usize, packaging: Packaging, dir: PathBuf) -> Install {
    let spec = &CHROMIUM[spec_idx];
    let mut inst = Install::new(
        format!("{}{}", spec.key, packaging.suffix()),
        spec.name,
        Family::Chromium,
        packaging,
        spec_idx,
    );
    inst.app = spec.app;
    inst.data_dir = Some(dir.clone());
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            inst.unreadable = Some(format!(
                "{}: {}",
                ctx.display_path(&dir),
                fsutil::ReadError::from(e)
            ));
            return inst;
        }
    };
    let (names, last_used, dns) = read_local_state(ctx, &dir, &mut inst.problems);
    inst.secure_dns = Some(dns);
    let is_profile_dir = |p: &Path| {
        fsutil::is_file(&p.join("Preferences")) || fsutil::is_file(&p.join("Secure Preferences"))
    };
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if NOT_USER_PROFILES.contains(&id.as_str()) || !fsutil::is_dir(&path) {
            continue;
        }
        if (is_profile_dir(&path) || names.iter().any(|(d, _)| d == &id))
            && accept_profile(ctx, &mut inst.problems, &id, &path)
        {
            ids.insert(id);
        }
    }
    for id in ids {
        let name = names.iter().find(|(d, _)| *d == id).map(|(_, n)| n.clone());
        inst.profiles.push(Profile {
            is_default: last_used.as_deref().map_or(id == "Default", |l| l == id),
            path: dir.join(&id),
            id,
            name,
            orphan: false,
        });
    }
    if spec.profile_in_root
        && accept_profile(ctx, &mut inst.problems, "(root)", &dir)
        && (is_profile_dir(&dir)
            || fsutil::is_file(&dir.join("Cookies"))
            || fsutil::is_file(&dir.join("Network").join("Cookies")))
    {
        let id = if inst.profiles.iter().any(|p| p.id == "Default") {
            "(root)"
        } else {
            "Default"
        };
        inst.profiles.insert(
            0,
            Profile {
                id: id.to_string(),
                name: None,
                path: dir.clone(),
                is_default: true,
                orphan: false,
            },
        );
    }
    inst.profiles.sort_by_key(|p| profile_order(&p.id));
    if inst.profiles.len() > MAX_PROFILES {
        inst.profiles_not_read = inst.profiles.len() - MAX_PROFILES;
        inst.profiles.truncate(MAX_PROFILES);
    }
    inst
}

/// `Default` first, then `Profile 1`, `Profile 2`, ... `Profile 10` in number order, then the rest.
fn profile_order(id: &str) -> (u8, u64, String) {
    if id == "Default" {
        return (0, 0, String::new());
    }
    match id
        .strip_prefix("Profile ")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) => (1, n, String::new()),
        None => (2, 0, id.to_string()),
    }
}

/// `Local State`: `profile.info_cache` (folder → display name), `profile.last_used`, and the
/// secure-DNS settings ([`LocalStateDns`]).
fn read_local_state(
    ctx: &Context,
    dir: &Path,
    problems: &mut Vec<String>,
) -> (Vec<(String, String)>, Option<String>, LocalStateDns) {
    let path = dir.join("Local State");
    let shown = ctx.display_path(&path);
    let dns = |read, found| LocalStateDns {
        shown: shown.clone(),
        found,
        read,
    };
    let text = match fsutil::read_text(&path) {
        Ok(t) => t,
        Err(fsutil::ReadError::Missing) => return (Vec::new(), None, dns(Ok((None, None)), false)),
        Err(e) => {
            problems.push(format!("{shown}: {e}"));
            return (Vec::new(), None, dns(Err(e.to_string()), true));
        }
    };
    let paths: &[&[&str]] = &[
        &["profile", "info_cache"],
        &["profile", "last_used"],
        &["dns_over_https", "mode"],
        &["dns_over_https", "templates"],
    ];
    let json: Value = match crate::formats::json::json_subset(&text, paths) {
        Ok(v) => v,
        Err(e) => {
            let why = e.describe("");
            problems.push(format!("{shown}: {why}"));
            return (Vec::new(), None, dns(Err(why), true));
        }
    };
    let profile = json.get("profile");
    let names = profile
        .and_then(|p| p.get("info_cache"))
        .and_then(Value::as_object)
        .map(|cache| {
            cache
                .iter()
                .map(|(dir, entry)| {
                    let name = entry.get("name").and_then(Value::as_str).unwrap_or(dir);
                    (dir.clone(), clip(name, NAME_CHARS))
                })
                .collect()
        })
        .unwrap_or_default();
    let last_used = profile
        .and_then(|p| p.get("last_used"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let doh = json.get("dns_over_https");
    let doh_text = |key: &str| {
        doh.and_then(|d| d.get(key))
            .and_then(Value::as_str)
            // Templates are matched whole: a long list is kept (bounded by the file's own size).
            .map(|s| clip(s, 8 * NAME_CHARS))
    };
    let secure_dns = dns(Ok((doh_text("mode"), doh_text("templates"))), true);
    (names, last_used, secure_dns)
}

fn firefox_install(
    ctx: &Context,
    spec_idx: usize,
    packaging: Packaging,
    root: PathBuf,
) -> Option<Install> {
    let spec = &FIREFOX[spec_idx];
    let mut inst = Install::new(
        format!("{}{}", spec.key, packaging.suffix()),
        spec.name,
        Family::Firefox,
        packaging,
        spec_idx,
    );
    inst.data_dir = Some(root.clone());
    if let Err(e) = std::fs::read_dir(&root) {
        inst.unreadable = Some(format!(
            "{}: {}",
            ctx.display_path(&root),
            fsutil::ReadError::from(e)
        ));
        return Some(inst);
    }
    let mut default_path: Option<PathBuf> = None;
    let profiles_ini = root.join("profiles.ini");
    match fsutil::read_text(&profiles_ini) {
        Ok(text) => {
            let ini = Ini::parse(&text);
            if ini.malformed_lines > 0 {
                inst.problems.push(format!(
                    "{}: {} line(s) could not be read and were ignored",
                    ctx.display_path(&profiles_ini),
                    ini.malformed_lines
                ));
            }
            let mut legacy_default = None;
            for (section, keys) in &ini.sections {
                if !section.starts_with("Profile") || section[7..].parse::<u32>().is_err() {
                    continue;
                }
                let Some(raw) = ini::get(keys, "Path") else {
                    inst.problems.push(format!(
                        "{}: [{section}] has no Path",
                        ctx.display_path(&profiles_ini)
                    ));
                    continue;
                };
                let relative = ini::get(keys, "IsRelative") != Some("0");
                match resolve_profile_path(ctx, &root, raw, relative) {
                    Ok(path) => {
                        let id = ini::get(keys, "Name").unwrap_or(raw);
                        if !accept_profile(ctx, &mut inst.problems, id, &path) {
                            continue;
                        }
                        if !path.is_dir() {
                            inst.problems.push(format!(
                                "{}: [{section}] points to {}, which does not exist",
                                ctx.display_path(&profiles_ini),
                                ctx.display_path(&path)
                            ));
                            continue;
                        }
                        if ini::get(keys, "Default") == Some("1") {
                            legacy_default = Some(path.clone());
                        }
                        push_firefox_profile(
                            &mut inst,
                            path,
                            ini::get(keys, "Name").map(|n| clip(n, NAME_CHARS)),
                            false,
                        );
                    }
                    Err(why) => inst.problems.push(format!(
                        "{}: [{section}] {why}",
                        ctx.display_path(&profiles_ini)
                    )),
                }
            }
            // A dedicated install default ([Install<hash>] Default=) wins over Default=1.
            let install_default = ini
                .sections
                .iter()
                .filter(|(s, _)| s.starts_with("Install"))
                .find_map(|(_, keys)| ini::get(keys, "Default"));
            default_path = install_default
                .and_then(|d| resolve_profile_path(ctx, &root, d, !is_absolute_any(d)).ok())
                .or(legacy_default);
        }
        Err(fsutil::ReadError::Missing) => {}
        Err(e) => inst
            .problems
            .push(format!("{}: {e}", ctx.display_path(&profiles_ini))),
    }
    if default_path.is_none() {
        let installs_ini = root.join("installs.ini");
        if let Ok(text) = fsutil::read_text(&installs_ini) {
            let ini = Ini::parse(&text);
            default_path = ini
                .sections
                .iter()
                .find_map(|(_, keys)| ini::get(keys, "Default"))
                .and_then(|d| resolve_profile_path(ctx, &root, d, !is_absolute_any(d)).ok());
        }
    }
    // Profiles on disk that profiles.ini does not list still hold cookies and settings.
    for dir in [root.clone(), root.join("Profiles")] {
        for sub in subdirs(&dir) {
            let holds_data = fsutil::is_file(&sub.join("cookies.sqlite"))
                || fsutil::is_file(&sub.join("prefs.js"));
            let id = sub.file_name().unwrap_or_default().to_string_lossy();
            if holds_data
                && !inst.profiles.iter().any(|p| same_dir(&p.path, &sub))
                && accept_profile(ctx, &mut inst.problems, &id, &sub)
            {
                push_firefox_profile(&mut inst, sub, None, true);
            }
        }
    }
    if let Some(d) = default_path {
        for p in &mut inst.profiles {
            p.is_default = same_dir(&p.path, &d);
        }
    } else if inst.profiles.len() == 1 {
        inst.profiles[0].is_default = true;
    }
    if inst.profiles.is_empty() && !profiles_ini.exists() && !root.join("installs.ini").exists() {
        return None;
    }
    Some(inst)
}

fn push_firefox_profile(inst: &mut Install, path: PathBuf, name: Option<String>, orphan: bool) {
    if inst.profiles.iter().any(|p| same_dir(&p.path, &path)) {
        return;
    }
    if inst.profiles.len() >= MAX_PROFILES {
        inst.profiles_not_read += 1;
        return;
    }
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    inst.profiles.push(Profile {
        id,
        name,
        path,
        is_default: false,
        orphan,
    });
}

/// Whether a profile folder may be read: with `--home`, not when it lies (or a symlink leads)
/// outside the inspected folders; then a problem names it, once.
fn accept_profile(ctx: &Context, problems: &mut Vec<String>, id: &str, path: &Path) -> bool {
    let Some(target) = ctx.outside_inspected(path) else {
        return true;
    };
    let shown = format!("({}): not read", ctx.display_path(&target));
    if !problems.iter().any(|p| p.ends_with(&shown)) {
        problems.push(format!(
            "profile `{id}` points outside the inspected home {shown}"
        ));
    }
    false
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn is_absolute_any(p: &str) -> bool {
    p.starts_with('/') || p.starts_with('\\') || (p.len() > 2 && p.as_bytes()[1] == b':')
}

/// Resolves a `profiles.ini` Path: relative ones must stay inside the profile root (no `..`
/// escape); absolute ones are taken as they are, a Windows drive path being mapped under
/// `--root` when the host is not Windows.
pub fn resolve_profile_path(
    ctx: &Context,
    root: &Path,
    raw: &str,
    relative: bool,
) -> Result<PathBuf, String> {
    if raw.is_empty() {
        return Err("has an empty Path".to_string());
    }
    if relative {
        let mut depth: i32 = 0;
        let mut out = root.to_path_buf();
        for part in raw
            .split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
        {
            if part == ".." {
                depth -= 1;
                out.pop();
            } else {
                depth += 1;
                out.push(part);
            }
            if depth < 0 {
                return Err(format!("Path `{raw}` leaves the profile folder; ignored"));
            }
        }
        return Ok(out);
    }
    let host_windows = cfg!(windows);
    let looks_windows = raw.len() > 2 && raw.as_bytes()[1] == b':';
    let path = if looks_windows && !host_windows {
        ctx.system_path(&raw.replace('\\', "/"))
    } else {
        PathBuf::from(raw)
    };
    if path.components().any(|c| c == Component::ParentDir) {
        return Err(format!("Path `{raw}` contains `..`; ignored"));
    }
    Ok(path)
}

/// The classic ChatGPT app for macOS, when its cookie file exists
/// ([`paths::CHATGPT_APP_MACOS_COOKIES`]): one profile, its folder, read like Safari's.
fn chatgpt_app_macos(ctx: &Context) -> Option<Install> {
    let file = ctx.home_path(&paths::CHATGPT_APP_MACOS_COOKIES[2..]);
    if !fsutil::is_file(&file) {
        return None;
    }
    let dir = file.parent()?.to_path_buf();
    let mut inst = Install::new(
        paths::CHATGPT_APP_KEY.to_string(),
        paths::CHATGPT_APP_NAME,
        Family::Safari,
        Packaging::Native,
        0,
    );
    inst.app = true;
    inst.data_dir = Some(dir.clone());
    inst.profiles.push(Profile {
        id: "Default".to_string(),
        name: None,
        path: dir,
        is_default: true,
        orphan: false,
    });
    Some(inst)
}

fn safari_install(ctx: &Context) -> Option<Install> {
    let container = ctx.home_path(&paths::SAFARI_CONTAINER[2..]);
    let legacy = ctx.home_path(&paths::SAFARI_LEGACY_COOKIES[2..]);
    let program = paths::SAFARI_APPS
        .iter()
        .map(|p| ctx.system_path(p))
        .find(|p| p.exists());
    if program.is_none() && !container.exists() && !legacy.exists() {
        return None;
    }
    let mut inst = Install::new(
        "safari".to_string(),
        "Safari",
        Family::Safari,
        Packaging::Native,
        0,
    );
    inst.data_dir = container.exists().then(|| container.clone());
    inst.program = program;
    if container.exists() {
        if let Err(e) = std::fs::read_dir(&container) {
            inst.unreadable = Some(format!(
                "{}: {} (give your terminal Full Disk Access in System Settings › Privacy & Security)",
                ctx.display_path(&container),
                fsutil::ReadError::from(e)
            ));
        }
    }
    let default_dir = if container.exists() {
        container.clone()
    } else {
        legacy.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    inst.profiles.push(Profile {
        id: "Default".to_string(),
        name: None,
        path: default_dir,
        is_default: true,
        orphan: false,
    });
    // Safari 17+ named profiles: one WebsiteDataStore/<uuid> folder each.
    for sub in subdirs(&container.join("WebKit").join("WebsiteDataStore")) {
        let id = sub
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        inst.profiles.push(Profile {
            id,
            name: None,
            path: sub,
            is_default: false,
            orphan: false,
        });
    }
    Some(inst)
}
