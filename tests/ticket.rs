//! The support-ticket report: ticket fields and contradicted steps, the sign-in method hint,
//! `explain`, and redaction — with canary strings planted in cookie values, saved logins,
//! `Local State` account fields, the user's name and home, and the machine's host name.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Fixture, result_for};
use login_check::fixtures::{
    FixtureCookie, firefox_logins_json, write_chromium_cookies, write_chromium_logins,
    write_firefox_cookies,
};
use serde_json::{Value, json};

const NOW: i64 = 1_795_521_600;
const COOKIE_CANARY: &str = "CANARYcookievalue31";
const PASSWORD_CANARY: &str = "CANARYpassword77";
const USERNAME_CANARY: &str = "canary.saved.user@example.net";
const ACCOUNT_CANARY: &str = "canary.account@example.org";
const GAIA_CANARY: &str = "Canary Gaia Person";
const PROFILE_EMAIL: &str = "canary.profile@example.com";

/// A home with something in every sensitive place, and several failures.
fn sensitive_home() -> Fixture {
    let f = Fixture::new();
    let chrome = f.chromium(".config/google-chrome");
    chrome.profile("Default").last_version("150.0.7200.1");
    // Local State with the signed-in account's fields, and a profile named by an e-mail.
    let ls = json!({"profile": {"last_used": "Default", "info_cache": {"Default": {
        "name": PROFILE_EMAIL, "user_name": ACCOUNT_CANARY, "gaia_name": GAIA_CANARY,
        "gaia_given_name": "Canary", "gaia_id": "123456789", "is_consented_primary_account": true}}}});
    common::write(&chrome.dir.join("Local State"), ls.to_string());
    let mut old = FixtureCookie::new(".openai.com", "auth0", COOKIE_CANARY, NOW);
    old.expires = Some(NOW - 86_400);
    let cookies = [
        old,
        FixtureCookie::new("auth.openai.com", "auth0", COOKIE_CANARY, NOW),
        FixtureCookie::new(".openai.com", "__cf_bm", COOKIE_CANARY, NOW),
        FixtureCookie::new("auth.openai.com", "__cf_bm", COOKIE_CANARY, NOW),
        FixtureCookie::new(".google.com", "SID", COOKIE_CANARY, NOW),
    ];
    write_chromium_cookies(&chrome.dir.join("Default/Cookies"), 24, &cookies).unwrap();
    write_chromium_logins(
        &chrome.dir.join("Default/Login Data"),
        &[
            (
                "https://auth.openai.com",
                USERNAME_CANARY,
                PASSWORD_CANARY,
                false,
            ),
            ("https://example.com", "x", "y", false),
        ],
    )
    .unwrap();
    let ff = f.firefox(".mozilla/firefox");
    ff.profiles_ini(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=p.default-release\nDefault=1\n",
    )
    .profile("p.default-release", Some("161.0"));
    let pdir = ff.dir.join("p.default-release");
    drop(
        write_firefox_cookies(
            &pdir.join("cookies.sqlite"),
            17,
            &[FixtureCookie::new(
                ".chatgpt.com",
                "oai-did",
                COOKIE_CANARY,
                NOW,
            )],
        )
        .unwrap(),
    );
    std::fs::write(
        pdir.join("logins.json"),
        firefox_logins_json(&[("https://chatgpt.com", USERNAME_CANARY, PASSWORD_CANARY)]),
    )
    .unwrap();
    f
}

fn run(f: &Fixture, args: &[&str]) -> (String, i32) {
    let out = f
        .cmd("linux")
        .args(["--offline", "--skip", "network"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const NEVER: &[&str] = &[
    COOKIE_CANARY,
    PASSWORD_CANARY,
    USERNAME_CANARY,
    ACCOUNT_CANARY,
    GAIA_CANARY,
];

#[test]
fn canaries_never_leak_and_redaction_hides_the_profile_email() {
    let f = sensitive_home();
    for format in ["text", "json", "markdown"] {
        let (out, _) = run(
            &f,
            &[
                "--format",
                format,
                "-v",
                "--error",
                &format!("Wrong authentication method for {PROFILE_EMAIL}"),
            ],
        );
        for c in NEVER {
            assert!(!out.contains(c), "{format}: {c} leaked");
        }
        assert!(
            !out.contains(PROFILE_EMAIL),
            "{format}: the profile's e-mail name is redacted"
        );
        assert!(out.contains("email1"), "{format}: replaced by a token");
        // Unredacted: personal data appears, but still never a cookie value or password.
        let (out, _) = run(&f, &["--format", format, "-v", "--no-redact"]);
        for c in NEVER {
            assert!(!out.contains(c), "{format} --no-redact: {c} leaked");
        }
        assert!(
            out.contains(PROFILE_EMAIL),
            "{format} --no-redact shows the profile name"
        );
        assert!(out.contains("--no-redact"), "{format}: a warning on stderr");
    }
}

#[test]
fn the_same_email_gets_the_same_token_everywhere() {
    let f = sensitive_home();
    let (out, _) = run(
        &f,
        &[
            "--format",
            "json",
            "--error",
            &format!("There is already a user with email {PROFILE_EMAIL}"),
        ],
    );
    let r: Value = serde_json::from_str(
        out.lines()
            .skip_while(|l| !l.starts_with('{'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    let installed = result_for(&r, "browser.installed", "chrome");
    assert_eq!(installed["evidence"]["profiles"][0]["name"], "email1");
    assert_eq!(
        r["ticket"]["error_message"],
        "There is already a user with email email1"
    );
    assert_eq!(r["privacy"]["redacted"], true);
    assert_eq!(r["privacy"]["replaced"]["email"], 1);
    assert!(
        r["privacy"]["never_collected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "cookie values")
    );
}

#[test]
fn user_name_home_and_host_name_are_redacted() {
    let root = unsafe { libc::geteuid() } == 0;
    let unshare = Command::new("unshare")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(root && unshare) {
        if std::env::var_os("CI").is_some() {
            panic!("this test needs root and unshare (util-linux) in CI");
        }
        eprintln!("skipping: needs root and unshare");
        return;
    }
    let f = sensitive_home();
    let home = f.dir.path().join("canaryhome-Xq7");
    let ca_dir = home.join("canaryuser9");
    std::fs::create_dir_all(&ca_dir).unwrap();
    // Any PEM will do for --ca-file's check; the path is what is recorded.
    std::fs::write(
        ca_dir.join("ca.pem"),
        common::https::TestCa::new("x").cert_pem,
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("login-check");
    let run_in_uts = |extra: &[&str]| -> String {
        let mut args: Vec<String> = vec!["--uts".into(), "sh".into(), "-c".into()];
        let mut cmd = format!(
            "hostname canary-host-5k && exec '{}' --home '{}' --os linux --offline --only network.vpn,browsers --format json --ca-file '{}'",
            bin.display(),
            f.home().display(),
            ca_dir.join("ca.pem").display()
        );
        for e in extra {
            cmd.push_str(&format!(" {e}"));
        }
        args.push(cmd);
        let out = Command::new("unshare")
            .args(&args)
            .env("HOME", &home)
            .env("USER", "canaryuser9")
            .env("LOGIN_CHECK_NOW", common::NOW)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let redacted = run_in_uts(&[]);
    for c in ["canary-host-5k", "canaryuser9", "canaryhome-Xq7"] {
        assert!(!redacted.contains(c), "{c} in {redacted}");
    }
    let r: Value = serde_json::from_str(&redacted).unwrap();
    assert_eq!(r["system"]["hostname"], "host1");
    assert_eq!(r["ticket"]["device"]["hostname"], "host1");
    let vpn = &r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "network.vpn")
        .unwrap()["evidence"];
    assert_eq!(vpn["ca_file"], "~/user1/ca.pem");
    let plain = run_in_uts(&["--no-redact"]);
    assert!(
        plain.contains("canary-host-5k") && plain.contains("canaryuser9"),
        "{plain}"
    );
}

#[test]
fn markdown_ticket_snapshot() {
    let f = sensitive_home();
    let (out, code) = run(
        &f,
        &[
            "--format",
            "markdown",
            "--error",
            "Oops, something went wrong",
            "--auth-method",
            "google",
            "--others-affected",
            "no",
            "--tried",
            "cleared-cookies,incognito",
        ],
    );
    assert_eq!(code, 1);
    let text: Vec<&str> = out
        .lines()
        .map(|l| {
            if l.starts_with("| Report |") {
                "| Report | login-check <version>, <time> |"
            } else {
                l
            }
        })
        .map(|l| {
            if l.starts_with("| Device |") {
                "| Device | <os> |"
            } else {
                l
            }
        })
        .map(|l| {
            if l.starts_with("Privacy:") {
                "Privacy: <statement; its counts depend on the machine>"
            } else {
                l
            }
        })
        .collect();
    let privacy = out.lines().find(|l| l.starts_with("Privacy:")).unwrap();
    assert!(
        privacy.contains("1 email") && privacy.contains("Never collected: cookie values"),
        "{privacy}"
    );
    insta::assert_snapshot!("markdown_ticket", text.join("\n"));
}

#[test]
fn contradicted_steps_are_flagged_in_the_ticket() {
    let f = sensitive_home();
    let (r, _) = f.report(
        "linux",
        &[
            "--offline",
            "--skip",
            "network",
            "--tried",
            "cleared-cookies,other-device",
        ],
    );
    let steps = r["ticket"]["steps_tried"].as_array().unwrap();
    let cleared = steps
        .iter()
        .find(|s| s["step"] == "cleared-cookies")
        .unwrap();
    let against: Vec<&str> = cleared["contradicted_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert!(
        against.contains(&"cookies.expired") && against.contains(&"cookies.conflict"),
        "{against:?}"
    );
    assert!(
        steps.iter().find(|s| s["step"] == "other-device").unwrap()["contradicted_by"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let browsers: Vec<&str> = r["ticket"]["browsers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["browser"].as_str().unwrap())
        .collect();
    assert_eq!(browsers, ["chrome", "firefox"]);
    assert_eq!(r["ticket"]["others_affected"], "unknown");
    assert!(r["ticket"]["error_message"].is_null());
}

#[test]
fn signin_method_hints_and_the_mismatch_warning() {
    let f = sensitive_home();
    let (r, _) = f.report("linux", &["--offline", "--only", "account.signin_method"]);
    let chrome = result_for(&r, "account.signin_method", "chrome");
    assert_eq!(chrome["status"], "pass");
    assert_eq!(
        chrome["evidence"]["saved_password_sites"],
        json!(["auth.openai.com"])
    );
    assert_eq!(
        chrome["evidence"]["provider_cookies"][0]["provider"],
        "Google"
    );
    assert_eq!(
        chrome["evidence"]["provider_cookies"][0]["cookies"],
        json!(["SID"])
    );
    let ff = result_for(&r, "account.signin_method", "firefox");
    assert_eq!(
        ff["evidence"]["saved_password_sites"],
        json!(["chatgpt.com"])
    );
    // Trying Google while an OpenAI password is saved: the mismatch the articles describe.
    let (r, code) = f.report(
        "linux",
        &[
            "--offline",
            "--only",
            "account.signin_method",
            "--auth-method",
            "google",
        ],
    );
    let chrome = result_for(&r, "account.signin_method", "chrome");
    assert_eq!(chrome["status"], "warn", "{chrome}");
    assert!(
        chrome["fix"]
            .as_str()
            .unwrap()
            .contains("Wrong authentication method")
    );
    assert_eq!(code, 0);
    let (r, _) = f.report(
        "linux",
        &[
            "--offline",
            "--only",
            "account.signin_method",
            "--auth-method",
            "password",
        ],
    );
    assert_eq!(
        result_for(&r, "account.signin_method", "chrome")["status"],
        "pass"
    );
}

#[test]
fn a_broken_login_store_is_unknown_only_for_its_profile() {
    let f = Fixture::new();
    let ch = f.chromium(".config/google-chrome");
    ch.profile("Default").profile("Profile 1");
    std::fs::write(
        ch.dir.join("Default/Login Data"),
        b"not sqlite at all, just text",
    )
    .unwrap();
    std::fs::write(ch.dir.join("Default/Cookies"), b"").unwrap();
    write_chromium_logins(
        &ch.dir.join("Profile 1/Login Data"),
        &[("https://platform.openai.com", "u", "p", false)],
    )
    .unwrap();
    let (r, _) = f.report("linux", &["--offline", "--only", "account.signin_method"]);
    let results = common::results(&r, "account.signin_method");
    let by = |p: &str| {
        results
            .iter()
            .find(|x| x["subject"]["profile"] == p)
            .unwrap()
    };
    assert_eq!(by("Default")["status"], "unknown");
    assert!(
        by("Default")["detail"]
            .as_str()
            .unwrap()
            .contains("Login Data")
    );
    assert_eq!(by("Profile 1")["status"], "pass");
}

fn explain(msg: &str) -> Value {
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .args(["explain", msg, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn explain_knows_every_message_in_the_articles() {
    for (msg, id) in [
        ("This user already exists", "user-already-exists"),
        ("“This user already exists”", "user-already-exists"),
        (
            "There is already a user with email jane@example.com",
            "wrong-auth-method",
        ),
        ("Wrong authentication method", "wrong-auth-method"),
        ("Something went wrong", "something-went-wrong"),
        ("Oops...", "something-went-wrong"),
        ("OOPS! Something went wrong.", "something-went-wrong"),
        (
            "I got the welcome email but no verification email",
            "no-verification-email",
        ),
        ("didn't get the password reset email", "no-reset-email"),
        ("Request Header Or Cookie Too Large", "header-too-large"),
        (
            "400 Bad Request: request header or cookie too large",
            "header-too-large",
        ),
    ] {
        let e = explain(msg);
        assert_eq!(e["explanation"]["id"], id, "{msg}: {e}");
        assert!(!e["explanation"]["steps"].as_array().unwrap().is_empty());
    }
}

#[test]
fn explain_tolerates_misspellings_and_partial_text() {
    for (msg, id) in [
        ("somthing went wrng", "something-went-wrong"),
        ("wrong authentcation methd", "wrong-auth-method"),
        ("this user alredy exist", "user-already-exists"),
        ("there is allready a user with emial", "wrong-auth-method"),
        ("already a user", "wrong-auth-method"),
        ("authentication method", "wrong-auth-method"),
    ] {
        assert_eq!(explain(msg)["explanation"]["id"], id, "{msg}");
    }
}

#[test]
fn explain_gives_general_steps_for_unknown_messages_and_reads_text() {
    let e = explain("The page stays blank after I click continue");
    assert!(e["explanation"]["id"].is_null());
    assert!(
        e["explanation"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().contains("help.openai.com"))
    );
    let out = assert_cmd::Command::cargo_bin("login-check")
        .unwrap()
        .args(["explain", "wrong", "authentication", "method"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("What to do:") && text.contains("login-check --only account.signin_method"),
        "{text}"
    );
    let _ = Path::new(".");
}
