//! Checks: every check declared once ([`declare::check!`]) with a pure verdict from
//! [`crate::facts::Facts`] to results. One module per area; no area imports another. The
//! [`registry`] lists them in report order.

pub mod common;
pub mod declare;
pub mod registry;

pub mod account;
pub mod apps;
pub mod browsers;
pub mod cookies;
pub mod extensions;
pub mod network;
pub mod settings;
pub mod sitedata;

#[cfg(test)]
mod spec_tests;

pub use declare::Check;
pub use registry::{all, select};
