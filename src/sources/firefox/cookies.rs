//! Firefox's `cookies.sqlite` (`moz_cookies`): `expiry` is Unix seconds up to schema 15 and
//! milliseconds from schema 16 (`PRAGMA user_version`); `lastAccessed` and `creationTime` are
//! microseconds since 1970. Containers and partitions are in `originAttributes`. Values are not
//! encrypted, so their exact length is taken with `length()`, never the value.

use crate::hosts;
use crate::io::sqlite::Db;
use crate::sources::jar::{Cookie, Jar};

/// `expiry` → Unix seconds for this schema.
pub fn expiry_to_unix(expiry: i64, schema: i64) -> Option<i64> {
    if expiry <= 0 {
        return None;
    }
    Some(if schema >= 16 {
        expiry.div_euclid(1000)
    } else {
        expiry
    })
}

fn us_to_unix(us: i64) -> Option<i64> {
    (us > 0).then(|| us.div_euclid(1_000_000))
}

pub fn read(db: &Db, source: String) -> Result<Jar, String> {
    let schema = db
        .user_version()
        .map_err(|e| format!("cannot read its schema ({e})"))?;
    let cols = db.require_columns(
        "moz_cookies",
        &["host", "name", "path", "expiry"],
        "a Firefox cookie database",
        schema,
    )?;
    let mut notes = Vec::new();
    if schema > 17 {
        notes.push(format!(
            "schema version {schema} is newer than the newest known (17); expiry read as milliseconds"
        ));
    }
    let sql = format!(
        "SELECT host, name, path, expiry, {last}, {created}, {oa}, length(CAST(value AS BLOB)) \
         FROM moz_cookies WHERE {filter}",
        last = cols.or("lastAccessed", "0"),
        created = cols.or("creationTime", "0"),
        oa = cols.or("originAttributes", "''"),
        filter = crate::sources::jar::scan_filter("host"),
    );
    let mut stmt = db
        .conn
        .prepare(&sql)
        .map_err(|e| format!("cannot query it ({e})"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })
        .map_err(|e| format!("cannot query it ({e})"))?;
    let mut cookies = Vec::new();
    let mut provider_cookies = Vec::new();
    for row in rows {
        let (host, name, path, expiry, last, created, oa, vlen) =
            row.map_err(|e| format!("a row could not be read ({e})"))?;
        let name = name.unwrap_or_default();
        if hosts::site_of(host.as_deref().unwrap_or("")).is_none() {
            provider_cookies.push((host.unwrap_or_default(), name));
            continue;
        }
        cookies.push(Cookie {
            size: name.len() + vlen.unwrap_or(0).max(0) as usize,
            size_estimated: false,
            name,
            domain: host.unwrap_or_default(),
            path: path.unwrap_or_else(|| "/".to_string()),
            partition: oa.unwrap_or_default(),
            expires: expiry_to_unix(expiry.unwrap_or(0), schema),
            last_access: us_to_unix(last.unwrap_or(0)),
            created: us_to_unix(created.unwrap_or(0)),
        });
    }
    Ok(Jar {
        source,
        format: format!("Firefox cookies, schema {schema}"),
        via_copy: db.via_copy,
        cookies,
        notes,
        provider_cookies,
    })
}

/// A readable label for a Firefox partition (`^userContextId=2` → `container 2`).
pub fn partition_label(origin_attributes: &str) -> String {
    if origin_attributes.is_empty() {
        return "default".to_string();
    }
    let mut parts = Vec::new();
    for kv in origin_attributes.trim_start_matches('^').split('&') {
        match kv.split_once('=') {
            Some(("userContextId", v)) => parts.push(format!("container {v}")),
            Some(("privateBrowsingId", _)) => parts.push("private window".to_string()),
            Some(("partitionKey", v)) => parts.push(format!(
                "partitioned under {}",
                v.replace("%2C", ",")
                    .replace("%28", "(")
                    .replace("%29", ")")
            )),
            Some(("firstPartyDomain", v)) => parts.push(format!("first party {v}")),
            _ => parts.push(kv.to_string()),
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_unit_follows_the_schema() {
        assert_eq!(expiry_to_unix(1_800_000_000, 14), Some(1_800_000_000));
        assert_eq!(expiry_to_unix(1_800_000_000_000, 16), Some(1_800_000_000));
        assert_eq!(expiry_to_unix(1_800_000_000_123, 17), Some(1_800_000_000));
        assert_eq!(expiry_to_unix(0, 17), None);
    }

    #[test]
    fn partitions_have_readable_labels() {
        assert_eq!(partition_label(""), "default");
        assert_eq!(partition_label("^userContextId=2"), "container 2");
        assert_eq!(
            partition_label("^userContextId=1&privateBrowsingId=1"),
            "container 1, private window"
        );
    }
}
