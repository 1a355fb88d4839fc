//! Redaction of personal data in a report, on by default for every format (`--no-redact` turns
//! it off). The same value becomes the same token everywhere in one report:
//!
//! - the home path → `~`; the user name → `user1`; the host name → `host1`;
//! - e-mail addresses → `email1`, `email2`, ... (profile names that are e-mails included);
//! - IPv4 addresses keep their class: `10.x.x.1`, `192.168.x.1`, `172.x.x.1`, `100.64.x.1`
//!   (carrier-grade NAT, Tailscale), `169.254.x.1`, and `public-ip-1` for public ones; loopback
//!   and `0.0.0.0` stay (they are not personal, and say something); IPv6 likewise (`fe80::1`,
//!   `fd00::1`, `public-ip6-1`);
//! - MAC addresses → `mac1`; Windows SIDs → `sid1`;
//! - the query string and fragment of a URL → `?[query removed]`, `#[fragment removed]`.
//!
//! Every string of the report is redacted, evidence keys and values alike; no key exempts its
//! value (only a digits-and-dots value under a key naming a version is kept as a version).
//! Firefox add-on IDs look like e-mails (`uBlock0@raymondhill.net`); they are kept only when
//! known to be add-on IDs ([`Redactor::collect_public_ids`]).
//!
//! Credentials in URLs (`user:password@`) are removed in every mode, `--no-redact` included
//! ([`scrub_credentials`]). Cookie values, passwords and saved user names are never collected,
//! so there is nothing of them to redact.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};

use crate::model::Report;
use crate::sources::network::proxy::{CREDENTIALS_REMOVED, remove_credentials};

/// Facts about the person and machine that must not appear in a shared report.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub home: Option<String>,
    pub user: Option<String>,
    pub host: Option<String>,
}

/// User names too common to replace as words (they would mangle ordinary text); their home
/// folder is still replaced by `~`.
const COMMON_NAMES: &[&str] = &[
    "root",
    "user",
    "admin",
    "administrator",
    "default",
    "guest",
    "test",
    "home",
    "public",
];

#[derive(Debug, Default)]
pub struct Redactor {
    known: Known,
    tokens: BTreeMap<(&'static str, String), String>,
    counters: BTreeMap<String, usize>,
    /// Firefox add-on IDs (`uBlock0@raymondhill.net`), lower-cased: they look like e-mail
    /// addresses but are public (see [`Redactor::collect_public_ids`]).
    public_ids: BTreeSet<String>,
}

impl Redactor {
    pub fn new(known: Known) -> Redactor {
        let mut public_ids = BTreeSet::new();
        if let Ok(cat) = crate::checks::extensions::catalogue::get() {
            for e in &cat.extensions {
                for i in &e.ids {
                    if i.matching.is_none() && i.id.contains('@') {
                        public_ids.insert(i.id.to_lowercase());
                    }
                }
            }
        }
        Redactor {
            known,
            public_ids,
            ..Redactor::default()
        }
    }

    /// How many distinct values of each kind were replaced.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (kind, _) in self.tokens.keys() {
            *out.entry(*kind).or_insert(0) += 1;
        }
        out
    }

    fn token(&mut self, kind: &'static str, value: &str, prefix: &str) -> String {
        if let Some(t) = self.tokens.get(&(kind, value.to_string())) {
            return t.clone();
        }
        let n = self.counters.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        let t = format!("{prefix}{n}");
        self.tokens.insert((kind, value.to_string()), t.clone());
        t
    }

    /// Redacts one string: the home path, user and host names; credentials in URLs; URL query
    /// strings and fragments; e-mail addresses; SIDs, MACs and IP addresses.
    pub fn redact_str(&mut self, s: &str) -> String {
        if self.nothing_to_redact(s) {
            return s.to_string();
        }
        let out = self.redact_literals(s);
        let out = remove_credentials(&out);
        let out = remove_queries(&out);
        let out = self.redact_emails(&out);
        self.redact_tokens(&out)
    }

    /// Whether `email` (as found by the scanner) is a public add-on ID, or one followed by a
    /// file extension (`uBlock0@raymondhill.net.xpi`).
    pub fn is_public_id(&self, email: &str) -> bool {
        let e = email.to_lowercase();
        if self.public_ids.contains(&e) {
            return true;
        }
        e.match_indices('.')
            .any(|(i, _)| self.public_ids.contains(&e[..i]))
    }

    /// The e-mail addresses left in `s` that are not public add-on IDs (for tests and the fuzz
    /// target: after [`Redactor::redact_str`] there are none).
    pub fn leaked_emails(&self, s: &str) -> Vec<String> {
        email_spans(s, 0)
            .into_iter()
            .map(|(a, b)| s[a..b].to_string())
            .filter(|e| !self.is_public_id(e))
            .collect()
    }

    /// Whether no step of [`Redactor::redact_str`] can change `s` (most strings of a report:
    /// words, names, keys). Credentials and queries need `://`, e-mail addresses `@` or `%40`,
    /// SIDs, MACs and IP addresses a digit, `:` or `-`; the home path, host and user names are
    /// looked for as they are (case-insensitively: a superset of the word matches).
    fn nothing_to_redact(&self, s: &str) -> bool {
        if s.bytes()
            .any(|c| c.is_ascii_digit() || matches!(c, b':' | b'-' | b'@' | b'%'))
        {
            return false;
        }
        if let Some(home) = self.known.home.as_deref().filter(|h| h.len() > 1) {
            if s.contains(home) || (home.contains('\\') && s.contains(&home.replace('\\', "/"))) {
                return false;
            }
        }
        let named = |name: Option<&str>| name.is_some_and(|n| n.len() >= 2 && contains_ci(s, n));
        !(named(self.known.host.as_deref()) || named(self.known.user.as_deref()))
    }

    /// Only the home path, user name and host name.
    fn redact_literals(&mut self, s: &str) -> String {
        let mut out = s.to_string();
        if let Some(home) = self.known.home.clone().filter(|h| h.len() > 1) {
            out = out.replace(&home, "~");
            let slashed = home.replace('\\', "/");
            if slashed != home {
                out = out.replace(&slashed, "~");
            }
        }
        if let Some(host) = self.known.host.clone().filter(|h| h.len() >= 2) {
            if contains_word(&out, &host) {
                let t = self.token("host", &host.to_lowercase(), "host");
                out = replace_word(&out, &host, &t);
            }
        }
        if let Some(user) = self
            .known
            .user
            .clone()
            .filter(|u| u.len() >= 2 && !COMMON_NAMES.contains(&u.to_lowercase().as_str()))
        {
            if contains_word(&out, &user) {
                let t = self.token("user", &user.to_lowercase(), "user");
                out = replace_word(&out, &user, &t);
            }
        }
        out
    }

    /// Replaces every e-mail address (see [`email_spans`]) but public add-on IDs, until none is
    /// left (`a@b.co@c.com` needs two rounds).
    fn redact_emails(&mut self, s: &str) -> String {
        let mut cur = s.to_string();
        loop {
            let spans: Vec<(usize, usize)> = email_spans(&cur, 0)
                .into_iter()
                .filter(|(a, b)| !self.is_public_id(&cur[*a..*b]))
                .collect();
            if spans.is_empty() {
                return cur;
            }
            let mut out = String::with_capacity(cur.len());
            let mut last = 0;
            for (a, b) in spans {
                out.push_str(&cur[last..a]);
                let norm = cur[a..b].to_lowercase().replace("%40", "@");
                let t = self.token("email", &norm, "email");
                out.push_str(&t);
                last = b;
            }
            out.push_str(&cur[last..]);
            cur = out;
        }
    }

    /// Replaces SIDs, MACs and IP addresses found in runs of address-like characters.
    fn redact_tokens(&mut self, s: &str) -> String {
        let is_run = |c: u8| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-' | b':')
        };
        // A SID, MAC or address holds a digit, `:` or `-`: other runs are kept as they are.
        let may_hold = |run: &str| {
            run.bytes()
                .any(|c| c.is_ascii_digit() || c == b':' || c == b'-')
        };
        let bytes = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < bytes.len() {
            // Runs are ASCII, so their ends are character boundaries.
            let start = i;
            while i < bytes.len() && is_run(bytes[i]) {
                i += 1;
            }
            let run = &s[start..i];
            if may_hold(run) {
                let r = self.classify_run(run);
                out.push_str(&r);
            } else {
                out.push_str(run);
            }
            let other = i;
            while i < bytes.len() && !is_run(bytes[i]) {
                i += 1;
            }
            out.push_str(&s[other..i]);
        }
        out
    }

    /// A run as a whole, or else split at its colons (`Work:10.1.2.3`,
    /// `auth.openai.com:443:10.9.8.7:443`), longest pieces first.
    fn classify_run(&mut self, run: &str) -> String {
        if run.is_empty() {
            return String::new();
        }
        if let Some(t) = self.classify(run) {
            return t;
        }
        if !run.contains(':') {
            return run.to_string();
        }
        let bytes = run.as_bytes();
        let mut out = String::with_capacity(run.len());
        let mut i = 0;
        while i < run.len() {
            let limit = run.len().min(i + 128);
            let mut matched = None;
            for j in (i + 1..=limit).rev() {
                if j == run.len() || bytes[j] == b':' {
                    if let Some(t) = self.classify(&run[i..j]) {
                        matched = Some((j, t));
                        break;
                    }
                }
            }
            match matched {
                Some((j, t)) => {
                    out.push_str(&t);
                    i = j;
                }
                None => {
                    let next = run[i..].find(':').map_or(run.len(), |k| i + k + 1);
                    out.push_str(&run[i..next]);
                    i = next;
                }
            }
        }
        out
    }

    fn classify(&mut self, run: &str) -> Option<String> {
        // Punctuation around a value is not part of it.
        let inner = run.trim_start_matches(['.', '-', '_', '+', '%']);
        let head = &run[..run.len() - inner.len()];
        let core = inner.trim_end_matches(['.', ':', '-', '_']);
        let tail = &inner[core.len()..];
        if core.is_empty() {
            return None;
        }
        if let Some(r) = self.classify_core(core) {
            return Some(format!("{head}{r}{tail}"));
        }
        // `a.b.c.d:port`: the address without its port.
        if let Some((addr, port)) = core.rsplit_once(':') {
            if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() {
                if let Ok(v4) = addr.parse::<Ipv4Addr>() {
                    let t = self.ip(IpAddr::V4(v4));
                    return Some(format!("{head}{t}:{port}{tail}"));
                }
            }
        }
        None
    }

    fn classify_core(&mut self, core: &str) -> Option<String> {
        if is_sid(core) {
            return Some(self.token("sid", core, "sid"));
        }
        if is_mac(core) {
            return Some(self.token("mac", &core.to_lowercase().replace('-', ":"), "mac"));
        }
        if core.contains('.') && core.split('.').count() == 4 {
            if let Ok(v4) = core.parse::<Ipv4Addr>() {
                return Some(self.ip(IpAddr::V4(v4)));
            }
        }
        if core.matches(':').count() >= 2 {
            // `fe80::1%eth0`: the zone stays.
            let (addr, zone) = match core.split_once('%') {
                Some((a, z)) => (a, Some(z)),
                None => (core, None),
            };
            if let Ok(v6) = addr.parse::<Ipv6Addr>() {
                let t = self.ip(IpAddr::V6(v6));
                return Some(match zone {
                    Some(z) => format!("{t}%{z}"),
                    None => t,
                });
            }
        }
        None
    }

    fn ip(&mut self, ip: IpAddr) -> String {
        match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                if v4.is_loopback() || v4.is_unspecified() {
                    return v4.to_string();
                }
                let prefix = if o[0] == 10 {
                    "10.x.x."
                } else if o[0] == 192 && o[1] == 168 {
                    "192.168.x."
                } else if o[0] == 172 && (16..32).contains(&o[1]) {
                    "172.x.x."
                } else if o[0] == 100 && (64..128).contains(&o[1]) {
                    "100.64.x."
                } else if o[0] == 169 && o[1] == 254 {
                    "169.254.x."
                } else {
                    "public-ip-"
                };
                self.token("ip", &v4.to_string(), prefix)
            }
            IpAddr::V6(v6) => {
                if v6.is_loopback() || v6.is_unspecified() {
                    return v6.to_string();
                }
                if let Some(v4) = v6.to_ipv4_mapped() {
                    return format!("::ffff:{}", self.ip(IpAddr::V4(v4)));
                }
                let first = v6.segments()[0];
                let prefix = if first & 0xffc0 == 0xfe80 {
                    "fe80::"
                } else if first & 0xfe00 == 0xfc00 {
                    "fd00::"
                } else {
                    "public-ip6-"
                };
                self.token("ip", &v6.to_string(), prefix)
            }
        }
    }

    /// Redacts a JSON value in place, keys included. No key exempts its value, with one
    /// exception proven safe by its shape: under a key naming a version, a value made only of
    /// digits and dots is a version (`1.2.3.4` is not an address there).
    pub fn redact_value(&mut self, v: &mut Value) {
        self.redact_value_with(v, false)
    }

    fn redact_value_with(&mut self, v: &mut Value, version_key: bool) {
        match v {
            Value::String(s) if !(version_key && is_dotted_number(s)) => {
                *s = self.redact_str(s);
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|i| self.redact_value_with(i, version_key)),
            Value::Object(map) => self.redact_map(map),
            _ => {}
        }
    }

    fn redact_map(&mut self, map: &mut Map<String, Value>) {
        let old = std::mem::take(map);
        for (k, mut v) in old {
            self.redact_value_with(&mut v, k.contains("version"));
            let k = self.redact_str(&k);
            map.insert(k, v);
        }
    }

    /// The public add-on IDs of a report: those of the catalogue (loaded by
    /// [`Redactor::new`]), and every string that is exactly the `id` field of an object in
    /// the evidence of an `extensions.*` result and has the add-on ID form `name@domain` (no
    /// other text).
    pub fn collect_public_ids(&mut self, r: &Report) {
        fn walk(v: &Value, out: &mut BTreeSet<String>) {
            match v {
                Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                Value::Object(m) => {
                    if let Some(Value::String(id)) = m.get("id") {
                        if is_addon_id(id) {
                            out.insert(id.to_lowercase());
                        }
                    }
                    m.values().for_each(|i| walk(i, out));
                }
                _ => {}
            }
        }
        for c in r.checks.iter().filter(|c| c.id.starts_with("extensions.")) {
            for v in c.evidence.values() {
                walk(v, &mut self.public_ids);
            }
        }
    }

    /// Redacts every string of a report (after [`scrub_credentials`], which runs in every mode).
    pub fn redact_report(&mut self, r: &mut Report) {
        self.collect_public_ids(r);
        let sys = &mut r.system;
        for (field, version) in [
            (&mut sys.hostname, false),
            (&mut sys.os_name, false),
            (&mut sys.os_version, true),
            (&mut sys.kernel_version, true),
        ] {
            if let Some(v) = field.take() {
                *field = Some(if version && is_dotted_number(&v) {
                    v
                } else {
                    self.redact_str(&v)
                });
            }
        }
        for c in &mut r.checks {
            c.title = self.redact_str(&c.title);
            c.detail = self.redact_str(&c.detail);
            if let Some(f) = &c.fix {
                c.fix = Some(self.redact_str(f));
            }
            if let Some(s) = &mut c.subject {
                s.browser = self.redact_str(&s.browser);
                if let Some(p) = &s.profile {
                    s.profile = Some(self.redact_str(p));
                }
            }
            self.redact_map(&mut c.evidence);
        }
        self.redact_map(&mut r.ticket);
    }
}

/// Removes user information from every URL in every string of a report. Runs in every mode,
/// `--no-redact` included: credentials are never shown.
pub fn scrub_credentials(r: &mut Report) {
    fn value(v: &mut Value) {
        match v {
            Value::String(s) => *s = remove_credentials(s),
            Value::Array(items) => items.iter_mut().for_each(value),
            Value::Object(m) => map(m),
            _ => {}
        }
    }
    fn map(m: &mut Map<String, Value>) {
        let old = std::mem::take(m);
        for (k, mut v) in old {
            value(&mut v);
            m.insert(remove_credentials(&k), v);
        }
    }
    let opt = |o: &mut Option<String>| {
        if let Some(s) = o {
            *s = remove_credentials(s);
        }
    };
    let sys = &mut r.system;
    opt(&mut sys.hostname);
    opt(&mut sys.os_name);
    opt(&mut sys.os_version);
    opt(&mut sys.kernel_version);
    for c in &mut r.checks {
        c.title = remove_credentials(&c.title);
        c.detail = remove_credentials(&c.detail);
        opt(&mut c.fix);
        if let Some(s) = &mut c.subject {
            opt(&mut s.profile);
        }
        map(&mut c.evidence);
    }
    map(&mut r.ticket);
}

/// Replaces the query string and fragment of every `scheme://` URL in `s`:
/// `?[query removed]`, `#[fragment removed]`. A URL ends at white space, a quote or an angle
/// bracket; closing punctuation at its end (`).,;`) is kept.
pub fn remove_queries(s: &str) -> String {
    if !s.contains("://") || !(s.contains('?') || s.contains('#')) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let (before, after) = rest.split_at(i + 3);
        out.push_str(before);
        // Past a `[credentials removed]@` (it holds a space).
        let (mark, after) = match after.strip_prefix(CREDENTIALS_REMOVED) {
            Some(a) => (CREDENTIALS_REMOVED, a),
            None => ("", after),
        };
        out.push_str(mark);
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(after.len());
        let url = &after[..end];
        let core = url.trim_end_matches(['.', ',', ';', ')', ']', '}']);
        let trail = &url[core.len()..];
        match core.find(['?', '#']) {
            Some(q) if q + 1 < core.len() => {
                out.push_str(&core[..q]);
                out.push_str(if core.as_bytes()[q] == b'?' {
                    "?[query removed]"
                } else {
                    "#[fragment removed]"
                });
                out.push_str(trail);
            }
            _ => out.push_str(url),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Digits and dots only, starting and ending with a digit: a version number.
fn is_dotted_number(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.ends_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The Firefox add-on ID form `name@domain` and nothing else.
pub fn is_addon_id(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
        && !domain.is_empty()
        && domain
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Characters of an e-mail's local part (RFC 5322 `atext` and dots, Unicode letters as in
/// RFC 6531; not `/`, so a path before an address is not taken in).
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-!#$&'*=?^`{|}~".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.'
}

/// The e-mail addresses in `s`: around each `@` (or `%40`), the local part before it and a
/// domain of at least two labels after it whose last label is letters (Unicode included) or
/// punycode (`xn--…`). Text before the local part (`Work:`, `mailto:`) is not part of it.
fn email_spans(s: &str, from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut consumed = from;
    let mut i = from;
    while i < s.len() {
        let sep = if s[i..].starts_with('@') {
            1
        } else if s[i..].starts_with("%40") {
            3
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // The local part: back from the `@`, not into what was taken already.
        let mut start = i;
        for (k, c) in s[consumed..i].char_indices().rev() {
            if is_local_char(c) {
                start = consumed + k;
            } else {
                break;
            }
        }
        while let Some(c) = s[start..i].chars().next() {
            if c.is_alphanumeric() {
                break;
            }
            start += c.len_utf8();
        }
        let after = i + sep;
        let mut end = after;
        for (k, c) in s[after..].char_indices() {
            if is_domain_char(c) {
                end = after + k + c.len_utf8();
            } else {
                break;
            }
        }
        while s[after..end].ends_with(['.', '-']) {
            end -= 1;
        }
        if start < i && is_domain(&s[after..end]) {
            out.push((start, end));
            consumed = end;
            i = end;
        } else {
            i = after;
        }
    }
    out
}

fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    let tld = labels[labels.len() - 1];
    (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
        || (tld.len() > 4
            && tld[..4].eq_ignore_ascii_case("xn--")
            && tld.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A character's lower case for comparing names: its full lower case (İ is `i` and a
/// combining dot), with the final sigma ς as σ, since whole-word lower-casing writes either.
fn fold(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|l| if l == 'ς' { 'σ' } else { l })
}

/// The byte length of the start of `s` that is `word` without regard to case (both folded
/// character by character, [`fold`]; the match ends at a character of `s`), if it is.
fn ci_prefix(s: &str, word: &str) -> Option<usize> {
    let mut want = word.chars().flat_map(fold).peekable();
    want.peek()?;
    for (i, c) in s.char_indices() {
        if want.peek().is_none() {
            return Some(i);
        }
        for l in fold(c) {
            if want.next() != Some(l) {
                return None;
            }
        }
    }
    want.peek().is_none().then_some(s.len())
}

/// Whether `s` holds `word` without regard to case (as [`ci_prefix`] compares), word-bounded or
/// not: never false where [`word_spans`] finds a match.
fn contains_ci(s: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if s.is_ascii() && word.is_ascii() {
        let w = word.as_bytes();
        return s.len() >= w.len()
            && s.as_bytes()
                .windows(w.len())
                .any(|win| win.eq_ignore_ascii_case(w));
    }
    s.char_indices()
        .any(|(i, _)| ci_prefix(&s[i..], word).is_some())
}

/// Where `word` stands as a word of its own in `s`, without regard to case ([`ci_prefix`]).
/// Spans are found on `s` itself, never on a lower-cased copy, whose byte offsets can differ.
fn word_spans(s: &str, word: &str) -> Vec<(usize, usize)> {
    if !contains_ci(s, word) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some(n) = ci_prefix(&s[i..], word) {
            if bounded(s, i, i + n) {
                out.push((i, i + n));
                i += n;
                continue;
            }
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn bounded(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].chars().next_back().is_none_or(|c| !is_word_char(c));
    let after = s[b..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

fn contains_word(s: &str, word: &str) -> bool {
    !word_spans(s, word).is_empty()
}

fn replace_word(s: &str, word: &str, token: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (a, b) in word_spans(s, word) {
        out.push_str(&s[last..a]);
        out.push_str(token);
        last = b;
    }
    out.push_str(&s[last..]);
    out
}

fn is_sid(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("S-1-") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_mac(s: &str) -> bool {
    let sep = if s.contains(':') { ':' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Redactor {
        Redactor::new(Known {
            home: Some("/home/alice".into()),
            user: Some("alice".into()),
            host: Some("alice-laptop".into()),
        })
    }

    /// Names are found on the text itself: a character whose lower case is longer or shorter
    /// (İ, Ω, the Kelvin sign) moves no span, so nothing leaks and nothing panics; a final
    /// sigma and a decomposed dotted i match as whole-word lower-casing makes them match.
    #[test]
    fn names_next_to_characters_whose_case_changes_length() {
        let mut r = r();
        for s in [
            "İ alice \u{2126}",
            "İ alice\u{2014} \u{2126}",
            "\u{212A} ALICE ß",
        ] {
            let out = r.redact_str(s);
            assert!(!out.to_lowercase().contains("alice"), "{s:?} -> {out:?}");
            assert!(out.contains("user1"), "{s:?} -> {out:?}");
        }
        let mut k = Redactor::new(Known {
            home: None,
            user: Some("kate".into()),
            host: None,
        });
        assert_eq!(k.redact_str("by \u{212A}ate today"), "by user1 today");
        assert_eq!(
            k.redact_str("katerina"),
            "katerina",
            "a word of its own only"
        );
        for (user, text) in [
            ("Κώστας", "ΚΏΣΤΑΣ signed in"),
            ("ΚΏΣΤΑΣ", "Κώστας signed in"),
            ("İlker", "i\u{307}lker signed in"),
            ("İlker", "İLKER signed in"),
        ] {
            let mut g = Redactor::new(Known {
                home: None,
                user: Some(user.into()),
                host: None,
            });
            assert_eq!(g.redact_str(text), "user1 signed in", "{user} in {text}");
        }
    }

    #[test]
    fn the_same_value_gets_the_same_token() {
        let mut r = r();
        assert_eq!(
            r.redact_str("mail bob@example.com and BOB@example.com, then carol@x.org"),
            "mail email1 and email1, then email2"
        );
        assert_eq!(r.redact_str("again bob@example.com."), "again email1.");
    }

    #[test]
    fn home_user_and_host_are_replaced() {
        let mut r = r();
        assert_eq!(
            r.redact_str("/home/alice/.config/x by alice on alice-laptop"),
            "~/.config/x by user1 on host1"
        );
        assert_eq!(
            r.redact_str("malice and alicefoo stay"),
            "malice and alicefoo stay"
        );
        let mut root = Redactor::new(Known {
            user: Some("root".into()),
            ..Known::default()
        });
        assert_eq!(
            root.redact_str("--root /"),
            "--root /",
            "common names are not replaced as words"
        );
    }

    #[test]
    fn addresses_keep_their_class() {
        let mut r = r();
        assert_eq!(
            r.redact_str("10.1.2.3 192.168.0.7 172.20.0.1 100.101.102.103"),
            "10.x.x.1 192.168.x.1 172.x.x.1 100.64.x.1"
        );
        assert_eq!(
            r.redact_str("8.8.8.8 and 1.1.1.1 and 8.8.8.8"),
            "public-ip-1 and public-ip-2 and public-ip-1"
        );
        assert_eq!(r.redact_str("127.0.0.1 0.0.0.0"), "127.0.0.1 0.0.0.0");
        assert_eq!(r.redact_str("198.51.100.7:443"), "public-ip-3:443");
        assert_eq!(
            r.redact_str("fe80::1c2:3ff:fe4:5 ::1 2606:4700::6812:1"),
            "fe80::1 ::1 public-ip6-1"
        );
        assert_eq!(
            r.redact_str("Chrome 131.0.6778.85"),
            "Chrome 131.0.6778.85",
            "versions are not addresses"
        );
    }

    #[test]
    fn macs_and_sids_are_replaced() {
        let mut r = r();
        assert_eq!(
            r.redact_str("aa:bb:cc:dd:ee:ff AA-BB-CC-DD-EE-FF"),
            "mac1 mac1"
        );
        assert_eq!(
            r.redact_str("S-1-5-21-3623811015-3361044348-30300820-1013"),
            "sid1"
        );
        let counts = r.counts();
        assert_eq!(counts["mac"], 1);
        assert_eq!(counts["sid"], 1);
    }

    #[test]
    fn emails_in_any_form_are_replaced() {
        let mut r = r();
        assert_eq!(r.redact_str("Work:bob@example.com"), "Work:email1");
        assert_eq!(r.redact_str("mailto:bob@example.com"), "mailto:email1");
        assert_eq!(r.redact_str("björn@exämple.de"), "email2");
        assert_eq!(r.redact_str("o'brien+x@example.co.uk)"), "email3)");
        assert_eq!(r.redact_str("bob%40example.com"), "email1");
        assert_eq!(r.redact_str("a@b.co@c.com"), "email5");
        assert_eq!(
            r.redact_str("uBlock0@raymondhill.net and ~/x/uBlock0@raymondhill.net.xpi"),
            "uBlock0@raymondhill.net and ~/x/uBlock0@raymondhill.net.xpi",
            "catalogued add-on IDs are public"
        );
        assert!(r.leaked_emails("Work:bob@example.com").len() == 1);
    }

    #[test]
    fn addresses_anywhere_in_a_run_are_replaced() {
        let mut r = r();
        assert_eq!(
            r.redact_str("http://[credentials removed]@10.1.2.4:3128"),
            "http://[credentials removed]@10.x.x.1:3128"
        );
        assert_eq!(
            r.redact_str("auth.openai.com:443:10.9.8.7:443"),
            "auth.openai.com:443:10.x.x.2:443"
        );
        assert_eq!(r.redact_str("Work:8.8.8.8"), "Work:public-ip-1");
        assert_eq!(r.redact_str("fe80::1c2:3ff:fe4:5%eth0"), "fe80::1%eth0");
    }

    #[test]
    fn urls_lose_credentials_and_queries() {
        let mut r = r();
        assert_eq!(
            r.redact_str("PAC http://u:pa/ss@wpad.example/p.pac?token=SECRET&sig=S#frag."),
            "PAC http://[credentials removed]@wpad.example/p.pac?[query removed]."
        );
        assert_eq!(
            r.redact_str("https://x.example/a#section"),
            "https://x.example/a#[fragment removed]"
        );
        assert_eq!(r.redact_str("is it? yes#1"), "is it? yes#1");
    }

    #[test]
    fn no_key_exempts_its_value() {
        let mut r = r();
        let mut v = serde_json::json!({"id": "bob@example.com", "extensions": ["Evil bob@example.com 1.0 · x"],
            "built_in": ["10.1.2.3"], "version": "x@example.com", "bob@example.com": 1});
        r.redact_value(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"id": "email1", "extensions": ["Evil email1 1.0 · x"],
                "built_in": ["10.x.x.1"], "version": "email2", "email1": 1})
        );
    }

    #[test]
    fn json_values_are_redacted_but_versions_kept() {
        let mut r = r();
        let mut v = serde_json::json!({"name": "bob@example.com", "found_version": "1.2.3.4", "list": ["10.0.0.1"]});
        r.redact_value(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"name": "email1", "found_version": "1.2.3.4", "list": ["10.x.x.1"]})
        );
    }
}
