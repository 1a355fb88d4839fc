//! `browser.installed`, `browser.recommended`, `browser.version`.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::browsers::calendar::{FIREFOX_ESR, safari_current_major, safari_majors_behind};
use crate::browsers::discovery::{Family, Install, MAX_PROFILES};
use crate::browsers::lookup::{Current, CurrentReleases};
use crate::browsers::spec::{self as paths, Packaging, Scheme, Update};
use crate::browsers::version::FoundVersion;
use crate::checks::common::unreadable;
use crate::checks::declare::{Check, check};
use crate::context::Context;
use crate::facts::Facts;
use crate::model::{CheckResult, Status, Subject};

/// The Browsers section's introduction in `docs/checks.md`.
pub const INTRO: &str = r#"If no browser is found at all, each browser check gives one `warn` result, "No browser found",
whose fix says to run login-check as the person who signs in (or to point `--home` at their
folder)."#;

check! {
    /// *What it looks at:* every browser's data folder and program ([browsers.md](browsers.md)); in it,
    /// the profiles: Chromium's `Local State` (`profile.info_cache`: folder → name, and
    /// `profile.last_used`) plus every sub-folder holding `Preferences` or `Secure Preferences`; Firefox's
    /// `profiles.ini` (with `IsRelative`), `[Install…]` sections and `installs.ini` for the default,
    /// plus profile folders that hold `cookies.sqlite` or `prefs.js` but are not listed; Safari's
    /// container and its named profiles.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | The browser and its profiles were read. Also for a program that is installed but has no profile for this user yet. |
    /// | warn | The browser's own list of profiles is damaged: `Local State` or `profiles.ini` is not valid, a profile path leaves the profile folder (`..`) or points nowhere. Profiles are still found by their folders. The fix: restart the browser (it rewrites these files), or sign in from a new profile or a private window. |
    /// | warn | More profiles than login-check reads (100 per browser): only the first 100 were read and checked, the detail and `profiles_not_read` say how many were not. |
    /// | unknown | The data folder exists but cannot be read (permissions; on macOS, Full Disk Access). Nothing in it can be checked. |
    ///
    /// *Evidence:* `family` (`chromium`, `firefox`, `safari`), `packaging` (`native`, `snap`,
    /// `flatpak`, `store`), `data_dir`, `program`, `profiles` (`id`, `name`, `default`, and
    /// `listed: false` for a Firefox profile missing from `profiles.ini`), `problems`,
    /// `profiles_not_read`, `error`. Profile names longer than 200 characters are cut and end in `…`.
    pub static INSTALLED = {
        id: "browser.installed",
        category: Browsers,
        network: false,
        per: "installed browser",
        summary: "Which browsers and profiles are installed, and whether their data can be read",
        article: "Try a different browser or device: This can identify if the issue is browser-specific.",
        verdict: installed,
    }
}

check! {
    /// The help articles: "Use a desktop device with a modern browser: Browsers like Chrome or Edge are
    /// recommended for optimal compatibility", and the DALL·E article: try signing in "from a
    /// non-Firefox incognito window".
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Chrome (any channel) or Edge (any channel) is installed. |
    /// | warn | Neither is; the detail names what is installed, and, when only Firefox-based browsers are, repeats the DALL·E article's advice. |
    ///
    /// *Evidence:* `installed` (browser keys), `firefox_only`.
    pub static RECOMMENDED = {
        id: "browser.recommended",
        category: Browsers,
        network: false,
        per: "report",
        summary: "Chrome or Edge, the browsers the help articles recommend, is installed",
        article: "Use a desktop device with a modern browser: Browsers like Chrome or Edge are recommended for optimal compatibility.",
        verdict: recommended,
    }
}

check! {
    /// *Where the installed version comes from*, best first (`found_source` says which):
    ///
    /// 1. Chromium family: `<user data>/Last Version`, written by the browser at every start.
    ///    Firefox family: `LastVersion` in each profile's `compatibility.ini` (the newest wins), then the
    ///    install's `application.ini`.
    /// 2. macOS: the app bundle's `Contents/Info.plist` (`CFBundleShortVersionString`, XML or binary).
    /// 3. Windows, on the machine itself only: `HKCU` then `HKLM` `Software\<vendor>\BLBeacon\version`.
    /// 4. Linux: the program's `--version` (run with a 3-second limit, never through a shell).
    ///
    /// *The current release* (`current_source` says which): online, Chrome's versionhistory API
    /// (`versionhistory.googleapis.com`, for the inspected OS) and Mozilla's product-details
    /// (`product-details.mozilla.org`), each with a limit of the smaller of `--timeout` and 3 s, asked
    /// at the same time; offline, or when a lookup fails (`lookup_error` says why), an estimate from
    /// the release calendar kept as data in `src/browsers/calendar.rs`:
    ///
    /// - Chrome: a major every 4 weeks (mean 30.44 days, anchored on M110 = 2023-02-07) up to M152,
    ///   then every 2 weeks from M153 on 2026-09-08. Edge and Brave share Chromium's majors and are
    ///   compared with Chrome.
    /// - Firefox: anchors at 128, 140, 142, 147, 148, 153 and 154 with a major every 4 weeks between
    ///   them, then every 2 weeks from 155 on 2026-09-01. LibreWolf and Waterfox follow Firefox's
    ///   majors.
    /// - Firefox ESR: judged by its line's end of life, not by the release train: 115 (2027-03-31, only
    ///   for Windows 7–8.1 and macOS 10.12–10.14), 128 (2025-09-16), 140 (2026-09-29), 153 (no end date
    ///   announced). An ESR build is recognised by `esr` in its version, by `LastPlatformDir` or its
    ///   install folder being `firefox-esr` (Debian's `application.ini` says `153.7.0`, without `esr`).
    /// - Safari: one major a year in September (15, 16, 17, 18, then 26 in 2025), counted by majors
    ///   released since.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | At most 2 majors behind the current release, or a supported ESR line. |
    /// | warn | 3–4 majors behind. |
    /// | fail | 5 or more majors behind, or an ESR line past its end of life. |
    /// | unknown | No version could be found; or the browser numbers releases its own way (Opera, Vivaldi, Brave's `1.x` numbers) so its Chromium base cannot be told. The fix says where to see the version. |
    ///
    /// *Evidence:* `found_version`, `found_source`, `current_major`, `current_version` (online),
    /// `current_source`, `lookup_error`, `majors_behind`, `esr`, `current_esr_version` (online),
    /// `compared_with`.
    ///
    /// *Fix:* how to update that browser: its About page (`chrome://settings/help`,
    /// `edge://settings/help`, Help › About Firefox, ...), `sudo snap refresh` / `flatpak update` for
    /// those packages, the package manager for a distribution's Chromium or Firefox ESR, Software Update
    /// for Safari.
    pub static VERSION = {
        id: "browser.version",
        category: Browsers,
        network: false,
        per: "installed browser",
        summary: "Each browser is within two major versions of the current stable release",
        article: "Use a desktop device with a modern browser: Browsers like Chrome or Edge are recommended for optimal compatibility.",
        verdict: version,
    }
}

const NO_BROWSER_FIX: &str = "Run login-check as the person who signs in, on the computer they use \
(or point --home at that person's home folder). OpenAI recommends signing in from a desktop \
computer with Chrome or Edge.";

fn no_browser(check: &Check, ctx: &Context) -> CheckResult {
    check
        .result(
            Status::Warn,
            "No browser found",
            format!(
                "No browser data or program was found under {} (for {}).",
                ctx.display_path(&ctx.home),
                ctx.os.as_str()
            ),
        )
        .with_fix(NO_BROWSER_FIX)
}

fn profile_list(inst: &Install) -> Value {
    Value::Array(
        inst.profiles
            .iter()
            .map(|p| {
                let mut o = json!({"id": p.id, "name": p.name, "default": p.is_default});
                if p.orphan {
                    o["listed"] = json!(false);
                }
                o
            })
            .collect(),
    )
}

fn install_evidence(ctx: &Context, inst: &Install, r: CheckResult) -> CheckResult {
    r.evidence("family", inst.family.as_str())
        .evidence("packaging", inst.packaging.as_str())
        .evidence(
            "data_dir",
            inst.data_dir.as_ref().map(|d| ctx.display_path(d)),
        )
        .evidence(
            "program",
            inst.program.as_ref().map(|p| ctx.display_path(p)),
        )
}

/// `browser.installed`: every browser found, its profiles, and whether its data can be read.
fn installed(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let browsers: Vec<&Install> = facts.discovery().browsers().collect();
    if browsers.is_empty() {
        return vec![no_browser(&INSTALLED, ctx)];
    }
    browsers
        .iter()
        .map(|inst| {
            let subject = Some(Subject::browser(&inst.key));
            let r = if let Some(r) = unreadable(
                &INSTALLED,
                inst,
                format!("{}: its data folder cannot be read", inst.name),
                "Its cookies, extensions and settings cannot be checked.",
            ) {
                r
            } else if !inst.problems.is_empty() {
                INSTALLED.result(Status::Warn,
                    format!("{}: its profile list is damaged", inst.name),
                    "The browser's own record of its profiles could not be read fully (see problems), a sign of \
                     corrupted browser data; the profiles were found by their folders instead.",
                )
                .evidence("problems", inst.problems.clone())
                .evidence("profiles", profile_list(inst))
                .with_fix(format!(
                    "Quit {0} completely and start it again: it rewrites these files. If that does not help, \
                     sign in from a new {0} profile or a private window.",
                    inst.name
                ))
            } else if inst.data_dir.is_none() {
                INSTALLED.result(Status::Pass,
                    format!("{}: installed, not used yet by this user", inst.name),
                    "The program is installed, but this user has no profile for it yet.",
                )
            } else {
                let names: Vec<String> = inst
                    .profiles
                    .iter()
                    .map(|p| match &p.name {
                        Some(n) if n != &p.id => format!("{} (\"{n}\")", p.id),
                        _ => p.id.clone(),
                    })
                    .collect();
                let n = inst.profiles.len();
                INSTALLED.result(Status::Pass,
                    format!("{}: {n} profile{}", inst.name, if n == 1 { "" } else { "s" }),
                    if names.is_empty() {
                        "No profile folders yet.".to_string()
                    } else {
                        format!("Profiles: {}.", names.join(", "))
                    },
                )
                .evidence("profiles", profile_list(inst))
            };
            let r = match inst.profiles_not_read {
                0 => r,
                n => beyond_limit(inst, r, n),
            };
            install_evidence(ctx, inst, r).with_subject(subject)
        })
        .collect()
}

/// `r` noting that `not_read` profiles past [`MAX_PROFILES`] were not read: never `pass`.
fn beyond_limit(inst: &Install, mut r: CheckResult, not_read: usize) -> CheckResult {
    let read = inst.profiles.len().min(MAX_PROFILES);
    let note = format!(
        "Only the first {read} of {} profiles were read (login-check's limit per browser); \
         the other {not_read} were not checked.",
        read + not_read
    );
    if r.status == Status::Pass {
        r.status = Status::Warn;
        r.title = format!(
            "{}: {} profiles, only the first {read} read",
            inst.name,
            read + not_read
        );
        r = r.with_fix(format!(
            "Remove the {0} profiles you no longer use (in {0}'s profile menu), then run login-check again.",
            inst.name
        ));
    }
    r.detail = format!("{} {note}", r.detail);
    r.evidence("profiles_not_read", not_read)
}

/// `browser.recommended`: "Browsers like Chrome or Edge are recommended for optimal
/// compatibility."
fn recommended(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let browsers: Vec<&Install> = facts.discovery().browsers().collect();
    if browsers.is_empty() {
        return vec![no_browser(&RECOMMENDED, ctx)];
    }
    let keys: Vec<String> = browsers.iter().map(|i| i.key.clone()).collect();
    let names = |pred: &dyn Fn(&Install) -> bool| -> Vec<String> {
        let mut v: Vec<String> = browsers
            .iter()
            .filter(|i| pred(i))
            .map(|i| i.name.clone())
            .collect();
        v.dedup();
        v
    };
    let good = names(&|i| paths::is_recommended(&i.key));
    let r = if !good.is_empty() {
        RECOMMENDED.result(
            Status::Pass,
            format!("A recommended browser is installed: {}", good.join(", ")),
            "OpenAI's help articles recommend Chrome or Edge for signing in.",
        )
    } else {
        let all = names(&|_| true);
        let only_firefox = browsers.iter().all(|i| i.family == Family::Firefox);
        let mut detail = format!(
            "OpenAI's help articles recommend Chrome or Edge \"for optimal compatibility\"; installed: {}.",
            all.join(", ")
        );
        if only_firefox {
            detail.push_str(
                " The DALL·E article also advises trying to sign in \"from a non-Firefox incognito window\", \
                 and Firefox-based browsers are all that is installed.",
            );
        }
        RECOMMENDED.result(Status::Warn,
            "Neither Chrome nor Edge is installed",
            detail,
        )
        .evidence("firefox_only", only_firefox)
        .with_fix(
            "If signing in fails, install Google Chrome or Microsoft Edge and try there, in a private \
             (incognito/InPrivate) window so no old cookies or extensions get in the way.",
        )
    };
    vec![r.evidence("installed", keys)]
}

/// `browser.version`: each browser against the current stable release.
fn version(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let browsers: Vec<&Install> = facts.discovery().browsers().collect();
    if browsers.is_empty() {
        return vec![no_browser(&VERSION, ctx)];
    }
    // Ask the vendors only when there is a Chrome- or Firefox-numbered browser to judge.
    let needs_current = browsers
        .iter()
        .any(|i| i.version.is_some() && i.family != Family::Safari);
    let current = needs_current.then(|| facts.current_releases());
    browsers
        .iter()
        .map(|inst| version_result(ctx, inst, current))
        .collect()
}

fn scheme_of(inst: &Install) -> Scheme {
    match inst.family {
        Family::Chromium => inst
            .chromium_spec()
            .map_or(Scheme::ChromiumMajor, |s| s.scheme),
        Family::Firefox => inst
            .firefox_spec()
            .map_or(Scheme::FirefoxMajor, |s| s.scheme),
        Family::Safari => Scheme::Safari,
    }
}

fn version_result(ctx: &Context, inst: &Install, current: Option<&CurrentReleases>) -> CheckResult {
    let subject = Some(Subject::browser(&inst.key));
    let Some(found) = &inst.version else {
        return VERSION.result(Status::Unknown,
            format!("{}: version not found", inst.name),
            format!(
                "None of the places {} records its version could be read (its data folder's version file, \
                 the installed program).",
                inst.name
            ),
        )
        .with_fix(format!("Check the version on {}'s About page. {}", inst.name, update_steps(inst)))
        .with_subject(subject);
    };
    let scheme = scheme_of(inst);
    let cur = current.and_then(|c| match scheme {
        Scheme::ChromiumMajor => Some(&c.chrome),
        Scheme::FirefoxMajor => Some(&c.firefox),
        _ => None,
    });
    let verdict = judge(&inst.name, scheme, found, inst.esr, cur, ctx.now);
    let mut r = VERSION
        .result(verdict.status, verdict.title, verdict.detail)
        .evidence("found_version", found.version.clone())
        .evidence("found_source", found.source.clone());
    match (scheme, cur) {
        (Scheme::Safari, _) => {
            r = r
                .evidence("current_major", safari_current_major(ctx.now.date()))
                .evidence("current_source", "release calendar estimate");
        }
        (_, Some(c)) => {
            r = r
                .evidence("current_major", c.major)
                .evidence("current_source", c.source.clone());
            if let Some(v) = &c.version {
                r = r.evidence("current_version", v.clone());
            }
            if let Some(e) = &c.lookup_error {
                r = r.evidence("lookup_error", e.clone());
            }
            if scheme == Scheme::ChromiumMajor && !inst.key.starts_with("chrome") {
                r = r.evidence("compared_with", "Chrome's release (same Chromium majors)");
            }
        }
        _ => {}
    }
    if inst.esr {
        r = r.evidence("esr", true);
        if let Some(esr) = current.and_then(|c| c.firefox_esr.clone()) {
            r = r.evidence("current_esr_version", esr);
        }
    }
    if let Some(b) = verdict.behind {
        r = r.evidence("majors_behind", b);
    }
    if matches!(r.status, Status::Warn | Status::Fail | Status::Unknown) {
        r = r.with_fix(update_steps(inst));
    }
    r.with_subject(subject)
}

/// The verdict on one installed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: crate::model::Status,
    pub title: String,
    pub detail: String,
    pub behind: Option<u32>,
}

/// Judges a found version: pass within 2 majors of current, warn 3–4 behind, fail 5 or more
/// behind or a release line that no longer gets security updates; unknown when its number
/// cannot be compared.
pub fn judge(
    name: &str,
    scheme: Scheme,
    found: &FoundVersion,
    esr: bool,
    current: Option<&Current>,
    now: OffsetDateTime,
) -> Verdict {
    let day = now.date();
    let v = &found.version;
    // Firefox ESR lines are judged by their end of life, not by the release train.
    if esr || v.contains("esr") {
        if let Some((line, eol)) = FIREFOX_ESR.iter().find(|(m, _)| *m == found.major) {
            return match eol {
                Some(eol) if *eol < day => Verdict {
                    status: Status::Fail,
                    title: format!("{name} {v} no longer gets security updates"),
                    detail: format!(
                        "The ESR {line} line reached its end of life on {eol}; newer sites and sign-in pages may not work in it."
                    ),
                    behind: None,
                },
                Some(eol) => Verdict {
                    status: Status::Pass,
                    title: format!("{name} {v} is a supported ESR release"),
                    detail: format!("The ESR {line} line gets security updates until {eol}."),
                    behind: None,
                },
                None => Verdict {
                    status: Status::Pass,
                    title: format!("{name} {v} is the current ESR release"),
                    detail: format!(
                        "The ESR {line} line is supported; no end date has been announced."
                    ),
                    behind: None,
                },
            };
        }
    }
    let behind = match scheme {
        Scheme::Safari => safari_majors_behind(found.major, day),
        Scheme::Own => {
            return Verdict {
                status: Status::Unknown,
                title: format!("{name} {v}: cannot tell how current this is"),
                detail: format!(
                    "{name} numbers its releases on its own scheme, and login-check cannot tell which Chromium release it is built on."
                ),
                behind: None,
            };
        }
        Scheme::ChromiumMajor | Scheme::FirefoxMajor => {
            let Some(current) = current else {
                return Verdict {
                    status: Status::Unknown,
                    title: format!("{name} {v}: no current release to compare with"),
                    detail: String::new(),
                    behind: None,
                };
            };
            // A Chromium-family major far below any real Chromium release (Brave's own `1.x`
            // numbers) is not a Chromium major.
            if scheme == Scheme::ChromiumMajor && found.major < 50 {
                return Verdict {
                    status: Status::Unknown,
                    title: format!("{name} {v}: cannot tell how current this is"),
                    detail: format!(
                        "{v} is {name}'s own version number, not the Chromium release it is built on."
                    ),
                    behind: None,
                };
            }
            current.major.saturating_sub(found.major)
        }
    };
    let (status, title) = match behind {
        0 => (Status::Pass, format!("{name} {v} is up to date")),
        1..=2 => (
            Status::Pass,
            format!(
                "{name} {v} is recent ({behind} major release{} behind)",
                if behind == 1 { "" } else { "s" }
            ),
        ),
        3..=4 => (
            Status::Warn,
            format!("{name} {v} is {behind} major releases behind"),
        ),
        _ => (
            Status::Fail,
            format!("{name} {v} is {behind} major releases behind"),
        ),
    };
    let detail = match status {
        Status::Pass => String::new(),
        _ => "Sign-in pages are built for current browsers; an old browser can fail to load or complete them, and misses security fixes.".to_string(),
    };
    Verdict {
        status,
        title,
        detail,
        behind: Some(behind),
    }
}

/// The help text for updating one browser: by its packaging, then as its spec says
/// ([`paths::Ui::update`]).
pub fn update_steps(inst: &Install) -> String {
    let base = paths::base_key(&inst.key);
    let name = &inst.name;
    match (inst.packaging, inst.ui().update) {
        (Packaging::Snap, _) => format!(
            "Update it with `sudo snap refresh {}`, then restart {name}.",
            base.split('-').next().unwrap_or(base),
        ),
        (Packaging::Flatpak, _) => {
            format!("Update it with `flatpak update`, then restart {name}.")
        }
        (_, Update::WithSystem(pane)) => format!("{name} updates with macOS: open {pane}."),
        (_, Update::AboutMenu(menu)) => format!(
            "Open {name} › {menu} to update (a Linux package updates with the system, e.g. `sudo apt upgrade`), then restart it."
        ),
        (_, Update::OwnUpdater) => format!(
            "{name} updates itself: choose Check for Updates in its app menu, then restart it."
        ),
        (_, Update::AboutOrPackage) => {
            format!("Update {name} from its About page or your package manager, then restart it.")
        }
        (_, Update::PackageOrPage { package, page }) => format!(
            "Update {name} with your package manager (e.g. `sudo apt upgrade {package}`), or open {page}, then restart it."
        ),
        (_, Update::Page(page)) => {
            format!("Open {page} in {name} to update it, then click Relaunch.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browsers::version::major_of;

    fn fv(v: &str) -> FoundVersion {
        FoundVersion {
            version: v.to_string(),
            major: major_of(v).unwrap(),
            source: "test".to_string(),
            esr_build: false,
        }
    }

    fn cur(major: u32) -> Current {
        Current {
            major,
            version: None,
            source: "test".into(),
            lookup_error: None,
        }
    }

    #[test]
    fn thresholds_are_two_four_and_five_majors() {
        let now = time::macros::datetime!(2026-11-24 12:00 UTC);
        let j = |v: &str| {
            judge(
                "Chrome",
                Scheme::ChromiumMajor,
                &fv(v),
                false,
                Some(&cur(158)),
                now,
            )
        };
        assert_eq!(j("158.0.1.2").status, Status::Pass);
        assert_eq!(j("156.0.1.2").status, Status::Pass);
        assert_eq!(j("155.0.1.2").status, Status::Warn);
        assert_eq!(j("154.0.1.2").status, Status::Warn);
        assert_eq!(j("153.0.1.2").status, Status::Fail);
        assert_eq!(j("153.0.1.2").behind, Some(5));
        assert_eq!(
            j("1.73.91").status,
            Status::Unknown,
            "Brave's own numbering"
        );
        let own = judge(
            "Opera",
            Scheme::Own,
            &fv("114.0.5282.21"),
            false,
            Some(&cur(158)),
            now,
        );
        assert_eq!(own.status, Status::Unknown);
    }

    #[test]
    fn esr_lines_are_judged_by_end_of_life() {
        let now = time::macros::datetime!(2026-11-24 12:00 UTC);
        let j = |v: &str| {
            judge(
                "Firefox ESR",
                Scheme::FirefoxMajor,
                &fv(v),
                false,
                Some(&cur(161)),
                now,
            )
        };
        assert_eq!(
            j("140.5.0esr").status,
            Status::Fail,
            "ESR 140 ended 2026-09-29"
        );
        assert_eq!(j("153.4.0esr").status, Status::Pass);
        let before = time::macros::datetime!(2026-09-01 12:00 UTC);
        assert_eq!(
            judge(
                "Firefox ESR",
                Scheme::FirefoxMajor,
                &fv("140.2.0esr"),
                false,
                Some(&cur(155)),
                before
            )
            .status,
            Status::Pass
        );
        // An ESR not in the table is judged like any release.
        assert_eq!(j("102.0esr").status, Status::Fail);
        // Debian's application.ini says 153.7.0 without `esr`: the install says it is ESR.
        let debian = judge(
            "Firefox ESR",
            Scheme::FirefoxMajor,
            &fv("153.7.0"),
            true,
            Some(&cur(161)),
            now,
        );
        assert_eq!(debian.status, Status::Pass, "{debian:?}");
        let plain = judge(
            "Firefox",
            Scheme::FirefoxMajor,
            &fv("153.7.0"),
            false,
            Some(&cur(161)),
            now,
        );
        assert_eq!(plain.status, Status::Fail);
    }
}
