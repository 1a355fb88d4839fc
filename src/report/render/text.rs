//! The human report, for the person who cannot sign in: the header; "Start here", the one to
//! three most likely causes, each with one fix; the other problems, worst first, one line each
//! with its fix and where to read more; the checks that passed, folded into one line per
//! category; the ticket facts when a ticket flag was given; the counts.
//!
//! Results that share a fix (the cookie checks of one profile, or the same fix word for word)
//! are one cause and show the fix once. Check ids, subjects, details and evidence appear only
//! with `-v`. Every paragraph is wrapped to `width` columns, never inside a word.

use std::fmt::Write;

use serde_json::Value;

use super::color::{Painter, styles};
use super::{clean, count_in, result_label};
use crate::model::{Category, CheckResult, Report, Status};
use crate::report::causes::{Cause, causes};

/// Options for the text report.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub color: bool,
    pub verbose: bool,
    /// The column lines are wrapped to.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            verbose: false,
            width: 80,
        }
    }
}

/// Where `docs/checks.md` is published: the report names `docs/checks.md#<anchor>`.
pub const DOCS_URL: &str = "https://github.com/login-check/login-check/blob/main/docs/checks.md";

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

/// Wraps `text` to `width` columns: the first line starts with `first`, the others with
/// `rest`. Words are never split; a word longer than a line gets a line of its own.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut line_len = first.chars().count();
    let mut empty = true;
    let rest_len = rest.chars().count();
    // ASCII whitespace only: a no-break space binds words together.
    for word in text.split_ascii_whitespace() {
        let w = word.chars().count();
        if !empty && line_len + 1 + w > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            line_len = rest_len;
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += w;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

pub fn render(report: &Report, opts: TextOptions) -> String {
    let p = Painter { on: opts.color };
    let width = opts.width.max(40);
    let mut out = String::new();
    let sys = &report.system;
    let os = super::os_label(sys);
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

    let causes = causes(&report.checks);
    let likely: Vec<&Cause> = causes
        .iter()
        .filter(|c| matches!(c.status(), Status::Fail | Status::Warn))
        .take(3)
        .collect();
    let undecided = causes.iter().any(|c| c.status() == Status::Unknown);
    if likely.is_empty() {
        let heading = if undecided {
            "Nothing found that stops signing in, but some checks could not decide (below)"
        } else {
            "Nothing found that stops signing in"
        };
        let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, heading));
        out.push_str(&wrap(
            "If signing in still fails, check status.openai.com, then contact support with the report (see below).",
            width,
            "  ",
            "  ",
        ));
    } else {
        let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, "Start here"));
        for (n, c) in likely.iter().enumerate() {
            render_cause(&mut out, c, opts, p, width, Some(n + 1));
        }
    }
    let rest: Vec<&Cause> = causes
        .iter()
        .filter(|c| !likely.iter().any(|l| std::ptr::eq(*l, *c)))
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, "Other problems"));
        for c in rest {
            render_cause(&mut out, c, opts, p, width, None);
        }
    }

    if opts.verbose {
        let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, "Every check"));
        for r in &report.checks {
            let _ = write!(
                out,
                "{}",
                wrap(
                    &format!("{} {}", result_label(r), clean(&r.title)),
                    width,
                    &format!("  {} ", mark(r.status, p)),
                    "      ",
                )
            );
            if matches!(r.status, Status::Pass | Status::Skip) {
                let inner = "      ";
                if !r.detail.is_empty() {
                    out.push_str(&wrap(&clean(&r.detail), width, inner, inner));
                }
                evidence_lines(&mut out, r, inner);
            }
        }
    } else {
        let lines = folded_passes(report);
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{}", p.paint(styles::HEADING, "Passed"));
            for l in lines {
                out.push_str(&wrap(&l, width, "  ", "    "));
            }
        }
        if let Some(l) = only_skipped(report) {
            out.push_str(&wrap(&l, width, "  ", "    "));
        }
    }

    if let Some(t) = ticket_block(report, width) {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(styles::HEADING, "For the support ticket")
        );
        out.push_str(&t);
    }

    // The summary follows the last section directly: its bold "Summary:" sets it apart.
    out.push_str(&summary_block_wrapped(report, p, width));
    out
}

fn render_cause(
    out: &mut String,
    c: &Cause,
    opts: TextOptions,
    p: Painter,
    width: usize,
    number: Option<usize>,
) {
    let (first, rest) = match number {
        Some(n) => (
            format!("  {n}. {} ", mark(c.status(), p)),
            "     ".to_string(),
        ),
        None => (format!("  {} ", mark(c.status(), p)), "    ".to_string()),
    };
    // The mark's colour codes take no columns: wrap against what is seen (one symbol).
    let seen_first = if p.on {
        first.replace(&mark(c.status(), p), "x")
    } else {
        first.clone()
    };
    let wrapped = wrap(&clean(&c.sentence()), width, &seen_first, &rest);
    let wrapped = if p.on {
        wrapped.replacen(&seen_first, &first, 1)
    } else {
        wrapped
    };
    out.push_str(&wrapped);
    if opts.verbose {
        for r in &c.results {
            let label = format!("{} ({})", result_label(r), r.status.as_str());
            out.push_str(&wrap(&label, width, &rest, &format!("{rest}  ")));
            let inner = format!("{rest}  ");
            if !r.detail.is_empty() {
                out.push_str(&wrap(&clean(&r.detail), width, &inner, &inner));
            }
            evidence_lines(out, r, &inner);
        }
    }
    let ids = c.checks();
    // `docs/checks.md#cookiesconflict, #cookiesexpired`: the page named once.
    let links: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let anchor = crate::checks::registry::anchor(id);
            if i == 0 {
                format!("docs/checks.md#{anchor}")
            } else {
                format!("#{anchor}")
            }
        })
        .collect();
    let mut more = format!("More: {}", links.join(", "));
    // The help-article passage is in the docs section; `-v` quotes it here too.
    if opts.verbose {
        if let Some(check) = crate::checks::registry::by_id(ids[0]) {
            more.push_str(&format!(
                " · the help article: “{}”",
                article_gist(check.article)
            ));
        }
    }
    match &c.fix {
        // The link follows the fix; with `-v` it has a line of its own, with the article.
        Some(fix) if !opts.verbose => {
            out.push_str(&wrap(
                // "(More: docs/…)" kept whole (a no-break space): on the fix's last line if it
                // fits, else on a line of its own.
                &format!(
                    "{} ({})",
                    clean(fix),
                    more.replacen("More: ", "More:\u{a0}", 1)
                ),
                width,
                &format!("{rest}{} ", p.paint(styles::BOLD, "Fix:")),
                &rest,
            ));
        }
        Some(fix) => {
            out.push_str(&wrap(
                &clean(fix),
                width,
                &format!("{rest}{} ", p.paint(styles::BOLD, "Fix:")),
                &rest,
            ));
            out.push_str(&wrap(&more, width, &rest, &rest));
        }
        None => out.push_str(&wrap(&more, width, &rest, &rest)),
    }
}

/// The help-article passage a check implements, cut to its first clause (`Clear browser cache
/// and cookies`), or its last when the first only leads in ("please try the following: …").
fn article_gist(article: &str) -> String {
    let text = article.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = |s: &str| {
        s.split([':', '.'])
            .next()
            .unwrap_or(s)
            .trim()
            .trim_matches('"')
            .to_string()
    };
    let first = cut(&text);
    if first.split_whitespace().count() <= 9 {
        return first;
    }
    match text.rsplit_once(": ") {
        Some((_, last)) => cut(last),
        None => first,
    }
}

/// The evidence under `-v`, in words (the JSON report has it as data): one fact a line, a
/// list's items each on a line of their own. Not wrapped: values are shown whole.
fn evidence_lines(out: &mut String, r: &CheckResult, indent: &str) {
    for (k, v) in &r.evidence {
        for line in super::evidence_entry(k, v, 50) {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
}

/// `Checks passed: Browsers (3), Cookies (4)` for the categories with passes and no skips, then
/// `Network: 3 checks passed, 6 not checked (--offline)`, one line per category with both.
fn folded_passes(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    let all_passed: Vec<String> = Category::ALL
        .into_iter()
        .filter(|cat| {
            count_in(&report.checks, *cat, Status::Pass) > 0
                && count_in(&report.checks, *cat, Status::Skip) == 0
        })
        .map(|cat| {
            format!(
                "{} ({})",
                cat.heading(),
                count_in(&report.checks, cat, Status::Pass)
            )
        })
        .collect();
    if !all_passed.is_empty() {
        lines.push(format!("Checks passed: {}", all_passed.join(", ")));
    }
    for cat in Category::ALL {
        let pass = count_in(&report.checks, cat, Status::Pass);
        let skip = count_in(&report.checks, cat, Status::Skip);
        if pass == 0 || skip == 0 {
            // Nothing passed: in the one line of `only_skipped`; all passed: above.
            continue;
        }
        let mut line = format!(
            "{}: {pass} {} passed",
            cat.heading(),
            if pass == 1 { "check" } else { "checks" }
        );
        if skip > 0 {
            // One reason for all of them ("Not run: --offline", "Not checked: no network"):
            // said once, in brackets.
            // Several reasons: each with its count ("--offline: 6, Windows only: 1").
            let reasons: Vec<Option<&str>> = report
                .checks
                .iter()
                .filter(|r| r.category == cat && r.status == Status::Skip)
                .map(|r| {
                    r.title
                        .strip_prefix("Not run: ")
                        .or_else(|| r.title.strip_prefix("Not checked: "))
                })
                .collect();
            let mut counted: Vec<(&str, usize)> = Vec::new();
            for w in reasons.iter().flatten() {
                match counted.iter_mut().find(|(x, _)| x == w) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((w, 1)),
                }
            }
            let why = match counted.as_slice() {
                _ if reasons.iter().any(Option::is_none) => String::new(),
                [(w, _)] => format!(" ({})", clean(w)),
                many => format!(
                    " ({})",
                    many.iter()
                        .map(|(w, n)| format!("{}: {n}", clean(w)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            line.push_str(&format!(", {skip} not checked{why}"));
        }
        lines.push(line);
    }
    lines
}

/// `Not checked: Extensions (1), Account (1)`: the categories where nothing passed and
/// something was skipped, on one line.
fn only_skipped(report: &Report) -> Option<String> {
    let parts: Vec<String> = Category::ALL
        .into_iter()
        .filter(|cat| count_in(&report.checks, *cat, Status::Pass) == 0)
        .filter_map(|cat| {
            let n = count_in(&report.checks, cat, Status::Skip);
            (n > 0).then(|| format!("{} ({n})", cat.heading()))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("Not checked: {}", parts.join(", ")))
}

/// The ticket facts, when the person gave any ticket flag.
pub fn ticket_block(report: &Report, width: usize) -> Option<String> {
    let t = &report.ticket;
    let s = |k: &str| {
        t.get(k)
            .and_then(Value::as_str)
            .map(|v| clean(v).into_owned())
    };
    let error = s("error_message");
    let method = s("auth_method_label");
    let others = s("others_affected").filter(|o| o != "unknown");
    let steps = t
        .get("steps_tried")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if error.is_none() && method.is_none() && others.is_none() && steps.is_empty() {
        return None;
    }
    let mut out = String::new();
    let line = |out: &mut String, label: &str, text: &str| {
        out.push_str(&wrap(text, width, &format!("  {label}: "), "    "));
    };
    if let Some(e) = &error {
        let mut text = format!("“{e}”");
        if let Some(x) = t.get("error_explained") {
            if x["known_message"].is_string() {
                if let Some(cause) = x["cause"].as_str() {
                    text.push_str(&format!(" — {}", clean(cause)));
                }
            }
        }
        line(&mut out, "Error message", &text);
    }
    if let Some(m) = &method {
        line(&mut out, "Sign-in method", m);
    }
    if let Some(o) = &others {
        line(&mut out, "Others in the organisation affected", o);
    }
    for st in &steps {
        let step = st["step"].as_str().unwrap_or("");
        let against: Vec<String> = st["contradicted_by"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| clean(c["title"].as_str().unwrap_or("")).into_owned())
            .collect();
        // The first finding that contradicts the step, and how many more (all are above).
        let text = match against.as_slice() {
            [] => step.to_string(),
            [one] => format!("{step}, but the report found: {one}"),
            [first, more @ ..] => format!(
                "{step}, but the report found: {first}; and {} more above",
                more.len()
            ),
        };
        line(&mut out, "Tried", &text);
    }
    Some(out)
}

/// The closing lines: the counts, and how to keep the report for a support ticket.
pub fn summary_block(report: &Report, p: Painter) -> String {
    summary_block_wrapped(report, p, 80)
}

fn summary_block_wrapped(report: &Report, p: Painter, width: usize) -> String {
    let s = &report.summary;
    let style = if s.fail > 0 {
        styles::FAIL
    } else if s.warn > 0 || s.unknown > 0 {
        styles::WARN
    } else {
        styles::PASS
    };
    // The counts that are not zero, worst first, and what to do next, in one paragraph.
    let counts: Vec<String> = [
        (s.fail, "failed", "failed"),
        (s.warn, "warning", "warnings"),
        (s.unknown, "unknown", "unknown"),
        (s.pass, "passed", "passed"),
        (s.skip, "not checked", "not checked"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| crate::model::plural(n, one, many))
    .collect();
    let mut text = format!("{}.", counts.join(", "));
    if s.fail > 0 || s.warn > 0 {
        text.push_str(" Fix them from the top.");
    }
    let mut out =
        wrap(&text, width, "Summary: ", "  ").replacen("Summary:", &p.paint(style, "Summary:"), 1);
    out.push_str(&wrap(&format!("Docs: {DOCS_URL}"), width, "", "  "));
    out.push_str(&wrap(
        "For a support ticket: login-check --format markdown -o report.md",
        width,
        "",
        "  ",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_never_splits_a_word_and_keeps_the_width() {
        let w = wrap("aaa bbb ccc ddd eee", 9, "- ", "  ");
        assert_eq!(w, "- aaa bbb\n  ccc ddd\n  eee\n");
        assert!(w.lines().all(|l| l.chars().count() <= 9));
        assert_eq!(
            wrap("averyveryverylongword x", 8, "", ""),
            "averyveryverylongword\nx\n"
        );
    }
}
