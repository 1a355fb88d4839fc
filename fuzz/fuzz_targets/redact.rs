#![no_main]
//! Fuzz target `redact`: see `login_check::fuzzing::redact`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::redact(data);
});
