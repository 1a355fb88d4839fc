//! Parsers of the file formats browsers write, which know nothing of checks: Mozilla INI
//! ([`ini`]), `prefs.js` ([`prefs_js`]), Safari's `binarycookies` ([`binarycookies`]),
//! content-setting site patterns ([`site_patterns`]), JSON with comments and partial JSON
//! ([`json`]), and property lists ([`plist`]).

pub mod binarycookies;
pub mod ini;
pub mod json;
pub mod plist;
pub mod prefs_js;
pub mod site_patterns;

/// The longest name, ID or version from a browser's files kept for the report, in characters
/// (profile names, extension names, IDs and versions; docs/SAFETY.md › Limits).
pub const NAME_CHARS: usize = 200;

/// The longest other text from a file kept for the report (a problem naming a path or value
/// from the file), in characters.
pub const TEXT_CHARS: usize = 1_000;

/// `s` cut to at most `max` characters, ending in `…` when it was cut (so the whole is at most
/// `max` + 1 characters).
pub fn clip(s: &str, max: usize) -> String {
    let mut s = s.to_string();
    clip_in_place(&mut s, max);
    s
}

/// [`clip`] in place.
pub fn clip_in_place(s: &mut String, max: usize) {
    if s.len() <= max {
        return;
    }
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
        s.push('…');
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_strings_are_cut_on_a_character_boundary() {
        assert_eq!(super::clip("abc", 3), "abc");
        assert_eq!(super::clip("abcd", 3), "abc…");
        assert_eq!(super::clip("ééé", 3), "ééé");
        assert_eq!(super::clip("éééé", 2), "éé…");
    }
}
