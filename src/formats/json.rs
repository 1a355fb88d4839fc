//! JSON as browsers write it: Chromium's policy files with comments and trailing commas
//! ([`relaxed_json`]), Firefox's `policies.json` ([`parse_firefox_policies`]), a parse that keeps
//! only some key paths of a large file ([`json_subset`]), and the readers of values that may come
//! as JSON, plist or registry types ([`as_bool`], [`as_int`], [`as_list`], [`as_object`]).

use std::fmt;

use serde_json::{Map, Value};

/// Firefox's `policies.json`: `{"policies": {...}}`.
pub fn parse_firefox_policies(text: &str) -> Result<Map<String, Value>, String> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not valid JSON ({e}); Firefox ignores this file"))?;
    match v.get("policies") {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err("has no \"policies\" object; Firefox ignores this file".into()),
    }
}

/// Parses JSON as Chromium's policy loader does: `//` and `/* */` comments and trailing commas
/// are allowed. Comments and such commas are blanked (not removed), so error positions stay
/// right.
pub fn relaxed_json(text: &str) -> Result<Value, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut i = 0;
    let mut in_str = false;
    while i < n {
        let c = chars[i];
        if in_str {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if i + 1 < n && chars[i + 1] == '/' => {
                while i < n && chars[i] != '\n' {
                    chars[i] = ' ';
                    i += 1;
                }
                continue;
            }
            '/' if i + 1 < n && chars[i + 1] == '*' => {
                let start = i;
                chars[i] = ' ';
                chars[i + 1] = ' ';
                i += 2;
                loop {
                    if i + 1 >= n {
                        return Err(format!(
                            "not valid JSON (a /* comment at character {start} is not closed)"
                        ));
                    }
                    if chars[i] == '*' && chars[i + 1] == '/' {
                        chars[i] = ' ';
                        chars[i + 1] = ' ';
                        i += 2;
                        break;
                    }
                    if chars[i] != '\n' {
                        chars[i] = ' ';
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
        let c = chars[i];
        if in_str {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                chars[i] = ' ';
            }
        }
        i += 1;
    }
    let cleaned: String = chars.into_iter().collect();
    serde_json::from_str(&cleaned).map_err(|e| format!("not valid JSON ({e})"))
}

/// Parses JSON keeping only the values at `paths` (object keys from the top, e.g.
/// `&["extensions", "settings"]`); everything else is checked for syntax and skipped, never
/// built. A heavy profile's `Preferences` is over 1 MB of mostly per-site data: a full
/// `serde_json::Value` of it takes about 20 MB and 8 ms, this a few hundred KB and 1 ms. A node on
/// a path that is not an object is kept whole, so lookups give what they give on the full
/// document.
pub fn json_subset(text: &str, paths: &[&[&str]]) -> serde_json::Result<serde_json::Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = serde::de::DeserializeSeed::deserialize(Subset(paths.to_vec()), &mut de)?;
    de.end()?;
    Ok(v)
}

/// The paths still wanted below one node of [`json_subset`].
struct Subset<'p>(Vec<&'p [&'p str]>);

impl<'de> serde::de::DeserializeSeed<'de> for Subset<'_> {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if self.0.iter().any(|p| p.is_empty()) {
            return serde::Deserialize::deserialize(d);
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Subset<'_> {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let below: Vec<&[&str]> = self
                .0
                .iter()
                .filter(|p| p[0] == key)
                .map(|p| &p[1..])
                .collect();
            if below.is_empty() {
                map.next_value::<serde::de::IgnoredAny>()?;
            } else {
                out.insert(key, map.next_value_seed(Subset(below))?);
            }
        }
        Ok(serde_json::Value::Object(out))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
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
        Value::String(s) if s.trim_start().starts_with('[') => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// A dictionary policy: a JSON object, or a string holding one.
pub fn as_object(v: &Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::String(s) if s.trim_start().starts_with('{') => serde_json::from_str(s).ok(),
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
