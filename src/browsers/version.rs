//! Which version of each browser is installed: the browser's own record (`Last Version`,
//! `compatibility.ini`), the install's files (`application.ini`, `Info.plist`), the Windows
//! registry (`BLBeacon`) and `--version`. How current it is: [`super::calendar`] and
//! [`super::lookup`]; the verdict: `checks::browsers`.

use std::time::Duration;

pub use super::install::FoundVersion;
use super::install::{Family, Install};
use crate::context::{Context, OsFamily};
use crate::formats::ini::Ini;
use crate::io::fs as fsutil;
use crate::io::registry;

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
    // The registry before the program: an install found only by its data folder (no program
    // file, or one the spec does not name) still has its version there.
    if ctx.os == OsFamily::Windows {
        if let Some(v) = registry_version(ctx, inst) {
            return Some(v);
        }
    }
    let program = inst.program.as_ref()?;
    if ctx.os == OsFamily::Macos {
        let plist = program.join("Contents").join("Info.plist");
        let bytes = fsutil::read_limited(&plist, 4 << 20).ok()?;
        let v = bundle_version(&bytes)?;
        return found(v, ctx.display_path(&plist));
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
fn registry_version(ctx: &Context, inst: &Install) -> Option<FoundVersion> {
    if !ctx.live {
        return None;
    }
    beacon_version(inst.chromium_spec()?.registry?)
}

/// `<key>\BLBeacon\version`, the user's first (the browser's updater writes it per user).
fn beacon_version(key: &str) -> Option<FoundVersion> {
    let path = format!("{key}\\BLBeacon");
    registry::HIVES.into_iter().find_map(|(hive, name)| {
        let v = parse_version(&registry::read_string(hive, &path, "version")?)?;
        found(v, format!("{name}\\{path}\\version"))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Under wine in CI (`scripts/windows-tests.sh`); a scratch key, never Chrome's own.
    #[cfg(windows)]
    #[test]
    fn reads_the_beacon_version_from_the_registry() {
        let k = crate::io::registry::scratch::ScratchKey::new();
        assert!(beacon_version(&k.path).is_none());
        k.sub("BLBeacon")
            .set_value("version", &"131.0.6778.86")
            .unwrap();
        let f = beacon_version(&k.path).unwrap();
        assert_eq!((f.version.as_str(), f.major), ("131.0.6778.86", 131));
        assert_eq!(f.source, format!("HKCU\\{}\\BLBeacon\\version", k.path));
    }

    /// A `compatibility.ini` as Firefox writes it on Windows (CRLF), read through `io::fs`.
    #[cfg(windows)]
    #[test]
    fn reads_crlf_ini_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("compatibility.ini");
        std::fs::write(
            &p,
            "[Compatibility]\r\nLastVersion=161.0_20261110000000/20261110000000\r\nLastPlatformDir=C:\\Program Files\\Mozilla Firefox\r\n",
        )
        .unwrap();
        let ini = Ini::parse(&fsutil::read_text(&p).unwrap());
        let last = ini.get("Compatibility", "LastVersion").unwrap();
        assert_eq!(
            parse_version(last.split('_').next().unwrap()).as_deref(),
            Some("161.0")
        );
        assert_eq!(
            ini.get("Compatibility", "LastPlatformDir"),
            Some("C:\\Program Files\\Mozilla Firefox")
        );
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
}
