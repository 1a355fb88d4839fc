//! What several check areas share: results about browsers whose data cannot be read. Imports no
//! area; areas may import it.

use crate::browsers::discovery::Install;
use crate::checks::declare::Check;
use crate::model::{CheckResult, Status, Subject};

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
