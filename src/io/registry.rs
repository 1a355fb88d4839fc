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

/// A scratch key for tests of registry readers, `HKCU\Software\login-check-tests\<pid>-<n>`
/// (never a browser's own key, so a run on a real Windows machine changes nothing of the user's),
/// deleted with everything under it when dropped. The tests run under wine in CI
/// (`scripts/windows-tests.sh`).
#[cfg(all(test, windows))]
pub mod scratch {
    use std::sync::atomic::{AtomicU32, Ordering};
    use winreg::RegKey;
    use winreg::enums::{HKEY_CURRENT_USER, KEY_ALL_ACCESS};

    pub struct ScratchKey {
        /// The path under HKCU, for the readers.
        pub path: String,
        pub key: RegKey,
    }

    impl ScratchKey {
        #[allow(clippy::new_without_default, reason = "makes a key in the registry")]
        pub fn new() -> ScratchKey {
            static N: AtomicU32 = AtomicU32::new(0);
            let path = format!(
                "Software\\login-check-tests\\{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            );
            let (key, _) = RegKey::predef(HKEY_CURRENT_USER)
                .create_subkey(&path)
                .expect("create a scratch key under HKCU");
            ScratchKey { path, key }
        }

        /// A subkey (created with its parents).
        pub fn sub(&self, rel: &str) -> RegKey {
            self.key.create_subkey(rel).expect("create a subkey").0
        }
    }

    impl Drop for ScratchKey {
        fn drop(&mut self) {
            let hkcu = RegKey::predef(HKEY_CURRENT_USER);
            let _ = hkcu.delete_subkey_all(&self.path);
            if let Ok(parent) =
                hkcu.open_subkey_with_flags("Software\\login-check-tests", KEY_ALL_ACCESS)
            {
                if parent.query_info().is_ok_and(|i| i.sub_keys == 0) {
                    let _ = hkcu.delete_subkey("Software\\login-check-tests");
                }
            }
        }
    }
}

#[cfg(all(test, windows))]
mod tests {
    use super::scratch::ScratchKey;
    use super::*;
    use serde_json::json;
    use winreg::enums::HKEY_CURRENT_USER;

    #[test]
    fn reads_utf16_strings_numbers_lists_and_objects() {
        let k = ScratchKey::new();
        // Registry strings are UTF-16: non-ASCII and non-BMP characters come back whole.
        k.key.set_value("Name", &"Zoë Ångström 😀").unwrap();
        k.key.set_value("Count", &7u32).unwrap();
        k.key.set_value("Big", &(1u64 << 40)).unwrap();
        k.key.set_value("Multi", &vec!["a", "ü"]).unwrap();
        let list = k.sub("URLBlocklist");
        list.set_value("2", &"https://b.example").unwrap();
        list.set_value("1", &"https://a.example").unwrap();
        k.sub("Nested").set_value("On", &1u32).unwrap();
        k.sub("Skipped").set_value("x", &1u32).unwrap();

        let m = read(HKEY_CURRENT_USER, &k.path, Some("Skipped"))
            .unwrap()
            .unwrap();
        assert_eq!(m["Name"], json!("Zoë Ångström 😀"));
        assert_eq!(m["Count"], json!(7));
        assert_eq!(m["Big"], json!(1u64 << 40));
        assert_eq!(m["Multi"], json!(["a", "ü"]));
        assert_eq!(
            m["URLBlocklist"],
            json!(["https://a.example", "https://b.example"])
        );
        assert_eq!(m["Nested"], json!({"On": 1}));
        assert!(!m.contains_key("Skipped"));

        assert_eq!(
            read_string(HKEY_CURRENT_USER, &k.path, "Name").as_deref(),
            Some("Zoë Ångström 😀")
        );
        assert_eq!(read_string(HKEY_CURRENT_USER, &k.path, "Count"), None);
        assert_eq!(read_string(HKEY_CURRENT_USER, &k.path, "Absent"), None);
    }

    #[test]
    fn a_missing_key_is_none_not_an_error() {
        let k = ScratchKey::new();
        let missing = format!("{}\\absent", k.path);
        assert_eq!(read(HKEY_CURRENT_USER, &missing, None), Ok(None));
        assert_eq!(read_string(HKEY_CURRENT_USER, &missing, "version"), None);
    }

    #[test]
    fn the_scratch_key_is_removed() {
        let path = {
            let k = ScratchKey::new();
            k.key.set_value("x", &1u32).unwrap();
            k.path.clone()
        };
        assert_eq!(read(HKEY_CURRENT_USER, &path, None), Ok(None));
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
