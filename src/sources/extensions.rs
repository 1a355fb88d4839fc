//! The extensions of every profile, read by the family readers (`chromium::extensions`,
//! `firefox::extensions`, `safari::extensions`) into [`crate::sources::inventory`] types.

use crate::browsers::discovery::{Family, Install, Profile};
use crate::context::Context;
pub use crate::sources::inventory::{Extension, Installed, Inventory};

/// Every profile's inventory, per install, per profile, read in parallel (one thread per
/// browser). An install whose data folder cannot be read has none.
pub fn read_all(ctx: &Context, installs: &[Install]) -> Vec<Vec<Inventory>> {
    crate::browsers::per_browser(installs, |inst| {
        if inst.unreadable.is_some() {
            return Vec::new();
        }
        inst.profiles
            .iter()
            .map(|p| profile_inventory(ctx, inst, p))
            .collect()
    })
}

/// The inventory of one profile of one browser.
pub fn profile_inventory(ctx: &Context, inst: &Install, profile: &Profile) -> Inventory {
    match inst.family {
        Family::Chromium => crate::sources::chromium::extensions::inventory(ctx, &profile.path),
        Family::Firefox => crate::sources::firefox::extensions::inventory(ctx, &profile.path),
        Family::Safari => {
            let container = ctx.home_path(&crate::browsers::spec::SAFARI_CONTAINER[2..]);
            crate::sources::safari::extensions::inventory(ctx, &container, profile)
        }
    }
}
