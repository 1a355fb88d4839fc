//! Readers that turn browser and system files into typed facts, and never judge: per family
//! ([`chromium`], [`firefox`], [`safari`]) and shared ([`cookies`], [`extensions`],
//! [`policies`], [`settings`], [`network`], [`system`]). Each is called once per run through
//! [`crate::facts::Facts`].

pub mod chromium;
pub mod codex;
pub mod cookies;
pub mod extensions;
pub mod firefox;
pub mod inventory;
pub mod jar;
pub mod logins;
pub mod network;
pub mod policies;
pub mod safari;
pub mod settings;
pub mod sitedata;
pub mod system;
