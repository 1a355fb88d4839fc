//! A reader for Firefox's preference files (`prefs.js`, `user.js`), implementing the grammar
//! of Firefox's own parser (`modules/libpref/parser/src/lib.rs`), not a regular expression per
//! line:
//!
//! ```text
//! <pref>       = <spec> "(" <string> "," <value> <attrs> ")" ";"
//! <spec>       = "user_pref" | "pref" | "sticky_pref" | "lockPref"
//! <value>      = <string> | "true" | "false" | ("+" | "-")? [0-9]+      (an i32)
//! <attrs>      = ("," ("sticky" | "locked"))*   -- default-pref files only; none in user files
//! <string>     = '…' or "…" with the escapes \" \' \\ \n \r \xNN \uNNNN (surrogate pairs
//!                joined; \x00 and \u0000 refused); a string may span lines
//! comments     = # …, // …, /* … */ (not nested); whitespace = space, \t, \v, \f, newlines
//! ```
//!
//! A NUL byte ends the file. On a syntax error the statement is skipped up to the next `;`
//! (Firefox's recovery), the error is recorded with its line and, when it got that far, the
//! pref's name; the other statements still count.

use std::collections::BTreeMap;

/// A pref's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefValue {
    Bool(bool),
    Int(i32),
    Str(String),
}

impl PrefValue {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            PrefValue::Bool(b) => (*b).into(),
            PrefValue::Int(i) => (*i).into(),
            PrefValue::Str(s) => s.clone().into(),
        }
    }
    pub fn type_name(&self) -> &'static str {
        match self {
            PrefValue::Bool(_) => "a boolean",
            PrefValue::Int(_) => "an integer",
            PrefValue::Str(_) => "a string",
        }
    }
}

/// Which statement set the pref.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec {
    /// `user_pref`: the user's value.
    User,
    /// `pref`: a default value.
    Default,
    /// `sticky_pref`: a default value that keeps an equal user value.
    Sticky,
    /// `lockPref`: a default value that is locked.
    Lock,
}

/// One pref statement read successfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pref {
    pub name: String,
    pub value: PrefValue,
    pub spec: Spec,
    /// `, locked` (default-pref files) or `lockPref`.
    pub locked: bool,
    pub line: u32,
}

/// A statement that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefError {
    pub line: u32,
    pub message: String,
    /// The pref's name, when the statement got that far.
    pub name: Option<String>,
}

/// What a preference file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefFile {
    pub prefs: Vec<Pref>,
    pub errors: Vec<PrefError>,
}

impl PrefFile {
    /// The last `user_pref` for each name (later statements win, as in Firefox).
    pub fn user_values(&self) -> BTreeMap<&str, &Pref> {
        let mut m = BTreeMap::new();
        for p in &self.prefs {
            if p.spec == Spec::User {
                m.insert(p.name.as_str(), p);
            }
        }
        m
    }
}

/// Whether the file holds user prefs (`prefs.js`, `user.js`) or default prefs (where
/// `, sticky` and `, locked` attributes are allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    User,
    Default,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Punct(u8),
    Eof,
    Keyword(Kw),
    Str(Vec<u8>),
    Int(u32),
    Error(String, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    Pref,
    StickyPref,
    LockPref,
    UserPref,
    True,
    False,
    Sticky,
    Locked,
}

struct Lexer<'a> {
    buf: &'a [u8],
    i: usize,
    line: u32,
}

impl<'a> Lexer<'a> {
    fn new(buf: &'a [u8]) -> Self {
        // A NUL byte is the end of the file.
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        Lexer {
            buf: &buf[..end],
            i: 0,
            line: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    /// Consumes an end of line (`\n`, `\r`, `\r\n`) that starts with `c`, already consumed.
    fn newline(&mut self, c: u8) {
        self.line += 1;
        if c == b'\r' && self.peek() == Some(b'\n') {
            self.i += 1;
        }
    }

    fn skip_line_comment(&mut self) {
        while let Some(c) = self.bump() {
            if c == b'\n' || c == b'\r' {
                self.newline(c);
                return;
            }
        }
    }

    fn next(&mut self) -> Tok {
        loop {
            let Some(c) = self.bump() else {
                return Tok::Eof;
            };
            match c {
                b'(' | b')' | b',' | b';' | b'+' | b'-' => return Tok::Punct(c),
                b' ' | b'\t' | 0x0b | 0x0c => continue,
                b'\n' | b'\r' => {
                    self.newline(c);
                    continue;
                }
                b'#' => self.skip_line_comment(),
                b'/' => match self.peek() {
                    Some(b'/') => {
                        self.i += 1;
                        self.skip_line_comment();
                    }
                    Some(b'*') => {
                        self.i += 1;
                        let start_line = self.line;
                        let mut closed = false;
                        while let Some(c) = self.bump() {
                            match c {
                                b'*' if self.peek() == Some(b'/') => {
                                    self.i += 1;
                                    closed = true;
                                    break;
                                }
                                b'\n' | b'\r' => self.newline(c),
                                _ => {}
                            }
                        }
                        if !closed {
                            return Tok::Error("unterminated /* comment".into(), start_line);
                        }
                    }
                    _ => return Tok::Error("expected '/' or '*' after '/'".into(), self.line),
                },
                b'"' | b'\'' => return self.string(c),
                b'0'..=b'9' => {
                    let mut v: Option<u32> = Some(u32::from(c - b'0'));
                    while let Some(d) = self.peek() {
                        if d.is_ascii_digit() {
                            self.i += 1;
                            v = v
                                .and_then(|v| v.checked_mul(10))
                                .and_then(|v| v.checked_add(u32::from(d - b'0')));
                        } else if d.is_ascii_alphabetic() || d == b'_' {
                            return Tok::Error(
                                "unexpected character in integer literal".into(),
                                self.line,
                            );
                        } else {
                            break;
                        }
                    }
                    return match v {
                        Some(v) => Tok::Int(v),
                        None => Tok::Error("integer literal overflowed".into(), self.line),
                    };
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = self.i - 1;
                    while self
                        .peek()
                        .is_some_and(|d| d.is_ascii_alphabetic() || d == b'_')
                    {
                        self.i += 1;
                    }
                    let word = &self.buf[start..self.i];
                    let kw = match word {
                        b"pref" => Kw::Pref,
                        b"user_pref" => Kw::UserPref,
                        b"sticky_pref" => Kw::StickyPref,
                        b"lockPref" => Kw::LockPref,
                        b"true" => Kw::True,
                        b"false" => Kw::False,
                        b"sticky" => Kw::Sticky,
                        b"locked" => Kw::Locked,
                        _ => {
                            return Tok::Error(
                                format!("unknown keyword `{}`", String::from_utf8_lossy(word)),
                                self.line,
                            );
                        }
                    };
                    return Tok::Keyword(kw);
                }
                _ => return Tok::Error("unexpected character".into(), self.line),
            }
        }
    }

    fn hex(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self.peek()?;
            let digit = (d as char).to_digit(16)?;
            self.i += 1;
            v = v * 16 + digit;
        }
        Some(v)
    }

    /// A string literal; the opening quote is consumed. On a bad escape, the rest of the string
    /// is still consumed and the first error is returned.
    fn string(&mut self, quote: u8) -> Tok {
        let start_line = self.line;
        let mut out = Vec::new();
        let mut error: Option<(String, u32)> = None;
        fn fail(error: &mut Option<(String, u32)>, msg: &str, line: u32) {
            if error.is_none() {
                *error = Some((msg.to_string(), line));
            }
        }
        loop {
            let Some(c) = self.bump() else {
                fail(&mut error, "unterminated string literal", start_line);
                break;
            };
            match c {
                c if c == quote => break,
                b'\\' => {
                    let line = self.line;
                    match self.bump() {
                        Some(b'"') => out.push(b'"'),
                        Some(b'\'') => out.push(b'\''),
                        Some(b'\\') => out.push(b'\\'),
                        Some(b'n') => out.push(b'\n'),
                        Some(b'r') => out.push(b'\r'),
                        Some(b'x') => match self.hex(2) {
                            Some(0) => fail(&mut error, "\\x00 is not allowed", line),
                            Some(v) => out.push(v as u8),
                            None => fail(&mut error, "malformed \\x escape sequence", line),
                        },
                        Some(b'u') => match self.hex(4) {
                            Some(0) => fail(&mut error, "\\u0000 is not allowed", line),
                            Some(hi) if (0xd800..0xdc00).contains(&hi) => {
                                let lo = if self.buf[self.i..].starts_with(b"\\u") {
                                    self.i += 2;
                                    self.hex(4)
                                } else {
                                    None
                                };
                                match lo {
                                    Some(lo) if (0xdc00..0xe000).contains(&lo) => {
                                        let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                        push_char(&mut out, cp);
                                    }
                                    _ => fail(
                                        &mut error,
                                        "expected low surrogate after high surrogate",
                                        line,
                                    ),
                                }
                            }
                            Some(lo) if (0xdc00..0xe000).contains(&lo) => fail(
                                &mut error,
                                "expected high surrogate before low surrogate",
                                line,
                            ),
                            Some(v) => push_char(&mut out, v),
                            None => fail(&mut error, "malformed \\u escape sequence", line),
                        },
                        Some(c @ (b'\n' | b'\r')) => {
                            self.newline(c);
                            fail(
                                &mut error,
                                "unexpected escape sequence character after '\\'",
                                line,
                            );
                        }
                        Some(_) => fail(
                            &mut error,
                            "unexpected escape sequence character after '\\'",
                            line,
                        ),
                        None => {
                            fail(&mut error, "unterminated string literal", start_line);
                            break;
                        }
                    }
                }
                b'\n' => {
                    self.line += 1;
                    out.push(c);
                }
                b'\r' => {
                    self.line += 1;
                    out.push(c);
                    if self.peek() == Some(b'\n') {
                        self.i += 1;
                        out.push(b'\n');
                    }
                }
                c => out.push(c),
            }
        }
        match error {
            Some((msg, line)) => Tok::Error(msg, line),
            None => Tok::Str(out),
        }
    }
}

fn push_char(out: &mut Vec<u8>, cp: u32) {
    let ch = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut b = [0u8; 4];
    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn describe(t: &Tok) -> &'static str {
    match t {
        Tok::Eof => "the end of the file",
        Tok::Punct(_) => "punctuation",
        Tok::Keyword(_) => "a keyword",
        Tok::Str(_) => "a string",
        Tok::Int(_) => "a number",
        Tok::Error(..) => "an error",
    }
}

/// Records an error and skips to the token after the next ';' (Firefox's recovery).
fn recover(lx: &mut Lexer, tok: Tok, msg: String, name: Option<String>, out: &mut PrefFile) -> Tok {
    let (message, line) = match tok {
        Tok::Error(ref m, l) => (m.clone(), l),
        ref t => (format!("{msg} (found {})", describe(t)), lx.line),
    };
    out.errors.push(PrefError {
        line,
        message,
        name,
    });
    let mut t = tok;
    loop {
        match t {
            Tok::Punct(b';') => return lx.next(),
            Tok::Eof => return Tok::Eof,
            _ => t = lx.next(),
        }
    }
}

/// Parses a preference file.
pub fn parse(buf: &[u8], kind: FileKind) -> PrefFile {
    let mut lx = Lexer::new(buf);
    let mut out = PrefFile::default();
    let mut tok = lx.next();
    loop {
        let line = lx.line;
        let (spec, mut locked) = match tok {
            Tok::Eof => return out,
            Tok::Keyword(Kw::UserPref) => (Spec::User, false),
            Tok::Keyword(Kw::Pref) => (Spec::Default, false),
            Tok::Keyword(Kw::StickyPref) => (Spec::Sticky, false),
            Tok::Keyword(Kw::LockPref) => (Spec::Lock, true),
            t => {
                tok = recover(
                    &mut lx,
                    t,
                    "expected pref specifier at start of pref definition".into(),
                    None,
                    &mut out,
                );
                continue;
            }
        };
        let t = lx.next();
        if t != Tok::Punct(b'(') {
            tok = recover(
                &mut lx,
                t,
                "expected '(' after pref specifier".into(),
                None,
                &mut out,
            );
            continue;
        }
        let name = match lx.next() {
            Tok::Str(s) => text(&s),
            t => {
                tok = recover(
                    &mut lx,
                    t,
                    "expected pref name after '('".into(),
                    None,
                    &mut out,
                );
                continue;
            }
        };
        let t = lx.next();
        if t != Tok::Punct(b',') {
            tok = recover(
                &mut lx,
                t,
                "expected ',' after pref name".into(),
                Some(name),
                &mut out,
            );
            continue;
        }
        let value = match lx.next() {
            Tok::Keyword(Kw::True) => PrefValue::Bool(true),
            Tok::Keyword(Kw::False) => PrefValue::Bool(false),
            Tok::Str(s) => PrefValue::Str(text(&s)),
            Tok::Int(u) if u <= i32::MAX as u32 => PrefValue::Int(u as i32),
            Tok::Int(_) => {
                tok = recover(
                    &mut lx,
                    Tok::Error("integer literal overflowed".into(), line),
                    String::new(),
                    Some(name),
                    &mut out,
                );
                continue;
            }
            Tok::Punct(sign @ (b'-' | b'+')) => match lx.next() {
                Tok::Int(u) if sign == b'-' && u <= i32::MAX as u32 + 1 => {
                    PrefValue::Int((-(i64::from(u))) as i32)
                }
                Tok::Int(u) if sign == b'+' && u <= i32::MAX as u32 => PrefValue::Int(u as i32),
                Tok::Int(_) => {
                    tok = recover(
                        &mut lx,
                        Tok::Error("integer literal overflowed".into(), line),
                        String::new(),
                        Some(name),
                        &mut out,
                    );
                    continue;
                }
                t => {
                    tok = recover(
                        &mut lx,
                        t,
                        format!("expected integer literal after '{}'", sign as char),
                        Some(name),
                        &mut out,
                    );
                    continue;
                }
            },
            t => {
                tok = recover(
                    &mut lx,
                    t,
                    "expected pref value after ','".into(),
                    Some(name),
                    &mut out,
                );
                continue;
            }
        };
        let mut t = lx.next();
        if kind == FileKind::Default {
            let mut bad = None;
            while t == Tok::Punct(b',') {
                match lx.next() {
                    Tok::Keyword(Kw::Sticky) => {}
                    Tok::Keyword(Kw::Locked) => locked = true,
                    other => {
                        bad = Some(other);
                        break;
                    }
                }
                t = lx.next();
            }
            if let Some(other) = bad {
                tok = recover(
                    &mut lx,
                    other,
                    "expected pref attribute after ','".into(),
                    Some(name),
                    &mut out,
                );
                continue;
            }
        }
        if t != Tok::Punct(b')') {
            tok = recover(
                &mut lx,
                t,
                "expected ')' after pref value".into(),
                Some(name),
                &mut out,
            );
            continue;
        }
        let t = lx.next();
        if t != Tok::Punct(b';') {
            tok = recover(
                &mut lx,
                t,
                "expected ';' after ')'".into(),
                Some(name),
                &mut out,
            );
            continue;
        }
        out.prefs.push(Pref {
            name,
            value,
            spec,
            locked,
            line,
        });
        tok = lx.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> PrefFile {
        parse(text.as_bytes(), FileKind::User)
    }

    #[test]
    fn reads_the_three_value_types_and_later_values_win() {
        let f = user(
            "// Mozilla User Preferences\n\
             user_pref(\"network.cookie.cookieBehavior\", 1);\n\
             user_pref(\"javascript.enabled\", false);\n\
             user_pref('browser.contentblocking.category', 'strict');\n\
             user_pref(\"a.neg\", -2147483648);\n\
             user_pref(\"a.pos\", +7);\n\
             user_pref(\"network.cookie.cookieBehavior\", 2);\n",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let v = f.user_values();
        assert_eq!(v["network.cookie.cookieBehavior"].value, PrefValue::Int(2));
        assert_eq!(v["network.cookie.cookieBehavior"].line, 7);
        assert_eq!(v["javascript.enabled"].value, PrefValue::Bool(false));
        assert_eq!(
            v["browser.contentblocking.category"].value,
            PrefValue::Str("strict".into())
        );
        assert_eq!(v["a.neg"].value, PrefValue::Int(i32::MIN));
        assert_eq!(v["a.pos"].value, PrefValue::Int(7));
    }

    #[test]
    fn strings_with_tricky_escapes() {
        let f = user(concat!(
            r#"user_pref("s.quotes", "say \"hi\" and \'bye\'");"#,
            "\n",
            r#"user_pref("s.fake_end", "x\"); user_pref(\"javascript.enabled\", false);");"#,
            "\n",
            r#"user_pref("s.backslash", "C:\\Users\\me\\");"#,
            "\n",
            r#"user_pref("s.hex", "\x41\x42");"#,
            "\n",
            r#"user_pref("s.unicode", "caf\u00e9 \ud83d\ude00");"#,
            "\n",
            r#"user_pref("s.single", 'it\'s "fine"');"#,
            "\n",
            r#"user_pref("s.comment_like", "// not a comment /* nor this */ # nor this");"#,
            "\n",
            "user_pref(\"s.multiline\", \"line1\nline2\");\n",
            r#"user_pref("s.nl", "a\nb\rc");"#,
            "\n",
        ));
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let v = f.user_values();
        let s = |k: &str| match &v[k].value {
            PrefValue::Str(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(s("s.quotes"), "say \"hi\" and 'bye'");
        assert_eq!(
            s("s.fake_end"),
            "x\"); user_pref(\"javascript.enabled\", false);"
        );
        assert!(
            !v.contains_key("javascript.enabled"),
            "text inside a string is not a pref"
        );
        assert_eq!(s("s.backslash"), "C:\\Users\\me\\");
        assert_eq!(s("s.hex"), "AB");
        assert_eq!(s("s.unicode"), "café 😀");
        assert_eq!(s("s.single"), "it's \"fine\"");
        assert_eq!(
            s("s.comment_like"),
            "// not a comment /* nor this */ # nor this"
        );
        assert_eq!(s("s.multiline"), "line1\nline2");
        assert_eq!(s("s.nl"), "a\nb\rc");
        assert_eq!(
            v["s.nl"].line, 10,
            "line numbers count the multi-line string"
        );
    }

    #[test]
    fn comments_in_all_three_forms() {
        let f = user(
            "# python\n/* block\n user_pref(\"x.hidden\", 1);\n*/\nuser_pref(\"x.a\", /* inline */ 3); // trailing\r\nuser_pref(\"x.b\", true);\ruser_pref(\"x.c\", 4);",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let v = f.user_values();
        assert!(!v.contains_key("x.hidden"));
        assert_eq!(v["x.a"].line, 5);
        assert_eq!(v["x.b"].line, 6);
        assert_eq!(v["x.c"].line, 7);
    }

    #[test]
    fn bad_statements_are_skipped_to_the_next_semicolon_and_the_rest_count() {
        let f = user(
            "user_pref(\"network.cookie.cookieBehavior\", 1\n\
             user_pref(\"a.one\", 1);\n\
             user_pref(\"javascript.enabled\", flase);\n\
             user_pref(\"a.two\", 2);\n\
             user_pref(\"b.bad_escape\", \"\\q\");\n\
             user_pref(\"b.too_big\", 2147483648);\n\
             user_pref(\"b.nul\", \"\\x00\");\n\
             user_pref(\"b.surrogate\", \"\\ud83d\");\n\
             user_pref(\"b.attr\", 1, locked);\n\
             garbage here;\n\
             user_pref(\"b.int_word\", 12ab);\n\
             user_pref(\"a.three\", 3);\n",
        );
        let v = f.user_values();
        // The first statement runs into the second: both are lost, as in Firefox.
        assert!(!v.contains_key("network.cookie.cookieBehavior"));
        assert!(!v.contains_key("a.one"));
        assert_eq!(v["a.two"].value, PrefValue::Int(2));
        assert_eq!(v["a.three"].value, PrefValue::Int(3));
        let names: Vec<Option<&str>> = f.errors.iter().map(|e| e.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("network.cookie.cookieBehavior"),
                Some("javascript.enabled"),
                Some("b.bad_escape"),
                Some("b.too_big"),
                Some("b.nul"),
                Some("b.surrogate"),
                Some("b.attr"),
                None,
                Some("b.int_word"),
            ]
        );
        assert_eq!(f.errors[0].line, 2);
        assert!(f.errors[1].message.contains("unknown keyword `flase`"));
        assert_eq!(f.errors[1].line, 3);
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        for text in [
            "user_pref(\"a\", \"open",
            "user_pref(\"a\", 1); /* open",
            "user_pref(",
            "user_pref(\"a\", -",
            "\\",
            "user_pref(\"a\", \"\\u12",
        ] {
            let f = user(text);
            assert!(!f.errors.is_empty(), "{text:?}");
        }
        let f = user("user_pref(\"a\", 1);\0user_pref(\"b\", 2);");
        assert_eq!(f.prefs.len(), 1, "NUL ends the file");
        assert!(f.errors.is_empty());
    }

    #[test]
    fn default_files_take_attributes_and_lockpref() {
        let f = parse(
            b"pref(\"a\", 1, locked);\npref(\"b\", 2, sticky);\nlockPref(\"c\", true);\nsticky_pref(\"d\", 'x');\npref(\"e\", 1, bogus);\n",
            FileKind::Default,
        );
        assert_eq!(f.prefs.len(), 4);
        assert!(f.prefs[0].locked && f.prefs[0].spec == Spec::Default);
        assert!(!f.prefs[1].locked);
        assert!(f.prefs[2].locked && f.prefs[2].spec == Spec::Lock);
        assert_eq!(f.prefs[3].spec, Spec::Sticky);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].name.as_deref(), Some("e"));
    }

    #[test]
    fn non_utf8_bytes_do_not_panic() {
        let f = parse(
            b"user_pref(\"a\", \"\xff\xfe\");\n\xff\xff;user_pref(\"b\", 1);",
            FileKind::User,
        );
        assert_eq!(f.prefs.len(), 2);
        assert_eq!(f.errors.len(), 1);
    }
}
