//! Builders for browser files in their real formats, used by the tests and the benchmark's
//! home generator (so anyone can regenerate every fixture). Not part of the tool's behaviour.
//!
//! The schemas are the browsers' own DDL (shared/reference/chromium.md §2 and
//! firefox_safari.md §2).

use std::path::Path;

use rusqlite::{Connection, params_from_iter, types::Value};

/// Chromium cookie schema versions we can write.
pub const CHROMIUM_SCHEMAS: &[i64] = &[12, 20, 21, 22, 23, 24];

/// Chromium's `cookies` table for a schema version.
pub fn chromium_ddl(version: i64) -> &'static str {
    match version {
        23 | 24 => {
            "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,\
             name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,\
             expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,\
             last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,\
             priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,\
             source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,\
             has_cross_site_ancestor INTEGER NOT NULL);\
             CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key,\
             has_cross_site_ancestor, name, path, source_scheme, source_port);"
        }
        22 => {
            "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,\
             name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,\
             expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,\
             last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,\
             priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,\
             source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL);\
             CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, name, path,\
             source_scheme, source_port);"
        }
        21 => {
            "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,\
             name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,\
             expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,\
             last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,\
             priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,\
             source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL);\
             CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, name, path,\
             source_scheme, source_port);"
        }
        20 => {
            "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,\
             name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,\
             expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,\
             last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,\
             priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,\
             source_port INTEGER NOT NULL,is_same_party INTEGER NOT NULL,last_update_utc INTEGER NOT NULL);\
             CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, name, path,\
             source_scheme, source_port);"
        }
        _ => {
            // Schema 12 (2019): no top_frame_site_key, source_port or last_update_utc.
            "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,name TEXT NOT NULL,\
             value TEXT NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,\
             is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL DEFAULT 1,\
             is_persistent INTEGER NOT NULL DEFAULT 1,priority INTEGER NOT NULL DEFAULT 1,\
             encrypted_value BLOB DEFAULT '',samesite INTEGER NOT NULL DEFAULT -1,\
             source_scheme INTEGER NOT NULL DEFAULT 0,UNIQUE (host_key, name, path));"
        }
    }
}

/// Firefox's `moz_cookies` for a schema version (14: expiry in seconds, with `rawSameSite`;
/// 17: expiry in milliseconds, with `updateTime`).
pub fn firefox_ddl(version: i64) -> &'static str {
    if version >= 16 {
        "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',\
         name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER,\
         creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0,\
         sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0,\
         updateTime INTEGER, CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes))"
    } else {
        "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',\
         name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER,\
         creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0,\
         sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,\
         isPartitionedAttributeSet INTEGER DEFAULT 0,\
         CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes))"
    }
}

/// A cookie to write. Times are Unix seconds.
#[derive(Debug, Clone)]
pub struct FixtureCookie {
    pub host: String,
    pub name: String,
    pub path: String,
    pub value: String,
    /// Chromium: an encrypted value (`v10` + ciphertext bytes); `value` is then usually empty.
    pub encrypted: Vec<u8>,
    /// `None`: a session cookie.
    pub expires: Option<i64>,
    pub last_access: i64,
    pub created: i64,
    /// Chromium `top_frame_site_key`, Firefox `originAttributes`.
    pub partition: String,
}

impl FixtureCookie {
    pub fn new(host: &str, name: &str, value: &str, now: i64) -> FixtureCookie {
        FixtureCookie {
            host: host.to_string(),
            name: name.to_string(),
            path: "/".to_string(),
            value: value.to_string(),
            encrypted: Vec::new(),
            expires: Some(now + 30 * 86_400),
            last_access: now - 3600,
            created: now - 86_400,
            partition: String::new(),
        }
    }
}

const CHROMIUM_EPOCH_US: i64 = 11_644_473_600_000_000;

fn to_chromium(unix: i64) -> i64 {
    unix * 1_000_000 + CHROMIUM_EPOCH_US
}

/// Writes a Chromium `Cookies` database of schema `version` with these cookies.
pub fn write_chromium_cookies(
    path: &Path,
    version: i64,
    cookies: &[FixtureCookie],
) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);",
    )?;
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('version', ?1)",
        [version.to_string()],
    )?;
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('last_compatible_version', ?1)",
        [version.to_string()],
    )?;
    conn.execute_batch(chromium_ddl(version))?;
    let cols: Vec<String> = {
        let mut st = conn.prepare("SELECT name FROM pragma_table_info('cookies')")?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let tx = conn.unchecked_transaction()?;
    {
        let sql = format!(
            "INSERT INTO cookies({}) VALUES ({})",
            cols.join(","),
            (1..=cols.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut st = tx.prepare(&sql)?;
        for c in cookies {
            let row: Vec<Value> = cols
                .iter()
                .map(|col| match col.as_str() {
                    "creation_utc" => Value::Integer(to_chromium(c.created)),
                    "host_key" => Value::Text(c.host.clone()),
                    "top_frame_site_key" => Value::Text(c.partition.clone()),
                    "name" => Value::Text(c.name.clone()),
                    "value" => Value::Text(c.value.clone()),
                    "encrypted_value" => Value::Blob(c.encrypted.clone()),
                    "path" => Value::Text(c.path.clone()),
                    "expires_utc" => Value::Integer(c.expires.map_or(0, to_chromium)),
                    "last_access_utc" | "last_update_utc" => {
                        Value::Integer(to_chromium(c.last_access))
                    }
                    "has_expires" | "is_persistent" => Value::Integer(c.expires.is_some() as i64),
                    "is_secure" => Value::Integer(1),
                    "priority" => Value::Integer(1),
                    "samesite" => Value::Integer(-1),
                    "source_scheme" => Value::Integer(2),
                    "source_port" => Value::Integer(443),
                    _ => Value::Integer(0),
                })
                .collect();
            st.execute(params_from_iter(row))?;
        }
    }
    tx.commit()
}

/// Writes a Firefox `cookies.sqlite` of schema `version` (`PRAGMA user_version`).
pub fn write_firefox_cookies(
    path: &Path,
    version: i64,
    cookies: &[FixtureCookie],
) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(firefox_ddl(version))?;
    conn.pragma_update(None, "user_version", version)?;
    let tx = conn.unchecked_transaction()?;
    {
        let mut st = tx.prepare(
            "INSERT INTO moz_cookies(originAttributes, name, value, host, path, expiry, lastAccessed, creationTime, isSecure, isHttpOnly) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, 1)",
        )?;
        for c in cookies {
            // Firefox does not store session cookies on disk; a fixture's "session" cookie gets 0.
            let expiry = c
                .expires
                .map_or(0, |e| if version >= 16 { e * 1000 } else { e });
            st.execute(rusqlite::params![
                c.partition,
                c.name,
                c.value,
                c.host,
                c.path,
                expiry,
                c.last_access * 1_000_000,
                c.created * 1_000_000
            ])?;
        }
    }
    tx.commit()?;
    Ok(conn)
}

/// Chromium's `Login Data` `logins` table (schema 41 era), for saved-password fixtures.
pub const CHROMIUM_LOGINS_DDL: &str = "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);\
 INSERT INTO meta VALUES ('version', '41'), ('last_compatible_version', '40');\
 CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR,\
 username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR,\
 signon_realm VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,\
 scheme INTEGER NOT NULL, password_type INTEGER, times_used INTEGER, form_data BLOB, display_name VARCHAR,\
 icon_url VARCHAR, federation_url VARCHAR, skip_zero_click INTEGER, generation_upload_status INTEGER,\
 possible_username_pairs BLOB, id INTEGER PRIMARY KEY AUTOINCREMENT, date_last_used INTEGER NOT NULL DEFAULT 0,\
 moving_blocked_for BLOB, date_password_modified INTEGER NOT NULL DEFAULT 0,\
 UNIQUE (origin_url, username_element, username_value, password_element, signon_realm));";

/// Writes a Chromium `Login Data` with (origin, user name, password, never-save) rows.
pub fn write_chromium_logins(
    path: &Path,
    rows: &[(&str, &str, &str, bool)],
) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    conn.execute_batch(CHROMIUM_LOGINS_DDL)?;
    for (origin, user, password, never) in rows {
        conn.execute(
            "INSERT INTO logins(origin_url, action_url, username_element, username_value, password_element, password_value, \
             submit_element, signon_realm, date_created, blacklisted_by_user, scheme) \
             VALUES (?1, ?1, 'username', ?2, 'password', ?3, '', ?4, 13380000000000000, ?5, 0)",
            rusqlite::params![origin, user, format!("v10{password}").into_bytes(), format!("{origin}/"), *never as i64],
        )?;
    }
    Ok(())
}

/// Firefox's `logins.json` with (hostname, user name, password) entries; the user name and
/// password are stored as Firefox stores them, encrypted (here: base64 of marked plaintext, which
/// is enough to prove they are never read).
pub fn firefox_logins_json(rows: &[(&str, &str, &str)]) -> String {
    let logins: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (host, user, password))| {
            serde_json::json!({
                "id": i + 1, "hostname": host, "httpRealm": null, "formSubmitURL": host,
                "usernameField": "username", "passwordField": "password",
                "encryptedUsername": format!("MDIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcE{user}"),
                "encryptedPassword": format!("MDIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcE{password}"),
                "guid": format!("{{0000000{i}-0000-4000-8000-000000000000}}"), "encType": 1,
                "timeCreated": 1_790_000_000_000u64, "timeLastUsed": 1_790_000_000_000u64,
                "timePasswordChanged": 1_790_000_000_000u64, "timesUsed": 3
            })
        })
        .collect();
    serde_json::json!({"nextId": rows.len() + 1, "logins": logins, "potentiallyVulnerablePasswords": [],
                       "dismissedBreachAlertsByLoginGUID": {}, "version": 3})
    .to_string()
}
