//! Command-line arguments. The same definition drives `--help`, shell completions and the man
//! page.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::render::Format;
use crate::report::render::color::ColorChoice;
use crate::report::ticket::{AuthMethod, OthersAffected, Tried};

const AFTER_HELP: &str = "\
Exit codes (the same in every --format):
  0  no check failed (warnings and unknowns allowed)
  1  at least one check failed
  2  usage error (a bad flag, value, check id, or LOGIN_CHECK_NOW)
  3  login-check itself broke (for example, --output could not be written)
  130  interrupted (Ctrl-C); temporary copies are removed first

Environment:
  LOGIN_CHECK_NOW   fix \"now\" (RFC 3339, e.g. 2026-11-24T12:00:00Z) for reproducible reports
  NO_COLOR, CLICOLOR, CLICOLOR_FORCE   colour rules for --color auto

login-check only reads: it never changes, locks or sends your browser data anywhere.";

/// Find out why you cannot sign in to OpenAI (ChatGPT, the API platform, DALL·E).
///
/// Checks your browsers, their OpenAI cookies, extensions and settings, and your network for the
/// problems OpenAI's help articles name, and says what to do about each one.
#[derive(Debug, Parser)]
#[command(name = "login-check", version, about, long_about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Report format: text for people, json for scripts, markdown for a support ticket.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,

    /// Write the report to FILE; the terminal still shows the summary.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to use colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Show everything each check looked at, not only what led to a warning or failure.
    #[arg(short, long)]
    pub verbose: bool,

    /// List every check id with a one-line description, then exit.
    #[arg(long)]
    pub list_checks: bool,

    /// Run only these checks or categories (ids or names, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "CHECK|CATEGORY")]
    pub only: Vec<String>,

    /// Do not run these checks or categories (ids or names, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "CHECK|CATEGORY")]
    pub skip: Vec<String>,

    /// Do not touch the network: network checks are reported as skipped.
    #[arg(long)]
    pub offline: bool,

    /// Total time limit for each network check, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 8.0, value_parser = parse_timeout)]
    pub timeout: f64,

    /// Use ADDR for HOST:PORT instead of DNS (curl style; repeatable). Recorded in the report.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,

    /// Also trust the root certificates in this PEM file. Recorded in the report.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,

    /// Inspect the browser data under DIR instead of your home directory.
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Treat DIR as the filesystem root for system-wide locations (/etc, /usr, /opt, /Applications,
    /// C:\Program Files).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Read --home and --root with this OS's layout (for a disk copied from another machine).
    #[arg(long, value_name = "OS", value_parser = ["linux", "macos", "windows"])]
    pub os: Option<String>,

    /// For the ticket: the exact error message you saw.
    #[arg(long, value_name = "TEXT", help_heading = "Ticket")]
    pub error: Option<String>,

    /// For the ticket: the sign-in method you tried.
    #[arg(long, value_enum, value_name = "METHOD", help_heading = "Ticket")]
    pub auth_method: Option<AuthMethod>,

    /// For the ticket: whether others in your organisation have the same problem.
    #[arg(long, value_enum, value_name = "ANSWER", help_heading = "Ticket")]
    pub others_affected: Option<OthersAffected>,

    /// For the ticket: steps you already tried (comma-separated or repeated).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "STEP",
        help_heading = "Ticket"
    )]
    pub tried: Vec<Tried>,

    /// Show personal data (user and host names, e-mail and IP addresses) instead of tokens.
    /// Cookie values and passwords are never collected, with or without this.
    #[arg(long, help_heading = "Ticket")]
    pub no_redact: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
    /// Explain an error message you saw while signing in: its cause and what to do.
    Explain {
        /// The message, as you saw it (part of it is enough).
        #[arg(required = true, num_args = 1.., value_name = "MESSAGE")]
        message: Vec<String>,
    },
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if v.is_finite() && v > 0.0 && v <= 600.0 {
        Ok(v)
    } else {
        Err("the timeout must be more than 0 and at most 600 seconds".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
