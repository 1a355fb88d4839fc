#![no_main]
//! Fuzz target `prefs_js`: see `login_check::fuzzing::prefs_js`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::prefs_js(data);
});
