//! Parsers of the file formats browsers write, which know nothing of checks: Mozilla INI
//! ([`ini`]), `prefs.js` ([`prefs_js`]), Safari's `binarycookies` ([`binarycookies`]), and
//! content-setting site patterns ([`site_patterns`]).

pub mod binarycookies;
pub mod ini;
pub mod prefs_js;
pub mod site_patterns;
