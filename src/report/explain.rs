//! `login-check explain "<message>"`: matches an error message the user saw against the
//! messages in the help articles (`data/messages.json`) and says what causes it, what to do,
//! and which checks look for the cause. Matching ignores case, quotes and punctuation, accepts
//! part of a message, and tolerates small misspellings.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const DATA: &str = include_str!("../../data/messages.json");

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub title: String,
    pub patterns: Vec<String>,
    pub cause: String,
    pub steps: Vec<String>,
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct General {
    pub title: String,
    pub cause: String,
    pub steps: Vec<String>,
    pub checks: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Data {
    pub messages: Vec<Message>,
    pub general: General,
}

/// The message table (parsed once; a test keeps it valid).
pub fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| serde_json::from_str(DATA).expect("data/messages.json is valid (tested)"))
}

/// What `explain` answers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    /// The known message matched, or null for the general steps.
    pub id: Option<String>,
    pub title: String,
    pub cause: String,
    pub steps: Vec<String>,
    pub checks: Vec<String>,
    /// How closely the message matched (1.0 exact or contained).
    pub score: f64,
}

/// Lower case, letters and digits only, single spaces; curly quotes and ellipses vanish.
pub fn normalize(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + (ca != *cb) as usize)
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Two words are alike when equal, or (for longer words) one or two edits apart.
fn alike(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    let allowed = match n {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    allowed > 0 && levenshtein(a, b) <= allowed
}

/// How well `message` matches `pattern` (both normalized), from 0 to 1.
pub fn score(message: &str, pattern: &str) -> f64 {
    if message.is_empty() || pattern.is_empty() {
        return 0.0;
    }
    if message.contains(pattern) || (message.len() >= 8 && pattern.contains(message)) {
        return 1.0;
    }
    let m: Vec<&str> = message.split(' ').collect();
    let p: Vec<&str> = pattern.split(' ').collect();
    // The share of the pattern's words found (alike) in the message, or of the message's words
    // found in the pattern when the user typed part of it.
    let covered = |xs: &[&str], ys: &[&str]| {
        xs.iter().filter(|x| ys.iter().any(|y| alike(x, y))).count() as f64 / xs.len() as f64
    };
    let forward = covered(&p, &m);
    let backward = if m.len() >= 2 { covered(&m, &p) } else { 0.0 };
    forward.max(backward)
}

/// How much of a message is matched: real error messages are a line; this keeps the word
/// matching (quadratic in the words) fast for any input.
pub const MESSAGE_LIMIT: usize = 1000;

/// Matches a message. Below 0.75 the general steps are given.
pub fn explain(message: &str) -> Explanation {
    let msg = normalize(&message.chars().take(MESSAGE_LIMIT).collect::<String>());
    let d = data();
    let best = d
        .messages
        .iter()
        .map(|m| {
            (
                m,
                m.patterns
                    .iter()
                    .map(|p| score(&msg, &normalize(p)))
                    .fold(0.0, f64::max),
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((m, s)) if s >= 0.75 => Explanation {
            id: Some(m.id.clone()),
            title: m.title.clone(),
            cause: m.cause.clone(),
            steps: m.steps.clone(),
            checks: m.checks.clone(),
            score: (s * 100.0).round() / 100.0,
        },
        best => Explanation {
            id: None,
            title: d.general.title.clone(),
            cause: d.general.cause.clone(),
            steps: d.general.steps.clone(),
            checks: d.general.checks.clone(),
            score: best.map_or(0.0, |b| (b.1 * 100.0).round() / 100.0),
        },
    }
}

/// The explanation for people.
pub fn render_text(message: &str, e: &Explanation) -> String {
    let mut out = format!("Message: {message}\n");
    match &e.id {
        Some(_) => out.push_str(&format!("Known message: {}\n", e.title)),
        None => {
            out.push_str("Not a message the help articles name: here are their general steps.\n")
        }
    }
    out.push_str(&format!("\nWhy: {}\n\nWhat to do:\n", e.cause));
    for (i, s) in e.steps.iter().enumerate() {
        out.push_str(&format!("  {}. {s}\n", i + 1));
    }
    if !e.checks.is_empty() {
        out.push_str(&format!(
            "\nTo look for the cause on this computer: login-check --only {}\n",
            e.checks.join(",")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_valid_and_every_message_has_steps() {
        let d = data();
        assert!(d.messages.len() >= 6);
        let ids: Vec<String> = crate::checks::all()
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        for m in &d.messages {
            assert!(
                !m.patterns.is_empty() && !m.steps.is_empty() && !m.cause.is_empty(),
                "{}",
                m.id
            );
            for c in &m.checks {
                assert!(
                    ids.contains(c)
                        || crate::model::Category::parse(c).is_some()
                        || c == "account.signin_method",
                    "{} names unknown check {c}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn normalizes_quotes_case_and_punctuation() {
        assert_eq!(
            normalize("“Wrong  Authentication Method!”"),
            "wrong authentication method"
        );
        assert_eq!(normalize("Oops..."), "oops");
    }

    #[test]
    fn long_input_is_cut_to_the_limit() {
        let long = format!("Wrong authentication method {}", "word ".repeat(100_000));
        assert_eq!(explain(&long).id.as_deref(), Some("wrong-auth-method"));
    }

    #[test]
    fn small_misspellings_are_tolerated() {
        assert!(alike("authentication", "authentcation"));
        assert!(alike("already", "alredy"));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert!(!alike("the", "she"), "short words must be exact");
    }
}
