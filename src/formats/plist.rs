//! Property lists (XML or binary) as JSON: macOS managed preferences and app bundles'
//! `Info.plist`.

use serde_json::{Map, Value};

/// A property list whose top level is a dictionary, as a JSON object.
pub fn parse_plist_dict(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match parse_plist(bytes)? {
        Value::Object(m) => Ok(m),
        _ => Err("the property list is not a dictionary".into()),
    }
}

/// A property list (XML or binary) as JSON.
pub fn parse_plist(bytes: &[u8]) -> Result<Value, String> {
    let v = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a valid property list ({e})"))?;
    Ok(plist_to_json(&v))
}

/// Converts a plist value: dates become RFC 3339-like strings, data becomes `"<N bytes>"`.
pub fn plist_to_json(v: &plist::Value) -> Value {
    match v {
        plist::Value::Array(a) => Value::Array(a.iter().map(plist_to_json).collect()),
        plist::Value::Dictionary(d) => Value::Object(
            d.iter()
                .map(|(k, v)| (k.clone(), plist_to_json(v)))
                .collect(),
        ),
        plist::Value::Boolean(b) => Value::Bool(*b),
        plist::Value::Integer(i) => i
            .as_signed()
            .map(Value::from)
            .or_else(|| i.as_unsigned().map(Value::from))
            .unwrap_or(Value::Null),
        plist::Value::Real(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        plist::Value::String(s) => Value::String(s.clone()),
        plist::Value::Date(d) => Value::String(d.to_xml_format()),
        plist::Value::Data(d) => Value::String(format!("<{} bytes>", d.len())),
        plist::Value::Uid(u) => Value::from(u.get()),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plists_in_both_encodings_become_json() {
        let mut d = plist::Dictionary::new();
        d.insert(
            "IncognitoModeAvailability".into(),
            plist::Value::Integer(1.into()),
        );
        d.insert("BlockThirdPartyCookies".into(), plist::Value::Boolean(true));
        d.insert(
            "CookiesBlockedForUrls".into(),
            plist::Value::Array(vec![plist::Value::String("[*.]openai.com".into())]),
        );
        d.insert("Blob".into(), plist::Value::Data(vec![1, 2, 3]));
        d.insert("Ratio".into(), plist::Value::Real(0.5));
        let v = plist::Value::Dictionary(d);
        let mut xml = Vec::new();
        v.to_writer_xml(&mut xml).unwrap();
        let mut bin = Vec::new();
        v.to_writer_binary(&mut bin).unwrap();
        for bytes in [xml, bin] {
            let j = parse_plist(&bytes).unwrap();
            assert_eq!(j["IncognitoModeAvailability"], 1);
            assert_eq!(j["BlockThirdPartyCookies"], true);
            assert_eq!(j["CookiesBlockedForUrls"][0], "[*.]openai.com");
            assert_eq!(j["Blob"], "<3 bytes>");
            assert_eq!(j["Ratio"], 0.5);
        }
        assert!(parse_plist(b"<plist><dict><key>A</key>").is_err());
        assert!(parse_plist(b"bplist00garbage").is_err());
    }
}
