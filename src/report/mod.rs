//! What a run tells the person: the support-ticket section ([`ticket`]), redaction
//! ([`redact`]), `login-check explain` ([`explain`]) and the renderers ([`render`]). Reads the
//! results; never probes.

pub mod causes;
pub mod consistency;
pub mod explain;
pub mod redact;
pub mod render;
pub mod ticket;
