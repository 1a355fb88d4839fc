//! Security software on Windows: the antivirus products Windows Security Center lists
//! (`root/SecurityCenter2`, class `AntiVirusProduct`, read through PowerShell's
//! `Get-CimInstance`), with their `productState`, and the products whose web shield decrypts
//! HTTPS, as data with the setting that turns it off and the vendor's page.
//!
//! `productState` is not documented by Microsoft; its bytes are read as Windows' own tools and
//! vendors read them (Idera's PowerTip "Identifying Antivirus Engine State", 2020; neophob.com
//! 2010): `0xF000` the engine (`0x1000` on, `0x2000` snoozed, `0x3000` expired, `0` off),
//! `0x00F0` the signatures (`0x10` out of date), `0x0F00` the owner (`0x100` Windows itself).

use std::time::Duration;

use serde_json::Value;

use crate::context::{Context, OsFamily};

/// One product Windows Security Center lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvProduct {
    pub name: String,
    pub state: u32,
}

impl AvProduct {
    /// The engine's state in words: `on`, `snoozed`, `expired`, `off`.
    pub fn engine(&self) -> &'static str {
        match self.state & 0xF000 {
            0x1000 => "on",
            0x2000 => "snoozed",
            0x3000 => "expired",
            _ => "off",
        }
    }

    pub fn on(&self) -> bool {
        self.engine() == "on"
    }

    pub fn signatures_up_to_date(&self) -> bool {
        self.state & 0x00F0 == 0
    }

    /// The web shield entry that names this product, if any.
    pub fn web_shield(&self) -> Option<&'static WebShield> {
        let name = self.name.to_ascii_lowercase();
        let words: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        WEB_SHIELDS.iter().find(|w| words.contains(&w.matches))
    }
}

/// What was found: the products, or why they could not be listed; `None` when not looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Antivirus {
    /// Not looked for: why (not Windows, or not the machine itself).
    NotRead(String),
    Read(Result<Vec<AvProduct>, String>),
}

/// A product whose web shield decrypts HTTPS (it puts its own certificate in front of every
/// site), the setting that turns that off, and the vendor's page that says so.
pub struct WebShield {
    /// A lower-case word of its Security Center name.
    pub matches: &'static str,
    pub feature: &'static str,
    pub setting: &'static str,
    pub source: &'static str,
}

/// Products known to decrypt HTTPS by default (checked 2026-12-01). Bitdefender's and others'
/// encrypted-web scanning are left out until a vendor page for the setting is found.
pub const WEB_SHIELDS: &[WebShield] = &[
    WebShield {
        matches: "avast",
        feature: "Web Shield's HTTPS scanning (on by default)",
        setting: "open Avast › Menu › Settings › Protection › Core Shields, and under Web Shield untick \"Enable HTTPS scanning\" (or add auth.openai.com, chatgpt.com and openai.com to its exceptions)",
        source: "https://support.avast.com/en-eu/article/Antivirus-HTTPS-scan-FAQ",
    },
    WebShield {
        matches: "avg",
        feature: "Web Shield's HTTPS scanning (on by default; AVG shares Avast's engine)",
        setting: "open AVG › Menu › Settings › Basic Protection › Web Shield and untick \"Enable HTTPS scanning\" (or add the sign-in sites to its exceptions)",
        source: "https://support.avast.com/en-eu/article/Antivirus-HTTPS-scan-FAQ",
    },
    WebShield {
        matches: "kaspersky",
        feature: "encrypted connections scan",
        setting: "open Kaspersky › Settings › Network settings and under \"Encrypted connections scan\" choose \"Do not scan encrypted connections\" (or add the sign-in sites to the exclusions)",
        source: "https://support.kaspersky.com/KAV/2020/en-us/157530.htm",
    },
    WebShield {
        matches: "eset",
        feature: "SSL/TLS protocol filtering (on by default)",
        setting: "open ESET, press F5 for Advanced setup, and turn off SSL/TLS under Protections › SSL/TLS (or exclude the browser)",
        source: "https://support.eset.com/en/kb5833-manage-protocolssltls-filtering-in-eset-windows-home-products",
    },
];

/// The PowerShell command that lists them (`-Compress`: one line; one product is an object,
/// several an array).
pub const ARGS: &[&str] = &[
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName,productState | ConvertTo-Json -Compress",
];

/// Parses `ConvertTo-Json` output: an object, an array of them, or nothing (no product).
pub fn parse(stdout: &str) -> Result<Vec<AvProduct>, String> {
    let t = stdout.trim().trim_start_matches('\u{feff}');
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let v: Value = serde_json::from_str(t).map_err(|e| format!("not the JSON expected ({e})"))?;
    let items = match v {
        Value::Array(a) => a,
        o @ Value::Object(_) => vec![o],
        _ => return Err("not a product list".into()),
    };
    Ok(items
        .iter()
        .take(32)
        .filter_map(|p| {
            let name = p.get("displayName")?.as_str()?;
            Some(AvProduct {
                name: crate::formats::clip(name, crate::formats::NAME_CHARS),
                state: p.get("productState")?.as_u64()? as u32,
            })
        })
        .collect())
}

/// PowerShell by its full path (never a `powershell.exe` next to login-check or on PATH).
pub fn program(ctx: &Context) -> std::path::PathBuf {
    let root = ctx.env("SystemRoot").unwrap_or("C:\\Windows");
    std::path::PathBuf::from(format!(
        "{root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
    ))
}

/// The [`RecordedRunner`](crate::context::RecordedRunner) key of the command, for tests.
pub fn recorded_key(ctx: &Context) -> String {
    let p = program(ctx);
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::iter::once(name.as_str())
        .chain(ARGS.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lists the products, on Windows and on the machine itself only.
pub fn read(ctx: &Context) -> Antivirus {
    if ctx.os != OsFamily::Windows {
        return Antivirus::NotRead("Windows Security Center exists only on Windows".into());
    }
    if !ctx.live {
        return Antivirus::NotRead(
            "it is read only on the Windows computer itself (without --home, --root or --os)"
                .into(),
        );
    }
    // Within the network budget and at most 4 s.
    let program = program(ctx);
    let out = ctx
        .runner
        .run(&program, ARGS, ctx.net.time_left(Duration::from_secs(4)));
    match out {
        // Windows Server has no Security Center.
        Ok(o)
            if o.stderr.contains("Invalid namespace") || o.stdout.contains("Invalid namespace") =>
        {
            Antivirus::NotRead("this Windows has no Security Center (Windows Server)".into())
        }
        Ok(o) if o.status == Some(0) => Antivirus::Read(parse(&o.stdout)),
        Ok(o) => Antivirus::Read(Err(format!(
            "PowerShell could not list them ({})",
            o.stderr.lines().next().unwrap_or("no message").trim()
        ))),
        Err(e) => Antivirus::Read(Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::RecordedRunner;
    use std::sync::Arc;

    #[test]
    fn product_states_are_read_by_their_bytes() {
        // Windows Defender on and current; Avast on with old signatures; one snoozed; one off.
        let out = r#"[{"displayName":"Windows Defender","productState":397568},{"displayName":"Avast Antivirus","productState":266256},{"displayName":"X","productState":270336},{"displayName":"Y","productState":262144}]"#;
        let p = parse(out).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].engine(), "on");
        assert!(p[0].signatures_up_to_date());
        assert!(p[0].web_shield().is_none());
        assert!(p[1].on() && !p[1].signatures_up_to_date());
        assert_eq!(p[1].web_shield().unwrap().matches, "avast");
        assert_eq!(p[2].engine(), "snoozed");
        assert_eq!(p[3].engine(), "off");
        // One product is an object; none is no output.
        assert_eq!(
            parse(r#"{"displayName":"ESET Security","productState":266240}"#)
                .unwrap()
                .len(),
            1
        );
        assert!(parse("\r\n").unwrap().is_empty());
        // Whole words only: "Preset Guard" is not ESET.
        let other = AvProduct {
            name: "Preset Guard".into(),
            state: 266240,
        };
        assert!(other.web_shield().is_none());
        assert!(parse("Get-CimInstance : Invalid namespace").is_err());
    }

    #[test]
    fn read_only_on_windows_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = Context::for_tests(dir.path(), OsFamily::Windows);
        assert!(matches!(read(&ctx), Antivirus::NotRead(_)));
        let key = recorded_key(&ctx);
        ctx.runner = Arc::new(RecordedRunner::default().with(
            &key,
            r#"{"displayName":"Kaspersky Internet Security","productState":266240}"#,
        ));
        ctx.live = true;
        match read(&ctx) {
            Antivirus::Read(Ok(p)) => assert_eq!(p[0].web_shield().unwrap().matches, "kaspersky"),
            other => panic!("{other:?}"),
        }
        let linux = Context::for_tests(dir.path(), OsFamily::Linux);
        assert!(matches!(read(&linux), Antivirus::NotRead(_)));
    }
}
