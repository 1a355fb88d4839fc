//! Readers of Chromium-family profiles.

pub mod cookies;
pub mod extensions;
pub mod preferences;
