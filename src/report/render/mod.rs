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

/// Escapes what a string read from a file could use to move the cursor, recolour the terminal
/// or start a line of its own: C0 controls (newline, carriage return, ESC, BEL, tab, ...),
/// DEL, C1 controls, the Unicode line and paragraph separators and the bidirectional
/// overrides, each shown as `\u{1b}`. Every human renderer passes every string through it.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = is_unsafe_char;
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A character [`clean`] escapes.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// How a subject is named in human output: `chrome › Profile 1`.
pub fn subject_label(subject: &Subject) -> String {
    match &subject.profile {
        Some(p) => format!("{} › {}", clean(&subject.browser), clean(p)),
        None => clean(&subject.browser).into_owned(),
    }
}

/// A result's heading: `browser.version [chrome › Default]`.
pub fn result_label(r: &CheckResult) -> String {
    match &r.subject {
        Some(s) => format!("{} [{}]", clean(&r.id), subject_label(s)),
        None => clean(&r.id).into_owned(),
    }
}

/// An evidence value as one line for people: strings bare, lists joined, objects as JSON.
pub fn evidence_value(v: &Value) -> String {
    match v {
        Value::String(s) => clean(s).into_owned(),
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
        other => clean(&other.to_string()).into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            clean("a\u{1b}[31mb\u{7}\r\nc"),
            "a\\u{1b}[31mb\\u{7}\\u{d}\\u{a}c"
        );
        assert_eq!(
            clean("\u{7f}\u{9b}\u{2028}\u{202e}"),
            "\\u{7f}\\u{9b}\\u{2028}\\u{202e}"
        );
        assert_eq!(clean("Profile 1 › ünïcode"), "Profile 1 › ünïcode");
    }
}
