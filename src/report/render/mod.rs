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

/// The machine in words: `Debian GNU/Linux 12`, or the OS family when its name is unknown.
pub fn os_label(sys: &crate::model::SystemInfo) -> String {
    match (&sys.os_name, &sys.os_version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => sys.os.clone(),
    }
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

/// An evidence key for people: `expired_days_ago` → `expired days ago`.
pub fn evidence_key(key: &str) -> String {
    clean(&key.replace('_', " ")).into_owned()
}

/// A number with the unit its key names: `header_bytes` 9109 → `8.9 KB`, `now` or `*_at`
/// (a Unix time) → a date, `*_days_ago` → `3 days ago`, `*_days` → `30 days`,
/// `*_seconds` → `90 s`. Anything else as it is.
fn with_unit(key: &str, n: &serde_json::Number) -> String {
    let Some(i) = n.as_i64() else {
        return n.to_string();
    };
    if key == "now" || key.ends_with("_at") || key.ends_with("_unix") {
        if let Ok(t) = time::OffsetDateTime::from_unix_timestamp(i) {
            if let Ok(s) = t.format(&time::format_description::well_known::Rfc3339) {
                return s;
            }
        }
    }
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    if key.ends_with("_days_ago") {
        return format!("{} ago", days(i));
    }
    if key.ends_with("_days") {
        return days(i);
    }
    if key.ends_with("_seconds") {
        return format!("{i} s");
    }
    if key.ends_with("bytes") {
        return if i.abs() < 1024 {
            format!("{i} bytes")
        } else if i.abs() < 1024 * 1024 {
            format!("{:.1} KB", i as f64 / 1024.0)
        } else {
            format!("{:.1} MB", i as f64 / (1024.0 * 1024.0))
        };
    }
    i.to_string()
}

/// One evidence value in words, never as JSON: strings bare, numbers with their unit, lists
/// joined with commas, an object as `key value; key value`.
pub fn evidence_words(key: &str, v: &Value) -> String {
    words(key, v, usize::MAX)
}

/// [`evidence_words`] with each object cut to its first `fields` facts (the name and what
/// identifies it come first in every check's evidence): for the ticket's short lists.
pub fn evidence_brief(key: &str, v: &Value, fields: usize) -> String {
    words(key, v, fields)
}

fn words(key: &str, v: &Value, fields: usize) -> String {
    match v {
        Value::String(s) => clean(s).into_owned(),
        Value::Null => "none".to_string(),
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        Value::Number(n) => with_unit(key, n),
        Value::Array(items) if items.is_empty() => "none".to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| words(key, i, fields))
            .collect::<Vec<_>>()
            .join(if items.iter().any(Value::is_object) {
                " · "
            } else {
                ", "
            }),
        Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .take(fields)
            .map(|(k, v)| match (k.strip_suffix("_days_ago"), k.as_str()) {
                // `expired_days_ago: 3` → `expired 3 days ago`; `bytes: 3035` → `3.0 KB`.
                (Some(what), _) => format!("{} {}", evidence_key(what), words(k, v, fields)),
                (None, "bytes") => words(k, v, fields),
                _ => format!("{} {}", evidence_key(k), words(k, v, fields)),
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// One evidence entry as lines for people: `key: value`, or, for a list of several items,
/// the key and one line per item (up to `max_items`, then `… and N more`).
pub fn evidence_entry(key: &str, v: &Value, max_items: usize) -> Vec<String> {
    match v {
        Value::Array(items)
            if items.len() > 1 && (items.iter().any(Value::is_object) || items.len() > 3) =>
        {
            let mut out = vec![format!("{}:", evidence_key(key))];
            for i in items.iter().take(max_items) {
                out.push(format!("  {}", evidence_words(key, i)));
            }
            if items.len() > max_items {
                out.push(format!("  … and {} more", items.len() - max_items));
            }
            out
        }
        _ => vec![format!("{}: {}", evidence_key(key), evidence_words(key, v))],
    }
}

/// How many results of `category` have `status`: what the folded "passed" lines count.
pub fn count_in(
    checks: &[CheckResult],
    category: crate::model::Category,
    status: crate::model::Status,
) -> usize {
    checks
        .iter()
        .filter(|r| r.category == category && r.status == status)
        .count()
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

    #[test]
    fn evidence_is_told_in_words_with_units() {
        use serde_json::json;
        assert_eq!(evidence_words("header_bytes", &json!(9109)), "8.9 KB");
        assert_eq!(evidence_words("bytes", &json!(134)), "134 bytes");
        assert_eq!(
            evidence_words("now", &json!(1_795_521_600)),
            "2026-11-24T12:00:00Z"
        );
        assert_eq!(evidence_words("expired_days_ago", &json!(1)), "1 day ago");
        assert_eq!(
            evidence_words(
                "expired",
                &json!([{"name": "a", "domain": ".x", "expired_days_ago": 3, "why": null}])
            ),
            "name a; domain .x; expired 3 days ago"
        );
        assert_eq!(evidence_words("on", &json!([true, false])), "yes, no");
        let lines = evidence_entry(
            "per_host",
            &json!([{"host": "a"}, {"host": "b"}, {"host": "c"}]),
            2,
        );
        assert_eq!(
            lines,
            ["per host:", "  host a", "  host b", "  … and 1 more"]
        );
        assert!(!evidence_words("x", &json!({"a": [1, {"b": 2}]})).contains('{'));
    }
}
