//! Chromium's `Cookies` database (schema 10 and later): names, domains, paths, partitions,
//! times and sizes of the login-domain cookies. Values are never selected; the size of an
//! encrypted value is estimated from the ciphertext's length and scheme, without decrypting.

use crate::context::OsFamily;
use crate::hosts;
use crate::io::sqlite::Db;
use crate::sources::jar::{Cookie, Jar};

/// Microseconds between 1601-01-01 (Chromium's epoch) and 1970-01-01.
const EPOCH_DELTA_US: i64 = 11_644_473_600_000_000;

/// Chromium time (µs since 1601) → Unix seconds; 0 means "none".
pub fn to_unix(us: i64) -> Option<i64> {
    (us > 0).then(|| (us - EPOCH_DELTA_US).div_euclid(1_000_000))
}

/// Estimates the plaintext size of an encrypted value from its length, its 3-byte version tag and
/// the schema, without decrypting: `v10`/`v11` on Linux and macOS are AES-128-CBC (16-byte
/// blocks with 1–16 bytes of padding: the midpoint is taken); `v10` on Windows and `v20`
/// (app-bound) are AES-256-GCM (12-byte nonce, 16-byte tag). From schema 24 the plaintext starts
/// with a 32-byte hash of the domain.
pub fn estimate_plain_len(enc_len: usize, tag: &str, os: OsFamily, schema: i64) -> Option<usize> {
    let body = enc_len.checked_sub(3)?;
    let plain = match (tag, os) {
        ("v20", _) | ("v10", OsFamily::Windows) => body.checked_sub(12 + 16)?,
        ("v10" | "v11", _) => body.saturating_sub(8),
        _ => return None,
    };
    Some(if schema >= 24 {
        plain.saturating_sub(32)
    } else {
        plain
    })
}

pub fn read(db: &Db, os: OsFamily, source: String) -> Result<Jar, String> {
    let schema = db.meta_version().unwrap_or(0);
    let cols = db.require_columns(
        "cookies",
        &["host_key", "name", "path", "expires_utc"],
        "a Chromium cookie database",
        schema,
    )?;
    let mut notes = Vec::new();
    if schema < 10 {
        notes.push(format!(
            "schema version {schema} is older than login-check reads reliably (10)"
        ));
    }
    if schema > 24 {
        notes.push(format!(
            "schema version {schema} is newer than the newest known (24); read by column names"
        ));
    }
    let persistent = if cols.has("is_persistent") {
        "is_persistent"
    } else if cols.has("persistent") {
        "persistent"
    } else {
        "1"
    };
    let sql = format!(
        "SELECT host_key, name, path, expires_utc, {last}, {created}, {persistent}, {partition}, \
         length(CAST(value AS BLOB)), {enc_len}, {enc_tag} FROM cookies WHERE {filter}",
        last = cols.or("last_access_utc", "0"),
        created = cols.or("creation_utc", "0"),
        partition = cols.or("top_frame_site_key", "''"),
        enc_len = if cols.has("encrypted_value") {
            "length(encrypted_value)"
        } else {
            "0"
        },
        // Only the 3-byte version tag of the ciphertext, never the ciphertext.
        enc_tag = if cols.has("encrypted_value") {
            "CAST(substr(encrypted_value, 1, 3) AS TEXT)"
        } else {
            "''"
        },
        filter = crate::sources::jar::scan_filter("host_key"),
    );
    let mut stmt = db
        .conn
        .prepare(&sql)
        .map_err(|e| format!("cannot query it ({e})"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<i64>>(8)?,
                r.get::<_, Option<i64>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })
        .map_err(|e| format!("cannot query it ({e})"))?;
    let mut cookies = Vec::new();
    let mut provider_cookies = Vec::new();
    for row in rows {
        let (domain, name, path, expires, last, created, persistent, partition, vlen, elen, tag) =
            row.map_err(|e| format!("a row could not be read ({e})"))?;
        if hosts::site_of(&domain).is_none() {
            provider_cookies.push((domain, name));
            continue;
        }
        let vlen = vlen.unwrap_or(0).max(0) as usize;
        let elen = elen.unwrap_or(0).max(0) as usize;
        let (value_len, estimated) = if vlen == 0 && elen > 0 {
            match estimate_plain_len(elen, tag.as_deref().unwrap_or(""), os, schema) {
                Some(n) => (n, true),
                None => (elen, true),
            }
        } else {
            (vlen, false)
        };
        cookies.push(Cookie {
            size: name.len() + value_len,
            size_estimated: estimated,
            name,
            domain,
            path,
            partition: partition.unwrap_or_default(),
            expires: if persistent != 0 {
                to_unix(expires)
            } else {
                None
            },
            last_access: to_unix(last),
            created: to_unix(created),
        });
    }
    Ok(Jar {
        source,
        format: format!("Chromium cookies, schema {schema}"),
        via_copy: db.via_copy,
        cookies,
        notes,
        provider_cookies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_microseconds_since_1601() {
        assert_eq!(to_unix(0), None);
        assert_eq!(to_unix(EPOCH_DELTA_US), Some(0));
        assert_eq!(to_unix(13_380_000_000_000_000), Some(1_735_526_400));
    }

    #[test]
    fn encrypted_sizes_are_estimated_by_scheme() {
        // CBC: 20 bytes of plaintext pad to 32; + "v10".
        assert_eq!(estimate_plain_len(35, "v10", OsFamily::Linux, 23), Some(24));
        // GCM: 3 + 12 + n + 16.
        assert_eq!(
            estimate_plain_len(3 + 12 + 100 + 16, "v10", OsFamily::Windows, 23),
            Some(100)
        );
        assert_eq!(
            estimate_plain_len(3 + 12 + 132 + 16, "v20", OsFamily::Windows, 24),
            Some(100)
        );
        assert_eq!(estimate_plain_len(2, "v10", OsFamily::Linux, 23), None);
        assert_eq!(estimate_plain_len(40, "xyz", OsFamily::Linux, 23), None);
    }
}
