//! The human report on whole homes, as a person runs it: the default text, `-v` and Markdown as
//! snapshots on a home with several problems, a healthy one, and one without a network; and the
//! layout rules (the default text at most 50 lines, no line past the width, words never split;
//! the Markdown short and free of JSON, HTML and stray escapes).

mod common;

use std::net::TcpListener;

use common::{Fixture, homes, https::PROBED_HOSTS};

/// `--resolve` for every host login-check reaches (the probed hosts and the browser-version
/// lookups) to a loopback port nobody listens on: no network at all, nothing leaves the machine.
fn no_network() -> Vec<String> {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    PROBED_HOSTS
        .iter()
        .chain(&[
            "versionhistory.googleapis.com",
            "product-details.mozilla.org",
        ])
        .flat_map(|h| ["--resolve".to_string(), format!("{h}:443:127.0.0.1:{port}")])
        .collect()
}

/// Runs the binary with colour off and no `COLUMNS`, and returns its standard output with the
/// header's machine-specific OS description replaced.
fn run(f: &Fixture, args: &[&str], extra: &[String]) -> String {
    let out = f
        .cmd("linux")
        .args(["--color", "never"])
        .args(args)
        .args(extra)
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(first) = lines.first_mut() {
        if first.starts_with("login-check ") {
            if let Some(i) = first.rfind(" · ") {
                first.replace_range(i.., " · <os>, <arch>");
            }
        }
    }
    let text = lines.join("\n") + "\n";
    text.replace(std::env::consts::ARCH, "<arch>")
        .replace(&os_line(), "<os>")
}

/// The OS description login-check puts in the Markdown table, as the JSON report gives it.
fn os_line() -> String {
    let f = Fixture::new();
    let (r, _) = f.report("linux", &["--offline", "--only", "browser.installed"]);
    let sys = &r["system"];
    match (sys["os_name"].as_str(), sys["os_version"].as_str()) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.to_string(),
        _ => sys["os"].as_str().unwrap_or("").to_string(),
    }
}

#[test]
fn text_report_of_a_troubled_home() {
    let f = homes::troubled();
    insta::assert_snapshot!("troubled_text", run(&f, &["--offline"], &[]));
}

#[test]
fn verbose_report_of_a_troubled_home() {
    let f = homes::troubled();
    insta::assert_snapshot!("troubled_verbose", run(&f, &["--offline", "-v"], &[]));
}

#[test]
fn markdown_report_of_a_troubled_home() {
    let f = homes::troubled();
    insta::assert_snapshot!(
        "troubled_markdown",
        run(&f, &["--offline", "--format", "markdown"], &[])
    );
}

#[test]
fn text_and_markdown_of_a_healthy_home() {
    let f = homes::healthy();
    insta::assert_snapshot!("healthy_text", run(&f, &["--offline"], &[]));
    insta::assert_snapshot!(
        "healthy_markdown",
        run(&f, &["--offline", "--format", "markdown"], &[])
    );
}

#[test]
fn without_a_network_the_network_is_the_first_cause_and_said_once() {
    let f = homes::healthy();
    let text = run(&f, &["--timeout", "2"], &no_network());
    insta::assert_snapshot!("no_network_text", text);
}

/// Every width rule on every home: at most 50 lines of default text (the ticket facts add at most
/// 8 more when ticket flags are given), no line wider than 80 columns or `COLUMNS`, words never
/// split (only a word longer than a line, a URL, stands alone past it), no check id or path
/// without `-v`, no `(s)` plurals and no OS error numbers.
#[test]
fn the_default_text_fits_a_screen_on_every_home() {
    let homes = [
        ("troubled", homes::troubled(), vec!["--offline".to_string()]),
        ("healthy", homes::healthy(), vec!["--offline".to_string()]),
        ("no network", homes::healthy(), {
            let mut a = no_network();
            a.extend(["--timeout".to_string(), "2".to_string()]);
            a
        }),
    ];
    let ticket = [
        "--error",
        "Something went wrong",
        "--auth-method",
        "google",
        "--tried",
        "cleared-cookies",
    ];
    for (name, f, extra) in &homes {
        for (columns, width) in [(None, 80), (Some("60"), 60), (Some("120"), 120)] {
            for with_ticket in [false, true] {
                let mut cmd = f.cmd("linux");
                cmd.args(["--color", "never"])
                    .args(extra)
                    .env_remove("COLUMNS");
                if with_ticket {
                    cmd.args(ticket);
                }
                if let Some(c) = columns {
                    cmd.env("COLUMNS", c);
                }
                let text = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
                let lines = text.lines().count();
                let most = if with_ticket { 58 } else { 50 };
                if width == 80 {
                    assert!(lines <= most, "{name}: {lines} lines:\n{text}");
                }
                for l in text.lines().skip(1) {
                    assert!(
                        l.chars().count() <= width || !l.trim().contains(' '),
                        "{name}: wider than {width}: {l:?}\n{text}"
                    );
                }
                for never in [
                    "(s)",
                    "os error",
                    "cookies.expired",
                    "cookies.conflict",
                    "network.dns",
                    "network.reachability",
                    "settings.cookies_blocked",
                    "extensions.interfering",
                    "browser.version",
                    "~/",
                    "{\"",
                ] {
                    assert!(!text.contains(never), "{name}: {never:?} in\n{text}");
                }
                assert_eq!(
                    text.contains("For the support ticket"),
                    with_ticket,
                    "{name}:\n{text}"
                );
                if with_ticket {
                    assert!(
                        text.contains("Sign-in method: Continue with Google"),
                        "{text}"
                    );
                }
            }
        }
    }
}

/// The Markdown for the troubled home: about 60 lines; the facts first; no JSON, HTML,
/// entities or backslash escapes; the `--tried` step the findings contradict is flagged with
/// the finding.
#[test]
fn the_markdown_is_short_clean_and_starts_with_the_facts() {
    let f = homes::troubled();
    let md = run(
        &f,
        &[
            "--offline",
            "--format",
            "markdown",
            "--error",
            "Something went wrong. <b>Try</b> again & again",
            "--tried",
            "cleared-cookies",
            "--tried",
            "incognito",
        ],
        &[],
    );
    let lines = md.lines().count();
    assert!(lines <= 70, "{lines} lines:\n{md}");
    let table = md.find("| Error message |").unwrap();
    let problems = md.find("## Problems").unwrap();
    assert!(table < problems, "{md}");
    for never in [
        "{\"", "&amp;", "&lt;", "<details", "<br>", "\\_", "\\#", "\\*", "\\[",
    ] {
        assert!(!md.contains(never), "{never:?} in:\n{md}");
    }
    assert!(
        md.contains("`Something went wrong. <b>Try</b> again & again`"),
        "{md}"
    );
    let tried = md
        .lines()
        .find(|l| l.starts_with("| Steps already tried"))
        .unwrap();
    assert!(
        tried.contains("`cleared-cookies` — but the report found: ")
            && tried.contains("Chromium › Person 1: conflicting copies of auth0"),
        "{tried}"
    );
    assert!(
        tried.contains("`incognito` — but the report found: Chromium: AdBlock"),
        "{tried}"
    );
}

/// Names read from files cannot turn the Markdown into HTML or links: a profile named with a
/// lone backtick, a tag, a link and a table pipe shows as typed, inside code.
#[test]
fn names_from_files_stay_text_in_the_markdown() {
    let f = homes::troubled();
    let name = "Work` <img src=x> [a](http://e.test) *b*|c";
    f.chromium(".config/chromium")
        .local_state(&[("Default", name)], "Default");
    let md = run(&f, &["--offline", "--format", "markdown"], &[]);
    // Outside code spans (split on backtick runs), nothing Markdown or HTML acts on.
    for line in md.lines().filter(|l| l.contains("img")) {
        // A code span opens with a run of backticks and closes with a run of the same length.
        let mut outside = String::new();
        let mut fence: Option<usize> = None;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '`' {
                let mut n = 1;
                while chars.peek() == Some(&'`') {
                    chars.next();
                    n += 1;
                }
                fence = match fence {
                    None => Some(n),
                    Some(f) if f == n => None,
                    open => open,
                };
                continue;
            }
            if fence.is_none() {
                outside.push(c);
            }
        }
        for bad in ["<img", "](", "*b*"] {
            assert!(!outside.contains(bad), "{bad:?} outside code in {line:?}");
        }
    }
    assert!(md.contains("img"), "{md}");
}

/// Without a network, no OS error number reaches any format.
#[test]
fn os_errors_are_words_in_every_format() {
    let f = homes::healthy();
    let mut args = no_network();
    args.extend(["--timeout".to_string(), "2".to_string()]);
    for fmt in [
        &["-v"][..],
        &["--format", "json"],
        &["--format", "markdown"],
    ] {
        let out = run(&f, fmt, &args);
        assert!(!out.contains("os error"), "{out}");
        if fmt[0] != "--format" || fmt[1] == "json" {
            assert!(out.contains("connection refused"), "{out}");
        }
    }
}
