//! Readers of Firefox-family profiles.

pub mod cookies;
pub mod extensions;
