//! Browsers: which ones are installed, with which profiles, and at which version.
//!
//! The help articles say: "Use a desktop device with a modern browser: Browsers like Chrome or
//! Edge are recommended", and (DALL·E) "try signing in ... from a non-Firefox incognito window".
//! [`discovery`] finds the browsers every other probe iterates over; [`checks`] judges them.

pub mod checks;
pub mod discovery;
pub mod ini;
pub mod paths;
pub mod version;
