//! The fixes' words come from the browser specs (`browsers::spec::Ui`): for an install of every
//! spec, `cookies::clear_steps`, `extensions::ui`, `settings::settings_scheme` and
//! `browsers::update_steps` use that spec's strings, and say what the per-browser `starts_with`
//! chains they replaced said, word for word.

use super::{browsers, cookies, extensions, settings};
use crate::browsers::discovery::{Family, Install};
use crate::browsers::spec::{self, CHROMIUM, FIREFOX, Packaging, Update};
use crate::context::OsFamily;

/// An install of every spec, natively and as a snap, a flatpak and a Store package.
fn installs() -> Vec<Install> {
    let mut v = Vec::new();
    for packaging in [
        Packaging::Native,
        Packaging::Snap,
        Packaging::Flatpak,
        Packaging::Store,
    ] {
        let key = |k: &str| format!("{k}{}", packaging.suffix());
        for (i, s) in CHROMIUM.iter().enumerate() {
            let mut inst = Install::new(key(s.key), s.name, Family::Chromium, packaging, i);
            inst.app = s.app;
            v.push(inst);
        }
        for (i, s) in FIREFOX.iter().enumerate() {
            v.push(Install::new(
                key(s.key),
                s.name,
                Family::Firefox,
                packaging,
                i,
            ));
        }
    }
    v.push(Install::new(
        "safari".into(),
        "Safari",
        Family::Safari,
        Packaging::Native,
        0,
    ));
    let mut esr = Install::new(
        "firefox".into(),
        "Firefox",
        Family::Firefox,
        Packaging::Native,
        0,
    );
    esr.name = "Firefox ESR".into();
    v.push(esr);
    v
}

#[test]
fn fixes_use_the_installs_spec() {
    for inst in installs() {
        let ui = inst.ui();
        match inst.family {
            Family::Chromium => {
                let spec = inst.chromium_spec().unwrap();
                assert_eq!(ui, &spec.ui);
                assert_eq!(settings::settings_scheme(&inst), spec.ui.scheme);
            }
            Family::Firefox => assert_eq!(ui, &inst.firefox_spec().unwrap().ui),
            Family::Safari => assert_eq!(ui, &spec::SAFARI_UI),
        }
        // The ChatGPT apps have no page for one site's data: their steps are the app's own.
        if inst.app {
            assert!(
                cookies::clear_steps(&inst).contains("Log out"),
                "{}",
                inst.key
            );
        } else {
            assert!(
                cookies::clear_steps(&inst).contains(ui.site_data),
                "{}",
                inst.key
            );
        }
        for os in OsFamily::ALL {
            let e = extensions::ui(&inst, os);
            assert_eq!(e.manage, ui.extensions);
            assert_eq!(e.private_window, ui.private_window);
            assert_eq!(e.allow_private, ui.allow_private);
            assert_eq!(e.shortcut, ui.private_shortcut.on(os));
        }
        if inst.packaging == Packaging::Native {
            let steps = browsers::update_steps(&inst);
            let named = match ui.update {
                Update::Page(p) | Update::PackageOrPage { page: p, .. } => p,
                Update::AboutMenu(m) => m,
                Update::WithSystem(pane) => pane,
                Update::AboutOrPackage => "About page",
                Update::OwnUpdater => "Check for Updates",
            };
            assert!(steps.contains(named), "{}: {steps}", inst.key);
        }
    }
}

#[test]
fn fixes_say_what_the_per_browser_chains_said() {
    // The chains knew the browsers before issue #19; the ones added since have only specs.
    const ADDED: &[&str] = &[
        "atlas",
        "arc",
        "dia",
        "comet",
        "thorium",
        "zen",
        "floorp",
        crate::browsers::spec::CHATGPT_APP_KEY,
    ];
    for inst in installs()
        .into_iter()
        .filter(|i| !ADDED.contains(&crate::browsers::spec::base_key(&i.key)))
    {
        assert_eq!(
            cookies::clear_steps(&inst),
            old::clear_steps(&inst),
            "{}",
            inst.key
        );
        if inst.family == Family::Chromium {
            assert_eq!(
                settings::settings_scheme(&inst),
                old::settings_scheme(&inst)
            );
        }
        for os in OsFamily::ALL {
            let (new, old) = (extensions::ui(&inst, os), old::ui(&inst, os));
            assert_eq!(
                (
                    new.manage,
                    new.private_window,
                    new.shortcut,
                    new.allow_private
                ),
                old,
                "{} {os:?}",
                inst.key
            );
        }
        assert_eq!(
            browsers::update_steps(&inst),
            old::update_steps(&inst),
            "{}",
            inst.key
        );
    }
}

/// The chains the specs replaced, kept here as the reference.
mod old {
    use crate::browsers::discovery::{Family, Install};
    use crate::browsers::spec::{Packaging, base_key};
    use crate::context::OsFamily;

    pub fn clear_steps(inst: &Install) -> String {
        let base = base_key(&inst.key);
        match inst.family {
            Family::Firefox => "Settings › Privacy & Security › Cookies and Site Data › Manage Data…, search \"openai\" \
                                and \"chatgpt\", Remove Selected"
                .to_string(),
            Family::Safari => "Safari › Settings › Privacy › Manage Website Data…, search \"openai\" and \"chatgpt\", Remove"
                .to_string(),
            Family::Chromium => {
                let scheme = if base.starts_with("edge") {
                    "edge://settings/content/allSites"
                } else if base.starts_with("brave") {
                    "brave://settings/content/all"
                } else if base.starts_with("opera") {
                    "opera://settings/content/all"
                } else if base.starts_with("vivaldi") {
                    "vivaldi://settings/content/all"
                } else {
                    "chrome://settings/content/all"
                };
                format!(
                    "open {scheme}, search \"openai\" and \"chatgpt\", and delete the data of each site shown"
                )
            }
        }
    }

    pub fn settings_scheme(inst: &Install) -> &'static str {
        let key = inst.chromium_spec().map(|s| s.key).unwrap_or("");
        if key.starts_with("edge") {
            "edge"
        } else if key.starts_with("brave") {
            "brave"
        } else if key.starts_with("vivaldi") {
            "vivaldi"
        } else if key.starts_with("opera") {
            "opera"
        } else {
            "chrome"
        }
    }

    type Ui = (&'static str, &'static str, &'static str, &'static str);

    pub fn ui(inst: &Install, os: OsFamily) -> Ui {
        let mac = os == OsFamily::Macos;
        let key = base_key(&inst.key);
        let chromium_shortcut = if mac { "⌘+Shift+N" } else { "Ctrl+Shift+N" };
        match inst.family {
            Family::Firefox => (
                "☰ menu › Add-ons and themes › Extensions (about:addons)",
                "a private window",
                if mac { "⌘+Shift+P" } else { "Ctrl+Shift+P" },
                "Run in Private Windows (choose Don't Allow on the extension's page)",
            ),
            Family::Safari => (
                "Safari › Settings › Extensions",
                "a private window",
                "⌘+Shift+N",
                "Allow in Private Browsing",
            ),
            Family::Chromium if key.starts_with("edge") => (
                "… menu › Extensions › Manage extensions (edge://extensions)",
                "an InPrivate window",
                chromium_shortcut,
                "Allow in InPrivate (under the extension's Details)",
            ),
            Family::Chromium if key.starts_with("brave") => (
                "☰ menu › Extensions (brave://extensions)",
                "a private window",
                chromium_shortcut,
                "Allow in Private (under the extension's Details)",
            ),
            Family::Chromium if key.starts_with("opera") => (
                "the Extensions menu › Manage extensions (opera://extensions)",
                "a private window",
                chromium_shortcut,
                "the private-window switch under the extension's Details",
            ),
            Family::Chromium if key.starts_with("vivaldi") => (
                "Vivaldi menu › Tools › Extensions (vivaldi://extensions)",
                "a private window",
                chromium_shortcut,
                "the private-window switch under the extension's Details",
            ),
            Family::Chromium => (
                "⋮ menu › Extensions › Manage Extensions (chrome://extensions)",
                "an Incognito window",
                chromium_shortcut,
                "Allow in Incognito (under the extension's Details)",
            ),
        }
    }

    pub fn update_steps(inst: &Install) -> String {
        let base = base_key(&inst.key);
        match (inst.packaging, inst.family) {
            (Packaging::Snap, _) => format!(
                "Update it with `sudo snap refresh {}`, then restart {}.",
                base.split('-').next().unwrap_or(base),
                inst.name
            ),
            (Packaging::Flatpak, _) => format!(
                "Update it with `flatpak update`, then restart {}.",
                inst.name
            ),
            (_, Family::Safari) => {
                "Safari updates with macOS: open System Settings › General › Software Update."
                    .to_string()
            }
            (_, Family::Firefox) if inst.key.starts_with("firefox") => format!(
                "Open {} › menu ☰ › Help › About Firefox to update (a Linux package updates with the system, e.g. `sudo apt upgrade`), then restart it.",
                inst.name
            ),
            (_, Family::Firefox) => format!(
                "Update {} from its About page or your package manager, then restart it.",
                inst.name
            ),
            (_, Family::Chromium) => {
                let page = match base {
                    b if b.starts_with("edge") => "edge://settings/help",
                    b if b.starts_with("brave") => "brave://settings/help",
                    b if b.starts_with("opera") => "opera://about",
                    b if b.starts_with("vivaldi") => "vivaldi://about",
                    _ => "chrome://settings/help",
                };
                if base == "chromium" {
                    format!(
                        "Update Chromium with your package manager (e.g. `sudo apt upgrade chromium`), or open {page}, then restart it."
                    )
                } else {
                    format!(
                        "Open {page} in {} to update it, then click Relaunch.",
                        inst.name
                    )
                }
            }
        }
    }
}
