//! What discovery finds: browsers ([`Install`]), their profiles ([`Profile`]) and the version
//! found on disk ([`FoundVersion`]). Data types only, so discovery, version detection and every
//! reader above can share them.

use std::path::PathBuf;

use super::spec::{self as paths, CHROMIUM, FIREFOX, Packaging};

/// A version found on disk, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundVersion {
    /// As the browser wrote it (`131.0.6778.85`, `140.5.0esr`).
    pub version: String,
    pub major: u32,
    /// Where it was read, e.g. `~/.config/chromium/Last Version`.
    pub source: String,
    /// The build says it is an ESR (`esr` in the version, or installed in a `firefox-esr` folder
    /// per `compatibility.ini`'s `LastPlatformDir` or the `application.ini` path).
    pub esr_build: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Chromium,
    Firefox,
    Safari,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Chromium => "chromium",
            Family::Firefox => "firefox",
            Family::Safari => "safari",
        }
    }
}

/// One browser profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The folder name (`Default`, `Profile 1`, `abcd1234.default-release`): `subject.profile`.
    pub id: String,
    /// The name the user gave it, where the browser records one.
    pub name: Option<String>,
    pub path: PathBuf,
    /// The profile the browser opens by default.
    pub is_default: bool,
    /// Firefox: found on disk but not listed in `profiles.ini`.
    pub orphan: bool,
}

/// One installed browser: a data folder, a program, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Install {
    /// `subject.browser`: the spec's key plus a packaging suffix (`chromium-snap`).
    pub key: String,
    pub name: String,
    pub family: Family,
    pub packaging: Packaging,
    /// The user-data folder (Chromium) or profile root (Firefox); Safari's container.
    pub data_dir: Option<PathBuf>,
    /// The program found under `--root`, if any.
    pub program: Option<PathBuf>,
    pub profiles: Vec<Profile>,
    /// Set when the data folder exists but cannot be listed.
    pub unreadable: Option<String>,
    /// Problems with the files that list profiles (malformed `Local State`, bad paths, ...).
    pub problems: Vec<String>,
    /// The version found on disk, best source first.
    pub version: Option<FoundVersion>,
    /// Index into `paths::CHROMIUM` or `paths::FIREFOX`.
    pub spec: usize,
    /// Firefox's Extended Support Release (judged by its line's end of life).
    pub esr: bool,
    /// Profiles found past [`MAX_PROFILES`], not read (so not checked).
    pub profiles_not_read: usize,
    /// Chromium family: the secure-DNS settings of `Local State`, which every profile shares.
    pub secure_dns: Option<LocalStateDns>,
    /// One of OpenAI's ChatGPT apps, not a browser ([`paths::ChromiumSpec::app`]): only the
    /// cookie and site-data checks judge it.
    pub app: bool,
}

/// Chromium's own resolver settings in `Local State` (browser-wide): `dns_over_https.mode`
/// (`off`, `automatic`, `secure`; anything else is `off`) and `dns_over_https.templates` (URI
/// templates separated by spaces), as Chromium's `chrome/common/pref_names.h` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalStateDns {
    /// `Local State`, as displayed.
    pub shown: String,
    /// The file exists (a new user-data folder may have none yet).
    pub found: bool,
    /// The mode and templates (each unset when absent; both when the file does not exist), or
    /// why the file could not be used.
    pub read: Result<(Option<String>, Option<String>), String>,
}

/// The most profiles read per browser (in the browser's order: `Default`, `Profile 1`, ... for
/// Chromium; `profiles.ini` order, then unlisted folders, for Firefox). People have a handful.
pub const MAX_PROFILES: usize = 100;

impl Install {
    /// A new install with no folder, program, profiles or version yet.
    pub fn new(
        key: String,
        name: &str,
        family: Family,
        packaging: Packaging,
        spec: usize,
    ) -> Install {
        Install {
            key,
            name: name.to_string(),
            family,
            packaging,
            data_dir: None,
            program: None,
            profiles: Vec::new(),
            unreadable: None,
            problems: Vec::new(),
            version: None,
            spec,
            esr: false,
            profiles_not_read: 0,
            secure_dns: None,
            app: false,
        }
    }

    pub fn chromium_spec(&self) -> Option<&'static paths::ChromiumSpec> {
        (self.family == Family::Chromium).then(|| &CHROMIUM[self.spec])
    }
    pub fn firefox_spec(&self) -> Option<&'static paths::FirefoxSpec> {
        (self.family == Family::Firefox).then(|| &FIREFOX[self.spec])
    }
    /// The pages and menus its fixes name, from its spec ([`paths::SAFARI_UI`] for Safari).
    pub fn ui(&self) -> &'static paths::Ui {
        match self.family {
            Family::Chromium => &CHROMIUM[self.spec].ui,
            Family::Firefox => &FIREFOX[self.spec].ui,
            Family::Safari if self.app => &paths::APP_UI,
            Family::Safari => &paths::SAFARI_UI,
        }
    }
    /// Where it reads enterprise policies, from its spec; `None` when login-check does not know.
    pub fn policies(&self) -> Option<&'static paths::PolicySpec> {
        match self.family {
            Family::Chromium => CHROMIUM[self.spec].policies.as_ref(),
            Family::Firefox => Some(&FIREFOX[self.spec].policies),
            Family::Safari => None,
        }
    }
}

/// Everything discovery found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub installs: Vec<Install>,
}

impl Discovery {
    pub fn by_family(&self, family: Family) -> impl Iterator<Item = &Install> {
        self.browsers().filter(move |i| i.family == family)
    }

    /// The browsers found: every install but OpenAI's ChatGPT apps.
    pub fn browsers(&self) -> impl Iterator<Item = &Install> {
        self.installs.iter().filter(|i| !i.app)
    }
}
