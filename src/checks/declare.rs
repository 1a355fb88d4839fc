//! How a check is declared: once, with everything about it (ruff's rule declarations).
//!
//! A check's doc comment is its user documentation: [`check!`] keeps it in [`Check::doc`], and
//! `docs/checks.md` is generated from the declarations (`registry::checks_markdown`; a test fails
//! when the file differs). Results are built from the declaration ([`Check::result`]), so a
//! check's id is written once.

use crate::facts::Facts;
use crate::model::{Category, CheckResult, Status};

/// One check: its contract (id, category, network), its documentation, and its verdict.
pub struct Check {
    /// Stable dotted id (`browser.version`). Part of the public contract: never renamed.
    pub id: &'static str,
    pub category: Category,
    /// Needs the network: skipped under `--offline`, given the network time limit.
    pub network: bool,
    /// One line for `--list-checks` and the table in `docs/checks.md`.
    pub summary: &'static str,
    /// What one result is about (`browser profile`, `report`): the table in `docs/checks.md`.
    pub per: &'static str,
    /// The help-article passage this check implements, quoted.
    pub article: &'static str,
    /// The check's documentation: its doc comment (Markdown).
    pub doc: &'static str,
    /// The verdict: facts in, results out. Reads nothing itself.
    pub verdict: fn(&Facts) -> Vec<CheckResult>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("id", &self.id).finish()
    }
}

impl Check {
    /// A result of this check.
    pub fn result(
        &self,
        status: Status,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> CheckResult {
        CheckResult::new(self.id, self.category, status, title, detail)
    }

    /// The documentation as written, without the one space `///` leaves at each line's start.
    pub fn doc_text(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string()
    }
}

/// Declares a check: its doc comment becomes [`Check::doc`].
///
/// ```ignore
/// check! {
///     /// What it looks at, what each status means, the fix.
///     pub static EXPIRED = {
///         id: "cookies.expired", category: Cookies, network: false, per: "profile",
///         summary: "…", article: "…", verdict: expired,
///     }
/// }
/// ```
macro_rules! check {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            id: $id:literal,
            category: $cat:ident,
            network: $net:literal,
            per: $per:literal,
            summary: $summary:literal,
            article: $article:literal,
            verdict: $verdict:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::checks::declare::Check = $crate::checks::declare::Check {
            id: $id,
            category: $crate::model::Category::$cat,
            network: $net,
            per: $per,
            summary: $summary,
            article: $article,
            doc: concat!($($doc, "\n"),*),
            verdict: $verdict,
        };
    };
}
pub(crate) use check;
