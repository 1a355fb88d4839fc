//! The Markdown report, meant to be pasted into a support ticket: a summary table, then each
//! problem with its evidence and fix, then the checks that passed, collapsed.

use std::fmt::Write;

use super::{clean, evidence_value, result_label};
use crate::model::{CheckResult, Report, Status};

fn symbol(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
        Status::Skip => "⏭️",
        Status::Unknown => "❔",
    }
}

/// Escapes text so Markdown and HTML in it show as typed, and control characters as
/// `\u{1b}` ([`clean`]): a name can never start a line of its own.
pub fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks (and control characters, [`clean`]) in the value.
pub fn code(s: &str) -> String {
    let s = clean(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let sys = &report.system;
    let _ = writeln!(out, "# login-check report\n");
    let os = [sys.os_name.as_deref(), sys.os_version.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(
        out,
        "Generated {} by {} {} on {} ({}, {}).\n",
        report.generated_at,
        report.tool.name,
        report.tool.version,
        escape(if os.is_empty() { &sys.os } else { &os }),
        sys.os,
        sys.arch
    );
    let p = &report.privacy;
    if p.redacted {
        let replaced: Vec<String> = p.replaced.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(
            out,
            "> **Privacy:** personal data is replaced by tokens (`user1`, `host1`, `email1`, `10.x.x.1`){}. Never collected: {}.\n",
            if replaced.is_empty() {
                String::new()
            } else {
                format!(": {}", replaced.join(", "))
            },
            p.never_collected.join(", ")
        );
    } else {
        let _ = writeln!(
            out,
            "> **Privacy:** not redacted (`--no-redact`): user and host names, e-mail and IP addresses appear as they are. Never collected: {}.\n",
            p.never_collected.join(", ")
        );
    }
    let _ = writeln!(out, "| Result | Checks |\n|---|---|");
    for s in Status::ALL {
        let _ = writeln!(
            out,
            "| {} {} | {} |",
            symbol(s),
            s.as_str(),
            report.summary.count(s)
        );
    }
    out.push('\n');

    let mut problems: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Warn | Status::Unknown))
        .collect();
    problems.sort_by_key(|r| std::cmp::Reverse(r.status.severity()));
    if problems.is_empty() {
        let _ = writeln!(
            out,
            "## Problems found\n\nNone: every check that ran passed or was skipped.\n"
        );
    } else {
        let _ = writeln!(out, "## Problems found\n");
        for r in problems {
            let _ = writeln!(
                out,
                "### {} {} — {}\n",
                symbol(r.status),
                code(&result_label(r)),
                escape(&r.title)
            );
            if !r.detail.is_empty() {
                let _ = writeln!(out, "{}\n", escape(&r.detail));
            }
            for (k, v) in &r.evidence {
                let _ = writeln!(out, "- {}: {}", escape(k), code(&evidence_value(v)));
            }
            if !r.evidence.is_empty() {
                out.push('\n');
            }
            if let Some(fix) = &r.fix {
                let _ = writeln!(out, "**Fix:** {}\n", escape(fix));
            }
        }
    }

    let rest: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|r| matches!(r.status, Status::Pass | Status::Skip))
        .collect();
    if !rest.is_empty() {
        let passed = rest.iter().filter(|r| r.status == Status::Pass).count();
        let skipped = rest.len() - passed;
        let _ = writeln!(out, "## Passed and skipped\n");
        let _ = writeln!(
            out,
            "<details><summary>{passed} passed, {skipped} skipped</summary>\n"
        );
        for r in rest {
            let _ = writeln!(
                out,
                "- {} {} — {}",
                symbol(r.status),
                code(&result_label(r)),
                escape(&r.title)
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }

    if !report.ticket.is_empty() {
        out.push_str(&ticket_section(&report.ticket));
    }
    out
}

/// The facts support asks for, as a table to paste into the ticket form.
fn ticket_section(t: &serde_json::Map<String, serde_json::Value>) -> String {
    use serde_json::Value;
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let mut out = String::from(
        "## For the support ticket\n\n| What support asks for | Answer |\n|---|---|\n",
    );
    let error = match s(t.get("error_message")) {
        Some(e) => {
            let known = t
                .get("error_explained")
                .and_then(|x| x.get("title"))
                .and_then(Value::as_str);
            match known {
                Some(k) if t["error_explained"]["known_message"].is_string() => {
                    format!("{} (known message: {})", code(&e), escape(k))
                }
                _ => code(&e),
            }
        }
        None => "not given (add `--error \"…\"`)".to_string(),
    };
    let method = s(t.get("auth_method_label"))
        .unwrap_or_else(|| "not given (add `--auth-method`)".to_string());
    let others = s(t.get("others_affected")).unwrap_or_else(|| "unknown".to_string());
    let device = t.get("device").map(|d| {
        let part = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        format!(
            "{} {} ({}), {}",
            part("os_name"),
            part("os_version"),
            part("arch"),
            part("hostname")
        )
    });
    let browsers: Vec<String> = t
        .get("browsers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|b| {
            let name = b["name"].as_str().unwrap_or("");
            match b["version"].as_str() {
                Some(v) => format!("{name} {v}"),
                None => name.to_string(),
            }
        })
        .collect();
    let steps: Vec<String> = t
        .get("steps_tried")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|st| {
            let id = st["step"].as_str().unwrap_or("");
            let against: Vec<String> = st["contradicted_by"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    format!(
                        "{}: {}",
                        c["check"].as_str().unwrap_or(""),
                        c["title"].as_str().unwrap_or("")
                    )
                })
                .collect();
            if against.is_empty() {
                code(id)
            } else {
                format!("{} — ⚠️ but {}", code(id), escape(&against.join("; ")))
            }
        })
        .collect();
    let row = |k: &str, v: String| format!("| {k} | {} |\n", v.replace('|', "\\|"));
    out.push_str(&row("Exact error message", error));
    out.push_str(&row("Sign-in method tried", escape(&method)));
    out.push_str(&row("Others in the organisation affected", escape(&others)));
    out.push_str(&row("Device", escape(&device.unwrap_or_default())));
    out.push_str(&row(
        "Browsers",
        escape(&if browsers.is_empty() {
            "none found".to_string()
        } else {
            browsers.join(", ")
        }),
    ));
    out.push_str(&row(
        "Steps already tried",
        if steps.is_empty() {
            "not given (add `--tried`)".to_string()
        } else {
            steps.join("<br>")
        },
    ));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("<b>a|b</b>*x*"), "&lt;b&gt;a\\|b&lt;/b&gt;\\*x\\*");
    }

    #[test]
    fn code_survives_backticks() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a\\u{a}b`");
        assert_eq!(escape("a\r\nSummary"), "a\\\\u{d}\\\\u{a}Summary");
    }
}
