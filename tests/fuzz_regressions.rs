//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every input a fuzzer found crashing
//! (`fuzz/regressions/<target>/`, kept after the fix) through the same functions the fuzz
//! targets call: none may panic.

use std::path::Path;

#[test]
fn every_seed_and_kept_crasher_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for target in login_check::fuzzing::TARGETS {
        assert!(
            root.join("fuzz_targets")
                .join(format!("{target}.rs"))
                .is_file(),
            "{target} has a fuzz target"
        );
        let mut seeds = 0;
        for dir in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if !p.is_file() || p.file_name().is_some_and(|n| n == ".gitkeep") {
                    continue;
                }
                let data = std::fs::read(&p).unwrap();
                login_check::fuzzing::run(target, &data);
                // Every prefix too: truncated input is the commonest broken file.
                for n in (0..data.len()).step_by((data.len() / 64).max(1)) {
                    login_check::fuzzing::run(target, &data[..n]);
                }
                ran += 1;
                if dir == "seeds" {
                    seeds += 1;
                }
            }
        }
        assert!(seeds > 0, "{target} has at least one seed");
    }
    assert!(ran >= login_check::fuzzing::TARGETS.len());
}
