//! Bounded input: file reads that never block or follow a device ([`fs`]), browser databases
//! opened without writing or locking ([`sqlite`], with the per-run private temporary folder),
//! the HTTP client ([`http`]) and the Windows registry ([`registry`]). Knows nothing of browsers
//! or checks.

pub mod fs;
pub mod http;
pub mod registry;
pub mod sqlite;

#[cfg(all(test, windows))]
mod windows_tests;
