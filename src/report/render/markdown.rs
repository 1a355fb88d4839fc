//! The Markdown report, meant to be pasted into a support ticket, in the order support reads
//! it: the facts they ask for (error, sign-in method, device, browsers, who else is affected,
//! steps tried, the result) as a table; the problems, most likely cause first, each as a plain
//! sentence, its fix and its evidence as a short list (never JSON); then one line per category
//! of what passed. It reads cleanly as raw text and in common renderers: no HTML, no entities,
//! and a token that Markdown would format (`[*.]openai.com`, `login_cookies`) is shown as code
//! rather than backslash-escaped.

use std::fmt::Write;

use serde_json::Value;

use super::{clean, evidence_brief, summary_line};
use crate::model::{Category, Report, Status};
use crate::report::causes::{Cause, causes};

fn symbol(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
        Status::Skip => "⏭️",
        Status::Unknown => "❔",
    }
}

/// Prose for Markdown: control characters shown as `\u{1b}` ([`clean`]); a word holding a
/// character Markdown or HTML would act on (`* _ < > [ ] | \\` or a leading `#`) becomes inline
/// code, so it shows as typed both raw and rendered. Words already in backticks stay as they are.
pub fn escape(s: &str) -> String {
    let s = clean(s);
    // Code spans the text already has (`sudo apt upgrade`) stay as they are when every backtick
    // has its pair. Otherwise (a name read from a file with a lone backtick) backticks are text
    // like any other, and the words holding them become code.
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        return escape_words(&s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push_str(&escape_words(part));
        }
    }
    out
}

/// [`escape`] for text outside code spans: each word holding a character Markdown or HTML would
/// act on becomes inline code.
fn escape_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let special = |c: char| matches!(c, '*' | '_' | '<' | '>' | '[' | ']' | '|' | '\\' | '`');
        // `&lt;` would render as `<`: an ampersand is only special where it can start an entity.
        let entity = word.contains('&') && word.contains(';');
        if !word.chars().any(special) && !word.starts_with('#') && !entity {
            out.push_str(word);
            continue;
        }
        // Keep sentence punctuation outside the code span: `(`[*.]openai.com`)`.
        let core_start = word
            .find(|c: char| !matches!(c, '(' | '"' | '“'))
            .unwrap_or(0);
        let core_end = word
            .rfind(|c: char| !matches!(c, '.' | ',' | ';' | ':' | ')' | '"' | '”'))
            .map_or(word.len(), |i| {
                i + word[i..].chars().next().map_or(1, char::len_utf8)
            });
        let (lead, core, trail) = if core_start < core_end {
            (
                &word[..core_start],
                &word[core_start..core_end],
                &word[core_end..],
            )
        } else {
            ("", word, "")
        };
        out.push_str(lead);
        out.push_str(&code(core));
        out.push_str(trail);
    }
    out
}

/// Removes the issue-tracker references a catalogue reason cites (`(easylist/easylist#23185)`):
/// they are sources for the docs, not words for a ticket.
fn without_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" (") {
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(j) if is_reference(&after[..j]) => {
                out.push_str(&rest[..i]);
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_reference(s: &str) -> bool {
    s.split([',', ';']).all(|part| {
        let p = part.trim();
        p.split_once('#').is_some_and(|(repo, n)| {
            repo.contains('/')
                && !repo.contains(' ')
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        })
    })
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

/// Evidence that is bookkeeping rather than a finding: in the JSON report and `-v`, not in
/// the ticket.
const BOOKKEEPING: &[&str] = &[
    "source",
    "sources",
    "format",
    "family",
    "read_from_copy",
    "login_cookies",
    "profile_path",
    "warn_from_bytes",
    "fail_from_bytes",
    "warn_from_seconds",
    "fail_from_seconds",
    "timeout_ms",
    "extensions",
    "built_in",
    "disabled",
    "current_source",
    "found_source",
    "explained_by",
];

/// At most this many evidence lines per problem, each at most this many characters.
const EVIDENCE_LINES: usize = 2;
const EVIDENCE_CHARS: usize = 240;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# login-check report\n");
    out.push_str(&facts_table(report));

    let causes = causes(&report.checks);
    if causes.is_empty() {
        let _ = writeln!(
            out,
            "## Problems\n\nNone found: every check that ran passed or was not needed.\n"
        );
    } else {
        let _ = writeln!(out, "## Problems, most likely cause first\n");
        for (n, c) in causes.iter().enumerate() {
            render_cause(&mut out, n + 1, c);
        }
    }

    let _ = writeln!(out, "## Passed\n\n{}\n", passed_line(report));
    out.push_str(&privacy_line(report));
    out
}

fn render_cause(out: &mut String, n: usize, c: &Cause) {
    let _ = writeln!(
        out,
        "### {n}. {} {}\n",
        symbol(c.status()),
        escape(&c.sentence())
    );
    if let Some(fix) = &c.fix {
        let _ = writeln!(out, "**Fix:** {}\n", escape(fix));
    }
    let mut lines: Vec<String> = Vec::new();
    for r in &c.results {
        for (k, v) in &r.evidence {
            if BOOKKEEPING.contains(&k.as_str()) || v.is_null() {
                continue;
            }
            let mut text = evidence_brief(k, v, 3);
            if text.chars().count() > EVIDENCE_CHARS {
                text = text.chars().take(EVIDENCE_CHARS).collect::<String>() + " …";
            }
            lines.push(format!("{}: {}", super::evidence_key(k), text));
        }
    }
    let more = lines.len().saturating_sub(EVIDENCE_LINES);
    for l in lines.iter().take(EVIDENCE_LINES) {
        let _ = writeln!(out, "- {}", escape(&without_references(l)));
    }
    let checks: Vec<String> = c.checks().iter().map(|id| code(id)).collect();
    let _ = writeln!(
        out,
        "- checks: {}{}\n",
        checks.join(", "),
        if more > 0 {
            format!(
                " ({} in the JSON report)",
                crate::model::plural(more, "more fact", "more facts")
            )
        } else {
            String::new()
        }
    );
}

/// `Browsers 3 · Cookies 4 · Settings 9. Not checked: Network 5, Account 1.`
fn passed_line(report: &Report) -> String {
    let per = |s: Status| -> Vec<String> {
        Category::ALL
            .into_iter()
            .filter_map(|cat| {
                let n = super::count_in(&report.checks, cat, s);
                (n > 0).then(|| format!("{} {n}", cat.heading()))
            })
            .collect()
    };
    let (pass, skip) = (per(Status::Pass), per(Status::Skip));
    let mut line = if pass.is_empty() {
        "None.".to_string()
    } else {
        format!("{}.", pass.join(" · "))
    };
    if !skip.is_empty() {
        line.push_str(&format!(" Not checked: {}.", skip.join(", ")));
    }
    line
}

fn privacy_line(report: &Report) -> String {
    let p = &report.privacy;
    if p.redacted {
        let replaced: Vec<String> = p.replaced.iter().map(|(k, n)| format!("{n} {k}")).collect();
        format!(
            "Privacy: personal data is replaced by tokens (user1, host1, email1, 10.x.x.1){}. Never collected: {}.\n",
            if replaced.is_empty() {
                String::new()
            } else {
                format!(": {}", replaced.join(", "))
            },
            p.never_collected.join(", ")
        )
    } else {
        format!(
            "Privacy: not redacted (`--no-redact`): user and host names, e-mail and IP addresses appear as they are. Never collected: {}.\n",
            p.never_collected.join(", ")
        )
    }
}

/// The facts support asks for, first, as a table to paste into the ticket form.
fn facts_table(report: &Report) -> String {
    let t = &report.ticket;
    let s = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_string);
    let mut out = String::from("| Support asks for | Answer |\n|---|---|\n");
    let error = match s("error_message") {
        Some(e) => {
            let known = t
                .get("error_explained")
                .filter(|x| x["known_message"].is_string())
                .and_then(|x| x.get("title"))
                .and_then(Value::as_str);
            match known {
                Some(k) => format!("{} (known message: {})", code(&e), escape(k)),
                None => code(&e),
            }
        }
        None => "not given (add `--error \"…\"`)".to_string(),
    };
    let method = s("auth_method_label")
        .map(|m| escape(&m))
        .unwrap_or_else(|| "not given (add `--auth-method`)".to_string());
    let others = s("others_affected")
        .filter(|o| o != "unknown")
        .map(|o| escape(&o))
        .unwrap_or_else(|| "not given (add `--others-affected`)".to_string());
    let sys = &report.system;
    let os = super::os_label(sys);
    let device = format!("{} ({})", escape(&os), escape(&sys.arch));
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
                .map(|c| c["title"].as_str().unwrap_or("").to_string())
                .collect();
            if against.is_empty() {
                code(id)
            } else {
                format!(
                    "{} — but the report found: {}",
                    code(id),
                    escape(&against.join("; "))
                )
            }
        })
        .collect();
    let row = |out: &mut String, k: &str, v: String| {
        let _ = writeln!(out, "| {k} | {} |", v.replace('|', "\\|"));
    };
    row(
        &mut out,
        "Report",
        format!(
            "{} {}, {}",
            report.tool.name, report.tool.version, report.generated_at
        ),
    );
    row(&mut out, "Error message", error);
    row(&mut out, "Sign-in method", method);
    row(&mut out, "Others in the organisation affected", others);
    row(&mut out, "Device", device);
    row(
        &mut out,
        "Browsers",
        if browsers.is_empty() {
            "none found".to_string()
        } else {
            escape(&browsers.join(", "))
        },
    );
    row(
        &mut out,
        "Steps already tried",
        if steps.is_empty() {
            "not given (add `--tried`)".to_string()
        } else {
            steps.join("; ")
        },
    );
    row(&mut out, "Result", summary_line(&report.summary));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_markup_as_code_not_backslashes_or_entities() {
        assert_eq!(escape("<b>a|b</b> *x* ok."), "`<b>a|b</b>` `*x*` ok.");
        assert_eq!(
            escape("add [*.]openai.com, then"),
            "add `[*.]openai.com`, then"
        );
        assert_eq!(escape("Privacy & Security"), "Privacy & Security");
        assert_eq!(
            escape("run `sudo apt upgrade` now"),
            "run `sudo apt upgrade` now"
        );
        assert_eq!(escape("(login_cookies)."), "(`login_cookies`).");
        assert_eq!(escape("issue #12 and #x"), "issue `#12` and `#x`");
        assert!(!escape("a & b < c").contains("&amp;"));
        // A lone backtick from a file does not turn the rest into raw Markdown.
        assert_eq!(
            escape("Work` <img src=x> *a*"),
            "`` Work` `` `<img` `src=x>` `*a*`"
        );
        assert_eq!(escape("`a`<b> c"), "`a``<b>` c");
        assert_eq!(escape("&lt;script&gt;"), "`&lt;script&gt`;");
    }

    #[test]
    fn references_are_dropped_other_parentheses_kept() {
        assert_eq!(
            without_references("breaks sign-in (easylist/easylist#23185). It (really) does"),
            "breaks sign-in. It (really) does"
        );
        assert_eq!(without_references("a (b#1)"), "a (b#1)");
        assert_eq!(without_references("x (o/r#1, p/q#22)"), "x");
    }

    #[test]
    fn code_survives_backticks() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a\\u{a}b`");
    }
}
