//! What several check areas share: results about browsers whose data cannot be read, and small
//! text helpers. Imports no area; areas may import it.

use crate::browsers::discovery::{Family, Install};
use crate::checks::declare::Check;
use crate::model::{CheckResult, Status, Subject};

/// `s` with its first letter in upper case: `cookies are blocked` → `Cookies are blocked`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How to clear one site's cookies in this browser, on the page or menu its spec names
/// ([`crate::browsers::spec::Ui::site_data`]).
pub fn clear_steps(inst: &Install) -> String {
    if inst.app {
        return app_clear_steps(inst);
    }
    let place = inst.ui().site_data;
    match inst.family {
        Family::Firefox => {
            format!("{place}, search \"openai\" and \"chatgpt\", Remove Selected")
        }
        Family::Safari => format!("{place}, search \"openai\" and \"chatgpt\", Remove"),
        Family::Chromium => format!(
            "open {place}, search \"openai\" and \"chatgpt\", and delete the data of each site shown"
        ),
    }
}

/// For titles: `Google Chrome › Work`; a ChatGPT app, which has one profile, by its name alone.
pub fn profile_title(inst: &Install, p: &crate::browsers::discovery::Profile) -> String {
    if inst.app {
        return inst.name.clone();
    }
    let label = p.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&p.id);
    format!("{} › {label}", inst.name)
}

/// The ChatGPT apps have no page to delete one site's data: signing out replaces their sign-in
/// cookies, and the rest goes with the app's data (Windows: the Store app's Reset, which
/// "deletes the app's data"; macOS: the app's cookie file, with the app closed).
fn app_clear_steps(inst: &Install) -> String {
    let again = "sign out (your profile picture › Log out), quit the app completely, open it and sign in again";
    match inst.family {
        Family::Safari => format!(
            "{again}; if that does not help, quit the app and move {} to the Trash (the app then starts signed out)",
            crate::browsers::spec::CHATGPT_APP_MACOS_COOKIES
        ),
        _ => format!(
            "{again}; if that does not help, quit it and reset it in Windows: Settings › Apps › Installed apps › ChatGPT › ⋯ › Advanced options › Reset (this deletes the app's data, its sign-in included)"
        ),
    }
}

/// The result of any check about a browser whose data folder cannot be listed (`None` when it
/// can): unknown, with the reason and how to let login-check read it.
pub fn unreadable(
    check: &Check,
    inst: &Install,
    title: String,
    consequence: &str,
) -> Option<CheckResult> {
    let why = inst.unreadable.as_ref()?;
    Some(
        check
            .result(Status::Unknown, title, format!("{why}. {consequence}"))
            .evidence("error", why.clone())
            .with_fix(format!(
                "Run login-check as the user who uses {} (on macOS, give your terminal Full Disk Access in \
                 System Settings › Privacy & Security).",
                inst.name
            ))
            .with_subject(Some(Subject::browser(&inst.key))),
    )
}

/// For in-process tests of the verdicts: facts built in memory.
#[cfg(test)]
pub mod testing {
    use crate::browsers::discovery::{Family, Install, Profile};
    use crate::browsers::spec::Packaging;
    use crate::context::{Context, OsFamily};
    use crate::facts::Facts;
    use crate::model::TicketInput;

    /// Google Chrome with one profile, `Default` (named `name`), in a folder that is never read.
    pub fn chrome_with_default(name: Option<&str>) -> (Install, Profile) {
        let mut inst = Install::new(
            "chrome".into(),
            "Google Chrome",
            Family::Chromium,
            Packaging::Native,
            0,
        );
        let profile = Profile {
            id: "Default".into(),
            name: name.map(str::to_string),
            path: "/nowhere/Default".into(),
            is_default: true,
            orphan: false,
        };
        inst.profiles.push(profile.clone());
        (inst, profile)
    }

    /// Facts over an empty environment (`Context::for_tests`) and the given ticket flags; set
    /// the facts a test needs with `Facts::with_*`.
    pub fn facts(input: TicketInput) -> Facts {
        Facts::new(
            Context::for_tests(std::path::Path::new("/nowhere"), OsFamily::Linux),
            input,
        )
    }
}
