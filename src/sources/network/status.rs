//! OpenAI's status page (`network.service_status`), fetched once per run.

use std::time::Instant;

use serde_json::Value;

use crate::context::Context;

/// The status page's JSON (Statuspage's `/api/v2/status.json`).
pub const STATUS_URL: &str = "https://status.openai.com/api/v2/status.json";

/// What fetching the status page gave, and how long it took.
#[derive(Debug, Clone)]
pub struct StatusPage {
    pub json: Result<Value, String>,
    pub ms: u64,
}

pub fn fetch(ctx: &Context) -> StatusPage {
    let start = Instant::now();
    let json = crate::io::http::client(ctx, ctx.net.timeout)
        .and_then(|c| crate::io::http::get_json(&c, STATUS_URL));
    StatusPage {
        json,
        ms: start.elapsed().as_millis() as u64,
    }
}
