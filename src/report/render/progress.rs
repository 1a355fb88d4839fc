//! A one-line progress indicator on stderr, shown only when stderr is a terminal and only once
//! the checks have been running for a moment, naming what the report is waiting for.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::runner::Progress;

const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
/// Quick runs finish before anything is drawn.
const SHOW_AFTER: Duration = Duration::from_millis(250);

pub struct Spinner {
    enabled: bool,
    started: Instant,
    frame: usize,
    drawn: bool,
}

impl Spinner {
    /// `enabled` should be true only when stderr is a terminal.
    pub fn new(enabled: bool) -> Spinner {
        Spinner {
            enabled,
            started: Instant::now(),
            frame: 0,
            drawn: false,
        }
    }
}

impl Progress for Spinner {
    fn waiting(&mut self, pending: &[&'static str]) {
        if !self.enabled || self.started.elapsed() < SHOW_AFTER {
            return;
        }
        self.frame = (self.frame + 1) % FRAMES.len();
        let mut names = pending
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if pending.len() > 3 {
            names.push_str(&format!(" and {} more", pending.len() - 3));
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} waiting for {} ({:.0} s)",
            FRAMES[self.frame],
            names,
            self.started.elapsed().as_secs_f64()
        );
        let _ = err.flush();
        self.drawn = true;
    }

    fn done(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}
