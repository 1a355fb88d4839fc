#![no_main]
//! Fuzz target `patterns`: see `login_check::fuzzing::patterns`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::patterns(data);
});
