//! The command: parse arguments, build the context, run the checks, render, pick the exit code.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::checks;
use crate::cli::{Cli, Command};
use crate::context::{Context, NetOptions, OsFamily, ResolveOverride, SystemRunner};
use crate::facts::Facts;
use crate::model::TicketInput;
use crate::model::{Privacy, Report, SCHEMA_VERSION, Summary, ToolInfo};
use crate::report::redact::{Known, Redactor};
use crate::report::render::color::{self, Painter};
use crate::report::render::{self, Format};
use crate::runner;

/// Exit codes (documented in `--help` and docs/cli.md). An interrupted run (Ctrl-C) ends with
/// 130.
pub mod exit {
    /// No check failed.
    pub const OK: u8 = 0;
    /// At least one check failed.
    pub const FAILED: u8 = 1;
    /// Usage error.
    pub const USAGE: u8 = 2;
    /// login-check itself broke.
    pub const INTERNAL: u8 = 3;
}

/// Per-user directory variables that, under `--home`, are kept only when they point inside it
/// (so a fixture home is never mixed with the real user's folders).
const PER_USER_DIR_VARS: &[&str] = &[
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "CHROME_CONFIG_HOME",
    "CHROME_USER_DATA_DIR",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
    "HOME",
];

/// glibc keeps up to 8 malloc arenas per core, one per thread that allocates; the checks run on
/// many short-lived threads, and the memory they free stays in those arenas (about a quarter of
/// the peak on a heavy home, docs/performance.md). Four arenas are enough and faster.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called first in `main`, before any other thread exists; mallopt only sets a limit.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 4);
    }
}

/// The binary's entry point: runs, and turns a crash of the tool itself into exit code 3.
pub fn main_entry() -> ExitCode {
    limit_malloc_arenas();
    install_panic_hook();
    // Ctrl-C or SIGTERM: remove every temporary copy, then stop (130, as shells report SIGINT).
    // Closing (not only removing) the process folder makes a reader still copying get an error
    // instead of a new folder that nothing would remove.
    let _ = ctrlc::set_handler(|| {
        crate::io::sqlite::close_temp_root();
        eprintln!("\nlogin-check: interrupted; temporary copies removed.");
        std::process::exit(130);
    });
    let args: Vec<OsString> = std::env::args_os().collect();
    let outcome = std::panic::catch_unwind(|| run(args));
    // Every report's data is dropped by now (on Windows an open copy cannot be deleted).
    crate::io::sqlite::close_temp_root();
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(_) => {
            eprintln!("login-check itself broke (see the message above); please report it.");
            ExitCode::from(exit::INTERNAL)
        }
    }
}

/// Keeps panics inside checks quiet (they become `unknown` results); anything else is printed.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_check = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(runner::CHECK_THREAD_PREFIX));
        if !in_check {
            default(info);
        }
    }));
}

struct UsageError(String);

/// Runs the command with these arguments (the first is the program name); returns the exit code.
pub fn run(args: Vec<OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "login-check", &mut out);
            return write_stdout(&out);
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
                eprintln!("login-check: could not render the man page: {e}");
                return exit::INTERNAL;
            }
            return write_stdout(&out);
        }
        Some(Command::Explain { message }) => return explain(&message.join(" "), cli.format),
        None => {}
    }
    let env: BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();

    let selected = match checks::select(checks::all().to_vec(), &cli.only, &cli.skip) {
        Ok(s) => s,
        Err(e) => return usage(UsageError(e)),
    };
    if cli.list_checks {
        return list_checks(&selected, cli.format);
    }
    let facts = match build_context(&cli, env.clone()) {
        Ok(ctx) => Arc::new(Facts::new(
            ctx,
            TicketInput {
                error: cli.error.clone(),
                auth_method: cli.auth_method,
                others_affected: cli.others_affected,
                tried: cli.tried.clone(),
            },
        )),
        Err(e) => return usage(e),
    };
    let ctx = &facts.ctx;

    let stderr_tty = std::io::stderr().is_terminal();
    let mut spinner = render::progress::Spinner::new(
        stderr_tty && env.get("TERM").map(String::as_str) != Some("dumb"),
    );
    let mut results = runner::run(&facts, &selected, &mut spinner);
    crate::report::consistency::settle(&mut results);

    let system = crate::sources::system::collect(ctx.os);
    let ticket = crate::report::ticket::build(&facts.user, &results, &system, facts.discovery());
    let generated_at = ctx.now.format(&Rfc3339).unwrap_or_default();
    // What was read (cookie jars, preferences, inventories) is no longer needed: freed before
    // the report is redacted and rendered, which is when a run holds the most.
    drop(facts);
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "login-check".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        generated_at,
        system,
        summary: Summary::of(&results),
        checks: results,
        ticket,
        privacy: Privacy::statement(!cli.no_redact, Default::default()),
    };
    // Credentials in URLs are removed in every mode.
    crate::report::redact::scrub_credentials(&mut report);
    if cli.no_redact {
        eprintln!(
            "login-check: --no-redact: user and host names, e-mail and IP addresses are shown as they are. \
             Cookie values and passwords are never collected."
        );
    } else {
        let mut r = Redactor::new(known_personal_data(&env, &report));
        r.redact_report(&mut report);
        report.privacy.replaced = r
            .counts()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    }
    let code = if report.has_failure() {
        exit::FAILED
    } else {
        exit::OK
    };

    let getenv = |k: &str| env.get(k).cloned();
    let width = text_width(&env);
    let stdout_color = color::enabled(cli.color, getenv, std::io::stdout().is_terminal());
    match &cli.output {
        Some(path) => {
            // The file never gets colour codes.
            let body = render_report(&report, cli.format, false, cli.verbose, 80);
            if let Err(e) = write_report(path, body.as_bytes()) {
                eprintln!(
                    "login-check: could not write the report to {}: {e}",
                    render::clean(&path.display().to_string())
                );
                return exit::INTERNAL;
            }
            let p = Painter { on: stdout_color };
            let mut out = render::text::summary_block(&report, p)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            out.push_str(&format!(
                "\nReport written to {}.\n",
                render::clean(&path.display().to_string())
            ));
            let w = write_stdout(out.as_bytes());
            if w != exit::OK { w } else { code }
        }
        None => {
            let body = render_report(&report, cli.format, stdout_color, cli.verbose, width);
            let w = write_stdout(body.as_bytes());
            if w != exit::OK { w } else { code }
        }
    }
}

/// The text report's width: `COLUMNS` when set, else the terminal's width on a TTY, else 80.
fn text_width(env: &BTreeMap<String, String>) -> usize {
    if let Some(n) = env
        .get("COLUMNS")
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        if n > 0 {
            return n;
        }
    }
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w);
        }
    }
    80
}

/// Files that make a folder a browser's profile (or user-data) folder: `--output` never writes
/// there.
pub const PROFILE_MARKERS: &[&str] = &[
    "Cookies",
    "cookies.sqlite",
    "Preferences",
    "prefs.js",
    "Local State",
    "profiles.ini",
];

/// Writes the `--output` file safely: refuses a browser's profile folder (one holding any of
/// [`PROFILE_MARKERS`]) and a folder as the target; writes a new private temporary file in the
/// target's folder, then renames it over the name. The rename replaces a symlink at the final
/// component instead of following it, so the symlink's target is never written (a symlink
/// planted in a shared folder like `/tmp` cannot redirect the report onto another file).
pub fn write_report(path: &Path, body: &[u8]) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let name = path
        .file_name()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&parent)?;
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::NotADirectory, "not a folder"));
    }
    if let Some(m) = PROFILE_MARKERS
        .iter()
        .find(|m| std::fs::symlink_metadata(dir.join(m)).is_ok())
    {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            format!(
                "{} is a browser's profile folder (it holds `{m}`); login-check never writes there, choose another folder",
                render::clean(&dir.display().to_string())
            ),
        ));
    }
    let target = dir.join(name);
    if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        return Err(Error::new(ErrorKind::IsADirectory, "it is a folder"));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".login-check-report-")
        .tempfile_in(&dir)?;
    tmp.write_all(body)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The user name, real home folder and host name to redact.
fn known_personal_data(env: &BTreeMap<String, String>, report: &Report) -> Known {
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| env.get(*k).filter(|v| !v.is_empty()).cloned());
    Known {
        home: dirs::home_dir().map(|h| h.display().to_string()),
        user,
        host: report.system.hostname.clone(),
    }
}

fn explain(message: &str, format: Format) -> u8 {
    let e = crate::report::explain::explain(message);
    let body = match format {
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&json!({"message": message, "explanation": e}))
                    .unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Markdown => {
            let mut s = format!(
                "## {}\n\n**Why:** {}\n\n",
                crate::report::render::markdown::escape(&e.title),
                crate::report::render::markdown::escape(&e.cause)
            );
            for (i, step) in e.steps.iter().enumerate() {
                s.push_str(&format!(
                    "{}. {}\n",
                    i + 1,
                    crate::report::render::markdown::escape(step)
                ));
            }
            s
        }
        Format::Text => crate::report::explain::render_text(message, &e),
    };
    write_stdout(body.as_bytes())
}

fn render_report(
    report: &Report,
    format: Format,
    color: bool,
    verbose: bool,
    width: usize,
) -> String {
    match format {
        Format::Text => render::text::render(
            report,
            render::text::TextOptions {
                color,
                verbose,
                width,
            },
        ),
        Format::Json => render::json::render(report),
        Format::Markdown => render::markdown::render(report),
    }
}

fn usage(e: UsageError) -> u8 {
    eprintln!("login-check: error: {}", e.0);
    eprintln!("\nFor more information, try '--help'.");
    exit::USAGE
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => exit::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            eprintln!("login-check: could not write to standard output: {e}");
            exit::INTERNAL
        }
    }
}

fn list_checks(selected: &[&checks::Check], format: Format) -> u8 {
    let body = match format {
        Format::Json => {
            let list: Vec<Value> = selected
                .iter()
                .map(|c| {
                    json!({"id": c.id, "category": c.category.as_str(), "network": c.network, "description": c.summary})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text | Format::Markdown => {
            let width = selected.iter().map(|c| c.id.len()).max().unwrap_or(0);
            let mut s = String::new();
            for c in selected {
                let net = if c.network { " (network)" } else { "" };
                s.push_str(&format!("{:width$}  {}{net}\n", c.id, c.summary));
            }
            s
        }
    };
    write_stdout(body.as_bytes())
}

fn build_context(cli: &Cli, mut env: BTreeMap<String, String>) -> Result<Context, UsageError> {
    let home = match &cli.home {
        Some(h) => {
            if !h.is_dir() {
                return Err(UsageError(format!(
                    "--home {}: not a directory",
                    h.display()
                )));
            }
            let h = absolute(h);
            env.retain(|k, v| {
                !PER_USER_DIR_VARS.contains(&k.as_str()) || Path::new(v).starts_with(&h)
            });
            h
        }
        None => dirs::home_dir().ok_or_else(|| {
            UsageError("could not find your home directory; pass --home DIR".to_string())
        })?,
    };
    let root = match &cli.root {
        Some(r) => {
            if !r.is_dir() {
                return Err(UsageError(format!(
                    "--root {}: not a directory",
                    r.display()
                )));
            }
            absolute(r)
        }
        None => default_root(&env),
    };
    let os = cli
        .os
        .as_deref()
        .and_then(OsFamily::parse)
        .unwrap_or_else(OsFamily::current);
    let now = match env.get("LOGIN_CHECK_NOW").filter(|v| !v.is_empty()) {
        Some(v) => OffsetDateTime::parse(v, &Rfc3339).map_err(|e| {
            UsageError(format!(
                "LOGIN_CHECK_NOW=`{v}` is not an RFC 3339 time ({e}); e.g. 2026-11-24T12:00:00Z"
            ))
        })?,
        None => OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| OffsetDateTime::now_utc()),
    };
    let mut resolve = Vec::new();
    for r in &cli.resolve {
        resolve.push(ResolveOverride::parse(r).map_err(|e| UsageError(format!("--resolve {e}")))?);
    }
    if let Some(ca) = &cli.ca_file {
        if !ca.is_file() {
            return Err(UsageError(format!(
                "--ca-file {}: not a readable file",
                ca.display()
            )));
        }
    }
    let net = NetOptions {
        offline: cli.offline,
        timeout: Duration::from_secs_f64(cli.timeout),
        resolve,
        ca_file: cli.ca_file.as_ref().map(|p| absolute(p)),
        ..NetOptions::default()
    };
    let mut ctx = Context::new(home, root, os, env, now, net, Arc::new(SystemRunner));
    ctx.live = cli.home.is_none() && cli.root.is_none() && cli.os.is_none();
    if cli.home.is_some() {
        ctx.confined_to.push(ctx.home.clone());
        if cli.root.is_some() {
            ctx.confined_to.push(ctx.root.clone());
        }
    }
    Ok(ctx)
}

fn default_root(env: &BTreeMap<String, String>) -> PathBuf {
    if cfg!(windows) {
        let drive = env.get("SystemDrive").map(String::as_str).unwrap_or("C:");
        PathBuf::from(format!("{drive}\\"))
    } else {
        PathBuf::from("/")
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
