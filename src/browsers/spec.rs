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
}

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
    },
];

/// Safari (macOS only): the sandboxed container and the legacy cookie folder, and the app.
pub const SAFARI_CONTAINER: &str = "~/Library/Containers/com.apple.Safari/Data/Library";
pub const SAFARI_LEGACY_COOKIES: &str = "~/Library/Cookies/Cookies.binarycookies";
pub const SAFARI_APPS: &[&str] = &[
    "/Applications/Safari.app",
    "/System/Cryptexes/App/System/Applications/Safari.app",
];

/// The browsers OpenAI's help articles recommend ("Browsers like Chrome or Edge are recommended").
pub fn is_recommended(key: &str) -> bool {
    let base = base_key(key);
    base.starts_with("chrome") && base != "chromium" || base.starts_with("edge")
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
}
