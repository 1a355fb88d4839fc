//! Facts about the machine the tool runs on, for the report's `system` section.

use crate::context::OsFamily;
use crate::model::SystemInfo;

/// Reads the OS name, version, kernel and architecture (sysinfo; no refresh of process or
/// hardware data is needed, so this takes microseconds).
pub fn collect(inspected: OsFamily) -> SystemInfo {
    use sysinfo::System;
    let mut os_version = System::os_version().ok();
    if cfg!(windows) {
        os_version = os_version.map(|v| windows_version(&v));
    }
    SystemInfo {
        os: OsFamily::current().as_str().to_string(),
        os_name: System::name().ok(),
        os_version,
        kernel_version: System::kernel_version().ok(),
        arch: std::env::consts::ARCH.to_string(),
        inspected_os: inspected.as_str().to_string(),
        hostname: System::host_name().ok(),
    }
}

/// sysinfo's Windows version, `MAJOR (BUILD)`, with a marketing version for MAJOR when it is 0.
///
/// sysinfo takes MAJOR from `CurrentMajorVersionNumber` (or 11 from the build number), a value
/// only Windows 10 and later write: real Windows 10 gives `10 (19045)`, Windows 11
/// `11 (26100)`, and Windows 7, 8, 8.1 (and wine, which says it is Windows 7 SP1 by default)
/// `0 (7601)`. Then the build number names the release: 7601 → `7 SP1 (7601)`.
pub fn windows_version(sysinfo_version: &str) -> String {
    let Some((major, rest)) = sysinfo_version.split_once(' ') else {
        return sysinfo_version.to_string();
    };
    let build = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|b| b.parse::<u32>().ok());
    let (Some(build), "0" | "") = (build, major) else {
        return sysinfo_version.to_string();
    };
    let name = match build {
        6000 => "Vista",
        6001 => "Vista SP1",
        6002 | 6003 => "Vista SP2",
        7600 => "7",
        7601 => "7 SP1",
        9200 => "8",
        9600 => "8.1",
        10240..=21999 => "10",
        22000.. => "11",
        _ => return format!("({build})"),
    };
    format!("{name} ({build})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_versions_without_a_major_are_named_by_their_build() {
        // What sysinfo 0.40 returned: real Windows 10 and 11 (kept as they are), wine 8's
        // default (Windows 7 SP1), and builds of 8, 8.1 and later releases.
        for (sysinfo, shown) in [
            ("10 (19045)", "10 (19045)"),
            ("11 (22631)", "11 (22631)"),
            ("11 (26100)", "11 (26100)"),
            ("0 (7601)", "7 SP1 (7601)"),
            ("0 (7600)", "7 (7600)"),
            ("0 (9200)", "8 (9200)"),
            ("0 (9600)", "8.1 (9600)"),
            ("0 (10240)", "10 (10240)"),
            ("0 (19045)", "10 (19045)"),
            ("0 (22000)", "11 (22000)"),
            ("0 (6002)", "Vista SP2 (6002)"),
            ("0 (1234)", "(1234)"),
            ("0 ()", "0 ()"),
            ("garbage", "garbage"),
        ] {
            assert_eq!(windows_version(sysinfo), shown, "{sysinfo}");
        }
    }
}
