//! The settings of every profile that the settings checks judge: per family, the files read
//! and what they hold, or why they could not be read.
//!
//! - Chromium family: the site-settings and cookie keys of `Preferences`, from the parse the
//!   extension inventory shares ([`crate::sources::chromium::preferences`]);
//! - Firefox family: `prefs.js` and `user.js` ([`crate::sources::firefox::prefs`]) and the
//!   cookie rows of `permissions.sqlite` ([`crate::sources::firefox::permissions`]).
//!
//! Policies are read per browser by [`crate::sources::policies`]. Nothing here judges.

use serde_json::Value;

use crate::browsers::discovery::{Family, Install};
use crate::context::Context;
use crate::sources::chromium::preferences::{Preferences, with_preferences};
use crate::sources::firefox::permissions::{self, Permissions};
use crate::sources::firefox::prefs::{self, ProfilePrefs};

/// What a Chromium-family profile's `Preferences` says about site settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ChromiumSettings {
    /// `Preferences`, as displayed.
    pub shown: String,
    /// Its settings keys ([`crate::sources::chromium::preferences::SETTINGS_PATHS`]), an object,
    /// or why they cannot be had.
    pub prefs: Result<Value, String>,
}

impl ChromiumSettings {
    pub fn from_preferences(p: &Preferences) -> ChromiumSettings {
        ChromiumSettings {
            shown: p.main().shown.clone(),
            prefs: p.settings_object().cloned(),
        }
    }
}

/// What a Firefox-family profile's files say.
#[derive(Debug, Clone, PartialEq)]
pub struct FirefoxSettings {
    pub prefs: ProfilePrefs,
    pub permissions: Permissions,
}

/// One profile's settings, per family.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileSettings {
    Chromium(ChromiumSettings),
    Firefox(FirefoxSettings),
}

/// Every profile's settings, per install, per profile, read in parallel (one thread per
/// browser). Safari, an install whose data folder cannot be read and one without profiles have
/// none. `chromium` holds the Chromium-family profiles' parsed preference files, per install,
/// per profile (`Facts::chromium_preferences`).
pub fn read_all(
    ctx: &Context,
    installs: &[Install],
    chromium: &[Vec<Preferences>],
) -> Vec<Vec<ProfileSettings>> {
    let pairs = with_preferences(installs, chromium);
    crate::workers::each(
        &pairs,
        |(inst, _)| inst.key.as_str(),
        |&(inst, prefs)| {
            if inst.family == Family::Safari || inst.unreadable.is_some() {
                return Vec::new();
            }
            inst.profiles
                .iter()
                .enumerate()
                .map(|(j, p)| match inst.family {
                    Family::Chromium => ProfileSettings::Chromium(match prefs.get(j) {
                        Some(pr) => ChromiumSettings::from_preferences(pr),
                        None => ChromiumSettings::from_preferences(
                            &crate::sources::chromium::preferences::read(ctx, &p.path),
                        ),
                    }),
                    _ => ProfileSettings::Firefox(FirefoxSettings {
                        prefs: prefs::read(ctx, &p.path),
                        permissions: permissions::read(ctx, &p.path),
                    }),
                })
                .collect()
        },
    )
}
