//! The registry: every check in report order, selection by `--only`/`--skip`, and
//! `docs/checks.md` generated from the declarations.

use super::declare::Check;
use super::{account, apps, browsers, cookies, extensions, network, settings, sitedata};
use crate::model::Category;

/// Every check login-check has, in report order.
pub fn all() -> &'static [&'static Check] {
    ALL
}

static ALL: &[&Check] = &[
    &browsers::INSTALLED,
    &browsers::RECOMMENDED,
    &browsers::VERSION,
    &cookies::EXPIRED,
    &cookies::STALE,
    &cookies::CONFLICT,
    &cookies::OVERSIZE,
    &sitedata::STALE,
    &extensions::INTERFERING,
    &settings::COOKIES_BLOCKED,
    &settings::THIRD_PARTY_COOKIES,
    &settings::CLEAR_ON_EXIT,
    &settings::SECURE_DNS,
    &settings::BROWSER_PROXY,
    &settings::PRIVATE_WINDOW,
    &settings::MANAGED,
    &network::VPN,
    &network::PROXY,
    &network::HOSTS_FILE,
    &network::DNS,
    &network::REACHABILITY,
    &network::LOCATION,
    &network::TLS_INTERCEPTION,
    &network::SECURITY_SOFTWARE,
    &network::CLOCK,
    &network::SERVICE_STATUS,
    &account::SIGNIN_METHOD,
    &apps::CODEX_LOGIN,
];

/// The check with this id.
pub fn by_id(id: &str) -> Option<&'static Check> {
    ALL.iter().copied().find(|c| c.id == id)
}

/// What `docs/checks.md` says before the first category.
const PREFACE: &str = include_str!("preface.md");

/// The introduction of a category's section in `docs/checks.md`.
fn intro(category: Category) -> &'static str {
    match category {
        Category::Browsers => browsers::INTRO,
        Category::Cookies => cookies::INTRO,
        Category::SiteData => sitedata::INTRO,
        Category::Extensions => extensions::INTRO,
        Category::Settings => settings::INTRO,
        Category::Network => network::INTRO,
        Category::Account => account::INTRO,
        Category::Apps => apps::INTRO,
    }
}

/// `docs/checks.md`, generated from the declarations.
pub fn checks_markdown() -> String {
    let mut out = String::new();
    out.push_str("<!-- Generated from the check declarations in src/checks/ by\n     `LOGIN_CHECK_BLESS=1 cargo test --lib docs_checks_md`: edit those, not this file. -->\n\n");
    out.push_str(PREFACE.trim());
    out.push_str("\n\n| Id | Category | Needs the network | One result per | What it checks |\n| --- | --- | --- | --- | --- |\n");
    for c in ALL {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} |\n",
            c.id,
            anchor(c.id),
            c.category.as_str(),
            if c.network { "yes" } else { "no" },
            c.per,
            c.summary
        ));
    }
    for cat in Category::ALL {
        let checks: Vec<&Check> = ALL.iter().copied().filter(|c| c.category == cat).collect();
        if checks.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", cat.heading()));
        let intro = intro(cat).trim();
        if !intro.is_empty() {
            out.push_str(intro);
            out.push_str("\n\n");
        }
        for c in checks {
            out.push_str(&format!("### `{}`\n\n", c.id));
            out.push_str(&format!("{}\n\n", c.summary));
            for line in c.article.lines() {
                out.push_str(&format!("> {line}\n"));
            }
            out.push('\n');
            out.push_str(&c.doc_text());
            out.push_str("\n\n");
        }
    }
    out.trim_end().to_string() + "\n"
}

/// The anchor GitHub gives the heading `` ### `id` ``: `browser.version` → `browserversion`.
pub fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Picks the checks named by `--only` (all when empty) minus those named by `--skip`.
/// Each name is a check id or a category name; an unknown name is an error that lists the valid
/// ones.
pub fn select(
    checks: Vec<&'static Check>,
    only: &[String],
    skip: &[String],
) -> Result<Vec<&'static Check>, String> {
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
    let matches =
        |c: &&Check, names: &[String]| names.iter().any(|n| n == c.id || n == c.category.as_str());
    Ok(checks
        .into_iter()
        .filter(|c| only.is_empty() || matches(c, only))
        .filter(|c| !matches(c, skip))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::registry::all;

    fn names(v: &[&Check]) -> Vec<&'static str> {
        v.iter().map(|c| c.id).collect()
    }

    #[test]
    fn ids_are_unique_dotted_and_prefixed_by_their_area() {
        let all = all().to_vec();
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
            assert!(
                !c.summary.is_empty() && !c.doc.trim().is_empty() && !c.article.is_empty(),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn docs_checks_md_is_generated_from_the_declarations() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/checks.md");
        let want = checks_markdown();
        if std::env::var_os("LOGIN_CHECK_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/checks.md differs from the check declarations: run `LOGIN_CHECK_BLESS=1 cargo test --lib docs_checks_md` and commit the file"
        );
    }

    #[test]
    fn only_and_skip_take_ids_and_categories() {
        let all = all().to_vec();
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
