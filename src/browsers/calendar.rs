//! Release calendars as data: Chrome's and Firefox's majors per date (every 4 weeks, then every
//! 2 weeks), Firefox ESR lines and their end of life, and Safari's yearly majors. Used offline,
//! or when an online lookup ([`super::lookup`]) fails.

use time::Date;
use time::macros::date;

/// A release calendar: before `fast_from`, majors came every `slow_days` on average from
/// `slow_anchor`; from `fast_from` on, every 14 days.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub name: &'static str,
    /// (major, stable release date) anchors for the 4-week era, oldest first.
    pub anchors: &'static [(u32, Date)],
    /// The mean days between majors in the 4-week era (holiday gaps included).
    pub slow_days: f64,
    /// The first major of the 2-week era and its date.
    pub fast_from: (u32, Date),
}

/// Chrome (and Chromium, Edge, Brave, which follow its majors): every 4 weeks to M152, then
/// every 2 weeks from M153 on 2026-09-08 (shared/reference/chromium.md §5).
pub const CHROME: Calendar = Calendar {
    name: "Chrome",
    anchors: &[(110, date!(2023 - 02 - 07))],
    slow_days: 30.44,
    fast_from: (153, date!(2026 - 09 - 08)),
};

/// Firefox: every 4 weeks to 154, every 2 weeks from 155 on 2026-09-01
/// (shared/reference/firefox_safari.md §5).
pub const FIREFOX: Calendar = Calendar {
    name: "Firefox",
    anchors: &[
        (128, date!(2024 - 07 - 09)),
        (140, date!(2025 - 06 - 24)),
        (142, date!(2025 - 08 - 19)),
        (147, date!(2026 - 01 - 13)),
        (148, date!(2026 - 02 - 24)),
        (153, date!(2026 - 07 - 21)),
        (154, date!(2026 - 08 - 18)),
    ],
    slow_days: 28.0,
    fast_from: (155, date!(2026 - 09 - 01)),
};

impl Calendar {
    /// The stable major current on `day`, estimated offline.
    pub fn estimate(&self, day: Date) -> u32 {
        let (fast_major, fast_date) = self.fast_from;
        if day >= fast_date {
            return fast_major + ((day - fast_date).whole_days() / 14) as u32;
        }
        // The nearest anchor on or before the day (or the first one), then the mean cadence.
        let (major, anchor) = self
            .anchors
            .iter()
            .rev()
            .find(|(_, d)| *d <= day)
            .or(self.anchors.first())
            .copied()
            .expect("a calendar has anchors");
        let days = (day - anchor).whole_days() as f64;
        let steps = if self.anchors.len() == 1 {
            (days / self.slow_days).round()
        } else {
            (days / self.slow_days).floor()
        };
        let est = (major as i64 + steps as i64).clamp(1, fast_major as i64 - 1);
        est as u32
    }
}

/// Firefox ESR lines: (major, end of life). `None`: no end date announced yet.
pub const FIREFOX_ESR: &[(u32, Option<Date>)] = &[
    // Extended to 2027-03-31 only for Windows 7–8.1 and macOS 10.12–10.14.
    (115, Some(date!(2027 - 03 - 31))),
    (128, Some(date!(2025 - 09 - 16))),
    (140, Some(date!(2026 - 09 - 29))),
    (153, None),
];

/// Safari majors and their release dates; Apple ships one major a year, each September.
pub const SAFARI: &[(u32, Date)] = &[
    (15, date!(2021 - 09 - 20)),
    (16, date!(2022 - 09 - 12)),
    (17, date!(2023 - 09 - 18)),
    (18, date!(2024 - 09 - 16)),
    (26, date!(2025 - 09 - 15)),
];

/// The Safari major current on `day` (the table, then one a year each September).
pub fn safari_current_major(day: Date) -> u32 {
    let (last_major, last_date) = *SAFARI.last().expect("table");
    last_major + ((day - last_date).whole_days().max(0) / 365) as u32
}

/// How many Safari majors have shipped after `major` by `day` (one a year after the table).
pub fn safari_majors_behind(major: u32, day: Date) -> u32 {
    let (last_major, last_date) = *SAFARI.last().expect("table");
    let years_after = ((day - last_date).whole_days().max(0) / 365) as u32;
    let newer_in_table = SAFARI
        .iter()
        .filter(|(m, d)| *m > major && *d <= day)
        .count() as u32;
    if major > last_major {
        years_after.saturating_sub(major - last_major)
    } else {
        newer_in_table + years_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_estimate_crosses_the_cadence_change() {
        // 4-week era: 110 on 2023-02-07; the reference's remembered dates.
        assert_eq!(CHROME.estimate(date!(2023 - 02 - 07)), 110);
        assert!((129..=131).contains(&CHROME.estimate(date!(2024 - 10 - 15))));
        assert!((139..=141).contains(&CHROME.estimate(date!(2025 - 09 - 02))));
        // The day before the change is still M152; from 2026-09-08 a major every 2 weeks.
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 07)), 152);
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 08)), 153);
        assert_eq!(CHROME.estimate(date!(2026 - 09 - 22)), 154);
        assert_eq!(CHROME.estimate(date!(2026 - 10 - 06)), 155);
        assert_eq!(CHROME.estimate(date!(2026 - 11 - 24)), 158);
    }

    #[test]
    fn firefox_estimate_crosses_the_cadence_change() {
        assert_eq!(FIREFOX.estimate(date!(2024 - 07 - 09)), 128);
        assert_eq!(FIREFOX.estimate(date!(2025 - 06 - 24)), 140);
        assert_eq!(FIREFOX.estimate(date!(2026 - 08 - 18)), 154);
        assert_eq!(FIREFOX.estimate(date!(2026 - 08 - 31)), 154);
        assert_eq!(FIREFOX.estimate(date!(2026 - 09 - 01)), 155);
        assert_eq!(FIREFOX.estimate(date!(2026 - 09 - 15)), 156);
        assert_eq!(FIREFOX.estimate(date!(2026 - 10 - 13)), 158);
        assert_eq!(FIREFOX.estimate(date!(2026 - 11 - 24)), 161);
    }

    #[test]
    fn safari_is_judged_by_yearly_majors() {
        assert_eq!(safari_majors_behind(26, date!(2026 - 11 - 24)), 1);
        assert_eq!(safari_majors_behind(18, date!(2025 - 10 - 01)), 1);
        assert_eq!(safari_majors_behind(16, date!(2026 - 11 - 24)), 4);
        assert_eq!(safari_majors_behind(27, date!(2026 - 11 - 24)), 0);
    }
}
