//! What the extension readers (`chromium::extensions`, `firefox::extensions`,
//! `safari::extensions`) report: the extensions of one profile, without judging.

/// How an extension came to be installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Installed {
    /// From the browser's own store (Chrome Web Store, addons.mozilla.org).
    Store,
    /// By the user, from a file or a store the browser does not record.
    User,
    /// Forced by an enterprise policy: the user cannot remove or turn it off.
    Policy,
    /// Loaded unpacked from a folder (developer mode).
    Unpacked,
    /// By another program on the computer (Chromium's external extensions, Firefox's
    /// `~/.mozilla/extensions`).
    External,
    /// Installed for every user of the computer (Firefox `app-system-share`, e.g. a Debian
    /// `webext-*` package).
    System,
    /// Loaded with a command-line switch.
    CommandLine,
    /// Loaded until the browser restarts (Firefox `about:debugging`).
    Temporary,
    /// Part of the browser (Chromium component extensions, Firefox built-in add-ons).
    BuiltIn,
    /// Comes with a Mac app (Safari app extensions).
    App,
    Unknown,
}

impl Installed {
    /// The code used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Installed::Store => "store",
            Installed::User => "user",
            Installed::Policy => "policy",
            Installed::Unpacked => "unpacked",
            Installed::External => "external",
            Installed::System => "system",
            Installed::CommandLine => "command_line",
            Installed::Temporary => "temporary",
            Installed::BuiltIn => "built_in",
            Installed::App => "app",
            Installed::Unknown => "unknown",
        }
    }

    /// Words for people.
    pub fn phrase(self) -> &'static str {
        match self {
            Installed::Store => "installed from the store",
            Installed::User => "installed by the user",
            Installed::Policy => "installed by your organisation's policy",
            Installed::Unpacked => "loaded unpacked (developer mode)",
            Installed::External => "installed by another program",
            Installed::System => "installed system-wide",
            Installed::CommandLine => "loaded from the command line",
            Installed::Temporary => "loaded temporarily",
            Installed::BuiltIn => "built in",
            Installed::App => "comes with an app",
            Installed::Unknown => "installed (how is not recorded)",
        }
    }

    /// Whether the user can remove it from the browser's extensions page.
    pub fn removable(self) -> bool {
        !matches!(
            self,
            Installed::Policy | Installed::BuiltIn | Installed::System
        )
    }
}

/// One extension found in a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    pub id: String,
    /// The display name (localised), when it could be read.
    pub name: Option<String>,
    pub version: Option<String>,
    /// `None` when the browser's files do not say (Safari without an `Enabled` key).
    pub enabled: Option<bool>,
    /// Why it is off, as codes (`user_action`, `user_disabled`, ...).
    pub disable_reasons: Vec<String>,
    /// Allowed in private/incognito windows; `None` where not recorded.
    pub private_window: Option<bool>,
    pub installed: Installed,
    /// Why its name or version could not be read (missing manifest, broken `_locales`, a path
    /// outside the profile).
    pub problem: Option<String>,
}

impl Extension {
    pub fn new(id: impl Into<String>, installed: Installed) -> Extension {
        Extension {
            id: id.into(),
            name: None,
            version: None,
            enabled: None,
            disable_reasons: Vec::new(),
            private_window: None,
            installed,
            problem: None,
        }
    }

    /// Its name, or its ID when the name is unknown.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    pub fn is_builtin(&self) -> bool {
        self.installed == Installed::BuiltIn
    }
}

/// What was read from one profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inventory {
    pub extensions: Vec<Extension>,
    /// The files read (display paths).
    pub sources: Vec<String>,
    /// Files that exist but could not be read, while others could (partial inventory).
    pub problems: Vec<String>,
    /// Nothing could be read: why.
    pub unreadable: Option<String>,
    /// Nothing to look at yet (a profile the browser has not written its extension records to).
    pub nothing: Option<String>,
    /// More extension entries than [`MAX_EXTENSIONS`]: (entries read, entries found). The
    /// others were not read, so the profile's extensions were not all checked.
    pub beyond_limit: Option<(usize, usize)>,
}

/// The most extension entries read per profile: real profiles hold tens; the rest of a file
/// holding more is checked for syntax and counted, not read.
pub const MAX_EXTENSIONS: usize = 1_000;

/// The longest name, ID or version from a browser's files kept for the report, in characters;
/// longer ones are cut and end in `…` ([`crate::formats::clip`]).
pub const NAME_CHARS: usize = crate::formats::NAME_CHARS;

impl Inventory {
    /// Sorts extensions: the user's first, then built-in ones, each by name; names, IDs and
    /// versions longer than [`NAME_CHARS`] (problems: [`crate::formats::TEXT_CHARS`]) are cut
    /// first. Every reader ends with this.
    pub fn sort(&mut self) {
        for e in &mut self.extensions {
            crate::formats::clip_in_place(&mut e.id, NAME_CHARS);
            for s in [&mut e.name, &mut e.version].into_iter().flatten() {
                crate::formats::clip_in_place(s, NAME_CHARS);
            }
            if let Some(p) = &mut e.problem {
                crate::formats::clip_in_place(p, crate::formats::TEXT_CHARS);
            }
        }
        for p in &mut self.problems {
            crate::formats::clip_in_place(p, crate::formats::TEXT_CHARS);
        }
        self.extensions
            .sort_by_key(|e| (e.is_builtin(), e.label().to_lowercase(), e.id.clone()));
    }
}
