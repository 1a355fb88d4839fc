//! The cookie jars the readers produce: one profile's sign-in cookies (names, domains, paths,
//! partitions, times and sizes; never values), or why its store could not be read. The readers:
//! [`crate::sources::cookies`] (which store, per family) and `chromium::cookies`,
//! `firefox::cookies`, `safari::cookies`.

use crate::browsers::discovery::{Install, Profile};

/// One login-domain cookie, without its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    /// As stored: `.openai.com` for a domain cookie, `auth.openai.com` for a host-only one.
    pub domain: String,
    pub path: String,
    /// Chromium's `top_frame_site_key` or Firefox's `originAttributes`; empty for the default jar.
    pub partition: String,
    /// Unix seconds; `None` for a session cookie.
    pub expires: Option<i64>,
    pub last_access: Option<i64>,
    pub created: Option<i64>,
    /// Bytes of name plus value.
    pub size: usize,
    /// The value's size is estimated from its encrypted form.
    pub size_estimated: bool,
}

/// The login-domain cookies of one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jar {
    /// The database, as shown in reports (`~/...`).
    pub source: String,
    /// `Chromium cookies, schema 24`, `Firefox cookies, schema 17`, `Safari binarycookies`.
    pub format: String,
    pub via_copy: bool,
    pub cookies: Vec<Cookie>,
    pub notes: Vec<String>,
    /// (domain, name) of the sign-in providers' session cookies ([`crate::hosts::provider_sql_filter`]),
    /// read in the same scan for `account.signin_method`, so a store is scanned once per run.
    pub provider_cookies: Vec<(String, String)>,
}

/// What reading one profile's cookie store gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JarState {
    /// The profile has no cookie store (never used, or cookies cleared with the file).
    Absent,
    Read(Jar),
    Unreadable {
        source: String,
        reason: String,
        cause: Unreadable,
    },
}

/// Why a cookie store could not be read: decides the fix the checks give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The browser holds the file open without sharing (Windows, while it runs).
    Locked,
    /// Permission denied (on macOS: Full Disk Access).
    Denied,
    /// Damaged, an unknown schema, or any other error.
    Broken,
}

/// One profile's cookies, with what it belongs to.
#[derive(Debug, Clone)]
pub struct ProfileJar {
    pub install: Install,
    pub profile: Profile,
    pub state: JarState,
}

/// The `WHERE` condition of one scan of a cookie store: the sign-in sites' cookies (this module's
/// checks) or the sign-in providers' session cookies (`account.signin_method`), so that every
/// store is scanned once per run. `column` is the store's domain column.
pub fn scan_filter(column: &str) -> String {
    format!(
        "({}) OR ({})",
        crate::hosts::sql_domain_filter(column),
        crate::hosts::provider_sql_filter(column)
    )
}
