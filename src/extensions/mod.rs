//! (being written)

use crate::checks::CheckDef;

/// This area's checks, in report order.
pub fn defs() -> Vec<CheckDef> {
    Vec::new()
}
