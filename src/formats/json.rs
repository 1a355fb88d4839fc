//! JSON as browsers write it: Chromium's policy files with comments and trailing commas
//! ([`relaxed_json`]), Firefox's `policies.json` ([`parse_firefox_policies`]), a parse that keeps
//! only some key paths of a large file ([`json_subset`]), and the readers of values that may come
//! as JSON, plist or registry types ([`as_bool`], [`as_int`], [`as_list`], [`as_object`]).

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

/// What one parse of a browser file may build (docs/SAFETY.md › Limits). Nesting is bounded by
/// serde_json's recursion limit ([`MAX_DEPTH`]) for the values built; skipped values cost a byte
/// per level, so at most the file's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// JSON values (objects, arrays, strings, numbers, ...) built.
    pub values: usize,
    /// Bytes of the strings and object keys built.
    pub string_bytes: usize,
}

/// The limits of every parse of a browser file: a heavy profile's `Preferences` builds about
/// 20,000 values of the keys read, its `extensions.json` about 5,000.
pub const LIMITS: Limits = Limits {
    values: 250_000,
    string_bytes: 16 << 20,
};

/// The deepest nesting of lists and objects accepted (serde_json's recursion limit of 128 allows
/// 127 levels); deeper input is not valid JSON here.
pub const MAX_DEPTH: usize = 127;

/// Why a browser file's JSON was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// Not valid JSON: the parser's message, with line and column.
    Invalid(String),
    /// Valid as far as read, but more than login-check builds ([`LIMITS`]): which limit, in words.
    OverLimit(String),
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Invalid(e) | JsonError::OverLimit(e) => f.write_str(e),
        }
    }
}

impl JsonError {
    /// `not valid JSON (<message>)<then>` for invalid JSON, the limit's words otherwise.
    pub fn describe(&self, then: &str) -> String {
        match self {
            JsonError::Invalid(e) => format!("not valid JSON ({e}){then}"),
            JsonError::OverLimit(e) => e.clone(),
        }
    }
}

/// A list or object whose items past a cap were skipped by [`json_capped`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The key path, dotted (`addons`, `extensions.settings`).
    pub path: String,
    /// The items built (the cap).
    pub kept: usize,
    /// The items the file holds.
    pub found: usize,
}

/// What [`json_capped`] built.
#[derive(Debug, Clone, PartialEq)]
pub struct Capped {
    pub value: Value,
    /// The capped lists and objects that held more than their cap.
    pub cut: Vec<Cut>,
}

/// A whole JSON document, within [`LIMITS`].
pub fn parse(text: &str) -> Result<Value, JsonError> {
    json_subset(text, &[&[]])
}

/// Firefox's `policies.json`: `{"policies": {...}}`.
pub fn parse_firefox_policies(text: &str) -> Result<Map<String, Value>, String> {
    let v = parse(text.trim_start_matches('\u{feff}'))
        .map_err(|e| e.describe("; Firefox ignores this file"))?;
    match v.get("policies") {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err("has no \"policies\" object; Firefox ignores this file".into()),
    }
}

/// Parses JSON as Chromium's policy loader does: `//` and `/* */` comments and trailing commas
/// are allowed. Comments and such commas are blanked byte for byte (not removed), so error
/// positions stay right; the copy is the size of the text (all the syntax is ASCII, and a
/// comment is blanked whole, so the copy stays UTF-8).
pub fn relaxed_json(text: &str) -> Result<Value, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut b: Vec<u8> = text.as_bytes().to_vec();
    let n = b.len();
    let mut i = 0;
    let mut in_str = false;
    while i < n {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'/' if i + 1 < n && b[i + 1] == b'/' => {
                while i < n && b[i] != b'\n' {
                    b[i] = b' ';
                    i += 1;
                }
                continue;
            }
            b'/' if i + 1 < n && b[i + 1] == b'*' => {
                let start = text[..i].chars().count();
                b[i] = b' ';
                b[i + 1] = b' ';
                i += 2;
                loop {
                    if i + 1 >= n {
                        return Err(format!(
                            "not valid JSON (a /* comment at character {start} is not closed)"
                        ));
                    }
                    if b[i] == b'*' && b[i + 1] == b'/' {
                        b[i] = b' ';
                        b[i + 1] = b' ';
                        i += 2;
                        break;
                    }
                    if b[i] != b'\n' {
                        b[i] = b' ';
                    }
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Trailing commas: a ',' followed only by blanks and a closing bracket.
    let mut in_str = false;
    let mut i = 0;
    while i < n {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if c == b',' {
            let next = b[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                b[i] = b' ';
            }
        }
        i += 1;
    }
    // Only ASCII bytes were replaced, and only whole comments (every byte of a character), so
    // the text is still UTF-8.
    let cleaned = String::from_utf8(b).map_err(|e| format!("not valid JSON ({e})"))?;
    parse(&cleaned).map_err(|e| e.describe(""))
}

/// Parses JSON keeping only the values at `paths` (object keys from the top, e.g.
/// `&["extensions", "settings"]`, where `*` stands for any key; an empty path keeps
/// everything); everything else is checked
/// for syntax and skipped, never built. A heavy profile's `Preferences` is over 1 MB of mostly
/// per-site data: a full `serde_json::Value` of it takes about 20 MB and 8 ms, this a few
/// hundred KB and 1 ms. A node on a path that is not an object is kept whole, so lookups give
/// what they give on the full document. What is built stays within [`LIMITS`].
pub fn json_subset(text: &str, paths: &[&[&str]]) -> Result<Value, JsonError> {
    json_capped(text, paths, &[]).map(|c| c.value)
}

/// [`json_subset`], and of the list or object at each of `caps` (a key path, the number of items
/// to build) only the first items are built, the rest checked for syntax and counted
/// ([`Capped::cut`]).
pub fn json_capped(
    text: &str,
    paths: &[&[&str]],
    caps: &[(&[&str], usize)],
) -> Result<Capped, JsonError> {
    let budget = Budget {
        limits: LIMITS,
        values: Cell::new(0),
        bytes: Cell::new(0),
        over: Cell::new(None),
        cut: RefCell::new(Vec::new()),
    };
    let node = Node {
        keep: paths.to_vec(),
        caps: caps.iter().enumerate().map(|(i, (p, _))| (*p, i)).collect(),
        all_caps: caps,
        b: &budget,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = DeserializeSeed::deserialize(node, &mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    match parsed {
        Ok(value) => Ok(Capped {
            value,
            cut: budget
                .cut
                .into_inner()
                .into_iter()
                .map(|(i, found)| Cut {
                    path: caps[i].0.join("."),
                    kept: caps[i].1,
                    found,
                })
                .collect(),
        }),
        Err(e) => Err(match budget.over.get() {
            Some(Over::Values) => JsonError::OverLimit(format!(
                "too large to read (more than {} JSON values in the parts login-check reads)",
                budget.limits.values
            )),
            Some(Over::Bytes) => JsonError::OverLimit(format!(
                "too large to read (more than {} MB of JSON strings in the parts login-check reads)",
                budget.limits.string_bytes >> 20
            )),
            None => JsonError::Invalid(e.to_string()),
        }),
    }
}

#[derive(Debug, Clone, Copy)]
enum Over {
    Values,
    Bytes,
}

/// What one parse has built so far.
struct Budget {
    limits: Limits,
    values: Cell<usize>,
    bytes: Cell<usize>,
    over: Cell<Option<Over>>,
    /// (index into the caps, items found) for each capped node over its cap.
    cut: RefCell<Vec<(usize, usize)>>,
}

impl Budget {
    fn value<E: serde::de::Error>(&self) -> Result<(), E> {
        let n = self.values.get() + 1;
        self.values.set(n);
        if n > self.limits.values {
            self.over.set(Some(Over::Values));
            return Err(E::custom("too many JSON values"));
        }
        Ok(())
    }
    fn bytes<E: serde::de::Error>(&self, len: usize) -> Result<(), E> {
        let n = self.bytes.get().saturating_add(len);
        self.bytes.set(n);
        if n > self.limits.string_bytes {
            self.over.set(Some(Over::Bytes));
            return Err(E::custom("too much JSON text"));
        }
        Ok(())
    }
}

/// A node on the way to the paths (or caps) of [`json_capped`].
struct Node<'b, 'p> {
    /// The paths still wanted below this node (an empty one: all of it).
    keep: Vec<&'p [&'p str]>,
    /// The caps below or at this node (an empty path: this node), with their index.
    caps: Vec<(&'p [&'p str], usize)>,
    all_caps: &'p [(&'p [&'p str], usize)],
    b: &'b Budget,
}

impl<'p> Node<'_, 'p> {
    fn keeps_all(&self) -> bool {
        self.keep.iter().any(|p| p.is_empty())
    }
    /// The cap on this node's items: (index, number).
    fn cap(&self) -> Option<(usize, usize)> {
        self.caps
            .iter()
            .find(|(p, _)| p.is_empty())
            .map(|(_, i)| (*i, self.all_caps[*i].1))
    }
    fn record(&self, cap: Option<(usize, usize)>, items: usize) {
        if let Some((i, n)) = cap {
            if items > n {
                self.b.cut.borrow_mut().push((i, items));
            }
        }
    }
}

const ALL: &[&str] = &[];

impl<'de> serde::de::DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if self.keeps_all() && self.caps.is_empty() {
            return DeserializeSeed::deserialize(Whole(self.b), d);
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Node<'_, '_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        self.b.value()?;
        let cap = self.cap();
        let all = self.keeps_all();
        let mut out = Map::new();
        let mut items = 0;
        while let Some(key) = map.next_key::<String>()? {
            items += 1;
            if cap.is_some_and(|(_, n)| items > n) {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let keep: Vec<&[&str]> = if all {
                vec![ALL]
            } else {
                self.keep
                    .iter()
                    .filter(|p| p[0] == key || p[0] == "*")
                    .map(|p| &p[1..])
                    .collect()
            };
            if keep.is_empty() {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let caps = self
                .caps
                .iter()
                .filter(|(p, _)| !p.is_empty() && (p[0] == key || p[0] == "*"))
                .map(|(p, i)| (&p[1..], *i))
                .collect();
            self.b.bytes(key.len())?;
            let v = map.next_value_seed(Node {
                keep,
                caps,
                all_caps: self.all_caps,
                b: self.b,
            })?;
            out.insert(key, v);
        }
        self.record(cap, items);
        Ok(Value::Object(out))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        self.b.value()?;
        let cap = self.cap();
        let mut out = Vec::new();
        let mut items = 0;
        loop {
            if cap.is_some_and(|(_, n)| items >= n) {
                if seq.next_element::<serde::de::IgnoredAny>()?.is_none() {
                    break;
                }
            } else {
                match seq.next_element_seed(Whole(self.b))? {
                    Some(v) => out.push(v),
                    None => break,
                }
            }
            items += 1;
        }
        self.record(cap, items);
        Ok(Value::Array(out))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Whole(self.b).visit_bool(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Whole(self.b).visit_i64(v)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Whole(self.b).visit_u64(v)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Whole(self.b).visit_f64(v)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Whole(self.b).visit_str(v)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Whole(self.b).visit_string(v)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Whole(self.b).visit_unit()
    }
}

/// A value built whole, within the budget (as `serde_json::Value`'s own visitor builds it).
#[derive(Clone, Copy)]
struct Whole<'b>(&'b Budget);

impl<'de> serde::de::DeserializeSeed<'de> for Whole<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Whole<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        self.0.value()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.0.bytes(key.len())?;
            let v = map.next_value_seed(self)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        self.0.value()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.value()?;
        Ok(v.into())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.value()?;
        Ok(v.into())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.value()?;
        Ok(v.into())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.value()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.value()?;
        self.0.bytes(v.len())?;
        Ok(v.into())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.value()?;
        self.0.bytes(v.len())?;
        Ok(v.into())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.0.value()?;
        Ok(Value::Null)
    }
}

/// A policy value that should be a boolean: JSON/plist booleans, or the registry's 0/1.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// A policy value that should be an integer.
pub fn as_int(v: &Value) -> Option<i64> {
    v.as_i64()
}

/// A list policy: a JSON list, or (from the registry) a string holding a JSON list.
pub fn as_list(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.clone()),
        Value::String(s) if s.trim_start().starts_with('[') => match parse(s) {
            Ok(Value::Array(a)) => Some(a),
            _ => None,
        },
        _ => None,
    }
}

/// A dictionary policy: a JSON object, or a string holding one.
pub fn as_object(v: &Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::String(s) if s.trim_start().starts_with('{') => match parse(s) {
            Ok(Value::Object(m)) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_json_allows_comments_and_trailing_commas_but_not_in_strings() {
        let v = relaxed_json(
            "{\n  // a comment\n  \"A\": \"http://x/*not*/y\", /* block\n comment */\n  \"B\": [1, 2,],\n  \"C\": \"a,]\",\n}\n",
        )
        .unwrap();
        assert_eq!(v["A"], "http://x/*not*/y");
        assert_eq!(v["B"], serde_json::json!([1, 2]));
        assert_eq!(v["C"], "a,]");
        assert!(relaxed_json("{\"A\": 1 /* open").is_err());
        // Blanked comments keep error positions right.
        let err = relaxed_json("{\n// c\n/* x\n y */\n \"A\": 1,\n \"B\": x\n}").unwrap_err();
        assert!(err.contains("line 6"), "{err}");
        assert!(relaxed_json("{\"A\": \"\\\"\", \"B\": 2,}").is_ok());
    }

    #[test]
    fn what_is_built_stays_within_the_limits() {
        let many = format!("[{}0]", "0,".repeat(LIMITS.values));
        let e = parse(&many).unwrap_err();
        assert!(matches!(e, JsonError::OverLimit(_)), "{e}");
        assert!(
            e.to_string().contains("more than 250000 JSON values"),
            "{e}"
        );
        // Skipped parts cost nothing: the same list outside the wanted paths is fine.
        let skipped = format!("{{\"big\": {many}, \"a\": 1}}");
        assert_eq!(
            json_subset(&skipped, &[&["a"]]).unwrap(),
            serde_json::json!({"a": 1})
        );
        let long = format!("[\"{}\"]", "x".repeat(LIMITS.string_bytes + 1));
        assert!(parse(&long).unwrap_err().to_string().contains("16 MB"));
        // Nesting past the depth limit is not valid JSON here, kept or skipped at the top.
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(matches!(parse(&deep), Err(JsonError::Invalid(_))));
        assert!(relaxed_json(&deep).is_err());
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn capped_lists_and_objects_keep_their_first_items_and_count_the_rest() {
        let text = r#"{"addons": [1, 2, 3, 4, 5], "x": {"s": {"a": 1, "b": 2, "c": [3]}}, "y": 1}"#;
        let c = json_capped(
            text,
            &[&["addons"], &["x"]],
            &[(&["addons"], 2), (&["x", "s"], 2), (&["y"], 1)],
        )
        .unwrap();
        assert_eq!(
            c.value,
            serde_json::json!({"addons": [1, 2], "x": {"s": {"a": 1, "b": 2}}})
        );
        assert_eq!(
            c.cut,
            vec![
                Cut {
                    path: "addons".into(),
                    kept: 2,
                    found: 5
                },
                Cut {
                    path: "x.s".into(),
                    kept: 2,
                    found: 3
                }
            ]
        );
        // Items past the cap are still checked for syntax.
        assert!(json_capped(r#"{"addons": [1, 2, }"#, &[&[]], &[(&["addons"], 1)]).is_err());
    }

    #[test]
    fn relaxed_json_blanks_comments_holding_any_character() {
        let v = relaxed_json("{\"A\": \"é\", /* ünï */ \"B\": [1,], // ñ\n}").unwrap();
        assert_eq!(v, serde_json::json!({"A": "é", "B": [1]}));
        let err = relaxed_json("{\"é\": 1 /* open").unwrap_err();
        assert!(err.contains("at character 8"), "{err}");
    }

    #[test]
    fn firefox_files_need_a_policies_object() {
        assert!(
            parse_firefox_policies("{\"policies\": {\"DisablePrivateBrowsing\": true}}").is_ok()
        );
        assert!(parse_firefox_policies("{\"DisablePrivateBrowsing\": true}").is_err());
        assert!(parse_firefox_policies("{\"policies\": [], }").is_err());
        assert!(parse_firefox_policies("\u{feff}{\"policies\": {}}").is_ok());
    }

    #[test]
    fn values_from_every_source_type_are_understood() {
        use serde_json::json;
        assert_eq!(as_bool(&json!(true)), Some(true));
        assert_eq!(as_bool(&json!(1)), Some(true));
        assert_eq!(as_bool(&json!(0)), Some(false));
        assert_eq!(as_bool(&json!(2)), None);
        assert_eq!(as_bool(&json!("true")), None);
        assert_eq!(as_list(&json!(["a"])), Some(vec![json!("a")]));
        assert_eq!(as_list(&json!("[\"a\"]")), Some(vec![json!("a")]));
        assert_eq!(as_list(&json!("a")), None);
        assert!(as_object(&json!("{\"a\": 1}")).is_some());
    }

    #[test]
    fn a_star_in_a_path_stands_for_any_key() {
        let text = r#"{"e": {"a": {"name": "A", "big": [1, 2, 3]}, "b": {"name": "B", "x": {}}}}"#;
        let v = json_subset(text, &[&["e", "*", "name"]]).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"e": {"a": {"name": "A"}, "b": {"name": "B"}}})
        );
    }

    #[test]
    fn json_subsets_keep_only_the_wanted_paths() {
        let text = r#"{"a": {"b": {"c": 1, "d": [1, {"e": null}]}, "x": "big"}, "y": [1, 2], "z": 3.5, "w": "s"}"#;
        let v = json_subset(text, &[&["a", "b"], &["z"], &["w", "deeper"]]).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": {"b": {"c": 1, "d": [1, {"e": null}]}}, "z": 3.5, "w": "s"})
        );
        // Syntax errors anywhere are still errors, as with a full parse.
        assert!(json_subset(r#"{"a": 1, "skipped": [1, }"#, &[&["a"]]).is_err());
        assert!(json_subset(r#"{"a": 1} trailing"#, &[&["a"]]).is_err());
        // A top level that is not an object is kept.
        assert_eq!(
            json_subset("[1]", &[&["a"]]).unwrap(),
            serde_json::json!([1])
        );
    }
}
