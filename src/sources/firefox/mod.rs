//! Readers of Firefox-family profiles.

pub mod cookies;
pub mod extensions;
pub mod permissions;
pub mod prefs;
