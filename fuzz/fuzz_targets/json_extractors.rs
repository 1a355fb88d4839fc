#![no_main]
//! Fuzz target `json_extractors`: see `login_check::fuzzing::json_extractors`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::json_extractors(data);
});
