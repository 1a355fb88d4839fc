//! A Firefox-family profile's site permissions: the cookie rows of `moz_perms` in
//! `permissions.sqlite` (read from a snapshot by [`crate::io::sqlite`]), as stored.
//!
//! Which rows apply to the sign-in hosts, which have expired and what their values mean is
//! decided by `checks::settings::firefox`. Nothing here judges.

use std::path::Path;

use crate::context::Context;

/// One `moz_perms` row of type `cookie`; a column that could not be read as its type is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermRow {
    pub origin: Option<String>,
    pub permission: Option<i64>,
    /// 2: until `expire_time` (milliseconds since 1970).
    pub expire_type: Option<i64>,
    pub expire_time: Option<i64>,
}

/// How reading `permissions.sqlite` went.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Missing,
    /// It could not be opened, or its table is not the layout known: why.
    Unreadable(String),
    /// It was opened, but the query failed: why.
    QueryFailed(String),
    Rows(Vec<PermRow>),
}

/// A profile's `permissions.sqlite`.
#[derive(Debug, Clone, PartialEq)]
pub struct Permissions {
    /// The path as displayed.
    pub shown: String,
    pub read: Read,
}

/// The columns the query needs.
const NEEDED: [&str; 5] = ["origin", "type", "permission", "expireType", "expireTime"];

/// Reads the cookie permissions of the profile at `profile`.
pub fn read(ctx: &Context, profile: &Path) -> Permissions {
    let path = profile.join("permissions.sqlite");
    let shown = ctx.display_path(&path);
    let read = read_rows(&path);
    Permissions { shown, read }
}

fn read_rows(path: &Path) -> Read {
    let db = match crate::io::sqlite::open(path) {
        Ok(db) => db,
        Err(crate::io::sqlite::OpenError::Missing) => return Read::Missing,
        Err(e) => return Read::Unreadable(e.to_string()),
    };
    let cols = db.columns("moz_perms").unwrap_or_default();
    if let Some(missing) = cols.first_missing(&NEEDED) {
        return Read::Unreadable(format!(
            "its moz_perms table has no {missing} column (an unknown layout)"
        ));
    }
    let rows: rusqlite::Result<Vec<PermRow>> = db
        .conn
        .prepare(
            "SELECT origin, permission, expireType, expireTime FROM moz_perms WHERE type = 'cookie'",
        )
        .and_then(|mut st| {
            st.query_map([], |row| {
                Ok(PermRow {
                    origin: row.get(0).ok(),
                    permission: row.get(1).ok(),
                    expire_type: row.get(2).ok(),
                    expire_time: row.get(3).ok(),
                })
            })?
            .collect()
        });
    match rows {
        Ok(rows) => Read::Rows(rows),
        Err(e) => Read::QueryFailed(format!("could not be queried ({e})")),
    }
}
