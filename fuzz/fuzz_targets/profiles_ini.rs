#![no_main]
//! Fuzz target `profiles_ini`: see `login_check::fuzzing::profiles_ini`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    login_check::fuzzing::profiles_ini(data);
});
