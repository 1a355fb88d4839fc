//! Browsers: which ones are installed, with which profiles, and at which version.
//!
//! The help articles say: "Use a desktop device with a modern browser: Browsers like Chrome or
//! Edge are recommended", and (DALL·E) "try signing in ... from a non-Firefox incognito window".
//! [`spec`] holds one spec per browser (paths per OS and packaging, policy locations, the UI
//! strings fixes need); [`discovery`] finds the browsers every other layer iterates over;
//! [`version`] finds their versions; [`calendar`] holds the release calendars and [`lookup`]
//! asks the vendors for the current releases. `checks::browsers` judges them.

pub mod calendar;
pub mod discovery;
pub mod install;
pub mod lookup;
pub mod spec;
pub mod version;

use discovery::Install;

/// Runs `f` for each browser on a thread of its own (each browser's profiles are then read one
/// after another) and gives the results in the order of `installs` ([`crate::workers::each`]).
pub fn per_browser<'a, T: Send>(
    installs: impl IntoIterator<Item = &'a Install>,
    f: impl Fn(&'a Install) -> T + Sync,
) -> Vec<T> {
    crate::workers::each(installs, |i| i.key.as_str(), f)
}
