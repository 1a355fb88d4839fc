//! A Firefox-family profile's `prefs.js` (the user's values, written by Firefox) and `user.js`
//! (the user's own file, re-applied at every start), parsed by [`crate::formats::prefs_js`].
//!
//! Every statement is kept with its line and the file that holds it; which of them win, and
//! over which policy, is decided by `checks::settings::firefox`. Nothing here judges.

use std::path::Path;

use crate::context::Context;
use crate::formats::prefs_js::{self, FileKind, PrefFile};
use crate::io::fs::{self as fsutil, ReadError};

/// How reading one pref file went.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// The file does not exist.
    Missing,
    /// It exists but could not be read: why.
    Unreadable(String),
    /// Its statements (and the lines that could not be read).
    Parsed(PrefFile),
}

/// One pref file.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPrefs {
    /// The path as displayed.
    pub shown: String,
    pub read: Read,
}

/// A profile's `prefs.js` and `user.js`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilePrefs {
    pub prefs_js: UserPrefs,
    pub user_js: UserPrefs,
}

/// Reads one pref file.
pub fn read_file(ctx: &Context, path: &Path) -> UserPrefs {
    let shown = ctx.display_path(path);
    let read = match fsutil::read_limited(path, fsutil::TEXT_LIMIT) {
        Ok(bytes) => Read::Parsed(prefs_js::parse(&bytes, FileKind::User)),
        Err(ReadError::Missing) => Read::Missing,
        Err(e) => Read::Unreadable(e.to_string()),
    };
    UserPrefs { shown, read }
}

/// Reads the profile's `prefs.js` and `user.js`.
pub fn read(ctx: &Context, profile: &Path) -> ProfilePrefs {
    ProfilePrefs {
        prefs_js: read_file(ctx, &profile.join("prefs.js")),
        user_js: read_file(ctx, &profile.join("user.js")),
    }
}
