//! Browser extensions that interfere with signing in.
//!
//! OpenAI's help articles: "Disable security extensions: Extensions can sometimes block
//! authentication processes", "Use an incognito/private window: This helps eliminate issues
//! caused by browser extensions or cached data", and "a security add-in or extension can
//! occasionally cause this type of error".
//!
//! For every profile of every browser found, the readers (`sources::{chromium, firefox,
//! safari}::extensions`) list the extensions installed, and the check `extensions.interfering` compares
//! them with the [`catalogue`] (`data/extensions.json`, documented in `docs/extensions.md`).

pub mod catalogue;

use serde_json::{Value, json};

use crate::browsers::discovery::{Install, Profile};

use crate::checks::common::unreadable;
use crate::checks::declare::check;
use crate::context::{Context, OsFamily};
use crate::facts::Facts;
use crate::model::{CheckResult, Status, Subject};
use crate::sources::extensions::{Extension, Installed, Inventory};
use catalogue::{Catalogue, Entry, MatchBy};

/// The Extensions section's introduction in `docs/checks.md`.
pub const INTRO: &str = "";

check! {
    /// The help articles: "Disable security extensions: Extensions can sometimes block authentication
    /// processes"; "Use an incognito/private window: This helps eliminate issues caused by browser
    /// extensions". What is read and the catalogue: [extensions.md](extensions.md).
    ///
    /// | Status | When |
    /// | --- | --- |
    /// | fail | An enabled catalogued extension of a blocking category (content/ad blocker, script blocker, cookie manager/auto-deleter, VPN/proxy, user-agent or fingerprint spoofer) rated high-risk. |
    /// | warn | Any other enabled catalogued extension; or an enabled extension allowed in private windows (a private window would not rule it out). |
    /// | unknown | The profile's extension records cannot be read (malformed or truncated JSON, unreadable files), or an extension could not be checked (missing manifest, broken `_locales`, a path outside the profile, Safari state not recorded), or the profile holds more than 1,000 extension entries (only the first 1,000 are read; the detail says so). A browser whose data folder cannot be listed gives one unknown result about the browser. |
    /// | pass | No catalogued extension is on (catalogued ones that are off are listed). |
    /// | skip | Nothing recorded yet (no `Preferences`/`Secure Preferences`; no `extensions.json` and no add-on files). |
    ///
    /// *Evidence:* `profile_path`; `interfering` and `disabled` (each: `name`, `id`, `version`,
    /// `catalogued_as`, `category`, `enabled`, `private_window`, `installed`, `removable`, `matched_by`,
    /// `disable_reasons`); `private_window_allowed`; `undecided` (`id`, `name`, `reason`); `extensions`
    /// and `built_in` (one line per extension); `problems`; `entries_read` and `entries_found` (past
    /// the limit); `sources`; `error`. Names, IDs and versions longer than 200 characters are cut
    /// and end in `…`.
    pub static INTERFERING = {
        id: "extensions.interfering",
        category: Extensions,
        network: false,
        per: "browser profile",
        summary: "Enabled extensions known to block or break signing in (ad, script and cookie blockers, VPNs, spoofers), per profile",
        article: "Disable security extensions: Extensions can sometimes block authentication processes.",
        verdict: interfering,
    }
}

/// `extensions.interfering`: one result per profile.
fn interfering(facts: &Facts) -> Vec<CheckResult> {
    let ctx = &facts.ctx;
    let cat = match catalogue::get() {
        Ok(c) => c,
        Err(why) => {
            return vec![
                INTERFERING
                    .result(
                        Status::Unknown,
                        "The extension catalogue could not be read",
                        why,
                    )
                    .with_fix("This is a bug in login-check: please report it."),
            ];
        }
    };
    let installs = &facts.discovery().installs;
    let mut out = Vec::new();
    for (inst, invs) in installs.iter().zip(facts.extensions()) {
        // The ChatGPT apps have no extensions.
        if inst.app {
            continue;
        }
        if let Some(r) = unreadable(
            &INTERFERING,
            inst,
            format!("{}: extensions cannot be checked", inst.name),
            "Its profiles, and so their extensions, cannot be read.",
        ) {
            out.push(r);
            continue;
        }
        for (profile, inv) in inst.profiles.iter().zip(invs) {
            out.push(judge(ctx, cat, inst, profile, inv));
        }
    }
    out
}

/// Where a browser keeps its extensions and what it calls private windows: for fixes.
pub struct Ui {
    pub manage: &'static str,
    pub private_window: &'static str,
    pub shortcut: &'static str,
    /// The switch that lets an extension run in private windows.
    pub allow_private: &'static str,
}

/// The menus of the browser `inst` on `os`, from its spec ([`crate::browsers::spec::Ui`]).
pub fn ui(inst: &Install, os: OsFamily) -> Ui {
    let spec = inst.ui();
    Ui {
        manage: spec.extensions,
        private_window: spec.private_window,
        shortcut: spec.private_shortcut.on(os),
        allow_private: spec.allow_private,
    }
}

/// A catalogued extension found in a profile.
struct Finding<'a> {
    ext: &'a Extension,
    entry: &'a Entry,
    by: MatchBy,
    status: Status,
}

fn finding_json(cat: &Catalogue, f: &Finding) -> Value {
    let mut o = json!({
        "name": f.ext.label(),
        "id": f.ext.id,
        "version": f.ext.version,
        "catalogued_as": f.entry.name,
        "category": cat.label(f.entry),
        "enabled": f.ext.enabled,
        "private_window": f.ext.private_window,
        "installed": f.ext.installed.as_str(),
        "removable": f.ext.installed.removable(),
        "matched_by": f.by.as_str(),
    });
    if !f.ext.disable_reasons.is_empty() {
        o["disable_reasons"] = json!(f.ext.disable_reasons);
    }
    o
}

/// One line per extension for the inventory: `uBlock Origin 1.67.0 · uBlock0@raymondhill.net ·
/// on · installed system-wide · private windows`.
pub fn inventory_line(cat: &Catalogue, ext: &Extension) -> String {
    let mut parts = vec![match &ext.version {
        Some(v) => format!("{} {v}", ext.label()),
        None => ext.label().to_string(),
    }];
    if ext.name.is_some() {
        parts.push(ext.id.clone());
    }
    parts.push(match ext.enabled {
        Some(true) => "on".to_string(),
        Some(false) if ext.disable_reasons.is_empty() => "off".to_string(),
        Some(false) => format!("off ({})", ext.disable_reasons.join(" ")),
        None => "on or off: unknown".to_string(),
    });
    parts.push(ext.installed.phrase().to_string());
    if ext.private_window == Some(true) && !ext.is_builtin() {
        parts.push("private windows".to_string());
    }
    if !ext.is_builtin() {
        if let Some((e, _)) = cat.lookup(&ext.id, ext.name.as_deref()) {
            parts.push(cat.label(e).to_string());
        }
    }
    if let Some(p) = &ext.problem {
        parts.push(p.clone());
    }
    parts.join(" · ")
}

/// "a", "a and b", "a, b and c".
/// `a, b and c`; a name found more than once is named once, with its count:
/// `uBlock Origin Lite (2 copies)`.
fn and_list(items: &[&str]) -> String {
    let mut named: Vec<(&str, usize)> = Vec::new();
    for i in items {
        match named.iter_mut().find(|(n, _)| n == i) {
            Some((_, c)) => *c += 1,
            None => named.push((i, 1)),
        }
    }
    let named: Vec<String> = named
        .into_iter()
        .map(|(n, c)| {
            if c == 1 {
                n.to_string()
            } else {
                format!("{n} ({c} copies)")
            }
        })
        .collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn is_are(n: usize) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// The result for one profile.
fn judge(
    ctx: &Context,
    cat: &Catalogue,
    inst: &Install,
    profile: &Profile,
    inv: &Inventory,
) -> CheckResult {
    let subject = Some(Subject::profile(&inst.key, &profile.id));
    let where_ = format!("{} profile {}", inst.name, ctx.display_path(&profile.path));
    let ui = ui(inst, ctx.os);
    let base = |status: Status, title: String, detail: String| {
        INTERFERING
            .result(status, title, detail)
            .with_subject(subject.clone())
            .evidence("profile_path", ctx.display_path(&profile.path))
    };
    if let Some(why) = &inv.nothing {
        return base(
            Status::Skip,
            format!("{}: no extension records yet", inst.name),
            format!("Nothing to check in the {where_}: {why}."),
        );
    }
    if let Some(why) = &inv.unreadable {
        return base(
            Status::Unknown,
            format!("{}: extensions could not be read", inst.name),
            format!("The {where_} could not be checked for extensions: {why}."),
        )
        .evidence("error", why.clone())
        .with_fix(format!(
            "Quit {0} completely and start it again (it rewrites these files), then run login-check again. \
             Meanwhile check the extensions yourself in {1}: turn off ad, script and cookie blockers, VPN and \
             user-agent extensions for openai.com and chatgpt.com.",
            inst.name, ui.manage
        ));
    }

    let mut on: Vec<Finding> = Vec::new();
    let mut off: Vec<Finding> = Vec::new();
    let mut undecided: Vec<(&Extension, String)> = Vec::new();
    let mut private_others: Vec<&Extension> = Vec::new();
    for ext in inv.extensions.iter().filter(|e| !e.is_builtin()) {
        match cat.lookup(&ext.id, ext.name.as_deref()) {
            Some((entry, by)) => {
                let f = Finding {
                    ext,
                    entry,
                    by,
                    status: cat.verdict(entry),
                };
                match ext.enabled {
                    Some(true) => on.push(f),
                    Some(false) => off.push(f),
                    None => undecided.push((
                        ext,
                        format!(
                            "{} ({}): {}",
                            ext.label(),
                            cat.label(entry),
                            ext.problem
                                .as_deref()
                                .unwrap_or("whether it is on is not recorded")
                        ),
                    )),
                }
            }
            None if ext.enabled == Some(false) => {}
            None => {
                if ext.name.is_none() {
                    undecided.push((
                        ext,
                        format!(
                            "{}: {}",
                            ext.id,
                            ext.problem
                                .as_deref()
                                .unwrap_or("its name could not be read")
                        ),
                    ));
                } else if ext.enabled == Some(true) && ext.private_window == Some(true) {
                    private_others.push(ext);
                }
            }
        }
    }

    let user: Vec<String> = inv
        .extensions
        .iter()
        .filter(|e| !e.is_builtin())
        .map(|e| inventory_line(cat, e))
        .collect();
    let builtin: Vec<String> = inv
        .extensions
        .iter()
        .filter(|e| e.is_builtin())
        .map(|e| inventory_line(cat, e))
        .collect();
    let on_count = inv
        .extensions
        .iter()
        .filter(|e| !e.is_builtin() && e.enabled == Some(true))
        .count();
    let found = format!(
        "{}{}",
        match user.len() {
            0 => "no extensions installed".to_string(),
            1 => format!("1 extension found ({on_count} on)"),
            n => format!("{n} extensions found ({on_count} on)"),
        },
        if builtin.is_empty() {
            String::new()
        } else {
            format!(", plus {} built into the browser", builtin.len())
        }
    );

    let status = if on.iter().any(|f| f.status == Status::Fail) {
        Status::Fail
    } else if !on.is_empty() || !private_others.is_empty() {
        Status::Warn
    } else if !undecided.is_empty() || !inv.problems.is_empty() || inv.beyond_limit.is_some() {
        Status::Unknown
    } else {
        Status::Pass
    };

    let on_names: Vec<&str> = on.iter().map(|f| f.ext.label()).collect();
    let title = match status {
        Status::Fail => format!(
            "{} {} on and can block signing in",
            and_list(&on_names),
            is_are(on.len())
        ),
        Status::Warn if !on.is_empty() => format!(
            "{} {} on and can get in the way of signing in",
            and_list(&on_names),
            is_are(on.len())
        ),
        Status::Warn => format!(
            "{} extension{} also run{} in private windows",
            private_others.len(),
            if private_others.len() == 1 { "" } else { "s" },
            if private_others.len() == 1 { "s" } else { "" }
        ),
        Status::Unknown if !undecided.is_empty() => format!(
            "{} extension{} could not be checked",
            undecided.len(),
            if undecided.len() == 1 { "" } else { "s" }
        ),
        Status::Unknown => "extension settings could not be read completely".to_string(),
        _ if off.is_empty() => "no extension known to interfere is on".to_string(),
        _ => format!(
            "no extension known to interfere is on ({} turned off)",
            and_list(&off.iter().map(|f| f.ext.label()).collect::<Vec<_>>())
        ),
    };

    let mut detail = format!("In the {where_}: {found}.");
    let mut told: Vec<&str> = Vec::new();
    for f in &on {
        let by_name = match f.by {
            MatchBy::Name if f.ext.label() == f.entry.name => {
                " (recognised by its name)".to_string()
            }
            MatchBy::Name => format!(" (recognised by its name as {})", f.entry.name),
            _ => String::new(),
        };
        if told.contains(&f.entry.name.as_str()) {
            // A second copy: its reason was given with the first.
            detail.push_str(&format!(
                " {}{by_name}: another copy, also on.",
                f.ext.label()
            ));
        } else {
            told.push(&f.entry.name);
            detail.push_str(&format!(
                " {}{by_name} ({}): {}",
                f.ext.label(),
                cat.label(f.entry),
                f.entry.reason
            ));
        }
        if f.ext.installed == Installed::Policy {
            detail.push_str(" It was installed by your organisation's policy: you cannot remove or turn it off yourself.");
        }
        if f.ext.private_window == Some(true) {
            detail.push_str(
                " It is allowed in private windows too, so a private window would not avoid it.",
            );
        }
    }
    if !private_others.is_empty() {
        let names: Vec<&str> = private_others.iter().map(|e| e.label()).collect();
        detail.push_str(&format!(
            " {} {} allowed in private windows, so a private window, which the help articles suggest to rule \
             out extensions, would not rule {} out.",
            and_list(&names),
            is_are(names.len()),
            if names.len() == 1 { "it" } else { "them" }
        ));
    }
    if !undecided.is_empty() {
        detail.push_str(" Could not be checked: ");
        detail.push_str(
            &undecided
                .iter()
                .map(|(_, why)| why.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        );
        detail.push('.');
    }
    if !inv.problems.is_empty() {
        detail.push_str(&format!(" Not read: {}.", inv.problems.join("; ")));
    }
    if let Some((read, found)) = inv.beyond_limit {
        detail.push_str(&format!(
            " Only the first {read} of {found} extension entries were read (login-check's limit per \
             profile); the others were not checked."
        ));
    }

    let fix = match status {
        Status::Fail | Status::Warn if !on.is_empty() => Some(fix_for(&ui, &on)),
        Status::Warn => {
            let names: Vec<&str> = private_others.iter().map(|e| e.label()).collect();
            Some(format!(
                "If signing in fails in {}, turn off {} for {} in {} and try again.",
                ui.private_window,
                ui.allow_private,
                and_list(&names),
                ui.manage
            ))
        }
        Status::Unknown => Some(format!(
            "Open {} and look at the extensions named above: if one blocks ads, scripts or cookies, changes your \
             connection (VPN, proxy) or your browser's identity (user agent), turn it off for openai.com and \
             chatgpt.com. Or sign in from {} ({}), where extensions are off unless you allowed them. Quitting \
             the browser and starting it again rewrites damaged settings files.",
            ui.manage, ui.private_window, ui.shortcut
        )),
        _ => None,
    };

    let mut r = base(status, format!("{}: {title}", inst.name), detail);
    r = r
        .evidence(
            "interfering",
            Value::Array(on.iter().map(|f| finding_json(cat, f)).collect()),
        )
        .evidence(
            "disabled",
            Value::Array(off.iter().map(|f| finding_json(cat, f)).collect()),
        );
    if !private_others.is_empty() {
        r = r.evidence(
            "private_window_allowed",
            Value::Array(
                private_others
                    .iter()
                    .map(|e| json!({"name": e.label(), "id": e.id, "installed": e.installed.as_str()}))
                    .collect(),
            ),
        );
    }
    if !undecided.is_empty() {
        r = r.evidence(
            "undecided",
            Value::Array(
                undecided
                    .iter()
                    .map(|(e, why)| json!({"id": e.id, "name": e.name, "reason": why}))
                    .collect(),
            ),
        );
    }
    r = r.evidence("extensions", user).evidence("built_in", builtin);
    if !inv.problems.is_empty() {
        r = r.evidence("problems", inv.problems.clone());
    }
    if let Some((read, found)) = inv.beyond_limit {
        r = r
            .evidence("entries_read", read)
            .evidence("entries_found", found);
    }
    r = r.evidence("sources", inv.sources.clone());
    if let Some(fix) = fix {
        r = r.with_fix(fix);
    }
    r
}

/// What to do about the catalogued extensions that are on.
fn fix_for(ui: &Ui, on: &[Finding]) -> String {
    let names = |pred: &dyn Fn(&Finding) -> bool| -> Vec<&str> {
        on.iter()
            .filter(|f| pred(f))
            .map(|f| f.ext.label())
            .collect()
    };
    let user = names(&|f| f.ext.installed != Installed::Policy);
    let policy = names(&|f| f.ext.installed == Installed::Policy);
    let private = names(&|f| f.ext.private_window == Some(true));
    let mut fix = String::new();
    if !user.is_empty() {
        fix.push_str(&format!(
            "Pause {} on openai.com and chatgpt.com (with {} toolbar icon), or turn {} off in {}; \
             then sign in again.",
            and_list(&user),
            if user.len() == 1 { "its" } else { "each one's" },
            if user.len() == 1 { "it" } else { "them" },
            ui.manage
        ));
    }
    if !policy.is_empty() {
        if !fix.is_empty() {
            fix.push(' ');
        }
        fix.push_str(&format!(
            "{} {} installed by your organisation's policy and cannot be removed or turned off by you: ask your \
             IT department to allow openai.com, chatgpt.com and auth.openai.com in {}, or sign in from another \
             browser.",
            and_list(&policy),
            if policy.len() == 1 { "was" } else { "were" },
            if policy.len() == 1 { "it" } else { "them" }
        ));
    }
    if private.is_empty() {
        fix.push_str(&format!(
            " Or sign in from {} ({}), where extensions are off unless you allowed them.",
            ui.private_window, ui.shortcut
        ));
    } else {
        // The extensions page was named in the sentence before when the person can act.
        let place = if user.is_empty() {
            format!(" in {}", ui.manage)
        } else {
            String::new()
        };
        fix.push_str(&format!(
            " A private window will not help while {} {} allowed there: turn off {}{place} first.",
            and_list(&private),
            is_are(private.len()),
            ui.allow_private,
        ));
    }
    fix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_like_english() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(and_list(&["a", "b", "a"]), "a (2 copies) and b");
    }

    #[test]
    fn inventory_lines_say_what_matters() {
        let cat = catalogue::get().unwrap();
        let mut e = Extension::new("uBlock0@raymondhill.net", Installed::System);
        e.name = Some("uBlock Origin".into());
        e.version = Some("1.67.0".into());
        e.enabled = Some(true);
        e.private_window = Some(false);
        assert_eq!(
            inventory_line(cat, &e),
            "uBlock Origin 1.67.0 · uBlock0@raymondhill.net · on · installed system-wide · content/ad blocker"
        );
        let mut u = Extension::new("abcdefghijklmnopabcdefghijklmnop", Installed::User);
        u.enabled = Some(false);
        u.disable_reasons = vec!["user_action".into()];
        u.problem = Some("its manifest ~/x/manifest.json is missing".into());
        assert_eq!(
            inventory_line(cat, &u),
            "abcdefghijklmnopabcdefghijklmnop · off (user_action) · installed by the user · its manifest ~/x/manifest.json is missing"
        );
    }
}
