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

/// What replaces the user information of a URL.
pub const CREDENTIALS_REMOVED: &str = "[credentials removed]@";

/// Removes `user:password@` from a proxy URL, in every mode (credentials are never shown).
///
/// The URL may have a scheme (`http://`, `socks5h://`, ...) or not (`u:p@proxy:3128`), and may
/// be a Windows `ProxyServer` list (`http=u:p@a:80;https=b:443`). The password may hold `/`,
/// `?`, `#` or even `@` unescaped: the user information runs up to the last `@` that is
/// followed by a host (name, IPv4 or `[IPv6]`, optional `:port`) ending the URL or followed by
/// `/`, `?` or `#` (see [`userinfo_end`]).
pub fn redact_userinfo(url: &str) -> String {
    if url.contains(';') {
        return url
            .split(';')
            .map(redact_userinfo)
            .collect::<Vec<_>>()
            .join(";");
    }
    // `http=host:port` (a Windows list entry) keeps its label.
    let (label, url) = match url.split_once('=') {
        Some((l, rest)) if !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric()) => {
            (&url[..l.len() + 1], rest)
        }
        _ => ("", url),
    };
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    match userinfo_end(rest) {
        Some(at) => format!("{label}{scheme}{CREDENTIALS_REMOVED}{}", &rest[at + 1..]),
        None => format!("{label}{url}"),
    }
}

/// Removes the user information of every `scheme://` URL in a text (see [`redact_userinfo`]).
/// A URL ends at white space or a quote or angle bracket.
pub fn remove_credentials(text: &str) -> String {
    if !text.contains("://") || !text.contains('@') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (before, after) = rest.split_at(i + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(after.len());
        let url = &after[..end];
        match userinfo_end(url) {
            Some(at) => {
                out.push_str(CREDENTIALS_REMOVED);
                out.push_str(&url[at + 1..]);
            }
            None => out.push_str(url),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Removes the user information from every entry of a proxy list as browsers write it:
/// `host:port`, `scheme://host:port`, Chromium's `http=host:port;https=host:port`, entries
/// separated by `;`. In an entry that holds an `@` anywhere, everything between its optional
/// `label=` and `scheme://` and its last `@` goes (`[credentials removed]@host`): a password may
/// hold `=`, `,`, `;` or spaces, so when in doubt more is removed, never less.
pub fn remove_list_credentials(list: &str) -> String {
    if !list.contains('@') {
        return list.to_string();
    }
    let mut out = String::with_capacity(list.len());
    for (i, entry) in list.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        let Some(at) = entry.rfind('@') else {
            out.push_str(entry);
            continue;
        };
        // The label (`https=`, letters only) and the scheme (`socks5://`) are kept.
        let lead = entry.len() - entry.trim_start().len();
        let mut start = lead;
        let rest = &entry[lead..];
        if let Some(eq) = rest.find('=')
            && eq > 0
            && rest[..eq].chars().all(|c| c.is_ascii_alphabetic())
        {
            start += eq + 1;
        }
        if let Some(sep) = entry[start..].find("://")
            && entry[start..start + sep]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        {
            start += sep + 3;
        }
        if start > at {
            // The `@` is before the host part begins: nothing that looks like credentials.
            out.push_str(entry);
            continue;
        }
        out.push_str(&entry[..start]);
        out.push_str(CREDENTIALS_REMOVED);
        out.push_str(&entry[at + 1..]);
    }
    out
}

/// Where the user information of `rest` (a URL after `scheme://`) ends: the index of its `@`,
/// or `None` when it has none.
///
/// There is user information when the text before the first `@` holds no `/`, `?` or `#`
/// (`user:pass@host`), or when the text before the first `/`, `?` or `#` is `user:pass`
/// rather than `host:port` (a password holding `/`: `u:pa/ss@host`). It then ends at the last
/// `@` followed by a host; failing that, at the last `@` (better too much removed than a
/// password shown).
pub fn userinfo_end(rest: &str) -> Option<usize> {
    let first_at = rest.find('@')?;
    let delim = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let plain = first_at < delim;
    let password_with_delim = rest[..delim]
        .split_once(':')
        .is_some_and(|(_, after)| after.is_empty() || !after.chars().all(|c| c.is_ascii_digit()));
    if !(plain || password_with_delim) {
        return None;
    }
    let ats: Vec<usize> = rest.match_indices('@').map(|(i, _)| i).collect();
    ats.iter()
        .rev()
        .copied()
        .find(|&at| followed_by_host(&rest[at + 1..]))
        .or(ats.last().copied())
}

/// Whether `s` starts with a host (name, IPv4, `[IPv6]`), an optional `:port`, then the end of
/// the URL or `/`, `?`, `#`.
fn followed_by_host(s: &str) -> bool {
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    let authority = &s[..end];
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, port)) => {
                if addr.parse::<std::net::Ipv6Addr>().is_err() {
                    return false;
                }
                return port.is_empty()
                    || port
                        .strip_prefix(':')
                        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            }
            None => return false,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => h,
            Some(_) => return false,
            None => authority,
        }
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '%'))
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
                value: redact_userinfo(&value),
                automatic: false,
            });
        }
    }
    if on("ProxyAutoConfigEnable") {
        out.push(Setting {
            source: "scutil --proxy ProxyAutoConfigURLString".to_string(),
            value: kv
                .get("ProxyAutoConfigURLString")
                .map(|u| redact_userinfo(u))
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
                u => redact_userinfo(&u),
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
            value: redact_userinfo(&url),
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

    #[test]
    fn proxy_lists_lose_their_credentials() {
        assert_eq!(
            remove_list_credentials("http=bob:pw@p:80;https=q:443"),
            "http=[credentials removed]@p:80;https=q:443"
        );
        let list = remove_list_credentials("socks5://u:p@h:1080, a:b@c:3128");
        assert!(
            list.starts_with("socks5://[credentials removed]@"),
            "{list}"
        );
        assert!(!list.contains("u:p") && !list.contains("a:b"), "{list}");
        assert_eq!(remove_list_credentials("p:80"), "p:80");
        // Passwords holding the separators lose everything up to the last `@`.
        assert_eq!(
            remove_list_credentials("http=bob:pa=ss@p:80"),
            "http=[credentials removed]@p:80"
        );
        assert_eq!(
            remove_list_credentials("bob:p,ss@h:3128"),
            "[credentials removed]@h:3128"
        );
        let two = remove_list_credentials("a:b@h1:80 c:d@h2:80");
        assert!(!two.contains("a:b") && !two.contains("c:d"), "{two}");
    }

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
        assert_eq!(
            redact_userinfo("http://proxy:8080/a@b"),
            "http://proxy:8080/a@b"
        );
        for (url, rest) in [
            ("http://u:pa/ss@10.1.2.4:3128", "10.1.2.4:3128"),
            ("http://u:p@ss@proxy:8080/x", "proxy:8080/x"),
            ("http://u:p@ss/w@rd@proxy:8080", "proxy:8080"),
            ("http://u:pa?ss#x@proxy", "proxy"),
            (
                "socks5h://bob%40corp.example:pw@[fd00::1]:1080",
                "[fd00::1]:1080",
            ),
            ("https://bob@proxy.corp.example", "proxy.corp.example"),
        ] {
            let scheme = url.split("://").next().unwrap();
            assert_eq!(
                redact_userinfo(url),
                format!("{scheme}://[credentials removed]@{rest}"),
                "{url}"
            );
        }
        assert_eq!(
            redact_userinfo("u:pa/ss@10.1.2.4:3128"),
            "[credentials removed]@10.1.2.4:3128"
        );
        assert_eq!(
            redact_userinfo("http=u:p@a:80;https=b:443"),
            "http=[credentials removed]@a:80;https=b:443"
        );
        assert_eq!(
            remove_credentials("PAC http://u:pa/ss@wpad.example/p.pac and ftp://x.example/a@b"),
            "PAC http://[credentials removed]@wpad.example/p.pac and ftp://x.example/a@b"
        );
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
