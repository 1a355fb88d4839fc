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
//!   the service-worker registrations, each with its scope and last update time
//!   ([`service_workers`]).
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

/// An `https` origin of a sign-in site, rebuilt as `https://host[:port]` from what was read
/// (nothing else of the input is kept), and the site (`https://auth.openai.com` → `openai.com`).
/// Sign-in is HTTPS only: other schemes are not the sign-in pages' data.
fn sign_in_origin(scheme: &str, host: &str, port: Option<&str>) -> Option<(String, &'static str)> {
    if scheme != "https" {
        return None;
    }
    let host = host.to_ascii_lowercase();
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return None;
    }
    let site = hosts::site_of(&host)?;
    let port = port
        .and_then(|p| p.parse::<u16>().ok())
        .filter(|p| *p != 443 && *p != 0);
    Some((
        match port {
            Some(p) => format!("https://{host}:{p}"),
            None => format!("https://{host}"),
        },
        site,
    ))
}

/// [`sign_in_origin`] of an origin written `https://host[:port][/…]`.
fn parse_origin(origin: &str) -> Option<(String, &'static str)> {
    let (scheme, rest) = origin.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    sign_in_origin(scheme, host, port)
}

/// The Unix time of a file's modification.
fn mtime(m: &std::fs::Metadata) -> Option<i64> {
    m.modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// Files whose time is not a write of the site's data: LevelDB's `LOG`/`LOCK` (rewritten at
/// every open) and Firefox's `.metadata-v2` (its last access).
fn bookkeeping(name: &str) -> bool {
    name.starts_with("LOG") || name == "LOCK" || name.starts_with(".metadata")
}

/// What a folder holds: bytes, the newest write, and whether the count stopped early.
struct Stats {
    bytes: u64,
    newest: Option<i64>,
    /// More files than the profile's budget: the size is "at least", the time unknown.
    truncated: bool,
    /// The folder itself could not be listed.
    unreadable: Option<String>,
}

/// Bytes and newest modification of the files under `dir`, counting against `budget` (files
/// left for this profile). Links are never followed, the folder itself included.
fn folder_stats(dir: &Path, budget: &mut usize) -> Stats {
    let mut st = Stats {
        bytes: 0,
        newest: None,
        truncated: false,
        unreadable: None,
    };
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            st.unreadable = Some("not a folder (or a link)".into());
            return st;
        }
        Err(e) => {
            st.unreadable = Some(ReadError::from(e).to_string());
            return st;
        }
    }
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) => {
                if d == dir {
                    st.unreadable = Some(ReadError::from(e).to_string());
                    return st;
                }
                st.truncated = true;
                continue;
            }
        };
        for e in rd.flatten() {
            if *budget == 0 {
                st.truncated = true;
                return st;
            }
            *budget -= 1;
            let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if m.is_dir() {
                if depth + 1 < MAX_DEPTH {
                    stack.push((e.path(), depth + 1));
                } else {
                    st.truncated = true;
                }
            } else if m.is_file() {
                st.bytes = st.bytes.saturating_add(m.len());
                if !bookkeeping(&e.file_name().to_string_lossy()) {
                    st.newest = st.newest.max(mtime(&m));
                }
            }
        }
    }
    st
}

/// A store folder's entry, or a problem when it cannot be listed.
fn folder_entry(
    out: &mut ProfileSiteData,
    ctx: &Context,
    kind: &'static str,
    (origin, site): (String, &'static str),
    (dir, shown_as): (&Path, &Path),
    budget: &mut usize,
) {
    let st = folder_stats(dir, budget);
    if let Some(why) = st.unreadable {
        out.problems.push((ctx.display_path(shown_as), why));
        return;
    }
    out.entries.push(SiteEntry {
        kind,
        origin,
        site,
        bytes: Some(st.bytes),
        last_written: if st.truncated { None } else { st.newest },
        last_used: None,
        source: ctx.display_path(shown_as),
    });
}

/// Lists a folder, or records why it cannot be (a missing one is fine).
fn list(out: &mut ProfileSiteData, ctx: &Context, dir: &Path) -> Option<std::fs::ReadDir> {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            out.looked_at.push(ctx.display_path(dir));
            Some(rd)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            out.problems
                .push((ctx.display_path(dir), ReadError::from(e).to_string()));
            None
        }
    }
}

fn chromium(ctx: &Context, profile: &Path) -> ProfileSiteData {
    let mut out = ProfileSiteData::default();
    let mut budget = MAX_FILES;
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
                        if out.entries.len() >= MAX_ENTRIES {
                            break;
                        }
                        // `https://chatgpt.com/^0…`: the partition (another site) is dropped.
                        let origin = key.split('^').next().unwrap_or(&key);
                        let Some((origin, site)) = parse_origin(origin) else {
                            continue;
                        };
                        let dir = web.join(id.to_string());
                        let bytes = std::fs::symlink_metadata(&dir)
                            .is_ok_and(|m| m.is_dir())
                            .then(|| folder_stats(&dir, &mut budget).bytes);
                        out.entries.push(SiteEntry {
                            kind: "storage bucket",
                            origin,
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
    // IndexedDB folders of the default bucket (older layout): `https_chatgpt.com_0`.
    let idb = profile.join("IndexedDB");
    if let Some(rd) = list(&mut out, ctx, &idb) {
        for e in rd.flatten() {
            if out.entries.len() >= MAX_ENTRIES {
                break;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name
                .strip_suffix(".indexeddb.leveldb")
                .or_else(|| name.strip_suffix(".indexeddb.blob"))
            else {
                continue;
            };
            let Some((scheme, rest)) = stem.split_once('_') else {
                continue;
            };
            let (host, port) = match rest.rsplit_once('_') {
                Some((h, p)) => (h, Some(p)),
                None => (rest, None),
            };
            let Some(o) = sign_in_origin(scheme, host, port) else {
                continue;
            };
            let path = e.path();
            folder_entry(&mut out, ctx, "IndexedDB", o, (&path, &path), &mut budget);
        }
    }
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
        .prepare(
            "SELECT id, storage_key, last_accessed, last_modified FROM buckets \
             WHERE storage_key LIKE 'https://%' ORDER BY last_modified DESC LIMIT 100000",
        )
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
    let mut budget = MAX_FILES;
    let storage = profile.join("storage").join("default");
    if let Some(rd) = list(&mut out, ctx, &storage) {
        for e in rd.flatten() {
            if out.entries.len() >= MAX_ENTRIES {
                break;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            // `https+++chatgpt.com+8443^partitionKey=…`: the origin, without its attributes.
            let base = name.split('^').next().unwrap_or(&name);
            let Some((scheme, rest)) = base.split_once("+++") else {
                continue;
            };
            let (host, port) = match rest.split_once('+') {
                Some((h, p)) => (h, Some(p)),
                None => (rest, None),
            };
            let Some(o) = sign_in_origin(scheme, host, port) else {
                continue;
            };
            let (path, shown_as) = (e.path(), storage.join(base));
            folder_entry(
                &mut out,
                ctx,
                "site storage",
                o,
                (&path, &shown_as),
                &mut budget,
            );
        }
    }
    // Service-worker registrations, each with when its worker was last updated or activated.
    let sw = profile.join("serviceworker.txt");
    let sw_shown = ctx.display_path(&sw);
    match fsutil::read_limited(&sw, fsutil::TEXT_LIMIT) {
        Err(ReadError::Missing) => {}
        Err(e) => out.problems.push((sw_shown, e.to_string())),
        Ok(bytes) => {
            out.looked_at.push(sw_shown.clone());
            let text = String::from_utf8_lossy(&bytes);
            let (regs, complete) = service_workers(&text);
            if !complete {
                out.problems.push((
                    sw_shown.clone(),
                    "a registration in it is cut off or damaged".to_string(),
                ));
            }
            for reg in regs {
                let Some((origin, site)) = parse_origin(reg.scope) else {
                    continue;
                };
                // Several registrations of one origin (scopes, containers): the oldest counts.
                if let Some(e) = out
                    .entries
                    .iter_mut()
                    .find(|e| e.kind == "service worker" && e.origin == origin)
                {
                    e.last_written = match (e.last_written, reg.updated) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    continue;
                }
                if out.entries.len() >= MAX_ENTRIES {
                    continue;
                }
                out.entries.push(SiteEntry {
                    kind: "service worker",
                    origin,
                    site,
                    bytes: None,
                    last_written: reg.updated,
                    last_used: None,
                    source: sw_shown.clone(),
                });
            }
        }
    }
    out
}

/// One registration in `serviceworker.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceWorkerRegistration<'a> {
    /// The registration's scope URL.
    pub scope: &'a str,
    /// When its worker was last updated or activated, the later (Unix seconds), when the file's
    /// version records it.
    pub updated: Option<i64>,
}

/// The registrations of a `serviceworker.txt` (Firefox's `dom/serviceworkers/
/// ServiceWorkerRegistrar.cpp`): a version line, then per registration the origin-attribute
/// suffix, the scope, the worker's URL, whether it handles fetch, its cache name, its
/// update-via-cache flags and, from version 7 on, the worker's installed and activated times
/// and the registration's last update time (PRTime: microseconds since 1970), then (version 9)
/// the navigation-preload lines, and a `#` line closing each record. Records are split at the
/// `#` lines, so a version with more lines still gives its scope; a record whose times are not
/// numbers has no time. The flag is false when text follows the last `#` (a record cut off) or
/// the file has records but no version line: the file is then not wholly read.
pub fn service_workers(text: &str) -> (Vec<ServiceWorkerRegistration<'_>>, bool) {
    let mut lines = text.lines();
    let version: Option<u32> = lines.next().and_then(|v| v.trim().parse().ok());
    let mut out = Vec::new();
    let mut record: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim_end() != "#" {
            if record.len() < 32 {
                record.push(line);
            }
            continue;
        }
        if let Some(scope) = record.get(1) {
            let time = |i: usize| {
                record
                    .get(i)
                    .and_then(|t| t.trim().parse::<i64>().ok())
                    .filter(|t| *t > 0)
                    .map(|us| us / 1_000_000)
            };
            let updated = if version.is_some_and(|v| v >= 7) {
                time(7).max(time(8))
            } else {
                None
            };
            out.push(ServiceWorkerRegistration {
                scope: scope.trim(),
                updated,
            });
        }
        record.clear();
    }
    let cut_off = record.iter().any(|l| !l.trim().is_empty());
    let complete = !cut_off && (version.is_some() || text.trim().is_empty());
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_worker_records_give_their_scope_and_update_time() {
        // Version 9, as Firefox writes it: two records, one in a container.
        let text = "9\n\nhttps://chatgpt.com/\nhttps://chatgpt.com/sw.js\ntrue\nabc\n0\n1790000000000000\n1790000100000000\n1791000000000000\n0\ntrue\n#\n^userContextId=2\nhttps://example.com/\nhttps://example.com/w.js\nfalse\n\n0\n0\n0\n0\n0\n\n#\n";
        let (r, complete) = service_workers(text);
        assert!(complete);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].scope, "https://chatgpt.com/");
        assert_eq!(r[0].updated, Some(1_791_000_000));
        // Zero times are no times.
        assert_eq!(r[1].updated, None);
        // Version 6 recorded no times.
        let old = "6\n\nhttps://chatgpt.com/\nu\ntrue\nc\n0\n#\n";
        assert_eq!(service_workers(old).0[0].updated, None);
        // A damaged time is none; a record cut off makes the file incomplete.
        let bad = "9\n\nhttps://chatgpt.com/\nu\ntrue\nc\n0\nx\ny\nz\n#\n\nhttps://openai.com/\n";
        let (r, complete) = service_workers(bad);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].updated, None);
        assert!(!complete);
        // No version line, or nothing but lines without terminators: not wholly read.
        assert!(!service_workers("https://chatgpt.com/\n").1);
        assert!(!service_workers("9\nhttps://chatgpt.com\nhttps://chatgpt.com/\n").1);
        // An empty file, or only the version: complete, no registrations.
        assert_eq!(service_workers(""), (Vec::new(), true));
        assert_eq!(service_workers("9\n"), (Vec::new(), true));
    }

    #[test]
    fn origins_are_rebuilt_for_sign_in_sites_only() {
        let site = |o: &str| parse_origin(o).map(|(_, s)| s);
        assert_eq!(site("https://chatgpt.com/"), Some("chatgpt.com"));
        assert_eq!(site("https://auth.openai.com"), Some("openai.com"));
        assert_eq!(site("https://example.com"), None);
        assert_eq!(site("https://notopenai.com"), None);
        // Sign-in is HTTPS only.
        assert_eq!(site("http://chatgpt.com"), None);
        // Only scheme, host and port are kept of what was read.
        assert_eq!(
            parse_origin("https://chatgpt.com/anything?x=secret")
                .unwrap()
                .0,
            "https://chatgpt.com"
        );
        assert_eq!(
            parse_origin("https://chatgpt.com:8443").unwrap().0,
            "https://chatgpt.com:8443"
        );
        assert!(parse_origin("https://a.chatgpt.com%2fevil.example").is_none());
    }

    #[test]
    fn unreadable_and_truncated_folders_are_never_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let mut budget = 3;
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("f{i}")), b"x").unwrap();
        }
        let st = folder_stats(dir.path(), &mut budget);
        assert!(st.truncated);
        let missing = folder_stats(&dir.path().join("nope"), &mut 10);
        assert!(missing.unreadable.is_some());
    }
}
