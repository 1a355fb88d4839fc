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
