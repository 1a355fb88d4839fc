#![no_main]
//! Fuzz target `binarycookies`: see `login_check::fuzzing::binarycookies`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::binarycookies(data);
});
