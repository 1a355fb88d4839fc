//! The JSON report: the model as is (schema in docs/report-format.md).

use crate::model::Report;

pub fn render(report: &Report) -> String {
    let s = serde_json::to_string_pretty(report).expect("the report model always serialises");
    // Most reports hold nothing to escape: the text is kept, not copied.
    let mut s = if s.chars().any(|c| c != '\n' && super::is_unsafe_char(c)) {
        escape_controls(&s)
    } else {
        s
    };
    s.push('\n');
    s
}

/// serde_json escapes C0 controls; DEL, C1 controls and the Unicode line separators and
/// bidirectional overrides it leaves raw, and a terminal showing the file may obey them. They
/// can only be inside strings, where `\u` escapes mean the same.
fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && super::is_unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
