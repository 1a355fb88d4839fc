//! Readers of Safari's data (macOS).

pub mod cookies;
pub mod extensions;
pub mod settings;
