//! A small INI reader for Mozilla's `profiles.ini`, `installs.ini`, `compatibility.ini` and
//! `application.ini`: `[Section]` headers, `key=value` lines, `;`/`#` comments. Lines it does not
//! understand are counted, not fatal.

/// A parsed INI file: sections in file order, keys in section order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ini {
    pub sections: Vec<(String, Vec<(String, String)>)>,
    /// Lines that were neither a section, a key, a comment nor blank.
    pub malformed_lines: usize,
}

impl Ini {
    pub fn parse(text: &str) -> Ini {
        let mut ini = Ini::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for raw in text.lines() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with(';') || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                ini.sections.push((name.trim().to_string(), Vec::new()));
                continue;
            }
            match (line.split_once('='), ini.sections.last_mut()) {
                (Some((k, v)), Some((_, keys))) => {
                    keys.push((k.trim().to_string(), v.trim().to_string()));
                }
                _ => ini.malformed_lines += 1,
            }
        }
        ini
    }

    /// The keys of the first section with this name (case-sensitive, as Firefox reads them).
    pub fn section(&self, name: &str) -> Option<&[(String, String)]> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, k)| k.as_slice())
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        get(self.section(section)?, key)
    }
}

/// A key's value in one section's keys.
pub fn get<'a>(keys: &'a [(String, String)], key: &str) -> Option<&'a str> {
    keys.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_keys_and_counts_junk() {
        let ini = Ini::parse(
            "\u{feff}[General]\nStartWithLastProfile=1\n; comment\n\n[Profile0]\nName = default \nIsRelative=1\nPath=abc.default\nthis is junk\n[Install4F96D1932A9F858E]\nDefault=abc.default\n",
        );
        assert_eq!(ini.get("General", "StartWithLastProfile"), Some("1"));
        assert_eq!(ini.get("Profile0", "Name"), Some("default"));
        assert_eq!(
            ini.get("Install4F96D1932A9F858E", "Default"),
            Some("abc.default")
        );
        assert_eq!(ini.malformed_lines, 1);
        assert_eq!(ini.get("Profile1", "Name"), None);
    }

    #[test]
    fn keys_before_any_section_are_malformed() {
        let ini = Ini::parse("Name=x\n[A]\nk=v=w\n");
        assert_eq!(ini.malformed_lines, 1);
        assert_eq!(ini.get("A", "k"), Some("v=w"));
    }
}
