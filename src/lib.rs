//! login-check: probes the machine for what OpenAI's help articles say breaks signing in, and
//! reports each finding with its fix.
//!
//! The layers, bottom to top (docs/ARCHITECTURE.md; `tests/layers.rs` keeps imports pointing
//! down):
//! - foundation: [`context`] (the environment a run inspects), [`model`] (the report's
//!   vocabulary), [`hosts`] (OpenAI's sign-in sites and the sign-in providers), [`workers`];
//! - [`io`]: bounded reads, the SQLite snapshot reader, the HTTP client; [`formats`]: parsers;
//! - [`browsers`]: one spec per browser, discovery, versions, release calendars;
//! - [`sources`]: readers that turn files into typed facts and never judge;
//! - [`facts`]: one [`facts::Facts`] per run, each fact computed at most once;
//! - [`checks`]: every check declared once, with a pure verdict from facts to results;
//! - [`runner`]: runs the selected checks concurrently with time limits;
//! - [`report`]: ticket, redaction, explain and the renderers;
//! - [`cli`] and [`app`]: the command.

pub mod context;
pub mod hosts;
pub mod model;
pub mod resolvers;
pub mod workers;

pub mod formats;
pub mod io;

pub mod browsers;

pub mod sources;

pub mod facts;

pub mod checks;

pub mod runner;

pub mod report;

pub mod app;
pub mod cli;

#[cfg(feature = "test-support")]
pub mod fixtures;
#[cfg(feature = "test-support")]
pub mod fuzzing;
