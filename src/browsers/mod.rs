//! Browsers: which ones are installed, with which profiles, and at which version.
//!
//! The help articles say: "Use a desktop device with a modern browser: Browsers like Chrome or
//! Edge are recommended", and (DALL·E) "try signing in ... from a non-Firefox incognito window".
//! [`discovery`] finds the browsers every other probe iterates over; [`checks`] judges them.

pub mod checks;
pub mod discovery;
pub mod ini;
pub mod paths;
pub mod version;

use discovery::Install;

/// Runs `f` for each browser on a thread of its own (each browser's profiles are then read one
/// after another) and gives the results in the order of `installs`. A panic in `f` is raised
/// again here, so the check that asked is reported `unknown`, never as if nothing was found.
pub fn per_browser<'a, T: Send>(
    installs: impl IntoIterator<Item = &'a Install>,
    f: impl Fn(&'a Install) -> T + Sync,
) -> Vec<T> {
    let f = &f;
    std::thread::scope(|s| {
        // Named as check threads, so the panic hook keeps a panic here quiet: the check reports it.
        let handles: Vec<_> = installs
            .into_iter()
            .map(|inst| {
                std::thread::Builder::new()
                    .name(format!(
                        "{}{}",
                        crate::runner::CHECK_THREAD_PREFIX,
                        inst.key
                    ))
                    .spawn_scoped(s, move || f(inst))
                    .map_err(|_| inst)
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread to be had: do the work here.
                Err(inst) => f(inst),
            })
            .collect()
    })
}
