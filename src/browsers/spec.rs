//! Where each browser keeps its data and its program, per OS. Data, not code: every row comes
//! from `shared/reference/chromium.md` and `firefox_safari.md` (Chromium's docs/user_data_dir.md,
//! osquery, yt-dlp, rookie, browser_cookie3).
//!
//! Location templates start with a variable, then `/`-separated parts; `*` matches one folder:
//! - `~`: the inspected home;
//! - `$CHROME_CONFIG` (Linux): `$CHROME_CONFIG_HOME`, `$XDG_CONFIG_HOME` and `~/.config`;
//! - `$XDG_CONFIG` (Linux): `$XDG_CONFIG_HOME` and `~/.config`;
//! - `$APPSUPPORT` (macOS): `~/Library/Application Support`;
//! - `$LOCALAPPDATA`, `$APPDATA` (Windows): the variable, and `~/AppData/Local` / `~/AppData/Roaming`.
//!
//! Program paths are system-wide, under `--root` (a Windows drive letter is dropped).
//!
//! Each spec also holds where the browser reads enterprise policies ([`PolicySpec`], read by
//! `sources::policies`) and the words and pages its fixes send the user to ([`Ui`]): adding a
//! browser is one spec entry (plus tests).

use crate::context::OsFamily;

/// How a browser was packaged; decides the suffix of its key (`chromium-snap`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Packaging {
    Native,
    Snap,
    Flatpak,
    /// The Microsoft Store package.
    Store,
}

impl Packaging {
    pub fn suffix(self) -> &'static str {
        match self {
            Packaging::Native => "",
            Packaging::Snap => "-snap",
            Packaging::Flatpak => "-flatpak",
            Packaging::Store => "-store",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Packaging::Native => "native",
            Packaging::Snap => "snap",
            Packaging::Flatpak => "flatpak",
            Packaging::Store => "store",
        }
    }
}

/// One place a browser's data may be.
#[derive(Debug, Clone, Copy)]
pub struct Loc {
    pub path: &'static str,
    pub packaging: Packaging,
}

const fn n(path: &'static str) -> Loc {
    Loc {
        path,
        packaging: Packaging::Native,
    }
}
const fn snap(path: &'static str) -> Loc {
    Loc {
        path,
        packaging: Packaging::Snap,
    }
}
const fn flatpak(path: &'static str) -> Loc {
    Loc {
        path,
        packaging: Packaging::Flatpak,
    }
}
const fn store(path: &'static str) -> Loc {
    Loc {
        path,
        packaging: Packaging::Store,
    }
}

/// How a browser numbers its versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// The major version is Chromium's (Chrome, Chromium, Edge, and Brave's `Last Version`).
    ChromiumMajor,
    /// Its own numbering (Opera, Vivaldi): a major that is not Chromium's cannot be judged offline.
    Own,
    /// Firefox and its forks (LibreWolf, Waterfox follow Firefox's majors).
    FirefoxMajor,
    /// Safari: judged by the macOS release, not by number.
    Safari,
}

/// The per-OS rows for one browser.
#[derive(Debug, Clone, Copy)]
pub struct PerOs<T: 'static> {
    pub linux: &'static [T],
    pub macos: &'static [T],
    pub windows: &'static [T],
}

impl<T> PerOs<T> {
    pub fn get(&self, os: OsFamily) -> &'static [T] {
        match os {
            OsFamily::Linux => self.linux,
            OsFamily::Macos => self.macos,
            OsFamily::Windows => self.windows,
        }
    }
}

/// A Chromium-family browser.
#[derive(Debug, Clone, Copy)]
pub struct ChromiumSpec {
    /// The stable key used in `subject.browser` (before any packaging suffix).
    pub key: &'static str,
    pub name: &'static str,
    /// User-data folders (each holds `Local State` and the profile folders).
    pub data: PerOs<Loc>,
    /// Program files: a Linux binary, a macOS app bundle, a Windows `.exe`.
    pub programs: PerOs<&'static str>,
    /// Windows registry key under HKCU/HKLM holding `BLBeacon\version`.
    pub registry: Option<&'static str>,
    /// The user-data folder is itself the profile (Opera has no `Default/`).
    pub profile_in_root: bool,
    pub scheme: Scheme,
    /// One of the browsers OpenAI's help articles recommend ("Browsers like Chrome or Edge are
    /// recommended"): every Chrome and Edge channel, not Chromium.
    pub recommended: bool,
    /// Where it reads enterprise policies; `None` when login-check does not know.
    pub policies: Option<PolicySpec>,
    /// Its pages and menus, for the fixes.
    pub ui: Ui,
    /// One of OpenAI's own ChatGPT apps, not a browser: only its cookies and site data are
    /// checked (it has no settings pages, extensions or private windows, and updates itself).
    pub app: bool,
}

/// A Firefox-family browser.
#[derive(Debug, Clone, Copy)]
pub struct FirefoxSpec {
    pub key: &'static str,
    pub name: &'static str,
    /// Profile roots (each holds `profiles.ini`, `installs.ini` and the profiles).
    pub data: PerOs<Loc>,
    pub programs: PerOs<&'static str>,
    /// Install folders holding `application.ini` (and `distribution/policies.json`).
    pub install_dirs: PerOs<&'static str>,
    /// Where it reads enterprise policies.
    pub policies: PolicySpec,
    /// How its version numbers run: Firefox's majors, or its own (Zen's `1.17.2b`).
    pub scheme: Scheme,
    /// Its pages and menus, for the fixes.
    pub ui: Ui,
}

/// One place a browser reads policies from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A Chromium policy folder holding `managed/` and `recommended/`.
    JsonDir(&'static str),
    /// Firefox's system-wide `policies.json`.
    PoliciesJson(&'static str),
    /// Firefox's `<install folder>/distribution/policies.json`, for the install's folders.
    Distribution,
    /// A macOS preference domain under `/Library/Managed Preferences`.
    ManagedPrefs(&'static str),
    /// A registry key under `HKLM` and `HKCU`.
    Registry(&'static str),
}

/// Where one browser reads its enterprise policies (see `docs/settings.md` for what each fact
/// rests on):
///
/// - **Chromium family, Linux**: `<dir>/managed/*` (mandatory) and `<dir>/recommended/*`, every
///   regular file in the folder, each a JSON object (Chromium accepts comments and trailing
///   commas); when files disagree the last one in name order wins
///   (`components/policy/core/common/config_dir_policy_loader.cc`).
/// - **Chromium family, macOS**: the managed preferences the MDM writes,
///   `/Library/Managed Preferences/<user>/<bundle id>.plist` and
///   `/Library/Managed Preferences/<bundle id>.plist` (machine-wide wins), XML or binary.
/// - **Windows**: `HKLM` and `HKCU` `SOFTWARE\Policies\…` (machine wins; Chromium's
///   recommended policies in its `Recommended` subkey).
/// - **Firefox family**: one JSON file, `{"policies": {…}}`: on Linux the system file
///   `/etc/firefox/policies/policies.json` if it exists (checked with Debian's `firefox-esr` 153:
///   it reads `/etc/firefox/`, not `/etc/firefox-esr/`), otherwise
///   `<install>/distribution/policies.json`; on macOS and Windows, managed preferences
///   (`org.mozilla.firefox`, only with `EnterprisePoliciesEnabled`) and the registry are merged
///   over that file (they win).
#[derive(Debug, Clone, Copy)]
pub struct PolicySpec {
    pub places: PerOs<Place>,
    /// The policy that turns private windows off (or forces them).
    pub private_policy: &'static str,
}

use Place::*;

/// Every Chrome channel reads Chrome's policies.
const CHROME_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[JsonDir("/etc/opt/chrome/policies")],
        macos: &[ManagedPrefs("com.google.Chrome")],
        windows: &[Registry("SOFTWARE\\Policies\\Google\\Chrome")],
    },
    private_policy: "IncognitoModeAvailability",
};
const CHROMIUM_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[JsonDir("/etc/chromium/policies")],
        macos: &[ManagedPrefs("org.chromium.Chromium")],
        windows: &[Registry("SOFTWARE\\Policies\\Chromium")],
    },
    private_policy: "IncognitoModeAvailability",
};
/// Every Edge channel reads Edge's policies.
const EDGE_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[JsonDir("/etc/opt/edge/policies")],
        macos: &[ManagedPrefs("com.microsoft.Edge")],
        windows: &[Registry("SOFTWARE\\Policies\\Microsoft\\Edge")],
    },
    private_policy: "InPrivateModeAvailability",
};
/// Every Brave channel reads Brave's policies.
const BRAVE_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[JsonDir("/etc/brave/policies")],
        macos: &[ManagedPrefs("com.brave.Browser")],
        windows: &[Registry("SOFTWARE\\Policies\\BraveSoftware\\Brave")],
    },
    private_policy: "IncognitoModeAvailability",
};
const FIREFOX_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[
            PoliciesJson("/etc/firefox/policies/policies.json"),
            Distribution,
        ],
        macos: &[ManagedPrefs("org.mozilla.firefox"), Distribution],
        windows: &[
            Registry("SOFTWARE\\Policies\\Mozilla\\Firefox"),
            Distribution,
        ],
    },
    private_policy: "DisablePrivateBrowsing",
};
// Firefox's system folder is `/etc/<application name>`: LibreWolf's and Waterfox's follow
// the same rule (not checked with those browsers).
const LIBREWOLF_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[
            PoliciesJson("/etc/librewolf/policies/policies.json"),
            Distribution,
        ],
        macos: &[Distribution],
        windows: &[Distribution],
    },
    private_policy: "DisablePrivateBrowsing",
};
const WATERFOX_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[
            PoliciesJson("/etc/waterfox/policies/policies.json"),
            Distribution,
        ],
        macos: &[Distribution],
        windows: &[Distribution],
    },
    private_policy: "DisablePrivateBrowsing",
};

/// Firefox forks whose own `/etc` folder is not known: the policy engine they inherit reads
/// `distribution/policies.json` in the install folder on every OS.
const FORK_POLICIES: PolicySpec = PolicySpec {
    places: PerOs {
        linux: &[Distribution],
        macos: &[Distribution],
        windows: &[Distribution],
    },
    private_policy: "DisablePrivateBrowsing",
};

/// The Chromium-family policies that matter for signing in, listed by `settings.managed`.
pub const CHROMIUM_RELEVANT: &[&str] = &[
    "IncognitoModeAvailability",
    "InPrivateModeAvailability",
    "BlockThirdPartyCookies",
    "DefaultCookiesSetting",
    "CookiesBlockedForUrls",
    "CookiesAllowedForUrls",
    "CookiesSessionOnlyForUrls",
    "DefaultJavaScriptSetting",
    "JavaScriptBlockedForUrls",
    "JavaScriptAllowedForUrls",
    "ClearBrowsingDataOnExitList",
    "ExtensionInstallForcelist",
    "ExtensionSettings",
    "DnsOverHttpsMode",
    "DnsOverHttpsTemplates",
    "ProxySettings",
    "ProxyMode",
    "ProxyServerMode",
    "ProxyServer",
    "ProxyPacUrl",
];
/// The Firefox-family policies that matter for signing in, listed by `settings.managed`.
pub const FIREFOX_RELEVANT: &[&str] = &[
    "Cookies",
    "DisablePrivateBrowsing",
    "EnableTrackingProtection",
    "SanitizeOnShutdown",
    "Preferences",
    "ExtensionSettings",
    "Extensions",
    "DNSOverHTTPS",
    "Proxy",
];

/// A keyboard shortcut, on macOS and elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    pub macos: &'static str,
    pub others: &'static str,
}

impl Shortcut {
    pub fn on(self, os: OsFamily) -> &'static str {
        match os {
            OsFamily::Macos => self.macos,
            _ => self.others,
        }
    }
}

/// How a browser is updated by hand (its own packaging aside: a snap or flatpak is updated by
/// `snap`/`flatpak`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// An internal page that checks for updates and offers to relaunch.
    Page(&'static str),
    /// Usually a distribution's package (`sudo apt upgrade <package>`), or the page.
    PackageOrPage {
        package: &'static str,
        page: &'static str,
    },
    /// The About dialog, reached by this menu path, updates it.
    AboutMenu(&'static str),
    /// Its About page or the package manager.
    AboutOrPackage,
    /// With the operating system, in this settings pane.
    WithSystem(&'static str),
    /// By its own updater, from its app menu (browsers shipped only by their maker).
    OwnUpdater,
}

/// The pages, menus and names a browser shows, which its fixes send the user to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// The scheme of internal pages (`edge` for `edge://settings`); Firefox's is `about`, Safari
    /// has none.
    pub scheme: &'static str,
    /// Where one site's stored data is deleted: a page (Chromium family) or a menu path.
    pub site_data: &'static str,
    /// Where extensions are managed: the menu path, and the page.
    pub extensions: &'static str,
    /// The switch that lets an extension run in private windows.
    pub allow_private: &'static str,
    /// A private window, as the browser names it (`an InPrivate window`).
    pub private_window: &'static str,
    /// The shortcut that opens one.
    pub private_shortcut: Shortcut,
    /// How it is updated.
    pub update: Update,
    /// A fix of its own for blocked third-party cookies (Brave's Shields), instead of the
    /// cookie settings page.
    pub third_party_cookies: Option<&'static str>,
}

const CHROMIUM_SHORTCUT: Shortcut = Shortcut {
    macos: "⌘+Shift+N",
    others: "Ctrl+Shift+N",
};

/// Chrome (every channel).
const CHROME_UI: Ui = Ui {
    scheme: "chrome",
    site_data: "chrome://settings/content/all",
    extensions: "⋮ menu › Extensions › Manage Extensions (chrome://extensions)",
    allow_private: "Allow in Incognito (under the extension's Details)",
    private_window: "an Incognito window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::Page("chrome://settings/help"),
    third_party_cookies: None,
};
/// Chromium: Chrome's pages, usually updated by the distribution.
const CHROMIUM_UI: Ui = Ui {
    update: Update::PackageOrPage {
        package: "chromium",
        page: "chrome://settings/help",
    },
    ..CHROME_UI
};
const EDGE_UI: Ui = Ui {
    scheme: "edge",
    site_data: "edge://settings/content/allSites",
    extensions: "… menu › Extensions › Manage extensions (edge://extensions)",
    allow_private: "Allow in InPrivate (under the extension's Details)",
    private_window: "an InPrivate window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::Page("edge://settings/help"),
    third_party_cookies: None,
};
const BRAVE_UI: Ui = Ui {
    scheme: "brave",
    site_data: "brave://settings/content/all",
    extensions: "☰ menu › Extensions (brave://extensions)",
    allow_private: "Allow in Private (under the extension's Details)",
    private_window: "a private window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::Page("brave://settings/help"),
    third_party_cookies: Some(
        "Brave Shields block cross-site cookies by default: on auth.openai.com and chatgpt.com click the Shields icon and allow all cookies (or turn Shields down for these sites); or in brave://settings/cookies add [*.]openai.com and [*.]chatgpt.com to the sites allowed to use third-party cookies.",
    ),
};
const OPERA_UI: Ui = Ui {
    scheme: "opera",
    site_data: "opera://settings/content/all",
    extensions: "the Extensions menu › Manage extensions (opera://extensions)",
    allow_private: "the private-window switch under the extension's Details",
    private_window: "a private window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::Page("opera://about"),
    third_party_cookies: None,
};
const VIVALDI_UI: Ui = Ui {
    scheme: "vivaldi",
    site_data: "vivaldi://settings/content/all",
    extensions: "Vivaldi menu › Tools › Extensions (vivaldi://extensions)",
    allow_private: "the private-window switch under the extension's Details",
    private_window: "a private window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::Page("vivaldi://about"),
    third_party_cookies: None,
};
const FIREFOX_UI: Ui = Ui {
    scheme: "about",
    site_data: "Settings › Privacy & Security › Cookies and Site Data › Manage Data…",
    extensions: "☰ menu › Add-ons and themes › Extensions (about:addons)",
    allow_private: "Run in Private Windows (choose Don't Allow on the extension's page)",
    private_window: "a private window",
    private_shortcut: Shortcut {
        macos: "⌘+Shift+P",
        others: "Ctrl+Shift+P",
    },
    update: Update::AboutMenu("menu ☰ › Help › About Firefox"),
    third_party_cookies: None,
};
/// Chromium-based browsers with their own shell and updater (Arc, Dia, Comet, ChatGPT Atlas):
/// Chromium's `chrome://` pages, which every Chromium build answers, and the app's own updater.
const CHROMIUM_SHELL_UI: Ui = Ui {
    extensions: "chrome://extensions",
    update: Update::OwnUpdater,
    ..CHROME_UI
};
/// Thorium: Chromium's pages; released as downloads and packages, with no updater of its own.
const THORIUM_UI: Ui = Ui {
    extensions: "chrome://extensions",
    update: Update::AboutOrPackage,
    ..CHROME_UI
};
/// LibreWolf, Waterfox, Zen, Floorp: Firefox's menus, their own About page.
const FIREFOX_FORK_UI: Ui = Ui {
    update: Update::AboutOrPackage,
    ..FIREFOX_UI
};

pub const CHROMIUM: &[ChromiumSpec] = &[
    ChromiumSpec {
        key: "chrome",
        name: "Google Chrome",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/google-chrome"),
                flatpak("~/.var/app/com.google.Chrome/config/google-chrome"),
            ],
            macos: &[n("$APPSUPPORT/Google/Chrome")],
            windows: &[n("$LOCALAPPDATA/Google/Chrome/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/google/chrome/chrome",
                "/usr/bin/google-chrome-stable",
                "/usr/bin/google-chrome",
            ],
            macos: &["/Applications/Google Chrome.app"],
            windows: &[
                "C:/Program Files/Google/Chrome/Application/chrome.exe",
                "C:/Program Files (x86)/Google/Chrome/Application/chrome.exe",
            ],
        },
        registry: Some("Software\\Google\\Chrome"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(CHROME_POLICIES),
        ui: CHROME_UI,
        app: false,
    },
    ChromiumSpec {
        key: "chrome-beta",
        name: "Google Chrome Beta",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/google-chrome-beta")],
            macos: &[n("$APPSUPPORT/Google/Chrome Beta")],
            windows: &[n("$LOCALAPPDATA/Google/Chrome Beta/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/google/chrome-beta/chrome",
                "/usr/bin/google-chrome-beta",
            ],
            macos: &["/Applications/Google Chrome Beta.app"],
            windows: &["C:/Program Files/Google/Chrome Beta/Application/chrome.exe"],
        },
        registry: Some("Software\\Google\\Chrome Beta"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(CHROME_POLICIES),
        ui: CHROME_UI,
        app: false,
    },
    ChromiumSpec {
        key: "chrome-dev",
        name: "Google Chrome Dev",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/google-chrome-unstable")],
            macos: &[n("$APPSUPPORT/Google/Chrome Dev")],
            windows: &[n("$LOCALAPPDATA/Google/Chrome Dev/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/google/chrome-unstable/chrome",
                "/usr/bin/google-chrome-unstable",
            ],
            macos: &["/Applications/Google Chrome Dev.app"],
            windows: &["C:/Program Files/Google/Chrome Dev/Application/chrome.exe"],
        },
        registry: Some("Software\\Google\\Chrome Dev"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(CHROME_POLICIES),
        ui: CHROME_UI,
        app: false,
    },
    ChromiumSpec {
        key: "chrome-canary",
        name: "Google Chrome Canary",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/google-chrome-canary")],
            macos: &[n("$APPSUPPORT/Google/Chrome Canary")],
            windows: &[n("$LOCALAPPDATA/Google/Chrome SxS/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/google/chrome-canary/chrome",
                "/usr/bin/google-chrome-canary",
            ],
            macos: &["/Applications/Google Chrome Canary.app"],
            windows: &[],
        },
        registry: Some("Software\\Google\\Chrome SxS"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(CHROME_POLICIES),
        ui: CHROME_UI,
        app: false,
    },
    ChromiumSpec {
        key: "chromium",
        name: "Chromium",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/chromium"),
                snap("~/snap/chromium/common/chromium"),
                flatpak("~/.var/app/org.chromium.Chromium/config/chromium"),
            ],
            macos: &[n("$APPSUPPORT/Chromium")],
            windows: &[n("$LOCALAPPDATA/Chromium/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/lib/chromium/chromium",
            ],
            macos: &["/Applications/Chromium.app"],
            windows: &[],
        },
        registry: Some("Software\\Chromium"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: false,
        policies: Some(CHROMIUM_POLICIES),
        ui: CHROMIUM_UI,
        app: false,
    },
    ChromiumSpec {
        key: "edge",
        name: "Microsoft Edge",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/microsoft-edge"),
                flatpak("~/.var/app/com.microsoft.Edge/config/microsoft-edge"),
            ],
            macos: &[n("$APPSUPPORT/Microsoft Edge")],
            windows: &[n("$LOCALAPPDATA/Microsoft/Edge/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/microsoft/msedge/msedge",
                "/usr/bin/microsoft-edge-stable",
                "/usr/bin/microsoft-edge",
            ],
            macos: &["/Applications/Microsoft Edge.app"],
            windows: &[
                "C:/Program Files (x86)/Microsoft/Edge/Application/msedge.exe",
                "C:/Program Files/Microsoft/Edge/Application/msedge.exe",
            ],
        },
        registry: Some("Software\\Microsoft\\Edge"),
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(EDGE_POLICIES),
        ui: EDGE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "edge-beta",
        name: "Microsoft Edge Beta",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/microsoft-edge-beta")],
            macos: &[n("$APPSUPPORT/Microsoft Edge Beta")],
            windows: &[n("$LOCALAPPDATA/Microsoft/Edge Beta/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/microsoft/msedge-beta/msedge",
                "/usr/bin/microsoft-edge-beta",
            ],
            macos: &["/Applications/Microsoft Edge Beta.app"],
            windows: &["C:/Program Files (x86)/Microsoft/Edge Beta/Application/msedge.exe"],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(EDGE_POLICIES),
        ui: EDGE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "edge-dev",
        name: "Microsoft Edge Dev",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/microsoft-edge-dev")],
            macos: &[n("$APPSUPPORT/Microsoft Edge Dev")],
            windows: &[n("$LOCALAPPDATA/Microsoft/Edge Dev/User Data")],
        },
        programs: PerOs {
            linux: &[
                "/opt/microsoft/msedge-dev/msedge",
                "/usr/bin/microsoft-edge-dev",
            ],
            macos: &["/Applications/Microsoft Edge Dev.app"],
            windows: &["C:/Program Files (x86)/Microsoft/Edge Dev/Application/msedge.exe"],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(EDGE_POLICIES),
        ui: EDGE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "edge-canary",
        name: "Microsoft Edge Canary",
        data: PerOs {
            linux: &[],
            macos: &[n("$APPSUPPORT/Microsoft Edge Canary")],
            windows: &[n("$LOCALAPPDATA/Microsoft/Edge SxS/User Data")],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Microsoft Edge Canary.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: true,
        policies: Some(EDGE_POLICIES),
        ui: EDGE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "brave",
        name: "Brave",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/BraveSoftware/Brave-Browser"),
                snap("~/snap/brave/*/.config/BraveSoftware/Brave-Browser"),
                flatpak("~/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser"),
            ],
            macos: &[n("$APPSUPPORT/BraveSoftware/Brave-Browser")],
            windows: &[n("$LOCALAPPDATA/BraveSoftware/Brave-Browser/User Data")],
        },
        programs: PerOs {
            linux: &["/opt/brave.com/brave/brave", "/usr/bin/brave-browser"],
            macos: &["/Applications/Brave Browser.app"],
            windows: &["C:/Program Files/BraveSoftware/Brave-Browser/Application/brave.exe"],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: false,
        policies: Some(BRAVE_POLICIES),
        ui: BRAVE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "brave-beta",
        name: "Brave Beta",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/BraveSoftware/Brave-Browser-Beta")],
            macos: &[n("$APPSUPPORT/BraveSoftware/Brave-Browser-Beta")],
            windows: &[n(
                "$LOCALAPPDATA/BraveSoftware/Brave-Browser-Beta/User Data",
            )],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Brave Browser Beta.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: false,
        policies: Some(BRAVE_POLICIES),
        ui: BRAVE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "brave-nightly",
        name: "Brave Nightly",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/BraveSoftware/Brave-Browser-Nightly")],
            macos: &[n("$APPSUPPORT/BraveSoftware/Brave-Browser-Nightly")],
            windows: &[n(
                "$LOCALAPPDATA/BraveSoftware/Brave-Browser-Nightly/User Data",
            )],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Brave Browser Nightly.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::ChromiumMajor,
        recommended: false,
        policies: Some(BRAVE_POLICIES),
        ui: BRAVE_UI,
        app: false,
    },
    ChromiumSpec {
        key: "vivaldi",
        name: "Vivaldi",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/vivaldi"),
                flatpak("~/.var/app/com.vivaldi.Vivaldi/config/vivaldi"),
            ],
            macos: &[n("$APPSUPPORT/Vivaldi")],
            windows: &[n("$LOCALAPPDATA/Vivaldi/User Data")],
        },
        programs: PerOs {
            linux: &["/opt/vivaldi/vivaldi", "/usr/bin/vivaldi-stable"],
            macos: &["/Applications/Vivaldi.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: VIVALDI_UI,
        app: false,
    },
    ChromiumSpec {
        key: "vivaldi-snapshot",
        name: "Vivaldi Snapshot",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/vivaldi-snapshot")],
            macos: &[],
            windows: &[],
        },
        programs: PerOs {
            linux: &["/opt/vivaldi-snapshot/vivaldi-snapshot"],
            macos: &[],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: VIVALDI_UI,
        app: false,
    },
    ChromiumSpec {
        key: "opera",
        name: "Opera",
        data: PerOs {
            linux: &[
                n("$CHROME_CONFIG/opera"),
                snap("~/snap/opera/*/.config/opera"),
            ],
            macos: &[n("$APPSUPPORT/com.operasoftware.Opera")],
            windows: &[n("$APPDATA/Opera Software/Opera Stable")],
        },
        programs: PerOs {
            linux: &["/usr/lib/x86_64-linux-gnu/opera/opera", "/usr/bin/opera"],
            macos: &["/Applications/Opera.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: true,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: OPERA_UI,
        app: false,
    },
    ChromiumSpec {
        key: "opera-beta",
        name: "Opera Beta",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/opera-beta")],
            macos: &[n("$APPSUPPORT/com.operasoftware.OperaNext")],
            windows: &[],
        },
        programs: PerOs {
            linux: &[],
            macos: &[],
            windows: &[],
        },
        registry: None,
        profile_in_root: true,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: OPERA_UI,
        app: false,
    },
    ChromiumSpec {
        key: "opera-developer",
        name: "Opera Developer",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/opera-developer")],
            macos: &[n("$APPSUPPORT/com.operasoftware.OperaDeveloper")],
            windows: &[],
        },
        programs: PerOs {
            linux: &[],
            macos: &[],
            windows: &[],
        },
        registry: None,
        profile_in_root: true,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: OPERA_UI,
        app: false,
    },
    ChromiumSpec {
        key: "opera-gx",
        name: "Opera GX",
        data: PerOs {
            linux: &[],
            macos: &[n("$APPSUPPORT/com.operasoftware.OperaGX")],
            windows: &[n("$APPDATA/Opera Software/Opera GX Stable")],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Opera GX.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: true,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: OPERA_UI,
        app: false,
    },
    // Browsers people ask profile readers for (shared/reference/signin_failures.md): Arc
    // (browser_cookie3#191, rookie#35, osquery#8377), Dia and Comet (osquery#8995), Thorium,
    // and OpenAI's own ChatGPT Atlas (agentcookie#80, jamf/aftermath#75). Paths as public code
    // that reads them has them; policies: not known, so the policy checks skip them.
    ChromiumSpec {
        key: "atlas",
        name: "ChatGPT Atlas",
        data: PerOs {
            linux: &[],
            // A Chromium user-data folder (`Local State`, `Default/`, `Profile N/`).
            macos: &[n("$APPSUPPORT/com.openai.atlas/browser-data/host")],
            windows: &[],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/ChatGPT Atlas.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: CHROMIUM_SHELL_UI,
        app: false,
    },
    ChromiumSpec {
        key: "arc",
        name: "Arc",
        data: PerOs {
            linux: &[],
            macos: &[n("$APPSUPPORT/Arc/User Data")],
            // The Microsoft Store package's private folder.
            windows: &[n(
                "$LOCALAPPDATA/Packages/TheBrowserCompany.Arc_ttt1ap7aakyb4/LocalCache/Local/Arc/User Data",
            )],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Arc.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: CHROMIUM_SHELL_UI,
        app: false,
    },
    ChromiumSpec {
        key: "dia",
        name: "Dia",
        data: PerOs {
            linux: &[],
            macos: &[n("$APPSUPPORT/Dia/User Data")],
            windows: &[],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Dia.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: CHROMIUM_SHELL_UI,
        app: false,
    },
    ChromiumSpec {
        key: "comet",
        name: "Comet",
        data: PerOs {
            linux: &[],
            macos: &[n("$APPSUPPORT/Comet")],
            windows: &[n("$LOCALAPPDATA/Perplexity/Comet/User Data")],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Comet.app"],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: CHROMIUM_SHELL_UI,
        app: false,
    },
    ChromiumSpec {
        key: "thorium",
        name: "Thorium",
        data: PerOs {
            linux: &[n("$CHROME_CONFIG/thorium")],
            macos: &[n("$APPSUPPORT/Thorium")],
            windows: &[n("$LOCALAPPDATA/Thorium/User Data")],
        },
        programs: PerOs {
            linux: &[],
            macos: &[],
            windows: &[],
        },
        registry: None,
        profile_in_root: false,
        // Chromium with patches: Chromium's version numbers.
        scheme: Scheme::ChromiumMajor,
        recommended: false,
        policies: None,
        ui: THORIUM_UI,
        app: false,
    },
    // OpenAI's ChatGPT app for Windows (the Microsoft Store package
    // `OpenAI.ChatGPT-Desktop_2p2nqsd0c76g0`): Electron, whose Chromium user-data folder is the
    // package's redirected roaming folder, itself the profile (cookies in `Network\Cookies`),
    // per a captured process list (`--user-data-dir=…\LocalCache\Roaming\ChatGPT`) and
    // arminask/windows-arm-apps PR #156 (docs/browsers.md).
    ChromiumSpec {
        key: CHATGPT_APP_KEY,
        name: CHATGPT_APP_NAME,
        data: PerOs {
            linux: &[],
            macos: &[],
            windows: &[n(
                "$LOCALAPPDATA/Packages/OpenAI.ChatGPT-Desktop_2p2nqsd0c76g0/LocalCache/Roaming/ChatGPT",
            )],
        },
        programs: PerOs {
            linux: &[],
            macos: &[],
            windows: &[],
        },
        registry: None,
        profile_in_root: true,
        scheme: Scheme::Own,
        recommended: false,
        policies: None,
        ui: APP_UI,
        app: true,
    },
];

pub const FIREFOX: &[FirefoxSpec] = &[
    FirefoxSpec {
        key: "firefox",
        name: "Firefox",
        data: PerOs {
            linux: &[
                n("~/.mozilla/firefox"),
                n("$XDG_CONFIG/mozilla/firefox"),
                snap("~/snap/firefox/common/.mozilla/firefox"),
                flatpak("~/.var/app/org.mozilla.firefox/.mozilla/firefox"),
                flatpak("~/.var/app/org.mozilla.firefox/config/mozilla/firefox"),
            ],
            macos: &[n("$APPSUPPORT/Firefox")],
            windows: &[
                n("$APPDATA/Mozilla/Firefox"),
                store(
                    "$LOCALAPPDATA/Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox",
                ),
            ],
        },
        programs: PerOs {
            linux: &[
                "/usr/bin/firefox",
                "/usr/lib/firefox/firefox",
                "/usr/bin/firefox-esr",
                "/usr/lib/firefox-esr/firefox-esr",
                "/opt/firefox/firefox",
                "/snap/bin/firefox",
            ],
            macos: &["/Applications/Firefox.app"],
            windows: &[
                "C:/Program Files/Mozilla Firefox/firefox.exe",
                "C:/Program Files (x86)/Mozilla Firefox/firefox.exe",
            ],
        },
        install_dirs: PerOs {
            linux: &[
                "/usr/lib/firefox",
                "/usr/lib/firefox-esr",
                "/usr/lib64/firefox",
                "/opt/firefox",
                "/snap/firefox/current/usr/lib/firefox",
            ],
            macos: &["/Applications/Firefox.app/Contents/Resources"],
            windows: &[
                "C:/Program Files/Mozilla Firefox",
                "C:/Program Files (x86)/Mozilla Firefox",
            ],
        },
        policies: FIREFOX_POLICIES,
        scheme: Scheme::FirefoxMajor,
        ui: FIREFOX_UI,
    },
    FirefoxSpec {
        key: "librewolf",
        name: "LibreWolf",
        data: PerOs {
            linux: &[
                n("~/.librewolf"),
                n("$XDG_CONFIG/librewolf"),
                snap("~/snap/librewolf/common/.librewolf"),
                flatpak("~/.var/app/io.gitlab.librewolf-community/.librewolf"),
            ],
            macos: &[n("$APPSUPPORT/librewolf")],
            windows: &[n("$APPDATA/librewolf"), n("$LOCALAPPDATA/librewolf")],
        },
        programs: PerOs {
            linux: &["/usr/bin/librewolf", "/usr/share/librewolf/librewolf"],
            macos: &["/Applications/LibreWolf.app"],
            windows: &["C:/Program Files/LibreWolf/librewolf.exe"],
        },
        install_dirs: PerOs {
            linux: &["/usr/share/librewolf", "/usr/lib/librewolf"],
            macos: &["/Applications/LibreWolf.app/Contents/Resources"],
            windows: &["C:/Program Files/LibreWolf"],
        },
        policies: LIBREWOLF_POLICIES,
        scheme: Scheme::FirefoxMajor,
        ui: FIREFOX_FORK_UI,
    },
    FirefoxSpec {
        key: "waterfox",
        name: "Waterfox",
        data: PerOs {
            linux: &[n("~/.waterfox"), n("$XDG_CONFIG/waterfox")],
            macos: &[n("$APPSUPPORT/Waterfox")],
            windows: &[n("$APPDATA/Waterfox")],
        },
        programs: PerOs {
            linux: &[
                "/usr/bin/waterfox",
                "/opt/waterfox/waterfox",
                "/usr/lib/waterfox/waterfox",
            ],
            macos: &["/Applications/Waterfox.app"],
            windows: &["C:/Program Files/Waterfox/waterfox.exe"],
        },
        install_dirs: PerOs {
            linux: &["/opt/waterfox", "/usr/lib/waterfox"],
            macos: &["/Applications/Waterfox.app/Contents/Resources"],
            windows: &["C:/Program Files/Waterfox"],
        },
        policies: WATERFOX_POLICIES,
        scheme: Scheme::FirefoxMajor,
        ui: FIREFOX_FORK_UI,
    },
    // Zen: `~/.config/zen` since 1.18.6b (XDG), legacy `~/.zen`, Flatpak
    // `~/.var/app/app.zen_browser.zen/.zen`, macOS `zen`, Windows `%APPDATA%\zen` (kooky PR #118,
    // yt-dlp#15163); installed in `C:\Program Files\Zen Browser` (its `distribution\policies.json`,
    // EzYDark/eZix), `/opt/zen` from the tarball.
    FirefoxSpec {
        key: "zen",
        name: "Zen",
        data: PerOs {
            linux: &[
                n("$XDG_CONFIG/zen"),
                n("~/.zen"),
                flatpak("~/.var/app/app.zen_browser.zen/.zen"),
            ],
            macos: &[n("$APPSUPPORT/zen")],
            windows: &[n("$APPDATA/zen")],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Zen.app"],
            windows: &["C:/Program Files/Zen Browser/zen.exe"],
        },
        install_dirs: PerOs {
            linux: &["/opt/zen"],
            macos: &["/Applications/Zen.app/Contents/Resources"],
            windows: &["C:/Program Files/Zen Browser"],
        },
        policies: FORK_POLICIES,
        scheme: Scheme::Own,
        ui: FIREFOX_FORK_UI,
    },
    // Floorp: `~/.floorp` (and `$XDG_CONFIG_HOME/floorp`), Flatpak `one.ablaze.floorp`,
    // macOS `Floorp`, Windows `%APPDATA%\Floorp` (yt-dlp#14537; public profile readers);
    // installed in `C:\Program Files\Ablaze Floorp`.
    FirefoxSpec {
        key: "floorp",
        name: "Floorp",
        data: PerOs {
            linux: &[
                n("~/.floorp"),
                n("$XDG_CONFIG/floorp"),
                flatpak("~/.var/app/one.ablaze.floorp/.floorp"),
            ],
            macos: &[n("$APPSUPPORT/Floorp")],
            windows: &[n("$APPDATA/Floorp")],
        },
        programs: PerOs {
            linux: &[],
            macos: &["/Applications/Floorp.app"],
            windows: &["C:/Program Files/Ablaze Floorp/floorp.exe"],
        },
        install_dirs: PerOs {
            linux: &["/opt/floorp"],
            macos: &["/Applications/Floorp.app/Contents/Resources"],
            windows: &["C:/Program Files/Ablaze Floorp"],
        },
        policies: FORK_POLICIES,
        scheme: Scheme::Own,
        ui: FIREFOX_FORK_UI,
    },
];

/// Safari (macOS only): the sandboxed container and the legacy cookie folder, and the app.
pub const SAFARI_CONTAINER: &str = "~/Library/Containers/com.apple.Safari/Data/Library";
pub const SAFARI_LEGACY_COOKIES: &str = "~/Library/Cookies/Cookies.binarycookies";
pub const SAFARI_APPS: &[&str] = &[
    "/Applications/Safari.app",
    "/System/Cryptexes/App/System/Applications/Safari.app",
];
/// Safari's menus; it updates with macOS.
pub const SAFARI_UI: Ui = Ui {
    scheme: "",
    site_data: "Safari › Settings › Privacy › Manage Website Data…",
    extensions: "Safari › Settings › Extensions",
    allow_private: "Allow in Private Browsing",
    private_window: "a private window",
    private_shortcut: Shortcut {
        macos: "⌘+Shift+N",
        others: "⌘+Shift+N",
    },
    update: Update::WithSystem("System Settings › General › Software Update"),
    third_party_cookies: None,
};

/// OpenAI's ChatGPT desktop apps: `subject.browser` and the name the report gives them.
pub const CHATGPT_APP_KEY: &str = "chatgpt-app";
pub const CHATGPT_APP_NAME: &str = "ChatGPT app";
/// The classic ChatGPT app for macOS (`com.openai.chat`, Homebrew's `chatgpt-classic` cask) is
/// not sandboxed and keeps its web cookies in this file, in the binarycookies format Safari's
/// reader reads (docs/browsers.md). The merged ChatGPT/Codex app signs in through the default
/// browser instead (`apps.codex_login`).
pub const CHATGPT_APP_MACOS_COOKIES: &str = "~/Library/HTTPStorages/com.openai.chat.binarycookies";
/// The apps' fixes: they have no settings pages; signing out and in again replaces their
/// sign-in cookies, and they update themselves.
pub const APP_UI: Ui = Ui {
    scheme: "",
    site_data: "the ChatGPT app",
    extensions: "the ChatGPT app (it has no extensions)",
    allow_private: "the ChatGPT app (it has no private windows)",
    private_window: "a private browser window",
    private_shortcut: CHROMIUM_SHORTCUT,
    update: Update::OwnUpdater,
    third_party_cookies: None,
};

/// The browsers OpenAI's help articles recommend ("Browsers like Chrome or Edge are recommended"):
/// the specs marked [`ChromiumSpec::recommended`], in any packaging.
pub fn is_recommended(key: &str) -> bool {
    let base = base_key(key);
    CHROMIUM.iter().any(|c| c.key == base && c.recommended)
}

/// A key without its packaging suffix (`chromium-snap` → `chromium`).
pub fn base_key(key: &str) -> &str {
    ["-snap", "-flatpak", "-store"]
        .iter()
        .find_map(|s| key.strip_suffix(s))
        .unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_lowercase() {
        let mut keys: Vec<&str> = CHROMIUM
            .iter()
            .map(|c| c.key)
            .chain(FIREFOX.iter().map(|f| f.key))
            .collect();
        keys.push("safari");
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
        assert!(
            keys.iter()
                .all(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
    }

    #[test]
    fn templates_start_with_a_known_variable() {
        let all = CHROMIUM
            .iter()
            .flat_map(|c| OsFamily::ALL.iter().flat_map(move |os| c.data.get(*os)))
            .chain(
                FIREFOX
                    .iter()
                    .flat_map(|f| OsFamily::ALL.iter().flat_map(move |os| f.data.get(*os))),
            );
        for loc in all {
            let var = loc.path.split('/').next().unwrap();
            assert!(
                [
                    "~",
                    "$CHROME_CONFIG",
                    "$XDG_CONFIG",
                    "$APPSUPPORT",
                    "$LOCALAPPDATA",
                    "$APPDATA"
                ]
                .contains(&var),
                "{}",
                loc.path
            );
        }
    }

    #[test]
    fn recommendation_matches_the_articles() {
        for k in [
            "chrome",
            "chrome-beta",
            "chrome-flatpak",
            "edge",
            "edge-dev",
        ] {
            assert!(is_recommended(k), "{k}");
        }
        for k in [
            "chromium",
            "chromium-snap",
            "brave",
            "firefox",
            "safari",
            "opera",
        ] {
            assert!(!is_recommended(k), "{k}");
        }
    }

    #[test]
    fn every_spec_has_its_ui_strings_and_data_paths() {
        let uis = CHROMIUM
            .iter()
            .map(|c| (c.key, c.ui))
            .chain(FIREFOX.iter().map(|f| (f.key, f.ui)))
            .chain([("safari", SAFARI_UI)]);
        for (key, ui) in uis {
            for text in [
                ui.site_data,
                ui.extensions,
                ui.allow_private,
                ui.private_window,
                ui.private_shortcut.macos,
                ui.private_shortcut.others,
            ] {
                assert!(!text.is_empty(), "{key}");
            }
            assert!(
                ui.private_window.starts_with("a ") || ui.private_window.starts_with("an "),
                "{key}"
            );
            match ui.update {
                Update::Page(p) | Update::PackageOrPage { page: p, .. } => {
                    assert!(p.starts_with(&format!("{}://", ui.scheme)), "{key}: {p}")
                }
                Update::AboutMenu(m) | Update::WithSystem(m) => assert!(!m.is_empty(), "{key}"),
                Update::AboutOrPackage | Update::OwnUpdater => {}
            }
        }
        // The ChatGPT apps have no pages of their own: their fixes are the app's steps.
        for c in CHROMIUM.iter().filter(|c| c.app) {
            assert_eq!(c.ui, APP_UI, "{}", c.key);
            assert!(c.policies.is_none() && !c.recommended, "{}", c.key);
        }
        for c in CHROMIUM.iter().filter(|c| !c.app) {
            // Only Brave has a third-party-cookie fix of its own (its Shields).
            assert_eq!(
                c.ui.third_party_cookies.is_some(),
                c.key.starts_with("brave"),
                "{}",
                c.key
            );
            let scheme = format!("{}://", c.ui.scheme);
            assert!(!c.ui.scheme.is_empty(), "{}", c.key);
            assert!(c.ui.site_data.starts_with(&scheme), "{}", c.key);
            assert!(
                c.ui.extensions.contains(&format!("{scheme}extensions")),
                "{}",
                c.key
            );
        }
        // Every browser has data paths on some OS, and on every OS where its program is known.
        let rows = CHROMIUM
            .iter()
            .map(|c| (c.key, c.data, c.programs))
            .chain(FIREFOX.iter().map(|f| (f.key, f.data, f.programs)));
        for (key, data, programs) in rows {
            assert!(
                OsFamily::ALL.iter().any(|os| !data.get(*os).is_empty()),
                "{key}"
            );
            for os in OsFamily::ALL {
                if !programs.get(os).is_empty() {
                    assert!(!data.get(os).is_empty(), "{key} {os:?}");
                }
            }
        }
        for f in FIREFOX {
            for os in OsFamily::ALL {
                assert!(!f.data.get(os).is_empty(), "{} {os:?}", f.key);
                assert!(!f.install_dirs.get(os).is_empty(), "{} {os:?}", f.key);
            }
        }
    }

    #[test]
    fn every_policy_row_has_a_place_on_every_os() {
        let rows = CHROMIUM
            .iter()
            .filter_map(|c| c.policies.map(|p| (c.key, p)))
            .chain(FIREFOX.iter().map(|f| (f.key, f.policies)));
        for (key, spec) in rows {
            for os in OsFamily::ALL {
                assert!(!spec.places.get(os).is_empty(), "{key} {os:?}");
            }
            for place in OsFamily::ALL.iter().flat_map(|os| spec.places.get(*os)) {
                if let JsonDir(p) | PoliciesJson(p) = place {
                    assert!(p.starts_with("/etc/"), "{p}");
                }
            }
            assert!(
                CHROMIUM_RELEVANT.contains(&spec.private_policy)
                    || FIREFOX_RELEVANT.contains(&spec.private_policy),
                "{key}"
            );
        }
        // Every Chrome, Edge and Brave channel reads its vendor's policies.
        for c in CHROMIUM {
            let vendor = c.key.split('-').next().unwrap();
            if ["chrome", "chromium", "edge", "brave"].contains(&vendor) {
                let own = CHROMIUM.iter().find(|v| v.key == vendor).unwrap();
                assert_eq!(
                    c.policies.map(|p| p.places.linux),
                    own.policies.map(|p| p.places.linux),
                    "{}",
                    c.key
                );
            }
        }
        // Firefox reads /etc/firefox, also when packaged as firefox-esr (checked with Debian's).
        let ff = FIREFOX.iter().find(|f| f.key == "firefox").unwrap();
        assert_eq!(
            ff.policies.places.linux[0],
            PoliciesJson("/etc/firefox/policies/policies.json")
        );
    }
}
