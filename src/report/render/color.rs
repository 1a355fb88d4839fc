//! Whether to colour a stream, decided once per stream (stdout and stderr separately).
//!
//! We use `anstyle` for the styles and decide ourselves, following the rules `anstream` uses
//! (no-color.org, the CLICOLOR convention), rather than `colored`, whose automatic choice only
//! looks at stdout and treats an empty `NO_COLOR` as set.

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and the environment allows it.
    Auto,
    /// Always colour (the flag wins over NO_COLOR).
    Always,
    /// Never colour.
    Never,
}

/// Decides colour for one stream.
///
/// With `--color auto`, in this order: `NO_COLOR` set and not empty → no colour;
/// `CLICOLOR_FORCE` set, not empty and not `0` → colour; `CLICOLOR=0` → no colour; otherwise
/// colour only when the stream is a terminal whose `TERM` is not `dumb`.
pub fn enabled(
    choice: ColorChoice,
    env: impl Fn(&str) -> Option<String>,
    is_terminal: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |k: &str| env(k).filter(|v| !v.is_empty());
            if set("NO_COLOR").is_some() {
                return false;
            }
            if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                return true;
            }
            if set("CLICOLOR").is_some_and(|v| v == "0") {
                return false;
            }
            is_terminal && env("TERM").as_deref() != Some("dumb")
        }
    }
}

/// Paints text when colour is on, and leaves it alone when it is off.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    pub on: bool,
}

impl Painter {
    pub fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.on {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.to_string()
        }
    }
}

pub mod styles {
    use anstyle::{AnsiColor, Style};
    pub const PASS: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
    pub const WARN: Style = Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
        .bold();
    pub const FAIL: Style = Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
        .bold();
    pub const UNKNOWN: Style =
        Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
    pub const DIM: Style = Style::new().dimmed();
    pub const HEADING: Style = Style::new().bold().underline();
    pub const BOLD: Style = Style::new().bold();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn explicit_choices_win() {
        assert!(enabled(
            ColorChoice::Always,
            env(&[("NO_COLOR", "1")]),
            false
        ));
        assert!(!enabled(
            ColorChoice::Never,
            env(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
    }

    #[test]
    fn auto_follows_no_color_then_clicolor_force_then_clicolor_then_tty() {
        let auto = |pairs: &[(&str, &str)], tty| enabled(ColorChoice::Auto, env(pairs), tty);
        assert!(auto(&[], true));
        assert!(!auto(&[], false));
        assert!(!auto(&[("NO_COLOR", "1")], true));
        assert!(
            auto(&[("NO_COLOR", "")], true),
            "an empty NO_COLOR does not count"
        );
        assert!(!auto(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], true));
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(!auto(&[("CLICOLOR_FORCE", "0")], false));
        assert!(!auto(&[("CLICOLOR", "0")], true));
        assert!(auto(&[("CLICOLOR", "1")], true));
        assert!(!auto(&[("CLICOLOR", "1")], false));
        assert!(!auto(&[("TERM", "dumb")], true));
    }

    #[test]
    fn painter_adds_codes_only_when_on() {
        assert_eq!(Painter { on: false }.paint(styles::FAIL, "x"), "x");
        let on = Painter { on: true }.paint(styles::FAIL, "x");
        assert!(on.starts_with("\u{1b}[") && on.contains('x') && on.ends_with("\u{1b}[0m"));
    }
}
