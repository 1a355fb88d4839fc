//! Threads that do work for checks: one per browser, named as check threads so the panic hook
//! keeps a panic there quiet (the check that asked reports it as `unknown`).

/// The prefix of the names of threads that run checks or work for them.
pub const CHECK_THREAD_PREFIX: &str = "check:";

/// Runs `f` for each item on a thread of its own (named `check:<name>`) and gives the results in
/// the order of `items`. A panic in `f` is raised again here, so the check that asked is reported
/// `unknown`, never as if nothing was found.
pub fn each<'a, I: Sync + 'a, T: Send>(
    items: impl IntoIterator<Item = &'a I>,
    name: impl Fn(&I) -> &str,
    f: impl Fn(&'a I) -> T + Sync,
) -> Vec<T> {
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| {
                std::thread::Builder::new()
                    .name(format!("{CHECK_THREAD_PREFIX}{}", name(item)))
                    .spawn_scoped(s, move || f(item))
                    .map_err(|_| item)
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread to be had: do the work here.
                Err(item) => f(item),
            })
            .collect()
    })
}
