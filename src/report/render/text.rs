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
use super::{clean, evidence_value, result_label, summary_line};
use crate::model::{Category, CheckResult, Report, Status};

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
    for word in text.split_whitespace() {
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

/// One cause: the results it explains (worst first) and its one fix.
#[derive(Debug)]
pub struct Cause<'a> {
    pub results: Vec<&'a CheckResult>,
    pub fix: Option<String>,
}

impl Cause<'_> {
    pub fn status(&self) -> Status {
        self.results[0].status
    }

    /// The cause in one sentence: the titles of its results.
    pub fn sentence(&self) -> String {
        let mut seen: Vec<String> = Vec::new();
        for r in &self.results {
            let t = clean(&r.title).into_owned();
            // `Google Chrome › Work: a` and `Google Chrome › Work: b` → `Google Chrome › Work: a; b`.
            if let (Some(first), Some((who, what))) = (seen.first(), t.split_once(": ")) {
                if first.starts_with(&format!("{who}: ")) {
                    seen.push(what.to_string());
                    continue;
                }
            }
            seen.push(t);
        }
        seen.join("; ")
    }
}

/// How likely a category is the cause, in the order the help articles name them.
fn category_rank(c: Category) -> u8 {
    match c {
        Category::Cookies => 0,
        Category::Browsers => 1,
        Category::Network => 2,
        Category::Extensions => 3,
        Category::Settings => 4,
        Category::Account => 5,
    }
}

/// Checks whose finding explains others (no DNS explains no connection; a VPN or proxy explains
/// a blocked host; a wrong clock explains certificate errors): ranked before their symptoms.
const ROOT_CAUSES: &[&str] = &[
    "network.dns",
    "network.vpn",
    "network.proxy",
    "network.clock",
    "settings.cookies_blocked",
    "settings.managed",
];

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Fail => 0,
        Status::Warn => 1,
        Status::Unknown => 2,
        Status::Pass => 3,
        Status::Skip => 4,
    }
}

/// The part of a fix that is the same for every cookie check of a profile: from "In <browser>".
fn shared_cookie_fix(fix: &str) -> &str {
    fix.find(" In ").map_or(fix, |i| &fix[i + 1..])
}

/// The problems (fail, warn, unknown) grouped into causes, most likely first.
pub fn causes(report: &Report) -> Vec<Cause<'_>> {
    let mut problems: Vec<(usize, &CheckResult)> = report
        .checks
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.status, Status::Fail | Status::Warn | Status::Unknown))
        .collect();
    problems.sort_by_key(|(i, r)| {
        (
            status_rank(r.status),
            category_rank(r.category),
            !ROOT_CAUSES.contains(&r.id.as_str()),
            *i,
        )
    });
    let key = |r: &CheckResult| -> String {
        match (&r.subject, r.category, r.status) {
            (Some(s), Category::Cookies, Status::Warn | Status::Fail) => format!(
                "cookies\u{0}{}\u{0}{}",
                s.browser,
                s.profile.as_deref().unwrap_or("")
            ),
            _ => match &r.fix {
                Some(f) => format!("fix\u{0}{f}"),
                None => format!("id\u{0}{}\u{0}{:?}", r.id, r.subject),
            },
        }
    };
    let mut out: Vec<(String, Cause)> = Vec::new();
    for (_, r) in problems {
        let k = key(r);
        if let Some((_, c)) = out.iter_mut().find(|(ck, _)| *ck == k) {
            c.results.push(r);
            if k.starts_with("cookies") {
                c.fix = c.results[0]
                    .fix
                    .as_deref()
                    .map(|f| shared_cookie_fix(f).to_string());
            }
            continue;
        }
        out.push((
            k,
            Cause {
                results: vec![r],
                fix: r.fix.clone(),
            },
        ));
    }
    out.into_iter().map(|(_, c)| c).collect()
}

pub fn render(report: &Report, opts: TextOptions) -> String {
    let p = Painter { on: opts.color };
    let width = opts.width.max(40);
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

    let causes = causes(report);
    let likely: Vec<&Cause> = causes
        .iter()
        .filter(|c| matches!(c.status(), Status::Fail | Status::Warn))
        .take(3)
        .collect();
    if likely.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(styles::HEADING, "Nothing found that stops signing in")
        );
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
    }

    if let Some(t) = ticket_block(report, width) {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(styles::HEADING, "For the support ticket")
        );
        out.push_str(&t);
    }

    let _ = writeln!(out);
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
    let wrapped = wrap(&c.sentence(), width, &seen_first, &rest);
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
    if let Some(fix) = &c.fix {
        out.push_str(&wrap(
            &clean(fix),
            width,
            &format!("{rest}{} ", p.paint(styles::BOLD, "Fix:")),
            &rest,
        ));
    }
    let mut ids: Vec<&str> = c.results.iter().map(|r| r.id.as_str()).collect();
    ids.dedup();
    let links: Vec<String> = ids
        .iter()
        .map(|id| format!("docs/checks.md#{}", crate::checks::registry::anchor(id)))
        .collect();
    let mut more = format!("More: {}", links.join(", "));
    if number.is_some() {
        if let Some(check) = crate::checks::registry::by_id(ids[0]) {
            more.push_str(&format!(
                " · the help article: “{}”",
                article_gist(check.article)
            ));
        }
    }
    out.push_str(&wrap(&more, width, &rest, &rest));
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

/// The evidence under `-v`, one fact a line (a list's items each on a line of their own), not
/// wrapped: values are shown whole, as they are in the JSON report.
fn evidence_lines(out: &mut String, r: &CheckResult, indent: &str) {
    for (k, v) in &r.evidence {
        match v {
            Value::Array(items) if items.len() > 1 && items.iter().all(Value::is_string) => {
                let _ = writeln!(out, "{indent}{}:", clean(k));
                for i in items {
                    let _ = writeln!(out, "{indent}  - {}", evidence_value(i));
                }
            }
            _ => {
                let _ = writeln!(out, "{indent}{}: {}", clean(k), evidence_value(v));
            }
        }
    }
}

/// `Browsers: 4 checks passed, 1 skipped`, one line per category with passes or skips.
fn folded_passes(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for cat in Category::ALL {
        let of = |s: Status| {
            report
                .checks
                .iter()
                .filter(|r| r.category == cat && r.status == s)
                .count()
        };
        let (pass, skip) = (of(Status::Pass), of(Status::Skip));
        if pass + skip == 0 {
            continue;
        }
        let mut parts = Vec::new();
        if pass > 0 {
            parts.push(format!(
                "{pass} {} passed",
                if pass == 1 { "check" } else { "checks" }
            ));
        }
        if skip > 0 {
            parts.push(format!(
                "{skip} {} not checked",
                if pass > 0 {
                    ""
                } else if skip == 1 {
                    "check"
                } else {
                    "checks"
                }
            ));
        }
        lines.push(format!("{}: {}", cat.heading(), parts.join(", ")).replace("  ", " "));
    }
    lines
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
        let text = if against.is_empty() {
            step.to_string()
        } else {
            format!("{step}, but the report found: {}", against.join("; "))
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
    let mut out = wrap(&summary_line(s), width, "Summary: ", "  ").replacen(
        "Summary:",
        &p.paint(style, "Summary:"),
        1,
    );
    if s.fail > 0 || s.warn > 0 {
        out.push_str(&wrap(
            "Work through the fixes from the top, then try signing in again.",
            width,
            "",
            "",
        ));
    }
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
