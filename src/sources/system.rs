//! Facts about the machine the tool runs on, for the report's `system` section.

use crate::context::OsFamily;
use crate::model::SystemInfo;

/// Reads the OS name, version, kernel and architecture (sysinfo; no refresh of process or
/// hardware data is needed, so this takes microseconds).
pub fn collect(inspected: OsFamily) -> SystemInfo {
    use sysinfo::System;
    SystemInfo {
        os: OsFamily::current().as_str().to_string(),
        os_name: System::name().ok(),
        os_version: System::os_version().ok(),
        kernel_version: System::kernel_version().ok(),
        arch: std::env::consts::ARCH.to_string(),
        inspected_os: inspected.as_str().to_string(),
        hostname: System::host_name().ok(),
    }
}
