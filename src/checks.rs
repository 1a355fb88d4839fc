//! The list of checks, in the order they are reported, and `--only`/`--skip` selection.
//!
//! A check is a small unit: a stable id, a category, a one-line description for
//! `--list-checks`, whether it needs the network, and a function from the [`Context`] to its
//! results. Probe modules own the functions; this file only lists them.

use crate::context::Context;
use crate::model::{Category, CheckResult};

/// One check, as registered.
#[derive(Clone, Copy)]
pub struct CheckDef {
    /// Stable dotted id (`browser.version`). Part of the public contract: never renamed.
    pub id: &'static str,
    pub category: Category,
    /// One line for `--list-checks`.
    pub description: &'static str,
    /// Needs the network: skipped under `--offline`, given the network time limit.
    pub network: bool,
    pub run: fn(&Context) -> Vec<CheckResult>,
}

impl std::fmt::Debug for CheckDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckDef").field("id", &self.id).finish()
    }
}

/// Every check login-check has, in report order: each probe area lists its own checks.
pub fn all() -> Vec<CheckDef> {
    [
        crate::browsers::checks::defs(),
        crate::cookies::defs(),
        crate::extensions::defs(),
        crate::settings::defs(),
        crate::network::defs(),
        crate::account::defs(),
    ]
    .concat()
}

/// Picks the checks named by `--only` (all when empty) minus those named by `--skip`.
/// Each name is a check id or a category name; an unknown name is an error that lists the valid
/// ones.
pub fn select(
    checks: Vec<CheckDef>,
    only: &[String],
    skip: &[String],
) -> Result<Vec<CheckDef>, String> {
    for name in only.iter().chain(skip) {
        if Category::parse(name).is_none() && !checks.iter().any(|c| c.id == name) {
            let ids: Vec<&str> = checks.iter().map(|c| c.id).collect();
            let cats: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            let hint = checks
                .iter()
                .map(|c| c.id)
                .find(|id| id.contains(name.as_str()) || name.contains(id))
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown check or category `{name}`{hint}\n  categories: {}\n  checks: {}",
                cats.join(", "),
                ids.join(", ")
            ));
        }
    }
    let matches = |c: &CheckDef, names: &[String]| {
        names.iter().any(|n| n == c.id || n == c.category.as_str())
    };
    Ok(checks
        .into_iter()
        .filter(|c| only.is_empty() || matches(c, only))
        .filter(|c| !matches(c, skip))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[CheckDef]) -> Vec<&'static str> {
        v.iter().map(|c| c.id).collect()
    }

    #[test]
    fn ids_are_unique_dotted_and_prefixed_by_their_area() {
        let all = all();
        let mut seen = std::collections::BTreeSet::new();
        for c in &all {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            assert!(
                c.id.contains('.')
                    && c.id
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_'),
                "{}",
                c.id
            );
            assert!(!c.description.is_empty());
        }
    }

    #[test]
    fn only_and_skip_take_ids_and_categories() {
        let all = all();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names(&select(all.clone(), &s(&["browser.version"]), &[]).unwrap()),
            vec!["browser.version"]
        );
        let browsers = select(all.clone(), &s(&["browsers"]), &[]).unwrap();
        assert!(browsers.iter().all(|c| c.category == Category::Browsers));
        assert!(!browsers.is_empty());
        let skipped = select(all.clone(), &[], &s(&["browser.version"])).unwrap();
        assert!(!names(&skipped).contains(&"browser.version"));
        assert_eq!(skipped.len(), all.len() - 1);
        let err = select(all, &s(&["browser.versions"]), &[]).unwrap_err();
        assert!(err.contains("did you mean `browser.version`"), "{err}");
    }
}
