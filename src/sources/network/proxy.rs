//! Proxy settings a browser may follow: environment variables, the OS's proxy settings
//! (Windows Internet Settings, macOS `scutil --proxy`, GNOME's `org.gnome.system.proxy`), and
//! automatic configuration (PAC, WPAD). Credentials inside proxy URLs are never shown.

use std::time::Duration;

use crate::context::{Context, OsFamily};

/// One proxy setting found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// Where it was found: `env HTTPS_PROXY`, `scutil --proxy HTTPSProxy`, ...
    pub source: String,
    /// The value, with any `user:password@` removed.
    pub value: String,
    /// A PAC file or WPAD auto-discovery (browsers follow them; login-check's own probes cannot).
    pub automatic: bool,
}

/// Environment variables that set proxies, in both cases.
pub const ENV_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Removes `user:password@` from a proxy URL.
pub fn redact_userinfo(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (format!("{s}://"), r),
        None => (String::new(), url),
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{scheme}[credentials removed]@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Parses `scutil --proxy` output (a `<dictionary>` of `Key : Value` lines).
pub fn parse_scutil(text: &str) -> Vec<Setting> {
    let mut kv = std::collections::BTreeMap::new();
    for line in text.lines() {
        if let Some((k, v)) = line.trim().split_once(" : ") {
            kv.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let on = |k: &str| kv.get(k).map(String::as_str) == Some("1");
    let mut out = Vec::new();
    for (enable, host, port, label) in [
        ("HTTPEnable", "HTTPProxy", "HTTPPort", "HTTP proxy"),
        ("HTTPSEnable", "HTTPSProxy", "HTTPSPort", "HTTPS proxy"),
        ("SOCKSEnable", "SOCKSProxy", "SOCKSPort", "SOCKS proxy"),
    ] {
        if on(enable) {
            let value = match (kv.get(host), kv.get(port)) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.clone(),
                _ => "(no host)".to_string(),
            };
            out.push(Setting {
                source: format!("scutil --proxy {label}"),
                value,
                automatic: false,
            });
        }
    }
    if on("ProxyAutoConfigEnable") {
        out.push(Setting {
            source: "scutil --proxy ProxyAutoConfigURLString".to_string(),
            value: kv
                .get("ProxyAutoConfigURLString")
                .cloned()
                .unwrap_or_default(),
            automatic: true,
        });
    }
    if on("ProxyAutoDiscoveryEnable") {
        out.push(Setting {
            source: "scutil --proxy ProxyAutoDiscoveryEnable".to_string(),
            value: "WPAD auto-discovery".to_string(),
            automatic: true,
        });
    }
    out
}

/// Parses GNOME's `gsettings get org.gnome.system.proxy mode` and `autoconfig-url` answers.
pub fn parse_gnome(mode: &str, autoconfig_url: &str) -> Vec<Setting> {
    let unquote = |s: &str| s.trim().trim_matches('\'').to_string();
    match unquote(mode).as_str() {
        "manual" => vec![Setting {
            source: "GNOME org.gnome.system.proxy mode".to_string(),
            value: "manual".to_string(),
            automatic: false,
        }],
        "auto" => vec![Setting {
            source: "GNOME org.gnome.system.proxy autoconfig-url".to_string(),
            value: match unquote(autoconfig_url) {
                u if u.is_empty() => "WPAD auto-discovery".to_string(),
                u => u,
            },
            automatic: true,
        }],
        _ => Vec::new(),
    }
}

/// Every proxy setting found for this context.
pub fn settings(ctx: &Context) -> (Vec<Setting>, Vec<String>) {
    let mut out = Vec::new();
    let mut looked_at = vec!["environment variables".to_string()];
    for var in ENV_VARS {
        if let Some(v) = ctx.env(var) {
            out.push(Setting {
                source: format!("env {var}"),
                value: redact_userinfo(v),
                automatic: false,
            });
        }
    }
    // The OS's settings are the machine's own: read only when inspecting it.
    if !ctx.live {
        return (out, looked_at);
    }
    let limit = Duration::from_secs(2);
    match ctx.os {
        OsFamily::Macos => {
            looked_at.push("scutil --proxy".to_string());
            if let Ok(o) = ctx.runner.run(
                std::path::Path::new("/usr/sbin/scutil"),
                &["--proxy"],
                limit,
            ) {
                out.extend(parse_scutil(&o.stdout));
            }
        }
        OsFamily::Linux => {
            let gs = std::path::Path::new("gsettings");
            if let Ok(mode) = ctx
                .runner
                .run(gs, &["get", "org.gnome.system.proxy", "mode"], limit)
            {
                if mode.status == Some(0) {
                    looked_at.push("GNOME proxy settings".to_string());
                    let url = ctx
                        .runner
                        .run(
                            gs,
                            &["get", "org.gnome.system.proxy", "autoconfig-url"],
                            limit,
                        )
                        .map(|o| o.stdout)
                        .unwrap_or_default();
                    out.extend(parse_gnome(&mode.stdout, &url));
                }
            }
        }
        OsFamily::Windows => {
            looked_at.push("Windows Internet Settings".to_string());
            out.extend(windows_settings());
        }
    }
    (out, looked_at)
}

/// HKCU `Software\Microsoft\Windows\CurrentVersion\Internet Settings`.
#[cfg(windows)]
fn windows_settings() -> Vec<Setting> {
    let mut out = Vec::new();
    let path = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings";
    let Ok(key) = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER).open_subkey(path) else {
        return out;
    };
    let dword = |n: &str| key.get_value::<u32, _>(n).ok();
    let string = |n: &str| key.get_value::<String, _>(n).ok().filter(|s| !s.is_empty());
    if dword("ProxyEnable") == Some(1) {
        out.push(Setting {
            source: format!("HKCU\\{path}\\ProxyServer"),
            value: string("ProxyServer")
                .map(|s| redact_userinfo(&s))
                .unwrap_or_default(),
            automatic: false,
        });
    }
    if let Some(url) = string("AutoConfigURL") {
        out.push(Setting {
            source: format!("HKCU\\{path}\\AutoConfigURL"),
            value: url,
            automatic: true,
        });
    }
    if dword("AutoDetect") == Some(1) {
        out.push(Setting {
            source: format!("HKCU\\{path}\\AutoDetect"),
            value: "WPAD auto-discovery".to_string(),
            automatic: true,
        });
    }
    out
}

#[cfg(not(windows))]
fn windows_settings() -> Vec<Setting> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::RecordedRunner;
    use std::sync::Arc;

    const SCUTIL: &str = "<dictionary> {\n  ExceptionsList : <array> {\n    0 : *.local\n  }\n  HTTPEnable : 1\n  HTTPPort : 3128\n  HTTPProxy : proxy.corp.example\n  HTTPSEnable : 0\n  ProxyAutoConfigEnable : 1\n  ProxyAutoConfigURLString : http://wpad.corp.example/proxy.pac\n}\n";

    #[test]
    fn scutil_output_is_parsed() {
        let s = parse_scutil(SCUTIL);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].value, "proxy.corp.example:3128");
        assert!(!s[0].automatic);
        assert_eq!(s[1].value, "http://wpad.corp.example/proxy.pac");
        assert!(s[1].automatic);
        assert!(parse_scutil("<dictionary> {\n  HTTPEnable : 0\n}\n").is_empty());
    }

    #[test]
    fn gnome_modes_are_parsed() {
        assert!(parse_gnome("'none'\n", "''").is_empty());
        assert_eq!(parse_gnome("'manual'", "").len(), 1);
        let auto = parse_gnome("'auto'\n", "'http://wpad/wpad.dat'\n");
        assert_eq!(auto[0].value, "http://wpad/wpad.dat");
        assert!(auto[0].automatic);
    }

    #[test]
    fn credentials_are_removed() {
        assert_eq!(
            redact_userinfo("http://bob:hunter2@proxy:8080"),
            "http://[credentials removed]@proxy:8080"
        );
        assert_eq!(redact_userinfo("proxy:8080"), "proxy:8080");
        assert_eq!(redact_userinfo("http://proxy/a@b"), "http://proxy/a@b");
    }

    #[test]
    fn macos_settings_come_from_scutil_on_the_machine_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = Context::for_tests(dir.path(), OsFamily::Macos);
        ctx.runner = Arc::new(RecordedRunner::default().with("scutil --proxy", SCUTIL));
        ctx.env
            .insert("https_proxy".into(), "http://u:p@10.0.0.1:3128".into());
        let (s, _) = settings(&ctx);
        assert_eq!(s.len(), 1, "not live: environment only");
        assert!(!s[0].value.contains("u:p"));
        ctx.live = true;
        let (s, looked) = settings(&ctx);
        assert_eq!(s.len(), 3);
        assert!(looked.iter().any(|l| l.contains("scutil")));
    }
}
