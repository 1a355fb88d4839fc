//! Bounded input: file reads that never block or follow a device ([`fs`]), browser databases
//! opened without writing or locking ([`sqlite`], with the per-run private temporary folder),
//! and the HTTP client ([`http`]). Knows nothing of browsers or checks.

pub mod fs;
pub mod http;
pub mod sqlite;
