//! Which version of each browser is installed, and how far behind the current stable release
//! it is. The release calendars are data ([`CHROME`], [`FIREFOX`], [`FIREFOX_ESR`], [`SAFARI`]).

use std::time::Duration;

use serde_json::Value;
use time::macros::date;
use time::{Date, OffsetDateTime};

use super::discovery::{Family, Install};
use super::spec::Scheme;
use crate::context::{Context, OsFamily};
use crate::formats::ini::Ini;
use crate::io::fs as fsutil;

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

/// The first version-looking token in `text`: digits and dots with at least one dot, plus a
/// letter suffix such as `esr`, `b3` or `a1` (`Chromium 156.0.8078.73 built on Debian` →
/// `156.0.8078.73`).
pub fn parse_version(text: &str) -> Option<String> {
    for token in text.split(|c: char| c.is_whitespace() || c == '_' || c == '/' || c == ',') {
        let t = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let numeric_end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, suffix) = t.split_at(numeric_end);
        let parts: Vec<&str> = num.split('.').collect();
        if parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.len() <= 6)
            && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Some(t.to_string());
        }
    }
    None
}

pub fn major_of(version: &str) -> Option<u32> {
    version.split('.').next()?.parse().ok()
}

fn found(version: String, source: String) -> Option<FoundVersion> {
    let major = major_of(&version)?;
    Some(FoundVersion {
        esr_build: version.contains("esr") || source.contains("firefox-esr"),
        version,
        major,
        source,
    })
}

/// Finds the installed version, best source first: the browser's own record in its data folder
/// (`Last Version`, `compatibility.ini`), the install's files (`application.ini`, the app's
/// `Info.plist`), the Windows registry (on the machine itself), then `--version`.
pub fn detect(ctx: &Context, inst: &Install) -> Option<FoundVersion> {
    match inst.family {
        Family::Chromium => {
            if let Some(dir) = &inst.data_dir {
                let p = dir.join("Last Version");
                if let Ok(text) = fsutil::read_text(&p) {
                    if let Some(v) = parse_version(text.trim()) {
                        return found(v, ctx.display_path(&p));
                    }
                }
            }
        }
        Family::Firefox => {
            let best = inst
                .profiles
                .iter()
                .filter_map(|p| {
                    let ini_path = p.path.join("compatibility.ini");
                    let text = fsutil::read_text(&ini_path).ok()?;
                    let ini = Ini::parse(&text);
                    let last = ini.get("Compatibility", "LastVersion")?;
                    let v = parse_version(last.split('_').next()?)?;
                    let mut f = found(v, ctx.display_path(&ini_path))?;
                    f.esr_build |= ini
                        .get("Compatibility", "LastPlatformDir")
                        .is_some_and(|d| d.contains("firefox-esr"));
                    Some(f)
                })
                .max_by(|a, b| compare_versions(&a.version, &b.version));
            if best.is_some() {
                return best;
            }
            if let Some(spec) = inst.firefox_spec() {
                for dir in spec.install_dirs.get(ctx.os) {
                    let p = ctx.system_path(dir).join("application.ini");
                    if let Ok(text) = fsutil::read_text(&p) {
                        if let Some(v) = Ini::parse(&text)
                            .get("App", "Version")
                            .and_then(parse_version)
                        {
                            return found(v, ctx.display_path(&p));
                        }
                    }
                }
            }
        }
        Family::Safari => {}
    }
    let program = inst.program.as_ref()?;
    if ctx.os == OsFamily::Macos {
        let plist = program.join("Contents").join("Info.plist");
        let bytes = fsutil::read_limited(&plist, 4 << 20).ok()?;
        let v = bundle_version(&bytes)?;
        return found(v, ctx.display_path(&plist));
    }
    if ctx.os == OsFamily::Windows {
        return registry_version(ctx, inst);
    }
    if ctx.os == OsFamily::Linux && cfg!(unix) && fsutil::is_file(program) {
        let out = ctx
            .runner
            .run(program, &["--version"], Duration::from_secs(3))
            .ok()?;
        let v = parse_version(&out.stdout)?;
        return found(v, format!("{} --version", ctx.display_path(program)));
    }
    None
}

/// `CFBundleShortVersionString` from an app's `Info.plist` (XML or binary).
pub fn bundle_version(plist_bytes: &[u8]) -> Option<String> {
    let value = plist::Value::from_reader(std::io::Cursor::new(plist_bytes)).ok()?;
    let dict = value.as_dictionary()?;
    dict.get("CFBundleShortVersionString")
        .or_else(|| dict.get("CFBundleVersion"))
        .and_then(|v| v.as_string())
        .and_then(parse_version)
}

/// `HKCU\<key>\BLBeacon\version`, read only on the machine itself (not for a `--home` copy).
#[cfg(windows)]
fn registry_version(ctx: &Context, inst: &Install) -> Option<FoundVersion> {
    if !ctx.live {
        return None;
    }
    let key = inst.chromium_spec()?.registry?;
    let path = format!("{key}\\BLBeacon");
    for (hive, name) in [
        (winreg::enums::HKEY_CURRENT_USER, "HKCU"),
        (winreg::enums::HKEY_LOCAL_MACHINE, "HKLM"),
    ] {
        let k = winreg::RegKey::predef(hive);
        if let Ok(sub) = k.open_subkey(&path) {
            if let Ok(v) = sub.get_value::<String, _>("version") {
                if let Some(v) = parse_version(&v) {
                    return found(v, format!("{name}\\{path}\\version"));
                }
            }
        }
    }
    None
}

#[cfg(not(windows))]
fn registry_version(_ctx: &Context, _inst: &Install) -> Option<FoundVersion> {
    None
}

/// Compares dotted versions numerically (`140.10.0` > `140.9.1`).
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let nums = |s: &str| -> Vec<u64> {
        s.split('.')
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0)
            })
            .collect()
    };
    nums(a).cmp(&nums(b))
}

/// A release calendar: before `fast_from`, majors came every `slow_days` on average from
/// `slow_anchor`; from `fast_from` on, every 14 days.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub name: &'static str,
    /// (major, stable release date) anchors for the 4-week era, oldest first.
    pub anchors: &'static [(u32, Date)],
    /// The mean days between majors in the 4-week era (holiday gaps included).
    pub slow_days: f64,
    /// The first major of the 2-week era and its date.
    pub fast_from: (u32, Date),
}

/// Chrome (and Chromium, Edge, Brave, which follow its majors): every 4 weeks to M152, then
/// every 2 weeks from M153 on 2026-09-08 (shared/reference/chromium.md §5).
pub const CHROME: Calendar = Calendar {
    name: "Chrome",
    anchors: &[(110, date!(2023 - 02 - 07))],
    slow_days: 30.44,
    fast_from: (153, date!(2026 - 09 - 08)),
};

/// Firefox: every 4 weeks to 154, every 2 weeks from 155 on 2026-09-01
/// (shared/reference/firefox_safari.md §5).
pub const FIREFOX: Calendar = Calendar {
    name: "Firefox",
    anchors: &[
        (128, date!(2024 - 07 - 09)),
        (140, date!(2025 - 06 - 24)),
        (142, date!(2025 - 08 - 19)),
        (147, date!(2026 - 01 - 13)),
        (148, date!(2026 - 02 - 24)),
        (153, date!(2026 - 07 - 21)),
        (154, date!(2026 - 08 - 18)),
    ],
    slow_days: 28.0,
    fast_from: (155, date!(2026 - 09 - 01)),
};

impl Calendar {
    /// The stable major current on `day`, estimated offline.
    pub fn estimate(&self, day: Date) -> u32 {
        let (fast_major, fast_date) = self.fast_from;
        if day >= fast_date {
            return fast_major + ((day - fast_date).whole_days() / 14) as u32;
        }
        // The nearest anchor on or before the day (or the first one), then the mean cadence.
        let (major, anchor) = self
            .anchors
            .iter()
            .rev()
            .find(|(_, d)| *d <= day)
            .or(self.anchors.first())
            .copied()
            .expect("a calendar has anchors");
        let days = (day - anchor).whole_days() as f64;
        let steps = if self.anchors.len() == 1 {
            (days / self.slow_days).round()
        } else {
            (days / self.slow_days).floor()
        };
        let est = (major as i64 + steps as i64).clamp(1, fast_major as i64 - 1);
        est as u32
    }
}

/// Firefox ESR lines: (major, end of life). `None`: no end date announced yet.
pub const FIREFOX_ESR: &[(u32, Option<Date>)] = &[
    // Extended to 2027-03-31 only for Windows 7–8.1 and macOS 10.12–10.14.
    (115, Some(date!(2027 - 03 - 31))),
    (128, Some(date!(2025 - 09 - 16))),
    (140, Some(date!(2026 - 09 - 29))),
    (153, None),
];

/// Safari majors and their release dates; Apple ships one major a year, each September.
pub const SAFARI: &[(u32, Date)] = &[
    (15, date!(2021 - 09 - 20)),
    (16, date!(2022 - 09 - 12)),
    (17, date!(2023 - 09 - 18)),
    (18, date!(2024 - 09 - 16)),
    (26, date!(2025 - 09 - 15)),
];

/// The Safari major current on `day` (the table, then one a year each September).
pub fn safari_current_major(day: Date) -> u32 {
    let (last_major, last_date) = *SAFARI.last().expect("table");
    last_major + ((day - last_date).whole_days().max(0) / 365) as u32
}

/// How many Safari majors have shipped after `major` by `day` (one a year after the table).
pub fn safari_majors_behind(major: u32, day: Date) -> u32 {
    let (last_major, last_date) = *SAFARI.last().expect("table");
    let years_after = ((day - last_date).whole_days().max(0) / 365) as u32;
    let newer_in_table = SAFARI
        .iter()
        .filter(|(m, d)| *m > major && *d <= day)
        .count() as u32;
    if major > last_major {
        years_after.saturating_sub(major - last_major)
    } else {
        newer_in_table + years_after
    }
}

/// The current stable release, and where that number came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub major: u32,
    pub version: Option<String>,
    /// `release calendar estimate` or the vendor API's host.
    pub source: String,
    /// Why an online lookup was not used, when it failed.
    pub lookup_error: Option<String>,
}

/// Chrome's and Firefox's current releases, asked once per report.
#[derive(Debug, Clone)]
pub struct CurrentReleases {
    pub chrome: Current,
    pub firefox: Current,
    pub firefox_esr: Option<String>,
}

pub const CHROME_API: &str = "https://versionhistory.googleapis.com/v1/chrome/platforms";
pub const FIREFOX_API: &str = "https://product-details.mozilla.org/1.0/firefox_versions.json";

/// The current releases: from the vendors' version APIs unless `--offline`, falling back to the
/// release-calendar estimate (the evidence says which was used and why).
pub fn current_releases(ctx: &Context) -> CurrentReleases {
    let today = ctx.now.date();
    let estimate = |cal: &Calendar, err: Option<String>| Current {
        major: cal.estimate(today),
        version: None,
        source: "release calendar estimate".to_string(),
        lookup_error: err,
    };
    if ctx.net.offline {
        return CurrentReleases {
            chrome: estimate(&CHROME, None),
            firefox: estimate(&FIREFOX, None),
            firefox_esr: None,
        };
    }
    let timeout = ctx.net.timeout.min(Duration::from_secs(3));
    let platform = match ctx.os {
        OsFamily::Linux => "linux",
        OsFamily::Macos => "mac",
        OsFamily::Windows => "win64",
    };
    let client = crate::io::http::client(ctx, timeout);
    let chrome_url = format!("{CHROME_API}/{platform}/channels/stable/versions");
    let (chrome, firefox, esr) = match &client {
        Err(e) => (Err(e.clone()), Err(e.clone()), None),
        Ok(client) => {
            // Both lookups at once: the report waits for the slower, not the sum.
            std::thread::scope(|s| {
                let c = s.spawn(|| {
                    crate::io::http::get_json(client, &chrome_url)
                        .and_then(|j| chrome_from_json(&j))
                });
                let f = crate::io::http::get_json(client, FIREFOX_API);
                let c = c
                    .join()
                    .unwrap_or_else(|_| Err("lookup crashed".to_string()));
                let esr = f
                    .as_ref()
                    .ok()
                    .and_then(|j| j.get("FIREFOX_ESR"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                (c, f.and_then(|j| firefox_from_json(&j)), esr)
            })
        }
    };
    let host = |url: &str| url.split('/').nth(2).unwrap_or(url).to_string();
    let pick = |r: Result<String, String>, cal: &Calendar, url: &str| match r {
        Ok(v) => match major_of(&v) {
            Some(major) => Current {
                major,
                version: Some(v),
                source: host(url),
                lookup_error: None,
            },
            None => estimate(
                cal,
                Some(format!("{}: unexpected version `{v}`", host(url))),
            ),
        },
        Err(e) => estimate(cal, Some(format!("{}: {e}", host(url)))),
    };
    CurrentReleases {
        chrome: pick(chrome, &CHROME, &chrome_url),
        firefox: pick(firefox, &FIREFOX, FIREFOX_API),
        firefox_esr: esr,
    }
}

/// The newest version in a versionhistory API answer (`{"versions": [{"version": "..."}]}`).
pub fn chrome_from_json(j: &Value) -> Result<String, String> {
    j.get("versions")
        .and_then(Value::as_array)
        .ok_or("the answer has no `versions` list")?
        .iter()
        .filter_map(|v| v.get("version").and_then(Value::as_str))
        .filter(|v| parse_version(v).is_some())
        .max_by(|a, b| compare_versions(a, b))
        .map(str::to_string)
        .ok_or_else(|| "the `versions` list is empty".to_string())
}

/// `LATEST_FIREFOX_VERSION` from Mozilla's product-details.
pub fn firefox_from_json(j: &Value) -> Result<String, String> {
    j.get("LATEST_FIREFOX_VERSION")
        .and_then(Value::as_str)
        .and_then(parse_version)
        .ok_or_else(|| "the answer has no LATEST_FIREFOX_VERSION".to_string())
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
    use crate::model::Status;
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

/// The help text for updating one browser, by family and packaging.
pub fn update_steps(inst: &Install) -> String {
    use super::spec::Packaging;
    let base = super::spec::base_key(&inst.key);
    match (inst.packaging, inst.family) {
        (Packaging::Snap, _) => format!(
            "Update it with `sudo snap refresh {}`, then restart {}.",
            base.split('-').next().unwrap_or(base),
            inst.name
        ),
        (Packaging::Flatpak, _) => format!(
            "Update it with `flatpak update`, then restart {}.",
            inst.name
        ),
        (_, Family::Safari) => {
            "Safari updates with macOS: open System Settings › General › Software Update."
                .to_string()
        }
        (_, Family::Firefox) if inst.key.starts_with("firefox") => format!(
            "Open {} › menu ☰ › Help › About Firefox to update (on Linux, a distribution's package updates through its package manager, e.g. `sudo apt upgrade`), then restart it.",
            inst.name
        ),
        (_, Family::Firefox) => format!(
            "Update {} from its About page or your package manager, then restart it.",
            inst.name
        ),
        (_, Family::Chromium) => {
            let page = match base {
                b if b.starts_with("edge") => "edge://settings/help",
                b if b.starts_with("brave") => "brave://settings/help",
                b if b.starts_with("opera") => "opera://about",
                b if b.starts_with("vivaldi") => "vivaldi://about",
                _ => "chrome://settings/help",
            };
            if base == "chromium" {
                format!(
                    "Update Chromium with your package manager (e.g. `sudo apt upgrade chromium`), or open {page}, then restart it."
                )
            } else {
                format!(
                    "Open {page} in {} to update it, then click Relaunch.",
                    inst.name
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn parses_versions_out_of_tool_output_and_files() {
        assert_eq!(
            parse_version("Chromium 156.0.8078.73 built on Debian GNU/Linux 12 (bookworm)")
                .as_deref(),
            Some("156.0.8078.73")
        );
        assert_eq!(
            parse_version("Mozilla Firefox 140.5.0esr").as_deref(),
            Some("140.5.0esr")
        );
        assert_eq!(
            parse_version("131.0.6778.85").as_deref(),
            Some("131.0.6778.85")
        );
        assert_eq!(
            parse_version("Google Chrome 120.0.6099.109 ").as_deref(),
            Some("120.0.6099.109")
        );
        assert_eq!(parse_version("no version here"), None);
        assert_eq!(parse_version("build 12"), None);
        assert_eq!(major_of("140.5.0esr"), Some(140));
    }

    #[test]
    fn compares_versions_numerically() {
        assert!(compare_versions("140.10.0", "140.9.1").is_gt());
        assert!(compare_versions("131.0.6778.85", "131.0.6778.108").is_lt());
    }

    #[test]
    fn chrome_estimate_crosses_the_cadence_change() {
        // 4-week era: 110 on 2023-02-07; the reference's remembered dates.
        assert_eq!(CHROME.estimate(date!(2023 - 02 - 07)), 110);
        assert!((129..=131).contains(&CHROME.estimate(date!(2024 - 10 - 15))));
        assert!((139..=141).contains(&CHROME.estimate(date!(2025 - 09 - 02))));
        // The day before the change is still M152; from 2026-09-08 a major every 2 weeks.
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 07)), 152);
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 08)), 153);
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 22)), 154);
        assert_eq!(CHROME.estimate(date!(2026 - 10 - 06)), 155);
        assert_eq!(CHROME.estimate(date!(2026 - 11 - 24)), 158);
    }

    #[test]
    fn firefox_estimate_crosses_the_cadence_change() {
        assert_eq!(FIREFOX.estimate(date!(2024 - 07 - 09)), 128);
        assert_eq!(FIREFOX.estimate(date!(2025 - 06 - 24)), 140);
        assert_eq!(FIREFOX.estimate(date!(2026 - 08 - 18)), 154);
        assert_eq!(FIREFOX.estimate(date!(2026 - 08 - 31)), 154);
        assert_eq!(FIREFOX.estimate(date!(2026 - 09 - 01)), 155);
        assert_eq!(FIREFOX.estimate(date!(2026 - 09 - 15)), 156);
        assert_eq!(FIREFOX.estimate(date!(2026 - 10 - 13)), 158);
        assert_eq!(FIREFOX.estimate(date!(2026 - 11 - 24)), 161);
    }

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

    #[test]
    fn safari_is_judged_by_yearly_majors() {
        assert_eq!(safari_majors_behind(26, date!(2026 - 11 - 24)), 1);
        assert_eq!(safari_majors_behind(18, date!(2025 - 10 - 01)), 1);
        assert_eq!(safari_majors_behind(16, date!(2026 - 11 - 24)), 4);
        assert_eq!(safari_majors_behind(27, date!(2026 - 11 - 24)), 0);
    }

    #[test]
    fn reads_both_plist_encodings() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>CFBundleShortVersionString</key><string>131.0.6778.86</string><key>CFBundleVersion</key><string>6778.86</string></dict></plist>"#;
        assert_eq!(bundle_version(xml).as_deref(), Some("131.0.6778.86"));
        let mut dict = plist::Dictionary::new();
        dict.insert(
            "CFBundleShortVersionString".into(),
            plist::Value::String("18.1.1".into()),
        );
        let mut bin = Vec::new();
        plist::Value::Dictionary(dict)
            .to_writer_binary(&mut bin)
            .unwrap();
        assert_eq!(bundle_version(&bin).as_deref(), Some("18.1.1"));
        assert_eq!(bundle_version(b"garbage"), None);
    }

    #[test]
    fn api_answers_are_read_defensively() {
        let j: Value = serde_json::json!({"versions": [{"version": "131.0.6778.85"}, {"version": "131.0.6778.108"}, {"version": "junk"}]});
        assert_eq!(chrome_from_json(&j).unwrap(), "131.0.6778.108");
        assert!(chrome_from_json(&serde_json::json!({"versions": []})).is_err());
        assert!(chrome_from_json(&serde_json::json!([1, 2])).is_err());
        assert_eq!(
            firefox_from_json(&serde_json::json!({"LATEST_FIREFOX_VERSION": "161.0.1"})).unwrap(),
            "161.0.1"
        );
        assert!(firefox_from_json(&serde_json::json!({"LATEST_FIREFOX_VERSION": 5})).is_err());
    }
}
