//! Builds the benchmark's synthetic home (scripts/bench.sh, docs/performance.md): a heavy Linux
//! user's browser data in the real formats, made by code so anyone can regenerate it.
//!
//! ```sh
//! cargo run --release --example gen-home -- --out target/bench-home/heavy
//! cargo run --release --example gen-home -- --out target/bench-home/huge --variant huge
//! ```
//!
//! `heavy`: 6 Chromium-family browsers (Chrome, Chrome Beta, Edge, Brave, Chromium, Vivaldi) × 5
//! profiles and Firefox with 3 profiles. Each cookie store is at its browser's cap (Chromium
//! 3,300 cookies: `kMaxCookies`; Firefox 3,000: `network.cookie.maxNumber`), in the real schemas
//! ([`login_check::fixtures`]), 300 of them on the sign-in sites (hosts, partitions, a split
//! session token). Chromium values are encrypted as Chromium on Linux does without a keyring
//! (`v10`, AES-128-CBC, key PBKDF2("peanuts", "saltysalt", 1), IV of spaces, and from schema 24
//! the SHA-256 of the host first), so cookie tools can decrypt them. 60 extensions per profile,
//! each with a manifest on disk (`_locales` for a third; Firefox: `extensions.json` and `.xpi`
//! files), `Preferences` of at least 1 MB (site engagement, client hints and other per-site
//! content settings, as heavy profiles grow), `Secure Preferences`, `Local State` with a
//! variations seed, `Login Data`, and Firefox's `prefs.js`, `permissions.sqlite`,
//! `logins.json`. Under `root/`, one enterprise policy file for Chrome and one for Firefox.
//!
//! `huge`: the same with 200,000 rows in every cookie store (far over any browser's cap).
//!
//! Writes `<out>/home`, `<out>/root` and `<out>/manifest.json` (what was made, read by
//! scripts/bench.sh). Everything is derived from a fixed seed: two runs give the same data.

// serde_json's `json!` needs more than the default for the large literal objects below.
#![recursion_limit = "512"]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use aws_lc_rs::cipher::{AES_128, EncryptionContext, PaddedBlockEncryptingKey, UnboundCipherKey};
use aws_lc_rs::iv::FixedLength;
use login_check::fixtures::{self, FixtureCookie};
use serde_json::{Map, Value, json};

const NOW: &str = "2026-11-24T12:00:00Z";
const DAY: i64 = 86_400;
const CHROMIUM_EPOCH_S: i64 = 11_644_473_600;

/// What to build.
#[derive(Debug, Clone)]
struct Plan {
    variant: String,
    chromium_profiles: usize,
    firefox_profiles: usize,
    chromium_cookies: usize,
    firefox_cookies: usize,
    login_cookies: usize,
    extensions: usize,
    prefs_bytes: usize,
    logins: usize,
}

impl Plan {
    fn new(variant: &str) -> Option<Plan> {
        let heavy = Plan {
            variant: variant.to_string(),
            chromium_profiles: 5,
            firefox_profiles: 3,
            chromium_cookies: 3_300,
            firefox_cookies: 3_000,
            login_cookies: 300,
            extensions: 60,
            prefs_bytes: 1_150_000,
            logins: 150,
        };
        match variant {
            "heavy" => Some(heavy),
            "huge" => Some(Plan {
                chromium_cookies: 200_000,
                firefox_cookies: 200_000,
                ..heavy
            }),
            _ => None,
        }
    }
}

/// A Chromium-family browser as it lays out its data on Linux (`src/browsers/paths.rs`).
struct ChromiumBrowser {
    key: &'static str,
    dir: &'static str,
    schema: i64,
    last_version: &'static str,
    /// `yt-dlp`/`rookiepy`/`browser_cookie3` name, for scripts/bench.sh.
    tool_name: &'static str,
}

const CHROMIUM: &[ChromiumBrowser] = &[
    ChromiumBrowser {
        key: "chrome",
        dir: ".config/google-chrome",
        schema: 24,
        last_version: "157.0.7390.54",
        tool_name: "chrome",
    },
    ChromiumBrowser {
        key: "chrome-beta",
        dir: ".config/google-chrome-beta",
        schema: 24,
        last_version: "158.0.7421.18",
        tool_name: "chrome",
    },
    ChromiumBrowser {
        key: "edge",
        dir: ".config/microsoft-edge",
        schema: 24,
        last_version: "157.0.3405.61",
        tool_name: "edge",
    },
    ChromiumBrowser {
        key: "brave",
        dir: ".config/BraveSoftware/Brave-Browser",
        schema: 24,
        last_version: "157.1.86.118",
        tool_name: "brave",
    },
    ChromiumBrowser {
        key: "chromium",
        dir: ".config/chromium",
        schema: 23,
        last_version: "156.0.8078.79",
        tool_name: "chromium",
    },
    ChromiumBrowser {
        key: "vivaldi",
        dir: ".config/vivaldi",
        schema: 22,
        last_version: "7.8.3925.56",
        tool_name: "vivaldi",
    },
];

const CHROMIUM_PROFILES: &[(&str, &str)] = &[
    ("Default", "Person 1"),
    ("Profile 1", "Work"),
    ("Profile 2", "Personal"),
    ("Profile 3", "Shopping"),
    ("Profile 4", "Testing"),
    ("Profile 5", "Travel"),
    ("Profile 6", "Banking"),
];

/// Firefox profiles: folder, name, `cookies.sqlite` schema (14: a profile last opened by an old
/// Firefox, expiry in seconds; 17: current, expiry in milliseconds).
const FIREFOX_PROFILES: &[(&str, &str, i64)] = &[
    ("k3x9a2mq.default-release", "default-release", 17),
    ("p7d2w8rt.work", "work", 17),
    ("z1c5v0bn.old", "old", 14),
    ("h4j6k8lm.test", "test", 17),
];

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (SplitMix64): no dependency, same data on every machine.

struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Rng {
        // FNV-1a of the seed string.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo).max(1) as u64)) as i64
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn token(&mut self, len: usize, alphabet: &[u8]) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
    fn b64(&mut self, len: usize) -> String {
        self.token(
            len,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        )
    }
    fn hex(&mut self, len: usize) -> String {
        self.token(len, b"0123456789ABCDEF")
    }
    /// A Chromium extension id: 32 letters a–p.
    fn ext_id(&mut self) -> String {
        self.token(32, b"abcdefghijklmnop")
    }
    fn uuid(&mut self) -> String {
        let h = self.token(32, b"0123456789abcdef");
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Chromium's cookie encryption on Linux without a keyring.

struct Crypto {
    key: PaddedBlockEncryptingKey,
}

impl Crypto {
    fn new() -> Crypto {
        let mut k = [0u8; 16];
        aws_lc_rs::pbkdf2::derive(
            aws_lc_rs::pbkdf2::PBKDF2_HMAC_SHA1,
            NonZeroU32::new(1).unwrap(),
            b"saltysalt",
            b"peanuts",
            &mut k,
        );
        let key = PaddedBlockEncryptingKey::cbc_pkcs7(UnboundCipherKey::new(&AES_128, &k).unwrap())
            .unwrap();
        Crypto { key }
    }
    /// `v10` + AES-128-CBC(plaintext); from schema 24 the plaintext starts with SHA-256(host).
    fn encrypt(&self, host: &str, value: &[u8], schema: i64) -> Vec<u8> {
        let mut buf = Vec::with_capacity(value.len() + 48);
        if schema >= 24 {
            buf.extend_from_slice(
                aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, host.as_bytes()).as_ref(),
            );
        }
        buf.extend_from_slice(value);
        self.key
            .less_safe_encrypt(
                &mut buf,
                EncryptionContext::Iv128(FixedLength::from([b' '; 16])),
            )
            .unwrap();
        let mut out = b"v10".to_vec();
        out.extend_from_slice(&buf);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Cookies

const POPULAR: &[&str] = &[
    "google.com",
    "youtube.com",
    "github.com",
    "stackoverflow.com",
    "wikipedia.org",
    "amazon.com",
    "reddit.com",
    "x.com",
    "linkedin.com",
    "microsoft.com",
    "live.com",
    "microsoftonline.com",
    "apple.com",
    "icloud.com",
    "facebook.com",
    "instagram.com",
    "netflix.com",
    "spotify.com",
    "slack.com",
    "notion.so",
    "atlassian.net",
    "zoom.us",
    "dropbox.com",
    "adobe.com",
    "cloudflare.com",
    "doubleclick.net",
    "bing.com",
    "duckduckgo.com",
    "nytimes.com",
    "bbc.co.uk",
    "medium.com",
    "stripe.com",
    "paypal.com",
    "ebay.com",
    "twitch.tv",
    "discord.com",
    "hubspot.com",
    "salesforce.com",
    "zendesk.com",
    "intercom.io",
    "segment.io",
    "hotjar.com",
    "criteo.com",
    "taboola.com",
    "scorecardresearch.com",
    "adnxs.com",
    "rubiconproject.com",
    "pubmatic.com",
    "demdex.net",
    "bluekai.com",
];

const COMMON_NAMES: &[&str] = &[
    "_ga",
    "_gid",
    "_gat",
    "_gcl_au",
    "_fbp",
    "NID",
    "AEC",
    "SOCS",
    "__Secure-ENID",
    "CONSENT",
    "__cf_bm",
    "_cfuvid",
    "session",
    "sessionid",
    "csrftoken",
    "_uetsid",
    "_uetvid",
    "IDE",
    "ANID",
    "MUID",
    "_clck",
    "_clsk",
    "OptanonConsent",
    "OptanonAlertBoxClosed",
    "euconsent-v2",
    "__gads",
    "__gpi",
    "lang",
    "locale",
    "theme",
    "visitor_id",
    "uid",
    "cto_bundle",
    "_hjSessionUser_1234567",
    "_hjSession_1234567",
    "XSRF-TOKEN",
    "JSESSIONID",
    "PHPSESSID",
    "ajs_anonymous_id",
    "mp_mixpanel",
];

/// Sign-in cookies seen on OpenAI's sites, by host as stored.
const LOGIN_JAR: &[(&str, &[&str])] = &[
    (
        ".chatgpt.com",
        &[
            "__Secure-next-auth.callback-url",
            "oai-did",
            "oai-sc",
            "oai-hlib",
            "oai-nav-state",
            "_dd_s",
            "__cf_bm",
            "_cfuvid",
            "cf_clearance",
            "_uasid",
            "_umsid",
            "ajs_anonymous_id",
            "ajs_user_id",
            "_ga",
            "_ga_9SHBSK2D9J",
            "_gcl_au",
            "intercom-device-id-dgkjq2bp",
            "intercom-session-dgkjq2bp",
            "oai-last-model",
            "_puid",
            "__stripe_mid",
            "__stripe_sid",
            "oai-client-auth-info",
            "oai-gn",
            "oai-hm",
            "_account",
            "oai-model-sticky-for-new-chats",
        ],
    ),
    (
        "chatgpt.com",
        &[
            "__Host-next-auth.csrf-token",
            "__cflb",
            "oai-is-specific-region",
            "__Secure-next-auth.session-token.0",
            "__Secure-next-auth.session-token.1",
            "oai-chat-web-route",
        ],
    ),
    (
        ".openai.com",
        &[
            "oai-did",
            "__cf_bm",
            "_cfuvid",
            "cf_clearance",
            "_ga",
            "_gid",
            "ajs_anonymous_id",
            "intercom-id-dgkjq2bp",
            "__Secure-next-auth.session-token",
            "_dd_s",
            "__stripe_mid",
        ],
    ),
    (
        "auth.openai.com",
        &[
            "auth_provider",
            "login_session",
            "oai-login-csrf",
            "__Host-auth-session",
            "rg_context",
            "iss_context",
            "unified_session_manifest",
            "hydra_redirect",
            "auth-session-minimized",
            "oai-client-auth-session",
            "_cfuvid",
        ],
    ),
    (
        ".auth.openai.com",
        &[
            "__cf_bm",
            "_cfuvid",
            "did",
            "did_compat",
            "auth0",
            "auth0_compat",
            "oai-client-auth-session",
        ],
    ),
    (
        "auth0.openai.com",
        &["auth0", "auth0_compat", "did", "did_compat", "__cf_bm"],
    ),
    (
        "platform.openai.com",
        &[
            "__Host-session",
            "oai-did",
            "_dd_s",
            "intercom-session-platform",
            "__cf_bm",
        ],
    ),
    ("labs.openai.com", &["__Secure-labs-session", "__cf_bm"]),
    ("api.openai.com", &["__cf_bm", "_cfuvid"]),
    (
        "help.openai.com",
        &["intercom-id-help", "intercom-session-help", "__cf_bm"],
    ),
    (
        "community.openai.com",
        &["_forum_session", "_t", "__cf_bm", "_ga"],
    ),
    ("status.openai.com", &["__cf_bm"]),
    ("openai.com", &["__cf_bm", "_cfuvid", "oai-did"]),
    ("sora.chatgpt.com", &["__Secure-sora-session", "__cf_bm"]),
    (".oaistatic.com", &["__cf_bm", "_cfuvid"]),
    ("cdn.oaistatic.com", &["__cf_bm"]),
    (".oaiusercontent.com", &["__cf_bm", "_cfuvid"]),
    ("files.oaiusercontent.com", &["__cf_bm"]),
    ("sdmntprwestus.oaiusercontent.com", &["__cf_bm"]),
];

/// Provider sign-in cookies (account.signin_method), in some profiles.
const PROVIDER_JAR: &[(&str, &[&str])] = &[
    (
        ".google.com",
        &[
            "SID",
            "HSID",
            "SSID",
            "APISID",
            "SAPISID",
            "__Secure-1PSID",
            "__Secure-3PSID",
            "__Secure-1PSIDTS",
            "__Secure-3PSIDTS",
        ],
    ),
    (
        "accounts.google.com",
        &["LSID", "__Host-GAPS", "ACCOUNT_CHOOSER"],
    ),
    (
        "login.microsoftonline.com",
        &["ESTSAUTHPERSISTENT", "ESTSAUTH", "ESTSAUTHLIGHT", "buid"],
    ),
    (".apple.com", &["myacinfo", "dslang", "site"]),
];

fn value_len(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=59 => rng.range(8, 40) as usize,
        60..=89 => rng.range(40, 200) as usize,
        90..=98 => rng.range(200, 1000) as usize,
        _ => rng.range(1000, 4000) as usize,
    }
}

/// Expiry, last use and creation of a cookie: most persistent and recently used, some expired,
/// some unused for months, a few session cookies.
fn times(rng: &mut Rng, now: i64) -> (Option<i64>, i64, i64) {
    let created = now - rng.range(DAY, 380 * DAY);
    let last_access = if rng.chance(80) {
        now - rng.range(60, 20 * DAY)
    } else {
        now - rng.range(31 * DAY, 200 * DAY)
    }
    .max(created);
    let expires = match rng.below(100) {
        0..=4 => Some(now - rng.range(DAY, 90 * DAY)),
        5..=14 => None,
        _ => Some(now + rng.range(DAY, 400 * DAY)),
    };
    (expires, last_access, created)
}

/// A Firefox partition key (`originAttributes`) or a Chromium `top_frame_site_key`.
fn partition(chromium: bool, site: &str) -> String {
    if chromium {
        format!("https://{site}")
    } else {
        format!("^partitionKey=%28https%2C{site}%29")
    }
}

/// One cookie store's rows: `login` on the sign-in sites, the rest on other sites, `total` in all.
fn cookies(
    rng: &mut Rng,
    now: i64,
    total: usize,
    login: usize,
    chromium: bool,
    with_providers: bool,
    partitions: bool,
) -> Vec<FixtureCookie> {
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    let mut out: Vec<FixtureCookie> = Vec::with_capacity(total);
    let mut push = |rng: &mut Rng,
                    out: &mut Vec<FixtureCookie>,
                    host: &str,
                    name: &str,
                    part: String,
                    len: usize|
     -> bool {
        if !seen.insert((host.to_string(), name.to_string(), part.clone())) {
            return false;
        }
        let mut c = FixtureCookie::new(host, name, "", now);
        c.value = rng.b64(len.min(4096 - name.len()));
        let (e, l, cr) = times(rng, now);
        c.expires = e;
        c.last_access = l;
        c.created = cr;
        c.partition = part;
        out.push(c);
        true
    };
    // Sign-in sites: every name of the jar once, a split session token of ~7.8 KB, then
    // partitioned copies of the Cloudflare and device cookies (CHIPS) up to `login`.
    'jar: for (host, names) in LOGIN_JAR {
        for name in *names {
            if out.len() >= login {
                break 'jar;
            }
            let len = if name.contains("session-token.") {
                3_900
            } else {
                value_len(rng).min(400)
            };
            push(rng, &mut out, host, name, String::new(), len);
        }
    }
    let mut n = 0;
    while out.len() < login {
        n += 1;
        let (host, name) = *rng.pick(&[
            (".chatgpt.com", "__cf_bm"),
            (".chatgpt.com", "_cfuvid"),
            (".openai.com", "oai-did"),
            ("cdn.oaistatic.com", "__cf_bm"),
            (".oaiusercontent.com", "_cfuvid"),
        ]);
        let part = if partitions {
            partition(chromium, &format!("embed{n}.example"))
        } else {
            String::new()
        };
        let name = if partitions {
            name.to_string()
        } else {
            format!("{name}_{n}")
        };
        let len = value_len(rng).min(200);
        push(rng, &mut out, host, &name, part, len);
    }
    if with_providers {
        for (host, names) in PROVIDER_JAR {
            for name in *names {
                let len = value_len(rng);
                push(rng, &mut out, host, name, String::new(), len);
            }
        }
    }
    // Other sites: popular ones hold most cookies (a skewed pick), the long tail the rest.
    let tail = (total / 5).max(50);
    let mut k = 0usize;
    while out.len() < total {
        k += 1;
        let u = rng.float();
        let domain = if u < 0.35 {
            POPULAR[(u / 0.35 * u / 0.35 * POPULAR.len() as f64) as usize % POPULAR.len()]
                .to_string()
        } else {
            let i = rng.below(tail);
            let tld = ["com", "net", "org", "io", "de", "co.uk", "fr"][i % 7];
            format!("site{i}.{tld}")
        };
        let host = match rng.below(4) {
            0 => domain.clone(),
            1 => format!("www.{domain}"),
            2 => format!("{}.{domain}", rng.pick(&["app", "api", "shop", "cdn", "m"])),
            _ => format!(".{domain}"),
        };
        let name = if rng.chance(60) {
            rng.pick(COMMON_NAMES).to_string()
        } else {
            format!("c{}", k % 997)
        };
        let part = if partitions && rng.chance(3) {
            partition(chromium, &format!("site{}.com", rng.below(200)))
        } else {
            String::new()
        };
        let len = value_len(rng);
        push(rng, &mut out, &host, &name, part, len);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Extensions

/// Catalogued extensions (data/extensions.json), so some profiles have findings.
const CATALOGUED_CHROMIUM: &[(&str, &str, &str)] = &[
    (
        "cjpalhdlnbpafiamejdnhcphjbkeiagm",
        "uBlock Origin",
        "1.67.0",
    ),
    (
        "gighmmpiobklfepjocnamgkkbiglidom",
        "AdBlock — block ads across the web",
        "6.20.0",
    ),
    (
        "mlomiejdfkolichcflejclcbmpeaniij",
        "Ghostery Tracker & Ad Blocker",
        "10.5.3",
    ),
    (
        "pkehgijcmpdhfbdbbnkijodmdjhbjlgp",
        "Privacy Badger",
        "2025.5.30",
    ),
    (
        "fhcgjolkccmbidfldomjliifgaodjagh",
        "Cookie AutoDelete",
        "3.8.2",
    ),
    (
        "hnmpcagpplmpfojmgmnngilcnanddlhb",
        "Windscribe - Free Proxy and Ad Blocker",
        "3.6.11",
    ),
];

const CATALOGUED_FIREFOX: &[(&str, &str, &str)] = &[
    ("uBlock0@raymondhill.net", "uBlock Origin", "1.67.0"),
    ("jid1-MnnxcxisBPnSXQ@jetpack", "Privacy Badger", "2025.5.30"),
    ("firefox@ghostery.com", "Ghostery", "10.5.3"),
];

const EXT_WORDS: &[&str] = &[
    "Dark",
    "Reader",
    "Grammar",
    "Helper",
    "Tab",
    "Manager",
    "Password",
    "Vault",
    "Color",
    "Picker",
    "JSON",
    "Viewer",
    "Screen",
    "Capture",
    "Translate",
    "Notes",
    "Session",
    "Saver",
    "Zoom",
    "Tools",
    "React",
    "Developer",
    "Wallet",
    "Clipper",
    "Reading",
    "List",
    "Speed",
    "Dial",
    "Shopping",
    "Coupon",
    "Video",
    "Downloader",
    "Mail",
    "Checker",
    "Weather",
    "Clock",
    "Markdown",
    "Preview",
    "Pomodoro",
    "Timer",
];

/// One extension as the generator made it.
struct Ext {
    id: String,
    name: String,
    version: String,
    enabled: bool,
    incognito: bool,
    unpacked: Option<PathBuf>,
}

fn ext_name(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    (0..n)
        .map(|_| *rng.pick(EXT_WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn version(rng: &mut Rng) -> String {
    format!("{}.{}.{}", rng.below(12), rng.below(40), rng.below(300))
}

/// An MV3 manifest as store extensions ship it (a few KB).
fn manifest(rng: &mut Rng, name: &str, version: &str, localised: bool) -> Value {
    let hosts: Vec<String> = (0..rng.range(1, 12))
        .map(|i| format!("https://*.host{i}-{}.com/*", rng.below(999)))
        .collect();
    let mut m = json!({
        "manifest_version": 3,
        "name": if localised { "__MSG_extName__" } else { name },
        "short_name": if localised { "__MSG_extShortName__" } else { name },
        "version": version,
        "description": if localised { "__MSG_extDescription__".to_string() } else { format!("{name}: does useful things in your browser.") },
        "author": "Example Developer",
        "homepage_url": "https://example.com/extension",
        "icons": {"16": "icons/16.png", "32": "icons/32.png", "48": "icons/48.png", "128": "icons/128.png"},
        "action": {"default_popup": "popup.html", "default_title": name,
                   "default_icon": {"16": "icons/16.png", "32": "icons/32.png"}},
        "background": {"service_worker": "background.js", "type": "module"},
        "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js"], "css": ["content.css"],
                             "run_at": "document_idle", "all_frames": false}],
        "permissions": ["storage", "tabs", "activeTab", "scripting", "contextMenus", "alarms"],
        "host_permissions": hosts,
        "optional_permissions": ["downloads", "notifications"],
        "web_accessible_resources": [{"resources": ["assets/*", "fonts/*.woff2"], "matches": ["<all_urls>"]}],
        "options_ui": {"page": "options.html", "open_in_tab": true},
        "commands": {"_execute_action": {"suggested_key": {"default": "Alt+Shift+E"}}},
        "content_security_policy": {"extension_pages": "script-src 'self'; object-src 'self'"},
        "minimum_chrome_version": "110",
        "key": rng.b64(392),
        "update_url": "https://clients2.google.com/service/update2/crx"
    });
    if localised {
        m["default_locale"] = json!("en");
    }
    m
}

fn messages(name: &str, lang: &str) -> Value {
    json!({
        "extName": {"message": format!("{name}{}", if lang == "en" { String::new() } else { format!(" ({lang})") }), "description": "The extension's name"},
        "extShortName": {"message": name, "description": "Short name"},
        "extDescription": {"message": format!("{name} makes browsing better."), "description": "Store description"},
        "popupTitle": {"message": "Settings"},
        "optionsSaved": {"message": "Options saved."},
        "contextMenuLabel": {"message": format!("Open in {name}")}
    })
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Writes a Chromium extension folder and returns its record.
fn chromium_extension(
    rng: &mut Rng,
    profile: &Path,
    home: &Path,
    i: usize,
    catalogued: Option<&(&str, &str, &str)>,
) -> Ext {
    let (id, name, ver) = match catalogued {
        Some((id, name, v)) => (id.to_string(), name.to_string(), v.to_string()),
        None => (rng.ext_id(), ext_name(rng), version(rng)),
    };
    let localised = catalogued.is_none() && i % 3 == 0;
    let unpacked = (catalogued.is_none() && i == 7).then(|| {
        home.join("dev")
            .join(format!("ext-{}", &id[..6]))
            .join("build")
    });
    let dir = unpacked.clone().unwrap_or_else(|| {
        profile
            .join("Extensions")
            .join(&id)
            .join(format!("{ver}_0"))
    });
    let m = manifest(rng, &name, &ver, localised);
    write(
        &dir.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    );
    write(
        &dir.join("background.js"),
        format!("// {name}\nchrome.runtime.onInstalled.addListener(() => {{}});\n"),
    );
    write(
        &dir.join("content.js"),
        "(() => { document.documentElement.dataset.ext = '1'; })();\n".repeat(20),
    );
    write(&dir.join("_metadata/verified_contents.json"), rng.b64(2048));
    if localised {
        for lang in ["en", "de", "fr", "es", "ja", "pt_BR"] {
            write(
                &dir.join("_locales").join(lang).join("messages.json"),
                serde_json::to_vec_pretty(&messages(&name, lang)).unwrap(),
            );
        }
    }
    Ext {
        id,
        name,
        version: ver,
        enabled: !rng.chance(20),
        incognito: rng.chance(10),
        unpacked,
    }
}

/// One `extensions.settings` entry with the keys a Chromium 156 profile writes.
fn chromium_ext_entry(rng: &mut Rng, e: &Ext, now_c: i64) -> Value {
    let perms = json!({"api": ["storage", "tabs", "activeTab", "scripting", "contextMenus", "alarms"],
                       "explicit_host": (0..rng.range(1, 12)).map(|i| format!("https://*.host{i}.com/*")).collect::<Vec<_>>(),
                       "manifest_permissions": [], "scriptable_host": ["<all_urls>"]});
    let (location, path, from_webstore) = match &e.unpacked {
        Some(p) => (4, p.to_string_lossy().into_owned(), false),
        None => (1, format!("{}/{}_0", e.id, e.version), true),
    };
    let mut entry = json!({
        "account_extension_type": 0,
        "active_permissions": perms.clone(),
        "commands": {},
        "content_settings": [],
        "creation_flags": if from_webstore { 9 } else { 1 },
        "disable_reasons": if e.enabled { json!([]) } else { json!([1]) },
        "events": ["runtime.onInstalled", "tabs.onUpdated", "contextMenus.onClicked"],
        "first_install_time": (now_c - rng.range(1, 700) * DAY * 1_000_000).to_string(),
        "from_webstore": from_webstore,
        "granted_permissions": perms,
        "incognito_content_settings": [],
        "incognito_preferences": {},
        "last_update_time": (now_c - rng.range(1, 60) * DAY * 1_000_000).to_string(),
        "location": location,
        "newAllowFileAccess": false,
        "path": path,
        "preferences": {},
        "regular_only_preferences": {},
        "serviceworkerevents": ["runtime.onInstalled", "tabs.onUpdated"],
        "state": if e.enabled { 1 } else { 0 },
        "was_installed_by_default": false,
        "was_installed_by_oem": false,
        "withholding_permissions": false
    });
    if e.incognito {
        entry["incognito"] = json!(true);
    }
    entry
}

/// Component extensions Chrome records with a cached manifest and an absolute path.
fn chromium_components() -> Vec<(&'static str, Value)> {
    [
        (
            "mhjfbmdgcfjbbpaeojofohoefgiehjai",
            "Chrome PDF Viewer",
            "/opt/google/chrome/resources/pdf",
        ),
        (
            "ahfgeienlihckogmohjhadlkjgocpleb",
            "Web Store",
            "/opt/google/chrome/resources/web_store",
        ),
        (
            "nkeimhogjdpnpccoofpliimaahmaaome",
            "Google Hangouts",
            "/opt/google/chrome/resources/hangout_services",
        ),
        (
            "neajdppkdcdipfabeoofebfddakdcjhd",
            "Google Network Speech",
            "/opt/google/chrome/resources/network_speech_synthesis/mv3",
        ),
    ]
    .into_iter()
    .map(|(id, name, path)| {
        (
            id,
            json!({"account_extension_type": 0, "active_permissions": {"api": ["resourcesPrivate"], "explicit_host": [], "manifest_permissions": [], "scriptable_host": []},
                   "commands": {}, "content_settings": [], "creation_flags": 1, "disable_reasons": [], "events": [],
                   "first_install_time": "13400000000000000", "from_webstore": false, "incognito_content_settings": [],
                   "incognito_preferences": {}, "last_update_time": "13400000000000000", "location": 5,
                   "manifest": {"manifest_version": 2, "name": name, "version": "1", "key": "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDN6hM0rsDYGbzQPQfOygqlRtQgKUXMfnSjhIBL7LnReAVBEd7ZmKtyN2qmSasMl4HZpMhVe2rPWVVwBDl6iyNE/Kok6E6v6V3vCLGsOpQAuuNVye/3QxzIldzG/jQAdWZiyXReRVapOhZtLjGfywCvlWq7Sl/e3sbc0vWybSDI2QIDAQAB"},
                   "path": path, "preferences": {}, "regular_only_preferences": {}, "was_installed_by_default": false, "was_installed_by_oem": false}),
        )
    })
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Chromium preference files

fn site(rng: &mut Rng) -> String {
    let i = rng.below(5_000);
    if i < POPULAR.len() {
        format!("https://www.{}:443", POPULAR[i])
    } else {
        format!("https://site{i}.com:443")
    }
}

/// `Preferences` of at least `target` bytes: the keys login-check and the browser use, and the
/// per-site maps (engagement, media engagement, client hints, ...) that make heavy profiles big.
fn chromium_preferences(
    rng: &mut Rng,
    name: &str,
    index: usize,
    exts: &[Ext],
    target: usize,
    now: i64,
) -> Vec<u8> {
    let now_c = (now + CHROMIUM_EPOCH_S) * 1_000_000;
    let ts = |rng: &mut Rng| (now_c - rng.range(0, 300) * DAY * 1_000_000).to_string();
    let mut settings = Map::new();
    for e in exts {
        settings.insert(e.id.clone(), chromium_ext_entry(rng, e, now_c));
    }
    for (id, entry) in chromium_components() {
        settings.insert(id.to_string(), entry);
    }
    // Site settings the checks read: some users allow the sign-in sites, one profile keeps
    // chatgpt.com's cookies for the session only, another blocks a tracker.
    let mut cookies = Map::new();
    for i in 0..25 {
        cookies.insert(
            format!("[*.]tracker{i}.example,*"),
            json!({"last_modified": ts(rng), "setting": 2}),
        );
    }
    if index % 2 == 0 {
        cookies.insert(
            "[*.]openai.com,*".into(),
            json!({"last_modified": ts(rng), "setting": 1}),
        );
    }
    if index == 3 {
        cookies.insert(
            "https://chatgpt.com:443,*".into(),
            json!({"last_modified": ts(rng), "setting": 4}),
        );
    }
    let mut javascript = Map::new();
    for i in 0..8 {
        javascript.insert(
            format!("https://ads{i}.example:443,*"),
            json!({"last_modified": ts(rng), "setting": 2}),
        );
    }
    let mut exceptions = Map::new();
    exceptions.insert("cookies".into(), Value::Object(cookies));
    exceptions.insert("javascript".into(), Value::Object(javascript));
    for kind in [
        "notifications",
        "popups",
        "sound",
        "http_allowed",
        "ssl_cert_decisions",
        "durable_storage",
        "storage_access",
        "top_level_storage_access",
        "auto_picture_in_picture",
        "clipboard",
        "geolocation",
        "media_stream_camera",
        "media_stream_mic",
    ] {
        let mut m = Map::new();
        for _ in 0..rng.range(3, 40) {
            m.insert(
                format!("{},*", site(rng)),
                json!({"last_modified": ts(rng), "setting": 1 + rng.below(2)}),
            );
        }
        exceptions.insert(kind.into(), Value::Object(m));
    }
    let prefs_base = json!({
        "account_tracker_service_last_update": ts(rng),
        "alternate_error_pages": {"backup": true},
        "autocomplete": {"retention_policy_last_version": 157},
        "autofill": {"last_version_deduped": 157, "last_version_validated": 157},
        "bookmark_bar": {"show_on_all_tabs": true},
        "browser": {"has_seen_welcome_page": true, "window_placement": {"bottom": 1060, "left": 10, "maximized": true, "right": 1910, "top": 10,
                    "work_area_bottom": 1080, "work_area_left": 0, "work_area_right": 1920, "work_area_top": 0}},
        "countryid_at_install": 21843,
        "default_search_provider": {"guid": ""},
        "download": {"directory_upgrade": true, "default_directory": "/home/user/Downloads"},
        "extensions": {
            "alerts": {"initialized": true},
            "chrome_url_overrides": {},
            "commands": {},
            "last_chrome_version": "157.0.7390.54",
            "pinned_extensions": exts.iter().take(6).map(|e| e.id.clone()).collect::<Vec<_>>(),
            "settings": settings,
            "toolbar": exts.iter().take(10).map(|e| e.id.clone()).collect::<Vec<_>>()
        },
        "gaia_cookie": {"changed_time": 1.79e9, "hash": rng.b64(28), "last_list_accounts_data": "[\"gaia.l.a.r\",[]]"},
        "google": {"services": {"signin_scoped_device_id": rng.uuid()}},
        "intl": {"selected_languages": "en-US,en"},
        "media": {"device_id_salt": rng.hex(32), "engagement": {"schema_version": 5}},
        "ntp": {"num_personal_suggestions": 4},
        "privacy_sandbox": {"first_party_sets_data_access_allowed_initialized": true, "m1": {"ad_measurement_enabled": false}},
        "profile": {
            "avatar_index": 26 + index,
            "content_settings": {"enable_quiet_permission_ui_enabling_method": {"notifications": 1}, "exceptions": exceptions, "pref_version": 1},
            "cookie_controls_mode": if index == 4 { 1 } else { 2 },
            "created_by_version": "120.0.6099.71",
            "creation_time": ts(rng),
            "default_content_setting_values": {"notifications": 2},
            "exit_type": "Normal",
            "last_engagement_time": ts(rng),
            "last_time_obsolete_http_credentials_removed": 1.79e9,
            "managed_user_id": "",
            "name": name,
            "password_account_storage_settings": {},
            "were_old_google_logins_removed": true
        },
        "protection": {"macs": {}},
        "safebrowsing": {"enabled": true, "enhanced": false, "event_timestamps": {}, "metrics_last_log_time": "1795000000"},
        "savefile": {"default_directory": "/home/user/Downloads"},
        "sessions": {"event_log": (0..40).map(|i| json!({"crashed": false, "time": ts(rng), "type": i % 3})).collect::<Vec<_>>(), "session_data_status": 3},
        "signin": {"allowed": true},
        "spellcheck": {"dictionaries": ["en-US"], "dictionary": ""},
        "sync": {"autofill_wallet_import_enabled_migrated": true, "passwords_per_account_pref_migration_done": true},
        "translate_site_blacklist_with_time": {},
        "web_apps": {"did_migrate_default_chrome_apps": ["MigrateDefaultChromeAppToWebAppsGSuite"], "last_preinstall_synchronize_version": "157"},
        "zerosuggest": {"cachedresults": rng.b64(3000)}
    });
    let mut prefs = prefs_base;
    // Grow the per-site maps until the file reaches its size.
    let per_site = [
        "site_engagement",
        "media_engagement",
        "client_hints",
        "cookie_controls_metadata",
        "app_banner",
        "permission_autoblocking_data",
        "password_protection",
        "formfill_metadata",
        "https_enforced",
    ];
    let mut zoom = Map::new();
    let mut hints_fetched = Map::new();
    let mut size = serde_json::to_vec(&prefs).unwrap().len();
    let mut batch = 0usize;
    while size < target {
        let ex = prefs["profile"]["content_settings"]["exceptions"]
            .as_object_mut()
            .unwrap();
        for kind in per_site {
            let map = ex
                .entry(kind.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .unwrap();
            for _ in 0..20 {
                let s = site(rng);
                let setting = match kind {
                    "site_engagement" => {
                        json!({"lastEngagementTime": 1.33e16 + rng.float() * 1e14, "lastShortcutLaunchTime": 0.0,
                                                "pointsAddedToday": rng.below(15) as f64, "rawScore": rng.float() * 30.0})
                    }
                    "media_engagement" => {
                        json!({"hasHighScore": rng.chance(10), "lastMediaPlaybackTime": 1.33e16 + rng.float() * 1e14,
                                                 "mediaPlaybacks": rng.below(40), "visits": rng.below(200)})
                    }
                    "client_hints" => json!({"client_hints": [9, 10, 11, 13, 14, 16, 23, 25, 29]}),
                    "app_banner" => {
                        json!({format!("{s}/"): {"couldShowBannerEvents": 1.33e16 + rng.float() * 1e14,
                                                           "next_install_text_animation": {"delay": "86400000000", "last_shown": ts(rng)}}})
                    }
                    "permission_autoblocking_data" => {
                        json!({"Notifications": {"dismiss_count": rng.below(3), "ignore_count": rng.below(5)}})
                    }
                    "password_protection" => {
                        json!({"cache": {rng.b64(20): {"cache_creation_time": 1.79e9, "verdict_proto": rng.b64(120)}}})
                    }
                    "formfill_metadata" => json!({"UsedMetadata": {"Used": true}}),
                    _ => json!({}),
                };
                map.insert(
                    format!("{s},*"),
                    json!({"last_modified": ts(rng), "setting": setting}),
                );
            }
        }
        for _ in 0..5 {
            zoom.insert(
                site(rng)
                    .trim_start_matches("https://")
                    .trim_end_matches(":443")
                    .to_string(),
                json!({"last_modified": ts(rng), "zoom_level": 1.0}),
            );
            hints_fetched.insert(
                site(rng).trim_start_matches("https://").to_string(),
                json!(1.33e16),
            );
        }
        batch += 1;
        if batch % 8 == 0 {
            prefs["partition"] = json!({"per_host_zoom_levels": {"x": zoom.clone()}});
            prefs["optimization_guide"] =
                json!({"hintsfetcher": {"hosts_successfully_fetched": hints_fetched.clone()}});
            size = serde_json::to_vec(&prefs).unwrap().len();
        }
    }
    serde_json::to_vec(&prefs).unwrap()
}

fn secure_preferences(rng: &mut Rng, exts: &[Ext]) -> Vec<u8> {
    let mut macs = Map::new();
    for e in exts {
        macs.insert(e.id.clone(), json!(rng.hex(64)));
    }
    serde_json::to_vec(&json!({
        "extensions": {"ui": {"developer_mode": true}},
        "protection": {"macs": {
            "browser": {"show_home_button": rng.hex(64)},
            "default_search_provider_data": {"template_url_data": rng.hex(64)},
            "extensions": {"settings": macs, "ui": {"developer_mode": rng.hex(64)}},
            "homepage": rng.hex(64),
            "homepage_is_newtabpage": rng.hex(64),
            "session": {"restore_on_startup": rng.hex(64), "startup_urls": rng.hex(64)}
        }, "super_mac": rng.hex(64)}
    }))
    .unwrap()
}

fn local_state(rng: &mut Rng, profiles: &[(&str, &str)]) -> Vec<u8> {
    let mut cache = Map::new();
    for (i, (dir, name)) in profiles.iter().enumerate() {
        cache.insert(
            dir.to_string(),
            json!({"active_time": 1795524071.37 - i as f64 * 3600.0, "avatar_icon": format!("chrome://theme/IDR_PROFILE_AVATAR_{}", 26 + i),
                   "background_apps": false, "gaia_id": "", "is_consented_primary_account": false, "is_ephemeral": false,
                   "is_using_default_avatar": false, "is_using_default_name": false, "managed_user_id": "",
                   "metrics_bucket_index": i + 1, "name": name, "shortcut_name": name, "user_name": ""}),
        );
    }
    serde_json::to_vec(&json!({
        "browser": {"enabled_labs_experiments": [], "last_redirect_origin": ""},
        "hardware_acceleration_mode_previous": true,
        "legacy": {"profile": {"name": {"migrated": true}}},
        "os_crypt": {"portal": {"prev_desktop": "", "prev_init_success": false}},
        "profile": {"info_cache": cache, "last_active_profiles": [profiles[0].0], "last_used": profiles[0].0,
                    "metrics": {"next_bucket_index": profiles.len() + 1},
                    "profiles_order": profiles.iter().map(|p| p.0).collect::<Vec<_>>()},
        "user_experience_metrics": {"client_id2": rng.uuid(), "low_entropy_source3": rng.below(8000), "session_id": 212},
        "variations_compressed_seed": rng.b64(90_000),
        "variations_country": "us",
        "variations_seed_signature": rng.b64(96),
        "was": {"restarted": false}
    }))
    .unwrap()
}

/// Chromium's `Login Data` (`logins`, shaped like schema 41): sites only matter here.
fn login_data(rng: &mut Rng, crypto: &Crypto, path: &Path, n: usize, openai: bool, now: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
         INSERT INTO meta VALUES ('version', '41'), ('last_compatible_version', '40');
         CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR,
           username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR,
           signon_realm VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,
           scheme INTEGER NOT NULL, password_type INTEGER, times_used INTEGER, form_data BLOB, display_name VARCHAR,
           icon_url VARCHAR, federation_url VARCHAR, skip_zero_click INTEGER, generation_upload_status INTEGER,
           possible_username_pairs BLOB, id INTEGER PRIMARY KEY AUTOINCREMENT, date_last_used INTEGER NOT NULL DEFAULT 0,
           moving_blocked_for BLOB, date_password_modified INTEGER NOT NULL DEFAULT 0, sender_email VARCHAR,
           sender_name VARCHAR, date_received INTEGER, sharing_notification_displayed INTEGER NOT NULL DEFAULT 0,
           keychain_identifier BLOB, sender_profile_image_url VARCHAR, date_last_filled INTEGER NOT NULL DEFAULT 0,
           actor_login_approved INTEGER NOT NULL DEFAULT 0,
           UNIQUE (origin_url, username_element, username_value, password_element, signon_realm));
         CREATE INDEX logins_signon ON logins (signon_realm);",
    )
    .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    {
        let mut st = tx
            .prepare(
                "INSERT INTO logins (origin_url, action_url, username_element, username_value, password_element,
                 password_value, submit_element, signon_realm, date_created, blacklisted_by_user, scheme, times_used,
                 form_data, date_last_used, date_password_modified)
                 VALUES (?1, ?1, 'email', ?2, 'password', ?3, '', ?4, ?5, ?6, 0, ?7, ?8, ?5, ?5)",
            )
            .unwrap();
        for i in 0..n {
            let (origin, realm) = if openai && i == 0 {
                (
                    "https://auth.openai.com/log-in/password".to_string(),
                    "https://auth.openai.com/".to_string(),
                )
            } else {
                let host = format!("www.site{}.com", rng.below(5_000));
                (format!("https://{host}/login"), format!("https://{host}/"))
            };
            let t = (now - rng.range(0, 900) * DAY + CHROMIUM_EPOCH_S) * 1_000_000;
            let pw = crypto.encrypt("", rng.b64(16).as_bytes(), 0);
            let blocked = (i % 25 == 24) as i64;
            let _ = st.execute(rusqlite::params![
                origin,
                format!("user{i}@example.com"),
                pw,
                realm,
                t,
                blocked,
                rng.below(50) as i64,
                rng.b64(600).into_bytes()
            ]);
        }
    }
    tx.commit().unwrap();
}

// ---------------------------------------------------------------------------------------------
// Firefox

/// A ZIP archive with stored (uncompressed) files: an `.xpi`.
fn stored_zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let crc = crc32(data);
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u16.to_le_bytes()); // time
            h.extend_from_slice(&0x5b21u16.to_le_bytes()); // date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0u8; 8]); // comment, disk, internal attrs
                h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend(central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// One add-on in `extensions.json`, with the keys Firefox 153 writes.
fn firefox_addon(rng: &mut Rng, profile: &Path, e: &Ext, now: i64) -> Value {
    let t = (now - rng.range(1, 600) * DAY) * 1000;
    let path = profile.join("extensions").join(format!("{}.xpi", e.id));
    let locales: Vec<Value> = ["de", "fr", "es", "ja"]
        .iter()
        .map(|l| {
            json!({"name": format!("{} ({l})", e.name), "description": "…", "creator": "Example Developer",
                   "developers": null, "translators": null, "contributors": null, "locales": [l]})
        })
        .collect();
    json!({
        "id": e.id, "syncGUID": format!("{{{}}}", rng.uuid()), "version": e.version, "type": "extension",
        "loader": null, "updateURL": null, "installOrigins": null, "manifestVersion": 2,
        "optionsURL": "options.html", "optionsType": 3, "optionsBrowserStyle": false, "aboutURL": null,
        "defaultLocale": {"name": e.name, "description": format!("{} makes browsing better.", e.name),
                          "creator": "Example Developer", "developers": null, "translators": null, "contributors": null},
        "visible": true, "active": e.enabled, "userDisabled": !e.enabled, "appDisabled": false,
        "embedderDisabled": false, "installDate": t, "updateDate": t, "applyBackgroundUpdates": 1,
        "path": path.to_string_lossy(), "skinnable": false,
        "sourceURI": format!("https://addons.mozilla.org/firefox/downloads/file/{}/addon.xpi", rng.below(4_000_000)),
        "releaseNotesURI": null, "softDisabled": false, "foreignInstall": false, "strictCompatibility": true,
        "locales": locales,
        "targetApplications": [{"id": "toolkit@mozilla.org", "minVersion": "115.0", "maxVersion": null}],
        "targetPlatforms": [], "signedState": 2, "signedTypes": [2, 0], "signedDate": t, "seen": true,
        "dependencies": [], "incognito": "spanning",
        "userPermissions": {"permissions": ["storage", "tabs", "contextMenus", "webRequest"],
                            "origins": (0..rng.range(1, 10)).map(|i| format!("*://*.host{i}.com/*")).collect::<Vec<_>>(),
                            "data_collection": []},
        "optionalPermissions": {"permissions": ["downloads"], "origins": [], "data_collection": []},
        "requestedPermissions": {"permissions": [], "origins": [], "data_collection": []},
        "icons": {"48": "icons/48.png", "96": "icons/96.png"}, "iconURL": null,
        "blocklistAttentionDismissed": false, "blocklistState": 0, "blocklistURL": null,
        "startupData": {"persistentListeners": {"webRequest": {"onBeforeRequest": [[{"incognito": null, "tabId": null, "types": null,
                         "urls": ["<all_urls>"], "windowId": null}, ["blocking"]]]}}},
        "hidden": false, "installTelemetryInfo": {"source": "amo", "method": "amWebAPI"},
        "recommendationState": {"validNotAfter": (now + 300 * DAY) * 1000, "validNotBefore": t, "states": ["recommended"]},
        "rootURI": format!("jar:file://{}!/", path.to_string_lossy()),
        "location": "app-profile"
    })
}

fn firefox_profile(
    rng: &mut Rng,
    plan: &Plan,
    dir: &Path,
    schema: i64,
    index: usize,
    now: i64,
) -> (PathBuf, usize) {
    std::fs::create_dir_all(dir).unwrap();
    // Cookies, in WAL mode as Firefox keeps them (the -wal is folded back on close).
    let jar = cookies(
        rng,
        now,
        plan.firefox_cookies,
        plan.login_cookies,
        false,
        index != 1,
        true,
    );
    let db = dir.join("cookies.sqlite");
    let conn = fixtures::write_firefox_cookies(&db, schema, &jar).unwrap();
    conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    drop(conn);

    // prefs.js: the prefs a long-used profile accumulates.
    let mut prefs = String::from(
        "// Mozilla User Preferences\n\n// DO NOT EDIT THIS FILE.\n//\n// If you make changes to this file while the application is running,\n// the changes will be overwritten when the application exits.\n//\n// To change a preference value, you can either:\n// - modify it via the UI (e.g. via about:config in the browser); or\n// - set it within a user.js file in your profile.\n\n",
    );
    let mut uuids = Map::new();
    let mut exts = Vec::new();
    for i in 0..plan.extensions {
        let cat = CATALOGUED_FIREFOX.get(i).filter(|_| index == 0);
        let (id, name, ver) = match cat {
            Some((id, n, v)) => (id.to_string(), n.to_string(), v.to_string()),
            None => {
                let n = ext_name(rng);
                (
                    format!("{}@{}.example", n.to_lowercase().replace(' ', "-"), i),
                    n,
                    version(rng),
                )
            }
        };
        uuids.insert(id.clone(), json!(rng.uuid()));
        exts.push(Ext {
            id,
            name,
            version: ver,
            enabled: !rng.chance(15),
            incognito: rng.chance(20),
            unpacked: None,
        });
    }
    let mut lines: Vec<(String, String)> = vec![
        ("network.cookie.cookieBehavior".into(), "5".into()),
        (
            "privacy.sanitize.sanitizeOnShutdown".into(),
            (index == 2).to_string(),
        ),
        ("privacy.clearOnShutdown.cookies".into(), "false".into()),
        (
            "browser.contentblocking.category".into(),
            "\"standard\"".into(),
        ),
        ("browser.startup.page".into(), "3".into()),
        (
            "extensions.webextensions.uuids".into(),
            serde_json::to_string(&serde_json::to_string(&uuids).unwrap()).unwrap(),
        ),
        (
            "browser.uiCustomization.state".into(),
            serde_json::to_string(
                &json!({"placements": {"widget-overflow-fixed-list": [], "unified-extensions-area": exts.iter().map(|e| format!("{}-browser-action", e.id)).collect::<Vec<_>>(),
                        "nav-bar": ["back-button", "forward-button", "stop-reload-button", "urlbar-container", "downloads-button", "unified-extensions-button"]},
                        "seen": [], "dirtyAreaCache": [], "currentVersion": 20, "newElementCount": 4}).to_string(),
            )
            .unwrap(),
        ),
    ];
    for i in 0..700 {
        let (k, v) = match i % 7 {
            0 => (
                format!("app.update.lastUpdateTime.component-{i}"),
                rng.range(1_700_000_000, 1_795_000_000).to_string(),
            ),
            1 => (
                format!("browser.engagement.counter-{i}"),
                rng.below(10_000).to_string(),
            ),
            2 => (
                format!("media.gmp-plugin-{i}.lastUpdate"),
                rng.range(1_700_000_000, 1_795_000_000).to_string(),
            ),
            3 => (
                format!("services.sync.engine-{i}.lastSync"),
                format!("\"{}\"", rng.range(1_700_000_000, 1_795_000_000)),
            ),
            4 => (
                format!("toolkit.telemetry.cachedClientID-{i}"),
                format!("\"{}\"", rng.uuid()),
            ),
            5 => (
                format!("browser.laterrun.bookkeeping.profileCreationTime-{i}"),
                rng.range(1_600_000_000, 1_795_000_000).to_string(),
            ),
            _ => (
                format!("extensions.webextensions.ExtensionStorageIDB.migrated.ext-{i}@example"),
                "true".into(),
            ),
        };
        lines.push((k, v));
    }
    lines.sort();
    for (k, v) in lines {
        let _ = writeln!(prefs, "user_pref(\"{k}\", {v});");
    }
    write(&dir.join("prefs.js"), prefs);
    write(
        &dir.join("compatibility.ini"),
        "[Compatibility]\nLastVersion=161.0_20261110000000/20261110000000\nLastOSABI=Linux_x86_64-gcc3\nLastPlatformDir=/usr/lib/firefox\nLastAppDir=/usr/lib/firefox/browser\n",
    );

    // Add-ons.
    let mut addons: Vec<Value> = exts
        .iter()
        .map(|e| firefox_addon(rng, dir, e, now))
        .collect();
    for (id, name) in [
        ("formautofill@mozilla.org", "Form Autofill"),
        ("pictureinpicture@mozilla.org", "Picture-In-Picture"),
        ("webcompat@mozilla.org", "Web Compatibility Interventions"),
        ("screenshots@mozilla.org", "Firefox Screenshots"),
        ("default-theme@mozilla.org", "System theme — auto"),
    ] {
        addons.push(json!({"id": id, "version": "1.0", "type": if id.starts_with("default-theme") { "theme" } else { "extension" },
                           "defaultLocale": {"name": name}, "visible": true, "active": true, "userDisabled": false,
                           "appDisabled": false, "location": "app-builtin-addons", "hidden": true}));
    }
    write(
        &dir.join("extensions.json"),
        serde_json::to_vec(&json!({"schemaVersion": 37, "addons": addons})).unwrap(),
    );
    let mut ext_prefs = Map::new();
    for e in exts.iter().filter(|e| e.incognito) {
        ext_prefs.insert(e.id.clone(), json!({"permissions": ["internal:privateBrowsingAllowed"], "origins": [], "data_collection": []}));
    }
    write(
        &dir.join("extension-preferences.json"),
        serde_json::to_vec(&ext_prefs).unwrap(),
    );
    for e in &exts {
        let m = json!({"manifest_version": 2, "name": e.name, "version": e.version,
                       "browser_specific_settings": {"gecko": {"id": e.id, "strict_min_version": "115.0"}},
                       "permissions": ["storage", "tabs", "contextMenus", "webRequest", "webRequestBlocking", "<all_urls>"],
                       "background": {"scripts": ["background.js"]}, "icons": {"48": "icons/48.png", "96": "icons/96.png"}});
        write(
            &dir.join("extensions").join(format!("{}.xpi", e.id)),
            stored_zip(&[
                ("manifest.json", serde_json::to_vec_pretty(&m).unwrap()),
                (
                    "background.js",
                    b"browser.runtime.onInstalled.addListener(() => {});\n".repeat(30),
                ),
                ("META-INF/mozilla.rsa", rng.b64(4096).into_bytes()),
            ]),
        );
    }

    // permissions.sqlite (moz_perms, user_version 12).
    let conn = rusqlite::Connection::open(dir.join("permissions.sqlite")).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 12;
         CREATE TABLE moz_perms ( id INTEGER PRIMARY KEY,origin TEXT,type TEXT,permission INTEGER,expireType INTEGER,expireTime INTEGER,modificationTime INTEGER);
         CREATE TABLE moz_hosts ( id INTEGER PRIMARY KEY,host TEXT,type TEXT,permission INTEGER,expireType INTEGER,expireTime INTEGER,modificationTime INTEGER,isInBrowserElement INTEGER);",
    )
    .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    {
        let mut st = tx
            .prepare("INSERT INTO moz_perms (origin, type, permission, expireType, expireTime, modificationTime) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        for i in 0..400 {
            let ty = *rng.pick(&[
                "cookie",
                "desktop-notification",
                "popup",
                "install",
                "autoplay-media",
                "persistent-storage",
                "uitour",
                "trackingprotection",
            ]);
            let origin = format!("https://site{i}.com");
            let _ = st.execute(rusqlite::params![
                origin,
                ty,
                1 + rng.below(2) as i64,
                0,
                0,
                now * 1000
            ]);
        }
        if index == 0 {
            let _ = st.execute(rusqlite::params![
                "https://chatgpt.com",
                "cookie",
                1,
                0,
                0,
                now * 1000
            ]);
        }
        if index == 1 {
            let _ = st.execute(rusqlite::params![
                "https://auth.openai.com",
                "cookie",
                8,
                0,
                0,
                now * 1000
            ]);
        }
    }
    tx.commit().unwrap();
    drop(conn);

    // logins.json (the sites; usernames and passwords are opaque ciphertext in Firefox).
    let mut logins = Vec::new();
    for i in 0..plan.logins {
        let host = if i == 0 && index == 0 {
            "https://auth.openai.com".to_string()
        } else {
            format!("https://www.site{}.com", rng.below(5_000))
        };
        let t = (now - rng.range(0, 900) * DAY) * 1000;
        logins.push(json!({"id": i + 1, "hostname": host, "httpRealm": null, "formSubmitURL": host, "usernameField": "email",
                           "passwordField": "password", "encryptedUsername": format!("MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA{}", rng.b64(40)),
                           "encryptedPassword": format!("MEIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA{}", rng.b64(56)),
                           "guid": format!("{{{}}}", rng.uuid()), "encType": 1, "timeCreated": t, "timeLastUsed": t,
                           "timePasswordChanged": t, "timesUsed": rng.below(40), "syncCounter": 0, "everSynced": false,
                           "encryptedUnknownFields": rng.b64(24)}));
    }
    write(
        &dir.join("logins.json"),
        serde_json::to_vec(&json!({"nextId": plan.logins + 1, "logins": logins, "potentiallyVulnerablePasswords": [],
                                   "dismissedBreachAlertsByLoginGUID": {}, "version": 3}))
        .unwrap(),
    );
    (db, jar.len())
}

// ---------------------------------------------------------------------------------------------

struct Made {
    browser: String,
    tool_name: String,
    family: &'static str,
    profile: String,
    profile_dir: PathBuf,
    cookie_db: PathBuf,
    schema: i64,
    cookies: usize,
    preferences_bytes: u64,
}

fn chromium_browser(
    plan: &Plan,
    b: &ChromiumBrowser,
    home: &Path,
    now: i64,
    crypto: &Crypto,
) -> Vec<Made> {
    let data = home.join(b.dir);
    let profiles = &CHROMIUM_PROFILES[..plan.chromium_profiles];
    let mut rng = Rng::new(&format!("{}/local-state", b.key));
    write(&data.join("Local State"), local_state(&mut rng, profiles));
    write(&data.join("Last Version"), b.last_version);
    write(&data.join("First Run"), "");
    let mut made = Vec::new();
    for (index, (dir, name)) in profiles.iter().enumerate() {
        let mut rng = Rng::new(&format!("{}/{dir}", b.key));
        let profile = data.join(dir);
        std::fs::create_dir_all(&profile).unwrap();
        let mut jar = cookies(
            &mut rng,
            now,
            plan.chromium_cookies,
            plan.login_cookies,
            true,
            index != 1,
            b.schema >= 20,
        );
        for c in &mut jar {
            c.encrypted = crypto.encrypt(&c.host, c.value.as_bytes(), b.schema);
            c.value.clear();
        }
        let db = profile.join("Cookies");
        fixtures::write_chromium_cookies(&db, b.schema, &jar).unwrap();
        write(&profile.join("Cookies-journal"), "");
        let mut exts = Vec::new();
        for i in 0..plan.extensions {
            let cat = (i < 2 || (index == 0 && i < CATALOGUED_CHROMIUM.len()))
                .then(|| &CATALOGUED_CHROMIUM[(i + index) % CATALOGUED_CHROMIUM.len()]);
            exts.push(chromium_extension(&mut rng, &profile, home, i, cat));
        }
        let prefs = chromium_preferences(&mut rng, name, index, &exts, plan.prefs_bytes, now);
        write(&profile.join("Preferences"), &prefs);
        write(
            &profile.join("Secure Preferences"),
            secure_preferences(&mut rng, &exts),
        );
        login_data(
            &mut rng,
            crypto,
            &profile.join("Login Data"),
            plan.logins,
            index == 0,
            now,
        );
        made.push(Made {
            browser: b.key.to_string(),
            tool_name: b.tool_name.to_string(),
            family: "chromium",
            profile: dir.to_string(),
            profile_dir: profile.clone(),
            cookie_db: db,
            schema: b.schema,
            cookies: jar.len(),
            preferences_bytes: prefs.len() as u64,
        });
    }
    made
}

fn firefox_browser(plan: &Plan, home: &Path, now: i64) -> Vec<Made> {
    let root = home.join(".mozilla/firefox");
    let profiles = &FIREFOX_PROFILES[..plan.firefox_profiles];
    let mut ini = String::from("[Install4F96D1932A9F858E]\nDefault=");
    ini.push_str(profiles[0].0);
    ini.push_str("\nLocked=1\n\n");
    for (i, (dir, name, _)) in profiles.iter().enumerate() {
        let _ = write!(
            ini,
            "[Profile{i}]\nName={name}\nIsRelative=1\nPath={dir}\n{}\n",
            if i == 0 { "Default=1\n" } else { "" }
        );
    }
    ini.push_str("[General]\nStartWithLastProfile=1\nVersion=2\n");
    write(&root.join("profiles.ini"), ini);
    write(
        &root.join("installs.ini"),
        format!("[4F96D1932A9F858E]\nDefault={}\nLocked=1\n", profiles[0].0),
    );
    let mut made = Vec::new();
    for (index, (dir, _name, schema)) in profiles.iter().enumerate() {
        let mut rng = Rng::new(&format!("firefox/{dir}"));
        let pdir = root.join(dir);
        let (db, n) = firefox_profile(&mut rng, plan, &pdir, *schema, index, now);
        made.push(Made {
            browser: "firefox".into(),
            tool_name: "firefox".into(),
            family: "firefox",
            profile: dir.to_string(),
            profile_dir: pdir,
            cookie_db: db,
            schema: *schema,
            cookies: n,
            preferences_bytes: 0,
        });
    }
    made
}

fn policies(root: &Path) {
    write(
        &root.join("etc/opt/chrome/policies/managed/corp.json"),
        serde_json::to_vec_pretty(&json!({
            "BlockThirdPartyCookies": false,
            "CookiesAllowedForUrls": ["[*.]openai.com", "[*.]chatgpt.com", "[*.]corp.example"],
            "CookiesBlockedForUrls": ["[*.]tracker.example"],
            "IncognitoModeAvailability": 0,
            "ExtensionInstallBlocklist": ["aaaabbbbccccddddeeeeffffgggghhhh"],
            "ExtensionInstallForcelist": ["iiiijjjjkkkkllllmmmmnnnnoooopppp;https://clients2.google.com/service/update2/crx"],
            "PasswordManagerEnabled": true,
            "HomepageLocation": "https://intranet.corp.example",
            "ClearBrowsingDataOnExitList": ["cached_images_and_files"]
        }))
        .unwrap(),
    );
    write(
        &root.join("etc/firefox/policies/policies.json"),
        serde_json::to_vec_pretty(&json!({"policies": {
            "DisableTelemetry": true,
            "Cookies": {"Allow": ["https://corp.example"], "Block": ["https://tracker.example"]},
            "ExtensionSettings": {"*": {"installation_mode": "allowed"}},
            "DisablePrivateBrowsing": false
        }}))
        .unwrap(),
    );
}

fn dir_size(p: &Path) -> (u64, u64) {
    let mut bytes = 0;
    let mut files = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                let (b, f) = dir_size(&e.path());
                bytes += b;
                files += f;
            } else if t.is_file() {
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
                files += 1;
            }
        }
    }
    (bytes, files)
}

fn usage() -> ! {
    eprintln!(
        "usage: gen-home --out DIR [--variant heavy|huge] [--now RFC3339] [--force]\n\
         Builds DIR/home, DIR/root and DIR/manifest.json. --force replaces a DIR made by gen-home."
    );
    std::process::exit(2)
}

fn main() {
    let mut out: Option<PathBuf> = None;
    let mut variant = "heavy".to_string();
    let mut now_text = NOW.to_string();
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--variant" => variant = args.next().unwrap_or_else(|| usage()),
            "--now" => now_text = args.next().unwrap_or_else(|| usage()),
            "--force" => force = true,
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    let Some(plan) = Plan::new(&variant) else {
        usage()
    };
    let now =
        time::OffsetDateTime::parse(&now_text, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|e| {
                eprintln!("gen-home: --now: {e}");
                std::process::exit(2)
            })
            .unix_timestamp();
    if out.exists() {
        let ours = out.join("manifest.json").is_file();
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !(empty || force && ours) {
            eprintln!(
                "gen-home: {} exists; pass --force to replace a folder gen-home made",
                out.display()
            );
            std::process::exit(2);
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
    let started = std::time::Instant::now();
    let home = out.join("home");
    let root = out.join("root");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&root).unwrap();
    let home = home.canonicalize().unwrap();
    policies(&root);
    let crypto = Crypto::new();

    // One thread per browser (the machine's cores do the rest).
    let made: Vec<Made> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for b in CHROMIUM {
            let (plan, home, crypto) = (&plan, &home, &crypto);
            handles.push(s.spawn(move || chromium_browser(plan, b, home, now, crypto)));
        }
        {
            let (plan, home) = (&plan, &home);
            handles.push(s.spawn(move || firefox_browser(plan, home, now)));
        }
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    let (bytes, files) = dir_size(&home);
    let manifest = json!({
        "generator": "examples/gen-home.rs",
        "variant": plan.variant,
        "now": now_text,
        "home": home,
        "root": root.canonicalize().unwrap(),
        "os": "linux",
        "plan": {
            "chromium_browsers": CHROMIUM.len(), "chromium_profiles": plan.chromium_profiles,
            "firefox_profiles": plan.firefox_profiles, "chromium_cookies": plan.chromium_cookies,
            "firefox_cookies": plan.firefox_cookies, "login_cookies": plan.login_cookies,
            "extensions_per_profile": plan.extensions, "preferences_min_bytes": plan.prefs_bytes,
        },
        "chromium_encryption": "v10, AES-128-CBC, PBKDF2-SHA1(\"peanuts\", \"saltysalt\", 1 iteration), IV 16 spaces; schema >= 24: SHA-256(host_key) prefix",
        "files": files,
        "bytes": bytes,
        "profiles": made.iter().map(|m| json!({
            "browser": m.browser, "tool_name": m.tool_name, "family": m.family, "profile": m.profile,
            "profile_dir": m.profile_dir, "cookie_db": m.cookie_db, "schema": m.schema,
            "cookies": m.cookies, "preferences_bytes": m.preferences_bytes,
        })).collect::<Vec<_>>(),
    });
    write(
        &out.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest).unwrap(),
    );
    let rows: usize = made.iter().map(|m| m.cookies).sum();
    println!(
        "gen-home: {} ({}) in {:.1} s: {} profiles, {} cookie rows, {} files, {:.1} MB",
        out.display(),
        plan.variant,
        started.elapsed().as_secs_f64(),
        made.len(),
        rows,
        files,
        bytes as f64 / 1e6
    );
}
