//! The cookie store of every browser profile: which file, and the sign-in sites' cookies in it
//! (names, domains, paths, partitions, times and sizes). A cookie's value is never read, and
//! nothing is decrypted. Databases are opened through [`crate::io::sqlite`], which never writes
//! to them or holds a lock the browser needs. Readers per family: `chromium::cookies`,
//! `firefox::cookies`, `safari::cookies`. Nothing here judges: the cookie checks do.

use std::path::{Path, PathBuf};

use crate::browsers::discovery::{Family, Install, Profile};
use crate::context::Context;
use crate::io::{fs as fsutil, sqlite};
pub use crate::sources::jar::{Cookie, Jar, JarState, ProfileJar, Unreadable};

/// The cookie store of every profile of `installs`, read in parallel, one thread per browser.
pub fn read_all(ctx: &Context, installs: &[Install]) -> Vec<ProfileJar> {
    crate::browsers::per_browser(installs, |inst| {
        inst.profiles
            .iter()
            .map(|p| ProfileJar {
                install: inst.clone(),
                profile: p.clone(),
                state: read_profile(ctx, inst, p),
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Where a profile keeps its cookies: Chromium `Network/Cookies` (Windows since Chrome 96) or
/// `Cookies`, the newer if both exist; Firefox `cookies.sqlite`; Safari `Cookies.binarycookies`.
/// `Err` when the profile's folder cannot be looked into: that is unreadable, not "no store".
pub fn cookie_store(inst: &Install, p: &Profile) -> Result<Option<PathBuf>, fsutil::ReadError> {
    let candidates: Vec<PathBuf> = match inst.family {
        Family::Chromium => vec![
            p.path.join("Network").join("Cookies"),
            p.path.join("Cookies"),
        ],
        Family::Firefox => vec![p.path.join("cookies.sqlite")],
        // The macOS ChatGPT app: its own file, never another app's in the same folder.
        Family::Safari if inst.app => {
            let name = crate::browsers::spec::CHATGPT_APP_MACOS_COOKIES
                .rsplit('/')
                .next()
                .unwrap_or_default();
            vec![p.path.join(name)]
        }
        Family::Safari => return find_binarycookies(&p.path, 3),
    };
    let mut found = Vec::new();
    for c in candidates {
        if fsutil::present(&c)? {
            found.push(c);
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(std::fs::metadata(c).and_then(|m| m.modified()).ok()));
    Ok(found.into_iter().next())
}

fn find_binarycookies(dir: &Path, depth: u32) -> Result<Option<PathBuf>, fsutil::ReadError> {
    for candidate in [
        dir.join("Cookies").join("Cookies.binarycookies"),
        dir.join("Cookies.binarycookies"),
    ] {
        if fsutil::present(&candidate)? {
            return Ok(Some(candidate));
        }
    }
    if depth == 0 {
        return Ok(None);
    }
    let mut subs: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    subs.sort();
    for s in subs {
        // A sub-folder that cannot be entered is not where Safari keeps cookies.
        if let Ok(Some(found)) = find_binarycookies(&s, depth - 1) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn read_profile(ctx: &Context, inst: &Install, p: &Profile) -> JarState {
    let path = match cookie_store(inst, p) {
        Ok(Some(path)) => path,
        Ok(None) => return JarState::Absent,
        Err(e) => {
            let shown = ctx.display_path(&p.path);
            return JarState::Unreadable {
                source: shown.clone(),
                reason: format!("{shown}: the profile's folder cannot be read ({e})"),
                cause: match e {
                    fsutil::ReadError::Denied => Unreadable::Denied,
                    _ => Unreadable::Broken,
                },
            };
        }
    };
    let source = ctx.display_path(&path);
    let unreadable = |reason: String, cause: Unreadable| JarState::Unreadable {
        source: source.clone(),
        reason,
        cause,
    };
    if inst.family == Family::Safari {
        return match fsutil::read_limited(&path, 256 << 20) {
            Ok(bytes) => match crate::sources::safari::cookies::read(&bytes, source.clone()) {
                Ok(jar) => JarState::Read(jar),
                Err(e) => unreadable(format!("{source}: {e}"), Unreadable::Broken),
            },
            Err(fsutil::ReadError::Denied) => {
                unreadable(format!("{source}: permission denied"), Unreadable::Denied)
            }
            Err(e) => unreadable(format!("{source}: {e}"), Unreadable::Broken),
        };
    }
    let db = match sqlite::open(&path) {
        Ok(db) => db,
        Err(sqlite::OpenError::Locked(why)) => {
            return unreadable(
                format!(
                    "{source}: {} holds this file while it runs ({why})",
                    inst.name
                ),
                Unreadable::Locked,
            );
        }
        Err(e) => return unreadable(format!("{source}: {e}"), Unreadable::Broken),
    };
    let read = match inst.family {
        Family::Chromium => crate::sources::chromium::cookies::read(&db, ctx.os, source.clone()),
        _ => crate::sources::firefox::cookies::read(&db, source.clone()),
    };
    match read {
        Ok(jar) => JarState::Read(jar),
        Err(e) => unreadable(format!("{source}: {e}"), Unreadable::Broken),
    }
}
