//! Saved logins for OpenAI's sign-in sites: the sites only, never the user name or the password.
//! Chromium's `Login Data` and `Login Data For Account` (`logins.origin_url`), Firefox's
//! `logins.json` (`hostname`); Safari keeps passwords in the Keychain, which is not opened.

use serde_json::Value;

use crate::browsers::discovery::{Family, Install, Profile};
use crate::context::Context;
use crate::hosts;
use crate::io::{fs as fsutil, sqlite};

/// One profile's saved logins for the sign-in sites: their hosts, or why they could not be read.
pub type SavedLogins = Result<Vec<String>, String>;

/// Every profile's saved logins, per install, per profile, one thread per browser.
pub fn read_all(ctx: &Context, installs: &[Install]) -> Vec<Vec<SavedLogins>> {
    crate::browsers::per_browser(installs, |inst| {
        inst.profiles
            .iter()
            .map(|p| saved_password_hosts(ctx, inst, p))
            .collect()
    })
}

pub fn site_of_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    hosts::site_of(host)
}

pub fn host_of_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Sites of saved passwords for OpenAI's sign-in sites (hosts only).
pub fn saved_password_hosts(
    ctx: &Context,
    inst: &Install,
    p: &Profile,
) -> Result<Vec<String>, String> {
    let mut hosts_found: Vec<String> = Vec::new();
    match inst.family {
        Family::Chromium => {
            for file in ["Login Data", "Login Data For Account"] {
                let path = p.path.join(file);
                match fsutil::present(&path) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => return Err(format!("{}: {e}", ctx.display_path(&path))),
                }
                let db =
                    sqlite::open(&path).map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?;
                let cols = db
                    .columns("logins")
                    .map_err(|e| format!("{}: {e}", ctx.display_path(&path)))?;
                if !cols.has("origin_url") {
                    return Err(format!(
                        "{}: unknown schema (no `logins.origin_url`)",
                        ctx.display_path(&path)
                    ));
                }
                // Entries the user chose never to save have no password.
                let never = if cols.has("blacklisted_by_user") {
                    "AND blacklisted_by_user = 0"
                } else {
                    ""
                };
                let sql = format!(
                    "SELECT DISTINCT origin_url FROM logins WHERE (origin_url LIKE '%openai.com%' OR origin_url LIKE '%chatgpt.com%') {never}"
                );
                let mut stmt = db.conn.prepare(&sql).map_err(|e| e.to_string())?;
                let rows = stmt
                    .query_map([], |r| r.get::<_, String>(0))
                    .map_err(|e| e.to_string())?;
                for url in rows.flatten() {
                    if site_of_url(&url).is_some() {
                        hosts_found.push(host_of_url(&url));
                    }
                }
            }
        }
        Family::Firefox => {
            let path = p.path.join("logins.json");
            match fsutil::read_text(&path) {
                Ok(text) => {
                    let v: Value = crate::formats::json::json_subset(&text, &[&["logins"]])
                        .map_err(|e| format!("{}: {}", ctx.display_path(&path), e.describe("")))?;
                    for login in v
                        .get("logins")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(h) = login.get("hostname").and_then(Value::as_str) {
                            if site_of_url(h).is_some() {
                                hosts_found.push(host_of_url(h));
                            }
                        }
                    }
                }
                Err(fsutil::ReadError::Missing) => {}
                Err(e) => return Err(format!("{}: {e}", ctx.display_path(&path))),
            }
        }
        // Safari keeps passwords in the Keychain, which login-check does not open.
        Family::Safari => {}
    }
    hosts_found.sort();
    hosts_found.dedup();
    Ok(hosts_found)
}
