//! The catalogue of extensions known to break, or able to break, sign-in flows: data, not code.
//!
//! The data lives in `data/extensions.json` (documented in `docs/extensions.md`), compiled in
//! with `include_str!`. Every ID there comes from `shared/reference/extensions.md` with its
//! confidence tag and its source; nothing here is guessed. An extension is recognised by its
//! store ID (Chrome Web Store, Edge Add-ons, Firefox add-on ID, Brave's own copies) or, when its
//! ID is not listed (sideloaded copies, other stores), by its name (see [`name_words`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::Status;

const DATA: &str = include_str!("../../../data/extensions.json");

/// The whole catalogue.
#[derive(Debug, Deserialize)]
pub struct Catalogue {
    /// Category key → its label and whether it blocks (see [`Catalogue::verdict`]).
    pub categories: BTreeMap<String, CategoryDef>,
    pub extensions: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct CategoryDef {
    /// The words used in reports: `content/ad blocker`.
    pub label: String,
    /// Blocks requests, scripts or cookies, or changes what the sign-in page sees (user agent,
    /// canvas, exit address): the categories that can make sign-in fail outright.
    pub blocking: bool,
}

/// How likely an extension is to break sign-in, as rated by the reference catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    High,
    Medium,
    Low,
}

/// One extension (all its IDs across stores).
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub name: String,
    /// A key of [`Catalogue::categories`].
    pub category: String,
    pub risk: Risk,
    /// Display names that recognise a copy whose ID is not listed (matched by [`name_matches`]).
    #[serde(default)]
    pub names: Vec<String>,
    /// `names` as [`name_words`] run together (`ublockorigin`), made once when the catalogue is
    /// read, for [`Catalogue::by_name`].
    #[serde(skip)]
    pub name_patterns: Vec<String>,
    /// One line: why it can break sign-in, with the evidence.
    pub reason: String,
    pub ids: Vec<IdEntry>,
}

/// One store ID of an extension, with where it comes from.
#[derive(Debug, Deserialize)]
pub struct IdEntry {
    pub id: String,
    /// `chrome`, `edge` or `firefox`.
    pub store: String,
    #[serde(default)]
    pub variant: Option<String>,
    /// `glob`: `*` in the ID matches any text (Kaspersky's per-install Firefox IDs).
    #[serde(default, rename = "match")]
    pub matching: Option<String>,
    /// The reference's tag: `P`, `O`, `S`, `L`, `O/L`.
    pub confidence: String,
    pub source: String,
}

/// How an extension was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchBy {
    Id,
    Name,
}

impl MatchBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchBy::Id => "id",
            MatchBy::Name => "name",
        }
    }
}

/// The catalogue compiled into the program (parsed once).
pub fn get() -> Result<&'static Catalogue, String> {
    static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| parse(DATA))
        .as_ref()
        .map_err(Clone::clone)
}

/// Parses and checks a catalogue: every category known, every entry with an ID.
pub fn parse(text: &str) -> Result<Catalogue, String> {
    let mut c: Catalogue = serde_json::from_str(text)
        .map_err(|e| format!("the extension catalogue is not valid: {e}"))?;
    for e in &mut c.extensions {
        e.name_patterns = e.names.iter().map(|n| name_words(n).concat()).collect();
    }
    for e in &c.extensions {
        if !c.categories.contains_key(&e.category) {
            return Err(format!(
                "the extension catalogue gives {} the unknown category `{}`",
                e.name, e.category
            ));
        }
        if e.ids.is_empty() {
            return Err(format!(
                "the extension catalogue lists {} with no ID",
                e.name
            ));
        }
    }
    Ok(c)
}

impl Catalogue {
    /// The catalogued extension an installed one is, by ID first, then by name.
    pub fn lookup(&self, id: &str, name: Option<&str>) -> Option<(&Entry, MatchBy)> {
        if let Some(e) = self.by_id(id) {
            return Some((e, MatchBy::Id));
        }
        name.and_then(|n| self.by_name(n))
            .map(|e| (e, MatchBy::Name))
    }

    /// The entry listing `id` (compared without regard to case; `*` in glob IDs).
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        let id = id.to_lowercase();
        self.extensions.iter().find(|e| {
            e.ids.iter().any(|i| {
                let known = i.id.to_lowercase();
                if i.matching.as_deref() == Some("glob") {
                    glob_match(&known, &id)
                } else {
                    known == id
                }
            })
        })
    }

    /// The entry one of whose names the extension's name starts with, word for word; the longest
    /// such name wins (`uBlock Origin Lite` over `uBlock Origin`).
    pub fn by_name(&self, name: &str) -> Option<&Entry> {
        let words = name_words(name);
        if words.is_empty() {
            return None;
        }
        // What `name_matches` tests, without allocating per pattern: the name's words run
        // together start with the pattern, and the pattern ends where a word of the name ends.
        let joined = words.concat();
        let ends: Vec<usize> = words
            .iter()
            .scan(0, |n, w| {
                *n += w.len();
                Some(*n)
            })
            .collect();
        let mut best: Option<(&Entry, usize)> = None;
        for e in &self.extensions {
            for p in &e.name_patterns {
                if !p.is_empty() && joined.starts_with(p.as_str()) && ends.contains(&p.len()) {
                    let len = p.len();
                    if best.is_none_or(|(_, l)| len > l) {
                        best = Some((e, len));
                    }
                }
            }
        }
        best.map(|(e, _)| e)
    }

    /// The label of an entry's category.
    pub fn label<'a>(&'a self, e: &'a Entry) -> &'a str {
        self.categories
            .get(&e.category)
            .map_or(e.category.as_str(), |c| c.label.as_str())
    }

    /// What an enabled copy means: `fail` for a blocking category rated high-risk, `warn` for
    /// every other catalogued extension.
    pub fn verdict(&self, e: &Entry) -> Status {
        let blocking = self.categories.get(&e.category).is_some_and(|c| c.blocking);
        if blocking && e.risk == Risk::High {
            Status::Fail
        } else {
            Status::Warn
        }
    }
}

/// A name as lower-case words of letters and digits, apostrophes dropped: `I don't care about
/// cookies` → `i dont care about cookies`, `User-Agent Switcher` → `user agent switcher`.
pub fn name_words(name: &str) -> Vec<String> {
    name.chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .collect::<String>()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a name (as words) starts with a pattern (as words), spaces ignored but only ending
/// where a word of the name ends: `CanvasBlocker` matches `Canvas Blocker`, `AdBlock — best ad
/// blocker` matches `AdBlock`, but `Adblocker for YouTube` does not.
pub fn name_matches(name: &[String], pattern: &[String]) -> bool {
    let p: String = pattern.concat();
    if p.is_empty() {
        return false;
    }
    let mut joined = String::new();
    for w in name {
        joined.push_str(w);
        if joined.len() == p.len() {
            return joined == p;
        }
        if joined.len() > p.len() {
            return false;
        }
    }
    false
}

/// `*` matches any run of characters; everything else matches itself.
fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_data_file_parses_and_every_id_has_a_source() {
        let c = get().unwrap();
        assert!(c.extensions.len() >= 40);
        let mut seen = BTreeSet::new();
        for e in &c.extensions {
            assert!(!e.reason.is_empty(), "{}", e.name);
            for i in &e.ids {
                assert!(seen.insert(i.id.to_lowercase()), "duplicate {}", i.id);
                assert!(!i.source.trim().is_empty(), "{} has no source", i.id);
                assert!(
                    ["P", "O", "S", "L", "O/L"].contains(&i.confidence.as_str()),
                    "{}: {}",
                    i.id,
                    i.confidence
                );
                match i.store.as_str() {
                    // Chromium IDs: 32 letters a–p.
                    "chrome" | "edge" => assert!(
                        i.id.len() == 32 && i.id.bytes().all(|b| (b'a'..=b'p').contains(&b)),
                        "{}",
                        i.id
                    ),
                    "firefox" => assert!(
                        i.id.contains('@') || (i.id.starts_with('{') && i.id.ends_with('}')),
                        "{}",
                        i.id
                    ),
                    other => panic!("unknown store {other}"),
                }
            }
        }
    }

    #[test]
    fn ids_the_reference_calls_wrong_are_not_listed() {
        // shared/reference/extensions.md §1: IDs from machine-generated lists that contradict
        // the primary sources.
        let c = get().unwrap();
        for wrong in [
            "jeoacafpbcihiomhlakheieifhpjfpei",
            "injhfeogoehjhhacaaahfbkjlomhpgnj",
            "foplbhdcjmiabnahcoplaogpmdlhknpg",
            "mcgekeccgjgcmhnhbabplanchdogjcnh",
            "caacbgbklghmpodbdafajbgdnegacfmo",
        ] {
            assert!(c.by_id(wrong).is_none(), "{wrong}");
        }
        // Touch VPN's ID is not ExpressVPN's.
        assert_eq!(
            c.by_id("bihmplhobchoageeokmgbdihknkjbknd").unwrap().name,
            "Touch VPN"
        );
    }

    #[test]
    fn finds_by_id_in_any_case_and_by_glob() {
        let c = get().unwrap();
        assert_eq!(
            c.by_id("cjpalhdlnbpafiamejdnhcphjbkeiagm").unwrap().name,
            "uBlock Origin"
        );
        assert_eq!(
            c.by_id("ublock0@raymondhill.net").unwrap().name,
            "uBlock Origin"
        );
        assert_eq!(
            c.by_id("{4ed1f68a-5463-4931-9384-8fff5ed91d92}")
                .unwrap()
                .name,
            "McAfee WebAdvisor"
        );
        assert_eq!(
            c.by_id("light_plugin_0123456789abcdef0123456789abcdef@kaspersky.com")
                .unwrap()
                .name,
            "Kaspersky Protection"
        );
        assert!(c.by_id("light_plugin_x@kaspersky.org").is_none());
        assert!(c.by_id("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_none());
    }

    #[test]
    fn names_match_word_for_word_and_the_longest_wins() {
        let c = get().unwrap();
        let by = |n: &str| c.by_name(n).map(|e| e.name.as_str());
        assert_eq!(by("uBlock Origin"), Some("uBlock Origin"));
        assert_eq!(by("uBlock Origin Lite"), Some("uBlock Origin Lite"));
        assert_eq!(by("AdBlock — best ad blocker"), Some("AdBlock"));
        assert_eq!(by("Adblock Plus - free ad blocker"), Some("Adblock Plus"));
        assert_eq!(by("Adblocker for YouTube"), None);
        assert_eq!(by("CanvasBlocker"), Some("CanvasBlocker"));
        assert_eq!(
            by("I don’t care about cookies"),
            Some("I don't care about cookies")
        );
        assert_eq!(
            by("Windscribe - Free Proxy and Ad Blocker"),
            Some("Windscribe")
        );
        assert_eq!(by("Privacy"), None);
        assert_eq!(by(""), None);
        assert_eq!(by("Bitwarden Password Manager"), None);
    }

    #[test]
    fn the_fast_name_match_agrees_with_name_matches() {
        let c = get().unwrap();
        // The longest matching pattern by `name_matches`, the definition.
        let slow = |n: &str| {
            let words = name_words(n);
            let mut best: Option<(&str, usize)> = None;
            for e in &c.extensions {
                for p in e.names.iter().map(|p| name_words(p)) {
                    let len: usize = p.iter().map(String::len).sum();
                    if name_matches(&words, &p) && best.is_none_or(|(_, l)| len > l) {
                        best = Some((e.name.as_str(), len));
                    }
                }
            }
            best.map(|(n, _)| n)
        };
        let mut names: Vec<String> = c.extensions.iter().flat_map(|e| e.names.clone()).collect();
        for n in names.clone() {
            names.push(format!("{n} extra words"));
            names.push(format!("{n}x"));
            names.push(n.chars().take(n.chars().count() / 2).collect());
            names.push(n.to_uppercase().replace(' ', ""));
        }
        for n in &names {
            assert_eq!(c.by_name(n).map(|e| e.name.as_str()), slow(n), "{n}");
        }
    }

    #[test]
    fn blocking_high_risk_fails_everything_else_warns() {
        let c = get().unwrap();
        let v = |id: &str| c.verdict(c.by_id(id).unwrap());
        assert_eq!(v("uBlock0@raymondhill.net"), Status::Fail);
        assert_eq!(v("jid1-MnnxcxisBPnSXQ@jetpack"), Status::Fail);
        assert_eq!(v("ddkjiahejlhfcafbddmgiahcphecmpfh"), Status::Warn); // uBOL: medium
        assert_eq!(v("gomekmidlodglbbmalcneegieacbdmki"), Status::Warn); // Avast: web shield
        assert_eq!(v("@testpilot-containers"), Status::Warn); // tracker/privacy
        assert_eq!(v("jplgfhpmjnbigmhklmmbgecoobifkmpa"), Status::Fail); // Proton VPN
    }

    #[test]
    fn a_broken_catalogue_is_an_error_not_a_panic() {
        assert!(parse("{").is_err());
        assert!(
            parse(r#"{"categories": {}, "extensions": [{"name": "x", "category": "nope", "risk": "high", "reason": "r", "ids": [{"id": "a@b", "store": "firefox", "confidence": "P", "source": "s"}]}]}"#)
                .unwrap_err()
                .contains("unknown category")
        );
    }

    #[test]
    fn glob_matching() {
        assert!(glob_match("a*b", "ab"));
        assert!(glob_match("a*b", "axxb"));
        assert!(!glob_match("a*b", "axxbc"));
        assert!(glob_match("a*b*c", "a1b2c"));
        assert!(!glob_match("ab*ba", "aba"));
    }
}
