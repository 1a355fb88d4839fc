//! The Markdown report, meant to be pasted into a support ticket: a summary table, then each
//! problem with its evidence and fix, then the checks that passed, collapsed.

use std::fmt::Write;

use super::{evidence_value, result_label};
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

/// Escapes text so Markdown and HTML in it show as typed.
pub fn escape(s: &str) -> String {
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
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks in the value.
pub fn code(s: &str) -> String {
    let s = s.replace('\n', " ");
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
        let _ = writeln!(out, "## Ticket details\n");
        for (k, v) in &report.ticket {
            let _ = writeln!(out, "- {}: {}", escape(k), escape(&evidence_value(v)));
        }
        out.push('\n');
    }
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
    }
}
