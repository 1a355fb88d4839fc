//! login-check: probes the machine for what OpenAI's help articles say breaks signing in, and
//! reports each finding with its fix.
//!
//! Layout (see docs/ARCHITECTURE.md): [`context`] is what every probe is given; [`checks`] lists
//! the checks; [`runner`] runs them concurrently; [`model`] is the report; [`render`] turns it
//! into text, JSON or Markdown; [`app`] is the command. Probe modules: [`browsers`], [`cookies`], [`extensions`], [`settings`].

pub mod account;
pub mod app;
pub mod browsers;
pub mod checks;
pub mod cli;
pub mod context;
pub mod cookies;
pub mod explain;
pub mod extensions;
#[doc(hidden)]
pub mod fixtures;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod hosts;
pub mod model;
pub mod net;
pub mod network;
pub mod redact;
pub mod render;
pub mod runner;
pub mod settings;
pub mod sqlite;
pub mod system;
pub mod ticket;
