//! Runs the selected checks concurrently, each on its own thread with a hard time limit, and
//! returns their results in the fixed registry order.
//!
//! A check that panics, returns nothing, or outlives its limit becomes an `unknown` (or `skip`)
//! result with the reason; every other check still reports.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::checks::Check;
use crate::facts::Facts;
use crate::model::{CheckResult, Status};

/// How long a check that does not use the network may run before it is given up on.
pub const LOCAL_CHECK_LIMIT: Duration = Duration::from_secs(10);
/// Extra time past `--timeout` a network check gets to wrap up before it is given up on.
pub const NETWORK_GRACE: Duration = Duration::from_millis(500);

pub use crate::workers::CHECK_THREAD_PREFIX;

/// Told which checks are still running, about ten times a second, so a progress display can
/// say what the report is waiting for.
pub trait Progress {
    fn waiting(&mut self, pending: &[&'static str]);
    fn done(&mut self);
}

/// A progress display that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {
    fn waiting(&mut self, _: &[&'static str]) {}
    fn done(&mut self) {}
}

/// Runs `checks` over `facts` and returns every result, in registry order.
pub fn run(
    facts: &Arc<Facts>,
    checks: &[&'static Check],
    progress: &mut dyn Progress,
) -> Vec<CheckResult> {
    let mut outcomes: Vec<Option<Vec<CheckResult>>> = vec![None; checks.len()];
    let (tx, rx) = mpsc::channel::<(usize, Result<Vec<CheckResult>, String>)>();
    let start = Instant::now();
    // The network checks' budget counts from here (or from an earlier network use).
    let net_start = if facts.ctx.net.offline {
        start
    } else {
        facts.ctx.net.start_clock()
    };
    let mut deadlines = Vec::with_capacity(checks.len());

    for (i, def) in checks.iter().enumerate() {
        if def.network && facts.ctx.net.offline {
            outcomes[i] = Some(vec![CheckResult::new(
                def.id,
                def.category,
                Status::Skip,
                "Not run: --offline",
                "This check needs the network and --offline was given.",
            )]);
            deadlines.push(start);
            continue;
        }
        deadlines.push(if def.network {
            net_start + facts.ctx.net.timeout + NETWORK_GRACE
        } else {
            start + LOCAL_CHECK_LIMIT
        });
        let tx = tx.clone();
        let facts = Arc::clone(facts);
        let def: &'static Check = def;
        let spawned = std::thread::Builder::new()
            .name(format!("{CHECK_THREAD_PREFIX}{}", def.id))
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| (def.verdict)(&facts)))
                    .map_err(|payload| panic_message(payload.as_ref()));
                let _ = tx.send((i, outcome));
            });
        if let Err(e) = spawned {
            outcomes[i] = Some(vec![crashed(
                def,
                &format!("could not start a thread: {e}"),
            )]);
        }
    }
    drop(tx);

    loop {
        let pending: Vec<usize> = (0..checks.len())
            .filter(|&i| outcomes[i].is_none())
            .collect();
        if pending.is_empty() {
            break;
        }
        let now = Instant::now();
        for &i in &pending {
            if now >= deadlines[i] {
                let def = checks[i];
                let limit = deadlines[i].saturating_duration_since(start);
                outcomes[i] = Some(vec![
                    CheckResult::new(
                        def.id,
                        def.category,
                        Status::Unknown,
                        "Check did not finish in time",
                        format!(
                            "Gave up after {:.1} s; the other checks were not held up.",
                            limit.as_secs_f64()
                        ),
                    )
                    .evidence("time_limit_ms", limit.as_millis() as u64),
                ]);
            }
        }
        let still: Vec<&'static str> = pending
            .iter()
            .filter(|&&i| outcomes[i].is_none())
            .map(|&i| checks[i].id)
            .collect();
        if still.is_empty() {
            break;
        }
        progress.waiting(&still);
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok((i, outcome)) => {
                if outcomes[i].is_none() {
                    outcomes[i] = Some(finish(checks[i], outcome));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // Every thread has sent or died; anything left never reported.
                for &i in &pending {
                    if outcomes[i].is_none() {
                        outcomes[i] = Some(vec![crashed(
                            checks[i],
                            "the check stopped without a result",
                        )]);
                    }
                }
            }
        }
    }
    progress.done();
    outcomes.into_iter().flatten().flatten().collect()
}

fn finish(def: &Check, outcome: Result<Vec<CheckResult>, String>) -> Vec<CheckResult> {
    match outcome {
        Ok(results) if results.is_empty() => vec![CheckResult::new(
            def.id,
            def.category,
            Status::Skip,
            "Nothing to check",
            "There was nothing on this machine for this check to look at.",
        )],
        Ok(results) => results,
        Err(msg) => vec![crashed(def, &msg)],
    }
}

fn crashed(def: &Check, why: &str) -> CheckResult {
    CheckResult::new(
        def.id,
        def.category,
        Status::Unknown,
        "Check crashed",
        format!("The check stopped with an internal error: {why}"),
    )
    .evidence("error", why.to_string())
    .with_fix(
        "This is a bug in login-check, not a problem with your machine. The other checks still ran; \
         please report this line with the JSON report (--format json).",
    )
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Context, OsFamily};
    use crate::model::Category;
    use crate::model::TicketInput;

    fn ok(_: &Facts) -> Vec<CheckResult> {
        vec![CheckResult::new(
            "t.ok",
            Category::Browsers,
            Status::Pass,
            "fine",
            "",
        )]
    }
    fn boom(_: &Facts) -> Vec<CheckResult> {
        panic!("corrupt input made the probe panic")
    }
    fn nothing(_: &Facts) -> Vec<CheckResult> {
        Vec::new()
    }
    fn net(_: &Facts) -> Vec<CheckResult> {
        vec![CheckResult::new(
            "t.net",
            Category::Network,
            Status::Pass,
            "reached",
            "",
        )]
    }
    fn slow(_: &Facts) -> Vec<CheckResult> {
        std::thread::sleep(Duration::from_secs(2));
        vec![CheckResult::new(
            "t.slow",
            Category::Network,
            Status::Pass,
            "slow",
            "",
        )]
    }

    macro_rules! test_check {
        ($name:ident, $id:literal, $net:literal, $verdict:ident) => {
            static $name: Check = Check {
                id: $id,
                category: if $net {
                    Category::Network
                } else {
                    Category::Browsers
                },
                network: $net,
                per: "test",
                summary: "test",
                article: "",
                doc: "",
                verdict: $verdict,
            };
        };
    }
    test_check!(BOOM, "t.boom", false, boom);
    test_check!(OK, "t.ok", false, ok);
    test_check!(NONE, "t.none", false, nothing);
    test_check!(NET, "t.net", true, net);
    test_check!(SLOW, "t.slow", true, slow);

    fn facts(ctx: Context) -> Arc<Facts> {
        Arc::new(Facts::new(ctx, TicketInput::default()))
    }

    #[test]
    fn a_panicking_check_is_unknown_and_the_rest_still_run_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = facts(Context::for_tests(dir.path(), OsFamily::Linux));
        let checks = [&BOOM, &OK, &NONE];
        let results = run(&ctx, &checks, &mut NoProgress);
        let got: Vec<(&str, Status)> = results.iter().map(|r| (r.id.as_str(), r.status)).collect();
        assert_eq!(
            got,
            vec![
                ("t.boom", Status::Unknown),
                ("t.ok", Status::Pass),
                ("t.none", Status::Skip)
            ]
        );
        assert!(
            results[0]
                .detail
                .contains("corrupt input made the probe panic")
        );
        assert!(results[0].fix.is_some());
    }

    #[test]
    fn network_checks_are_skipped_offline_and_time_out_online() {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = Context::for_tests(dir.path(), OsFamily::Linux);
        let checks = [&NET];
        let results = run(
            &facts(Context::for_tests(dir.path(), OsFamily::Linux)),
            &checks,
            &mut NoProgress,
        );
        assert_eq!(results[0].status, Status::Skip);
        assert!(results[0].title.contains("--offline"));

        ctx.net.offline = false;
        ctx.net.timeout = Duration::from_millis(1);
        let checks = [&SLOW, &NET];
        let results = run(&facts(ctx), &checks, &mut NoProgress);
        assert_eq!(results[0].status, Status::Unknown, "{:?}", results[0]);
        assert!(results[0].title.contains("did not finish"));
        assert_eq!(results[1].status, Status::Pass);
    }
}
