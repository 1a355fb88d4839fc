//! Site data the browser keeps for the sign-in sites besides cookies — the "cache" half of the
//! articles' "Clear browser cache and cookies": names, sizes and times only, never contents.
//!
//! - Chromium family:
//!   - `WebStorage/QuotaManager`, the quota system's SQLite database
//!     (`storage/browser/quota/quota_database.cc`; the `WebStorage` folder is
//!     `storage::kWebStorageDirectory`): one `buckets` row per storage key and bucket
//!     (`storage_key`, `last_accessed`, `last_modified` in Chromium time, µs since 1601), for
//!     every quota-managed store: IndexedDB, Cache Storage, service workers, File System. A
//!     bucket's files are in `WebStorage/<id>/` (`CreateBucketPath`).
//!   - `IndexedDB/<scheme>_<host>_<port>.indexeddb.leveldb` (and `.blob`): the default bucket's
//!     IndexedDB folders of older profiles, one per origin.
//!   - `Local Storage/leveldb` keeps every origin in one LevelDB: it cannot be attributed to a
//!     site without reading it, so it is not looked at.
//! - Firefox family: `storage/default/<origin>` folders (`https+++chatgpt.com`, with
//!   `^partitionKey=…` or `^userContextId=…` suffixes for partitioned and container copies),
//!   holding that origin's IndexedDB, Local Storage and Cache API data; and `serviceworker.txt`,
//!   the service-worker registrations, one scope URL per registration.
//!
//! Partition keys name the other site a copy was made under: they are dropped, never reported.

use std::path::Path;
use std::time::UNIX_EPOCH;

use crate::browsers::discovery::{Family, Install};
use crate::context::Context;
use crate::hosts;
use crate::io::fs::{self as fsutil, ReadError};
use crate::io::sqlite::{self, OpenError};

/// The most files counted under one folder, and how deep; past them sizes are "at least".
const MAX_FILES: usize = 20_000;
const MAX_DEPTH: usize = 6;
/// The most entries kept per profile.
const MAX_ENTRIES: usize = 200;

/// One store of one sign-in origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEntry {
    /// `storage bucket`, `IndexedDB`, `site storage`, `service worker`.
    pub kind: &'static str,
    /// `https://chatgpt.com` (no partition key).
    pub origin: String,
    /// The sign-in site it belongs to (`chatgpt.com`, `openai.com`).
    pub site: &'static str,
    /// Bytes on disk (files under its folder), when it has one.
    pub bytes: Option<u64>,
    /// When it was last written (Unix seconds).
    pub last_written: Option<i64>,
    /// When the browser last used it (Chromium's `last_accessed`).
    pub last_used: Option<i64>,
    /// The file or folder read, as displayed.
    pub source: String,
}

/// One profile's site data for the sign-in sites.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileSiteData {
    pub entries: Vec<SiteEntry>,
    /// Stores that exist but could not be read: (what, why).
    pub problems: Vec<(String, String)>,
    /// What was looked at, as displayed.
    pub looked_at: Vec<String>,
}

/// Every profile's site data, per install, per profile (one thread per browser). Safari and
/// unreadable installs have none.
pub fn read_all(ctx: &Context, installs: &[Install]) -> Vec<Vec<ProfileSiteData>> {
    crate::browsers::per_browser(installs, |inst| {
        if inst.unreadable.is_some() {
            return Vec::new();
        }
        match inst.family {
            Family::Chromium => inst
                .profiles
                .iter()
                .map(|p| chromium(ctx, &p.path))
                .collect(),
            Family::Firefox => inst
                .profiles
                .iter()
                .map(|p| firefox(ctx, &p.path))
                .collect(),
            Family::Safari => Vec::new(),
        }
    })
}

/// The sign-in site of an origin (`https://auth.openai.com` → `openai.com`), if any.
fn site_of_origin(origin: &str) -> Option<&'static str> {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or(rest);
    hosts::site_of(host)
}

/// The Unix time of a file's modification.
fn mtime(m: &std::fs::Metadata) -> Option<i64> {
    m.modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// Bytes and newest modification of the files under `dir` (bounded; links not followed).
fn folder_stats(dir: &Path) -> (u64, Option<i64>) {
    let mut bytes = 0u64;
    let mut newest: Option<i64> = None;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    let mut seen = 0usize;
    while let Some((d, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            seen += 1;
            if seen > MAX_FILES {
                return (bytes, newest);
            }
            let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if m.is_dir() {
                if depth + 1 < MAX_DEPTH {
                    stack.push((e.path(), depth + 1));
                }
            } else if m.is_file() {
                bytes = bytes.saturating_add(m.len());
                newest = newest.max(mtime(&m));
            }
        }
    }
    (bytes, newest)
}

fn chromium(ctx: &Context, profile: &Path) -> ProfileSiteData {
    let mut out = ProfileSiteData::default();
    // The quota database.
    let web = profile.join("WebStorage");
    let qm = web.join("QuotaManager");
    let shown = ctx.display_path(&qm);
    match sqlite::open(&qm) {
        Err(OpenError::Missing) => {}
        Err(e) => out.problems.push((shown.clone(), e.to_string())),
        Ok(db) => {
            out.looked_at.push(shown.clone());
            match quota_buckets(&db) {
                Ok(rows) => {
                    for (id, key, accessed, modified) in rows {
                        let origin = key.split('^').next().unwrap_or(&key).trim_end_matches('/');
                        let Some(site) = site_of_origin(origin) else {
                            continue;
                        };
                        let dir = web.join(id.to_string());
                        let bytes = fsutil::is_dir(&dir).then(|| folder_stats(&dir).0);
                        out.entries.push(SiteEntry {
                            kind: "storage bucket",
                            origin: origin.to_string(),
                            site,
                            bytes,
                            last_written: crate::sources::chromium::cookies::to_unix(modified),
                            last_used: crate::sources::chromium::cookies::to_unix(accessed),
                            source: shown.clone(),
                        });
                    }
                }
                Err(why) => out.problems.push((shown.clone(), why)),
            }
        }
    }
    // IndexedDB folders of the default bucket (older layout).
    let idb = profile.join("IndexedDB");
    if let Ok(rd) = std::fs::read_dir(&idb) {
        out.looked_at.push(ctx.display_path(&idb));
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name
                .strip_suffix(".indexeddb.leveldb")
                .or_else(|| name.strip_suffix(".indexeddb.blob"))
            else {
                continue;
            };
            // `https_chatgpt.com_0`: scheme, host, port.
            let mut parts = stem.splitn(2, '_');
            let (Some(scheme), Some(rest)) = (parts.next(), parts.next()) else {
                continue;
            };
            let host = rest.rsplit_once('_').map_or(rest, |(h, _)| h);
            let origin = format!("{scheme}://{host}");
            let Some(site) = site_of_origin(&origin) else {
                continue;
            };
            let (bytes, newest) = folder_stats(&e.path());
            out.entries.push(SiteEntry {
                kind: "IndexedDB",
                origin,
                site,
                bytes: Some(bytes),
                last_written: newest,
                last_used: None,
                source: ctx.display_path(&e.path()),
            });
        }
    }
    out.entries.truncate(MAX_ENTRIES);
    out
}

/// `(id, storage_key, last_accessed, last_modified)` of every bucket.
fn quota_buckets(db: &sqlite::Db) -> Result<Vec<(i64, String, i64, i64)>, String> {
    let schema = db.meta_version().unwrap_or(0);
    db.require_columns(
        "buckets",
        &["id", "storage_key", "last_accessed", "last_modified"],
        "Chromium's quota database",
        schema,
    )?;
    let mut stmt = db
        .conn
        .prepare("SELECT id, storage_key, last_accessed, last_modified FROM buckets LIMIT 100000")
        .map_err(|e| format!("cannot read it ({e})"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            ))
        })
        .map_err(|e| format!("cannot read it ({e})"))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot read it ({e})"))
}

fn firefox(ctx: &Context, profile: &Path) -> ProfileSiteData {
    let mut out = ProfileSiteData::default();
    let storage = profile.join("storage").join("default");
    if let Ok(rd) = std::fs::read_dir(&storage) {
        out.looked_at.push(ctx.display_path(&storage));
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            // `https+++chatgpt.com^partitionKey=…`: the origin, without its attributes.
            let base = name.split('^').next().unwrap_or(&name);
            let Some((scheme, rest)) = base.split_once("+++") else {
                continue;
            };
            let host = rest.split('+').next().unwrap_or(rest);
            let origin = format!("{scheme}://{host}");
            let Some(site) = site_of_origin(&origin) else {
                continue;
            };
            let (bytes, newest) = folder_stats(&e.path());
            out.entries.push(SiteEntry {
                kind: "site storage",
                origin,
                site,
                bytes: Some(bytes),
                last_written: newest,
                last_used: None,
                source: ctx.display_path(&storage.join(base)),
            });
        }
    }
    let sw = profile.join("serviceworker.txt");
    let sw_shown = ctx.display_path(&sw);
    match fsutil::read_limited(&sw, fsutil::TEXT_LIMIT) {
        Err(ReadError::Missing) => {}
        Err(e) => out.problems.push((sw_shown, e.to_string())),
        Ok(bytes) => {
            out.looked_at.push(sw_shown.clone());
            let written = std::fs::metadata(&sw).ok().as_ref().and_then(mtime);
            let text = String::from_utf8_lossy(&bytes);
            let mut seen: Vec<String> = Vec::new();
            for line in text.lines() {
                let l = line.trim();
                if !l.starts_with("https://") {
                    continue;
                }
                // A scope URL: its origin only.
                let origin: String = l.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
                let origin = origin.split('^').next().unwrap_or(&origin).to_string();
                if seen.contains(&origin) {
                    continue;
                }
                if let Some(site) = site_of_origin(&origin) {
                    seen.push(origin.clone());
                    out.entries.push(SiteEntry {
                        kind: "service worker",
                        origin,
                        site,
                        bytes: None,
                        last_written: written,
                        last_used: None,
                        source: sw_shown.clone(),
                    });
                }
            }
        }
    }
    out.entries.truncate(MAX_ENTRIES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_map_to_sign_in_sites_without_their_partition() {
        assert_eq!(site_of_origin("https://chatgpt.com"), Some("chatgpt.com"));
        assert_eq!(
            site_of_origin("https://auth.openai.com"),
            Some("openai.com")
        );
        assert_eq!(site_of_origin("https://example.com"), None);
        assert_eq!(site_of_origin("https://notopenai.com"), None);
    }
}
