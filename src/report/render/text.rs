//! The human report: grouped by category; each line a status mark, the check and its subject,
//! and what was found; under a warning, failure or unknown, what was looked at and the fix.

use std::fmt::Write;

use super::color::{Painter, styles};
use super::{clean, evidence_value, result_label, summary_line};
use crate::model::{Category, CheckResult, Report, Status};

/// Options for the text report.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub color: bool,
    pub verbose: bool,
}

/// The mark printed before each result: a symbol in colour, a word without colour.
pub fn mark(status: Status, p: Painter) -> String {
    if !p.on {
        return format!("[{}]", status.as_str());
    }
    let (sym, style) = match status {
        Status::Pass => ("✓", styles::PASS),
        Status::Warn => ("!", styles::WARN),
        Status::Fail => ("✗", styles::FAIL),
        Status::Skip => ("-", styles::DIM),
        Status::Unknown => ("?", styles::UNKNOWN),
    };
    p.paint(style, sym)
}

pub fn render(report: &Report, opts: TextOptions) -> String {
    let p = Painter { on: opts.color };
    let mut out = String::new();
    let sys = &report.system;
    let os = match (&sys.os_name, &sys.os_version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => sys.os.clone(),
    };
    let _ = writeln!(
        out,
        "{} {} · {} · {}, {}",
        p.paint(styles::BOLD, &report.tool.name),
        report.tool.version,
        report.generated_at,
        clean(&os),
        clean(&sys.arch)
    );
    if sys.inspected_os != sys.os {
        let _ = writeln!(out, "Inspecting a {} layout (--os).", sys.inspected_os);
    }
    for cat in Category::ALL {
        let results: Vec<&CheckResult> =
            report.checks.iter().filter(|r| r.category == cat).collect();
        if results.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, cat.heading()));
        for r in results {
            render_result(&mut out, r, opts, p);
        }
    }
    let _ = writeln!(out);
    out.push_str(&summary_block(report, p));
    out
}

fn render_result(out: &mut String, r: &CheckResult, opts: TextOptions, p: Painter) {
    let _ = writeln!(
        out,
        "  {} {} {}",
        mark(r.status, p),
        p.paint(styles::DIM, &result_label(r)),
        clean(&r.title)
    );
    let needs_attention = matches!(r.status, Status::Warn | Status::Fail | Status::Unknown);
    if !(needs_attention || opts.verbose) {
        return;
    }
    let indent = "      ";
    if !r.detail.is_empty() {
        let _ = writeln!(out, "{indent}{}", clean(&r.detail));
    }
    for (k, v) in &r.evidence {
        let _ = writeln!(
            out,
            "{indent}{} {}",
            p.paint(styles::DIM, &format!("{}:", clean(k))),
            evidence_value(v)
        );
    }
    if let Some(fix) = &r.fix {
        let _ = writeln!(
            out,
            "{indent}{} {}",
            p.paint(styles::BOLD, "Fix:"),
            clean(fix)
        );
    }
}

/// The closing lines: the counts, and how to keep the report for a support ticket.
pub fn summary_block(report: &Report, p: Painter) -> String {
    let s = &report.summary;
    let style = if s.fail > 0 {
        styles::FAIL
    } else if s.warn > 0 || s.unknown > 0 {
        styles::WARN
    } else {
        styles::PASS
    };
    let mut out = format!("{} {}\n", p.paint(style, "Summary:"), summary_line(s));
    if s.fail > 0 || s.warn > 0 {
        out.push_str("Work through the fixes above, then try signing in again.\n");
    }
    out.push_str(
        "For a support ticket, save the report: login-check --format markdown --output login-check-report.md\n",
    );
    out
}
