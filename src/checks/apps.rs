//! Apps: OpenAI's own programs that sign in with a ChatGPT account outside the browser.

use serde_json::{Value, json};

use crate::checks::declare::check;
use crate::facts::Facts;
use crate::model::{CheckResult, Status};
use crate::sources::codex::{CALLBACK_PORT, FALLBACK_PORT, PortCheck, PortState};

/// The introduction of the Apps section in `docs/checks.md`.
pub const INTRO: &str = "OpenAI's programs that sign in with a ChatGPT account outside the browser: Codex, the coding agent for the terminal and editors.";

check! {
    /// *Works offline.*
    ///
    /// OpenAI's Codex CLI signs in with ChatGPT through a local callback: it listens on
    /// `127.0.0.1:1455` (retrying for about two seconds, and asking an older Codex login server
    /// there to cancel), falls back to port 1457 when 1455 is in use — only then: any other
    /// error, such as Windows refusing a reserved port, ends `codex login` — and sends the browser to
    /// `http://localhost:<port>/auth/callback` (openai/codex `codex-rs/login/src/server.rs`).
    /// It fails when another program holds the port (openai/codex#2671, #5283, #18250), when
    /// Windows reserves it for Hyper-V or WSL (`netsh interface ipv4 show excludedportrange
    /// protocol=tcp`), when a browser that resolves `localhost` to `::1` finds another program on
    /// `[::1]:1455`, and in an SSH or headless session, where no browser can open on the machine
    /// Codex runs on. Restarting Windows' NAT service (`net stop winnat`, `net start winnat`)
    /// frees reserved ranges nothing uses (docker/for-win#3171, docker/docs#15452). For the
    /// others, Codex's documentation gives `codex login --device-auth` and
    /// forwarding the port, `ssh -L 1455:localhost:1455 user@remote`
    /// ([Codex authentication](https://developers.openai.com/codex/auth)).
    ///
    /// *Looks at:* on the machine itself (no `--home`, `--root`, `--os`) binds `127.0.0.1:1455`,
    /// `[::1]:1455` and `127.0.0.1:1457` for a moment and names the program holding a port (`/proc` on Linux, `lsof` on macOS,
    /// `netstat -ano` and `tasklist` on Windows) and reads Windows' excluded port ranges;
    /// `SSH_CONNECTION`, `SSH_TTY`, `SSH_CLIENT`, and on Linux `DISPLAY`/`WAYLAND_DISPLAY`;
    /// whether `~/.codex/auth.json` (`$CODEX_HOME` on the machine itself) exists and its age —
    /// never its contents.
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | pass | Port 1455 is free on IPv4 and IPv6. |
    /// | warn | 1455 is taken but 1457 is free (Codex falls back to it); something else listens on `[::1]:1455`; or this is an SSH or headless session. |
    /// | fail | Windows reserves 1455 (Codex does not fall back then), or neither 1455 nor 1457 can be listened on. |
    /// | skip | Codex is not set up here (no `~/.codex`, no `codex` on `PATH`); or inspecting files (`--home`, `--root`, `--os`): this machine's ports say nothing about them. |
    /// | unknown | The system refused the test bind for another reason than a reserved range (a sandbox). |
    ///
    /// *Evidence:* `ports` (`port`, `family`, `state`, `holder`), `excluded_ranges`, `codex_found`, `ssh_session`,
    /// `headless`, `auth_json`, `auth_json_age_days`.
    pub static CODEX_LOGIN = {
        id: "apps.codex_login",
        category: Apps,
        network: false,
        per: "report",
        summary: "Codex's \"Sign in with ChatGPT\" can receive its callback on this machine (port 1455 or 1457, a browser to open)",
        article: "Try a different browser or device: This can identify if the issue is browser-specific.",
        verdict: codex_login,
    }
}

fn state_text(p: &PortCheck) -> String {
    let family = if p.v6 { "[::1]" } else { "127.0.0.1" };
    let what = match &p.state {
        PortState::Free => "free".to_string(),
        PortState::InUse => match &p.holder {
            Some(h) => format!("in use by {h}"),
            None => "in use".to_string(),
        },
        PortState::Refused(e) => format!("refused by the system ({e})"),
        PortState::NoFamily => "no IPv6 on this machine".to_string(),
    };
    format!("{family}:{} {what}", p.port)
}

fn codex_login(facts: &Facts) -> Vec<CheckResult> {
    let c = facts.codex_login();
    if c.found.is_none() {
        return vec![
            CODEX_LOGIN
                .result(
                    Status::Skip,
                    "Not checked: Codex is not set up here",
                    "No ~/.codex folder, and no codex program on PATH.",
                )
                .evidence("auth_json", c.auth_json.clone()),
        ];
    }
    let Some(ports) = &c.ports else {
        return vec![CODEX_LOGIN.result(
            Status::Skip,
            "Not checked: inspecting files, not this machine",
            "This machine's ports and session say nothing about the machine whose files are inspected (--home, --root or --os).",
        )];
    };
    // A bind the system refused for another reason than a reserved range (a sandbox, a
    // permission) says nothing about Codex's chances: not judged.
    let refused_unexplained = ports.iter().any(|p| {
        matches!(p.state, PortState::Refused(_))
            && !c.excluded.iter().any(|(a, b)| (*a..=*b).contains(&p.port))
    });
    if refused_unexplained {
        return vec![CODEX_LOGIN.result(
            Status::Unknown,
            "Could not test Codex's sign-in ports",
            format!(
                "{}: the system refused login-check's own test, so whether Codex can listen there is not known.",
                ports.iter().map(state_text).collect::<Vec<_>>().join("; ")
            ),
        )];
    }
    let port = |n: u16, v6: bool| ports.iter().find(|p| p.port == n && p.v6 == v6);
    let usable = |p: Option<&PortCheck>| p.is_some_and(|p| p.state == PortState::Free);
    let main_ok = usable(port(CALLBACK_PORT, false));
    // Refused here means reserved (an unexplained refusal returned above): Codex falls back
    // only when the port is in use, so a reserved 1455 ends its sign-in.
    let main_reserved =
        port(CALLBACK_PORT, false).is_some_and(|p| matches!(p.state, PortState::Refused(_)));
    let fallback_ok = usable(port(FALLBACK_PORT, false));
    let v6_taken = port(CALLBACK_PORT, true).is_some_and(|p| p.state == PortState::InUse);
    let evidence = |r: CheckResult| {
        r.evidence(
            "ports",
            ports
                .iter()
                .map(|p| {
                    json!({
                        "port": p.port,
                        "family": if p.v6 { "IPv6" } else { "IPv4" },
                        "state": match &p.state {
                            PortState::Free => "free",
                            PortState::InUse => "in_use",
                            PortState::Refused(_) => "refused",
                            PortState::NoFamily => "no_ipv6",
                        },
                        "holder": p.holder,
                    })
                })
                .collect::<Vec<_>>(),
        )
        .evidence(
            "excluded_ranges",
            c.excluded
                .iter()
                .map(|(a, b)| format!("{a}-{b}"))
                .collect::<Vec<_>>(),
        )
        .evidence("codex_found", c.found.clone())
        .evidence("ssh_session", c.ssh)
        .evidence("headless", c.headless)
        .evidence("auth_json", c.auth_json.clone())
        .evidence(
            "auth_json_age_days",
            c.auth_json_age_days.map_or(Value::Null, |d| json!(d)),
        )
    };
    let detail = {
        let mut d = ports.iter().map(state_text).collect::<Vec<_>>().join("; ");
        if !c.excluded.is_empty() {
            d.push_str(&format!(
                ". Windows reserves {}",
                c.excluded
                    .iter()
                    .map(|(a, b)| format!("{a}-{b}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        match c.auth_json_age_days {
            Some(days) => d.push_str(&format!(
                ". Codex credentials ({}) were saved {}",
                c.auth_json,
                if days == 0 {
                    "today".to_string()
                } else if days == 1 {
                    "1 day ago".to_string()
                } else {
                    format!("{days} days ago")
                }
            )),
            // Codex may keep them in the system's keyring instead (`cli_auth_credentials_store`,
            // openai/codex `AuthCredentialsStoreMode`: file, keyring or auto).
            None => d.push_str(&format!(
                ". There is no {} (Codex saves its credentials there, or in the system's keyring)",
                c.auth_json
            )),
        }
        d.push('.');
        d
    };
    // ` (python3 (process 412))`, or nothing when the holder is not known.
    let holder_of = |n: u16, v6: bool| {
        port(n, v6)
            .and_then(|p| p.holder.clone())
            .map_or(String::new(), |h| format!(" ({h})"))
    };
    let free_it = format!(
        "Quit the program holding port {CALLBACK_PORT}{} (often an editor's extension, another sign-in tool or an earlier `codex login` still running){}, then run `codex login` again.",
        holder_of(CALLBACK_PORT, false),
        if c.excluded.is_empty() {
            String::new()
        } else {
            "; Windows reserves it for Hyper-V or WSL: in a terminal run as administrator, run `net stop winnat` and then `net start winnat`, which frees ranges Windows reserved but does not use".to_string()
        }
    );
    let r = if main_reserved {
        CODEX_LOGIN
            .result(
                Status::Fail,
                format!("Codex cannot receive its sign-in callback: Windows reserves port {CALLBACK_PORT}"),
                detail,
            )
            .with_fix(format!(
                "Windows keeps port {CALLBACK_PORT} for Hyper-V or WSL, and Codex does not fall back to {FALLBACK_PORT} then. In a terminal run as administrator, run `net stop winnat` and then `net start winnat` (this frees ranges Windows reserved but does not use), then run `codex login` again. Or sign in without the callback: `codex login --device-auth`."
            ))
    } else if !main_ok && !fallback_ok {
        CODEX_LOGIN
            .result(
                Status::Fail,
                format!("Codex cannot receive its sign-in callback: ports {CALLBACK_PORT} and {FALLBACK_PORT} are both taken"),
                detail,
            )
            .with_fix(format!(
                "{free_it} Or sign in without the callback: `codex login --device-auth`."
            ))
    } else if !main_ok {
        CODEX_LOGIN
            .result(
                Status::Warn,
                format!("Port {CALLBACK_PORT}, where Codex receives its sign-in callback, is taken; Codex falls back to {FALLBACK_PORT}"),
                detail,
            )
            .with_fix(free_it)
    } else if v6_taken {
        CODEX_LOGIN
            .result(
                Status::Warn,
                format!("Another program listens on [::1]:{CALLBACK_PORT}, where a browser may send Codex's sign-in callback"),
                detail,
            )
            .with_fix(format!(
                "Codex listens on 127.0.0.1 but sends the browser to localhost, which can mean ::1: quit the program on [::1]:{CALLBACK_PORT}{}, or after signing in in the browser, change localhost in the address bar to 127.0.0.1.",
                holder_of(CALLBACK_PORT, true)
            ))
    } else if c.ssh || c.headless {
        CODEX_LOGIN
            .result(
                Status::Warn,
                if c.ssh {
                    "This is an SSH session: Codex's sign-in page cannot open a browser here"
                } else {
                    "No graphical session: Codex's sign-in page cannot open a browser here"
                },
                detail,
            )
            .with_fix(format!(
                "Sign in with `codex login --device-auth`, or forward the callback port from your own computer: `ssh -L {CALLBACK_PORT}:localhost:{CALLBACK_PORT} user@this-machine`, run `codex login` in that session and open the address it prints in your own browser."
            ))
    } else {
        CODEX_LOGIN.result(
            Status::Pass,
            format!("Codex can receive its sign-in callback on port {CALLBACK_PORT}"),
            detail,
        )
    };
    vec![evidence(r)]
}

#[cfg(test)]
mod tests {
    //! The verdict on facts built in memory: no ports bound, no commands run.
    use super::*;
    use crate::model::TicketInput;
    use crate::sources::codex::CodexLogin;

    fn port(port: u16, v6: bool, state: PortState) -> PortCheck {
        PortCheck {
            port,
            v6,
            state,
            holder: None,
        }
    }

    fn verdict(ports: Vec<PortCheck>, excluded: Vec<(u16, u16)>) -> CheckResult {
        let c = CodexLogin {
            found: Some("~/.codex".into()),
            ports: Some(ports),
            excluded,
            ssh: false,
            headless: false,
            auth_json: "~/.codex/auth.json".into(),
            auth_json_age_days: None,
        };
        let facts =
            crate::checks::common::testing::facts(TicketInput::default()).with_codex_login(c);
        let mut r = codex_login(&facts);
        assert_eq!(r.len(), 1);
        r.remove(0)
    }

    const DENIED: &str =
        "An attempt was made to access a socket in a way forbidden by its access permissions";

    /// Codex falls back to 1457 only when 1455 is in use (openai/codex
    /// `codex-rs/login/src/server.rs::bind_server`): a port Windows reserves ends its sign-in.
    #[test]
    fn a_reserved_callback_port_fails_and_a_taken_one_warns() {
        let free = |p, v6| port(p, v6, PortState::Free);
        let r = verdict(
            vec![
                port(CALLBACK_PORT, false, PortState::Refused(DENIED.into())),
                free(CALLBACK_PORT, true),
                free(FALLBACK_PORT, false),
            ],
            vec![(1400, 1499)],
        );
        assert_eq!(r.status, Status::Fail, "{r:?}");
        assert!(
            r.title.contains("Windows reserves port 1455"),
            "{}",
            r.title
        );
        let fix = r.fix.as_deref().unwrap();
        assert!(
            fix.contains("net stop winnat") && fix.contains("--device-auth"),
            "{fix}"
        );
        assert!(!r.title.contains("falls back"));

        let r = verdict(
            vec![
                port(CALLBACK_PORT, false, PortState::InUse),
                free(CALLBACK_PORT, true),
                free(FALLBACK_PORT, false),
            ],
            Vec::new(),
        );
        assert_eq!(r.status, Status::Warn, "{r:?}");
        assert!(r.title.contains("falls back to 1457"), "{}", r.title);

        // Refused outside any reserved range: a sandbox, not judged.
        let r = verdict(
            vec![
                port(CALLBACK_PORT, false, PortState::Refused(DENIED.into())),
                free(FALLBACK_PORT, false),
            ],
            Vec::new(),
        );
        assert_eq!(r.status, Status::Unknown, "{r:?}");

        let r = verdict(
            vec![
                free(CALLBACK_PORT, false),
                free(CALLBACK_PORT, true),
                free(FALLBACK_PORT, false),
            ],
            Vec::new(),
        );
        assert_eq!(r.status, Status::Pass, "{r:?}");
    }
}
