//! The machine's network: per-host probes ([`probe`]), tunnels and routes ([`tunnels`]), proxy
//! settings ([`proxy`]), OpenAI's status page ([`status`]).

pub mod hostsfile;
pub mod probe;
pub mod proxy;
pub mod resolvconf;
pub mod security;
pub mod status;
pub mod trace;
pub mod tunnels;
