//! The Windows registry, read only: policy keys as JSON ([`read`]) and single string values
//! ([`read_string`]). Elsewhere than on Windows there are no hives and nothing is read.

#[cfg(windows)]
pub use imp::*;
#[cfg(not(windows))]
pub use stub::*;

/// Policy keys in the registry, as JSON: DWORD/QWORD values become numbers, strings stay
/// strings (Chromium and Firefox accept JSON in a string for lists and dictionaries), a subkey
/// whose values are named `1`, `2`, … becomes a list, any other subkey an object.
#[cfg(windows)]
mod imp {
    use serde_json::{Map, Value};
    use winreg::RegKey;
    use winreg::enums::{
        HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD,
        REG_SZ,
    };
    use winreg::types::FromRegValue;

    pub type Hive = winreg::HKEY;
    /// User first, so the machine's values win.
    pub const HIVES: [(Hive, &str); 2] =
        [(HKEY_CURRENT_USER, "HKCU"), (HKEY_LOCAL_MACHINE, "HKLM")];

    pub fn read(
        hive: Hive,
        path: &str,
        skip: Option<&str>,
    ) -> Result<Option<Map<String, Value>>, String> {
        match RegKey::predef(hive).open_subkey(path) {
            Ok(key) => Ok(Some(to_map(&key, skip, 0))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn value(v: &winreg::RegValue) -> Value {
        match v.vtype {
            REG_DWORD => u32::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_QWORD => u64::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_SZ | REG_EXPAND_SZ => String::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            REG_MULTI_SZ => Vec::<String>::from_reg_value(v)
                .map(Value::from)
                .unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    fn to_map(key: &RegKey, skip: Option<&str>, depth: u8) -> Map<String, Value> {
        let mut m = Map::new();
        for (name, v) in key.enum_values().flatten() {
            m.insert(name, value(&v));
        }
        if depth < 8 {
            for name in key.enum_keys().flatten() {
                if Some(name.as_str()) == skip {
                    continue;
                }
                if let Ok(sub) = key.open_subkey(&name) {
                    m.insert(name, to_value(&sub, depth + 1));
                }
            }
        }
        m
    }

    fn to_value(key: &RegKey, depth: u8) -> Value {
        let map = to_map(key, None, depth);
        let numbered: Option<Vec<(u64, &Value)>> = map
            .iter()
            .map(|(k, v)| k.parse::<u64>().ok().map(|n| (n, v)))
            .collect();
        match numbered {
            Some(mut items) if !items.is_empty() => {
                items.sort_by_key(|(n, _)| *n);
                Value::Array(items.into_iter().map(|(_, v)| v.clone()).collect())
            }
            _ => Value::Object(map),
        }
    }

    /// A string value, `None` when the key or value is missing or not a string.
    pub fn read_string(hive: Hive, path: &str, name: &str) -> Option<String> {
        RegKey::predef(hive)
            .open_subkey(path)
            .ok()?
            .get_value::<String, _>(name)
            .ok()
    }
}

#[cfg(not(windows))]
mod stub {
    use serde_json::{Map, Value};

    pub type Hive = ();
    pub const HIVES: [(Hive, &str); 0] = [];

    pub fn read(_: Hive, _: &str, _: Option<&str>) -> Result<Option<Map<String, Value>>, String> {
        Ok(None)
    }

    pub fn read_string(_: Hive, _: &str, _: &str) -> Option<String> {
        None
    }
}
