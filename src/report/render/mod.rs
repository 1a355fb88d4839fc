//! Renderers: turn a [`Report`](crate::model::Report) into text, JSON or Markdown.
//! They only read the model; nothing here probes anything.

pub mod color;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod text;

use serde_json::Value;

use crate::model::{CheckResult, Subject, Summary};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A report for people, grouped by category, with the fix under each problem.
    Text,
    /// The versioned JSON report (docs/report-format.md).
    Json,
    /// Markdown ready to paste into a support ticket.
    Markdown,
}

/// How a subject is named in human output: `chrome › Profile 1`.
pub fn subject_label(subject: &Subject) -> String {
    match &subject.profile {
        Some(p) => format!("{} › {}", subject.browser, p),
        None => subject.browser.clone(),
    }
}

/// A result's heading: `browser.version [chrome › Default]`.
pub fn result_label(r: &CheckResult) -> String {
    match &r.subject {
        Some(s) => format!("{} [{}]", r.id, subject_label(s)),
        None => r.id.clone(),
    }
}

/// An evidence value as one line for people: strings bare, lists joined, objects as JSON.
pub fn evidence_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            if items.is_empty() {
                "none".to_string()
            } else {
                items
                    .iter()
                    .map(evidence_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
        other => other.to_string(),
    }
}

/// `3 passed, 1 warning, 0 failed, 2 skipped, 0 unknown`.
pub fn summary_line(s: &Summary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}, {}, {}",
        plural(s.pass, "passed", "passed"),
        plural(s.warn, "warning", "warnings"),
        plural(s.fail, "failed", "failed"),
        plural(s.skip, "skipped", "skipped"),
        plural(s.unknown, "unknown", "unknown"),
    )
}
