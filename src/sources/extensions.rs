//! The extensions of every profile, read by the family readers (`chromium::extensions`,
//! `firefox::extensions`, `safari::extensions`) into [`crate::sources::inventory`] types.

use crate::browsers::discovery::{Family, Install, Profile};
use crate::context::Context;
use crate::sources::chromium::preferences::{Preferences, with_preferences};
pub use crate::sources::inventory::{Extension, Installed, Inventory};

/// Every profile's inventory, per install, per profile, read in parallel (one thread per
/// browser). An install whose data folder cannot be read has none. `chromium` holds the
/// Chromium-family profiles' parsed preference files, per install, per profile
/// (`Facts::chromium_preferences`).
pub fn read_all(
    ctx: &Context,
    installs: &[Install],
    chromium: &[Vec<Preferences>],
) -> Vec<Vec<Inventory>> {
    let pairs = with_preferences(installs, chromium);
    crate::workers::each(
        &pairs,
        |(inst, _)| inst.key.as_str(),
        |&(inst, prefs)| {
            if inst.unreadable.is_some() {
                return Vec::new();
            }
            inst.profiles
                .iter()
                .enumerate()
                .map(|(j, p)| profile_inventory(ctx, inst, p, prefs.get(j)))
                .collect()
        },
    )
}

/// The inventory of one profile of one browser; a Chromium-family profile's comes from its
/// parsed preference files (read here when not given).
pub fn profile_inventory(
    ctx: &Context,
    inst: &Install,
    profile: &Profile,
    prefs: Option<&Preferences>,
) -> Inventory {
    match inst.family {
        Family::Chromium => {
            let read;
            let prefs = match prefs {
                Some(p) => p,
                None => {
                    read = crate::sources::chromium::preferences::read(ctx, &profile.path);
                    &read
                }
            };
            crate::sources::chromium::extensions::inventory(ctx, &profile.path, prefs)
        }
        Family::Firefox => crate::sources::firefox::extensions::inventory(ctx, &profile.path),
        Family::Safari => {
            let container = ctx.home_path(&crate::browsers::spec::SAFARI_CONTAINER[2..]);
            crate::sources::safari::extensions::inventory(ctx, &container, profile)
        }
    }
}
