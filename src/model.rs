//! The report model: what a check finds, and the report that collects it.
//!
//! This is the contract behind `--format json` (see `docs/report-format.md`). Renderers in
//! [`crate::report::render`] only read these types; probes only build them.

use serde::Serialize;
use serde_json::{Map, Value};

/// `n` and the noun, in the singular or the plural: `plural(1, "cookie", "cookies")` is
/// `1 cookie`, `plural(3, ...)` is `3 cookies`. Report text never says `cookie(s)`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The outcome of one check for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing here stands in the way of signing in.
    Pass,
    /// Something here can get in the way; worth fixing if sign-in fails.
    Warn,
    /// Something here is known to break sign-in.
    Fail,
    /// The check did not run (offline, not selected for this subject, nothing to look at).
    Skip,
    /// The check could not decide (unreadable input, an error, a crash): the reason is in `detail`.
    Unknown,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Skip,
        Status::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
            Status::Unknown => "unknown",
        }
    }

    /// How much attention a result needs: fail first, then unknown, warn, pass, skip.
    pub fn severity(self) -> u8 {
        match self {
            Status::Fail => 4,
            Status::Unknown => 3,
            Status::Warn => 2,
            Status::Pass => 1,
            Status::Skip => 0,
        }
    }
}

/// The report's sections, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Browsers,
    Cookies,
    SiteData,
    Extensions,
    Settings,
    Network,
    Account,
    Apps,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Browsers,
        Category::Cookies,
        Category::SiteData,
        Category::Extensions,
        Category::Settings,
        Category::Network,
        Category::Account,
        Category::Apps,
    ];

    /// The lower-case name used in JSON, `--only` and `--skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Browsers => "browsers",
            Category::Cookies => "cookies",
            Category::SiteData => "site_data",
            Category::Extensions => "extensions",
            Category::Settings => "settings",
            Category::Network => "network",
            Category::Account => "account",
            Category::Apps => "apps",
        }
    }

    /// The heading used in human output.
    pub fn heading(self) -> &'static str {
        match self {
            Category::Browsers => "Browsers",
            Category::Cookies => "Cookies",
            Category::SiteData => "Site data",
            Category::Extensions => "Extensions",
            Category::Settings => "Settings",
            Category::Network => "Network",
            Category::Account => "Account",
            Category::Apps => "Apps",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What a per-profile result is about. Checks that are not per profile have no subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Subject {
    /// A stable browser key: `chrome`, `chrome-beta`, `edge`, `firefox`, `safari`, ...
    pub browser: String,
    /// The profile's folder name (`Default`, `Profile 1`, `abcd.default-release`), or null for
    /// results about the browser as a whole.
    pub profile: Option<String>,
}

impl Subject {
    pub fn browser(browser: impl Into<String>) -> Self {
        Subject {
            browser: browser.into(),
            profile: None,
        }
    }

    pub fn profile(browser: impl Into<String>, profile: impl Into<String>) -> Self {
        Subject {
            browser: browser.into(),
            profile: Some(profile.into()),
        }
    }
}

/// One result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check's stable dotted id, e.g. `cookies.oversize`.
    pub id: String,
    pub category: Category,
    pub status: Status,
    pub subject: Option<Subject>,
    /// One line: what was found, in words a user understands.
    pub title: String,
    /// More about what was looked at and what was found.
    pub detail: String,
    /// The facts that led to the status, as a JSON object.
    pub evidence: Map<String, Value>,
    /// What to do about it; null on pass (and on skip).
    pub fix: Option<String>,
}

impl CheckResult {
    pub fn new(
        id: &str,
        category: Category,
        status: Status,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        CheckResult {
            id: id.to_string(),
            category,
            status,
            subject: None,
            title: title.into(),
            detail: detail.into(),
            evidence: Map::new(),
            fix: None,
        }
    }

    pub fn with_subject(mut self, subject: Option<Subject>) -> Self {
        self.subject = subject;
        self
    }

    /// Adds one fact to `evidence`.
    pub fn evidence(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.evidence.insert(key.to_string(), value.into());
        self
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// Counts of results by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub skip: usize,
    pub unknown: usize,
}

impl Summary {
    pub fn of(results: &[CheckResult]) -> Summary {
        let mut s = Summary::default();
        for r in results {
            match r.status {
                Status::Pass => s.pass += 1,
                Status::Warn => s.warn += 1,
                Status::Fail => s.fail += 1,
                Status::Skip => s.skip += 1,
                Status::Unknown => s.unknown += 1,
            }
        }
        s
    }

    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Pass => self.pass,
            Status::Warn => self.warn,
            Status::Fail => self.fail,
            Status::Skip => self.skip,
            Status::Unknown => self.unknown,
        }
    }
}

/// The tool that wrote the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// Facts about the machine the tool ran on (and the OS layout it inspected).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemInfo {
    /// The OS family the tool ran on: `linux`, `macos` or `windows`.
    pub os: String,
    /// The distribution or product name, e.g. `Debian GNU/Linux`, `Windows`, `Darwin`.
    pub os_name: Option<String>,
    /// The OS version, e.g. `12`, `14.5`, `11 (22631)`.
    pub os_version: Option<String>,
    pub kernel_version: Option<String>,
    /// The CPU architecture, e.g. `x86_64`, `aarch64`.
    pub arch: String,
    /// The OS family whose browser layout was inspected (differs from `os` with `--os`).
    pub inspected_os: String,
    /// The machine's name (redacted to `host1` unless `--no-redact`).
    pub hostname: Option<String>,
}

/// What the report collected and what it hid: stated at the top of every shared report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Privacy {
    /// Personal data was replaced by tokens (`--no-redact` turns this off).
    pub redacted: bool,
    /// How many distinct values of each kind were replaced (`user`, `host`, `email`, `ip`,
    /// `mac`, `sid`).
    pub replaced: std::collections::BTreeMap<String, usize>,
    pub collected: Vec<String>,
    pub never_collected: Vec<String>,
}

impl Privacy {
    pub fn statement(
        redacted: bool,
        replaced: std::collections::BTreeMap<String, usize>,
    ) -> Privacy {
        Privacy {
            redacted,
            replaced,
            collected: [
                "browser names, versions, profile folders and profile names",
                "names, domains, paths, sizes and dates of the cookies of OpenAI's sites",
                "whether a password is saved for OpenAI's sites (the site only), and which sign-in providers have cookies",
                "extension names, IDs, versions and whether they are on",
                "browser settings and policies about cookies, JavaScript and private windows",
                "network interface names and addresses, proxy settings, and how connections to OpenAI's hosts went",
                "the operating system, its version, the architecture and the machine's name",
            ]
            .map(String::from)
            .to_vec(),
            never_collected: [
                "cookie values",
                "passwords and saved user names",
                "session or access tokens",
                "browsing history and page contents",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// The report: everything one run found. Serialises to the JSON contract (schema version 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub generated_at: String,
    pub system: SystemInfo,
    /// What was collected and what was redacted.
    pub privacy: Privacy,
    pub summary: Summary,
    pub checks: Vec<CheckResult>,
    /// The support-ticket section (docs/report-format.md › Ticket).
    pub ticket: Map<String, Value>,
}

pub const SCHEMA_VERSION: u32 = 1;

impl Report {
    /// Worst status in the report, used for the exit code.
    pub fn has_failure(&self) -> bool {
        self.summary.fail > 0
    }
}

// What the user told us (the ticket flags): read by `account.signin_method` and the ticket.

/// `--auth-method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    /// E-mail (user name) and password.
    Password,
    /// Continue with Google.
    Google,
    /// Continue with Microsoft.
    Microsoft,
    /// Continue with Apple.
    Apple,
    /// Continue with phone.
    Phone,
    /// Single sign-on through an organisation.
    Sso,
}

impl AuthMethod {
    pub fn label(self) -> &'static str {
        match self {
            AuthMethod::Password => "e-mail and password",
            AuthMethod::Google => "Continue with Google",
            AuthMethod::Microsoft => "Continue with Microsoft",
            AuthMethod::Apple => "Continue with Apple",
            AuthMethod::Phone => "Continue with phone",
            AuthMethod::Sso => "single sign-on (SSO)",
        }
    }

    /// The sign-in provider's name (`Google`), for the methods that have one.
    pub fn provider_name(self) -> &'static str {
        match self {
            AuthMethod::Google => "Google",
            AuthMethod::Microsoft => "Microsoft",
            AuthMethod::Apple => "Apple",
            _ => "",
        }
    }
}

/// `--others-affected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum OthersAffected {
    Yes,
    No,
    Unknown,
}

/// `--tried`: steps already taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Tried {
    /// Cleared the browser's cache and cookies.
    ClearedCookies,
    /// Used a private (incognito) window.
    Incognito,
    /// Tried another browser.
    OtherBrowser,
    /// Tried another device.
    OtherDevice,
    /// Tried another network.
    OtherNetwork,
    /// Turned the VPN off.
    VpnOff,
    /// Turned extensions off.
    ExtensionsOff,
    /// Reset the password.
    PasswordReset,
}

impl Tried {
    pub fn id(self) -> &'static str {
        match self {
            Tried::ClearedCookies => "cleared-cookies",
            Tried::Incognito => "incognito",
            Tried::OtherBrowser => "other-browser",
            Tried::OtherDevice => "other-device",
            Tried::OtherNetwork => "other-network",
            Tried::VpnOff => "vpn-off",
            Tried::ExtensionsOff => "extensions-off",
            Tried::PasswordReset => "password-reset",
        }
    }
}

/// What the user said, from the flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketInput {
    pub error: Option<String>,
    pub auth_method: Option<AuthMethod>,
    pub others_affected: Option<OthersAffected>,
    pub tried: Vec<Tried>,
}
