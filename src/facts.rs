//! Facts: everything the checks judge, read at most once per run.
//!
//! One [`Facts`] value per run holds the [`Context`] (the environment: where to look, the clock,
//! the network options), what the user told us (the ticket flags), and named, lazily computed
//! fields: browser discovery, the cookie jars, saved logins, extension inventories, policies,
//! the settings read from each profile, the current browser releases and the host probes. Each
//! field is computed by the first check that asks (others asking at the same time wait for it)
//! and then shared, so every file is read and parsed at most once, whatever checks are selected.
//! Nothing here judges: the readers are in [`crate::sources`] and [`crate::browsers`].

use std::sync::OnceLock;

use crate::browsers::discovery::{self, Discovery};
use crate::browsers::lookup::{self, CurrentReleases};
use crate::context::Context;
use crate::model::TicketInput;
use crate::sources::chromium::preferences::{self, Preferences};
use crate::sources::cookies::{self, ProfileJar};
use crate::sources::extensions::Inventory;
use crate::sources::network::probe::{self, HostProbe};
use crate::sources::network::proxy::{self, Setting};
use crate::sources::network::status::{self, StatusPage};
use crate::sources::network::tunnels::{self, HostRoute, Iface};
use crate::sources::network::{hostsfile, resolvconf, security, trace};
use crate::sources::policies::{self, PolicySet};
use crate::sources::settings::ProfileSettings;
use crate::sources::{codex, extensions, logins, settings};

/// What one run knows, computed on demand.
pub struct Facts {
    /// The environment the run inspects.
    pub ctx: Context,
    /// What the user said (`--auth-method`, `--tried`, ...), which some checks compare with what
    /// they find.
    pub user: TicketInput,
    discovery: OnceLock<Discovery>,
    cookie_jars: OnceLock<Vec<ProfileJar>>,
    saved_logins: OnceLock<Vec<Vec<logins::SavedLogins>>>,
    chromium_preferences: OnceLock<Vec<Vec<Preferences>>>,
    extensions: OnceLock<Vec<Vec<Inventory>>>,
    policies: OnceLock<Vec<PolicySet>>,
    settings: OnceLock<Vec<Vec<ProfileSettings>>>,
    current_releases: OnceLock<CurrentReleases>,
    host_probes: OnceLock<Vec<HostProbe>>,
    other_lookups: OnceLock<Vec<probe::Lookup>>,
    interfaces: OnceLock<Vec<Iface>>,
    vpn_processes: OnceLock<Vec<(String, &'static str)>>,
    host_routes: OnceLock<Vec<HostRoute>>,
    proxy_settings: OnceLock<(Vec<Setting>, Vec<String>)>,
    status_page: OnceLock<StatusPage>,
    hosts_file: OnceLock<hostsfile::HostsFile>,
    resolvers: OnceLock<resolvconf::Resolvers>,
    antivirus: OnceLock<security::Antivirus>,
    safari_settings: OnceLock<crate::sources::safari::settings::SafariSettings>,
    site_data: OnceLock<Vec<Vec<crate::sources::sitedata::ProfileSiteData>>>,
    traces: OnceLock<Vec<trace::Trace>>,
    codex_login: OnceLock<codex::CodexLogin>,
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts")
            .field("ctx", &self.ctx)
            .finish_non_exhaustive()
    }
}

impl Facts {
    pub fn new(ctx: Context, user: TicketInput) -> Facts {
        Facts {
            ctx,
            user,
            discovery: OnceLock::new(),
            cookie_jars: OnceLock::new(),
            saved_logins: OnceLock::new(),
            chromium_preferences: OnceLock::new(),
            extensions: OnceLock::new(),
            policies: OnceLock::new(),
            settings: OnceLock::new(),
            current_releases: OnceLock::new(),
            host_probes: OnceLock::new(),
            other_lookups: OnceLock::new(),
            interfaces: OnceLock::new(),
            vpn_processes: OnceLock::new(),
            host_routes: OnceLock::new(),
            proxy_settings: OnceLock::new(),
            status_page: OnceLock::new(),
            hosts_file: OnceLock::new(),
            resolvers: OnceLock::new(),
            antivirus: OnceLock::new(),
            safari_settings: OnceLock::new(),
            site_data: OnceLock::new(),
            traces: OnceLock::new(),
            codex_login: OnceLock::new(),
        }
    }

    /// Facts known in advance instead of read: for in-process tests of the verdicts, which then
    /// run on facts built in memory (no files, no binary).
    pub fn with_discovery(self, d: Discovery) -> Facts {
        let _ = self.discovery.set(d);
        self
    }

    /// See [`Facts::with_discovery`].
    pub fn with_cookie_jars(self, jars: Vec<ProfileJar>) -> Facts {
        let _ = self.cookie_jars.set(jars);
        self
    }

    /// See [`Facts::with_discovery`].
    pub fn with_saved_logins(self, logins: Vec<Vec<logins::SavedLogins>>) -> Facts {
        let _ = self.saved_logins.set(logins);
        self
    }

    /// See [`Facts::with_discovery`].
    pub fn with_codex_login(self, c: codex::CodexLogin) -> Facts {
        let _ = self.codex_login.set(c);
        self
    }

    /// See [`Facts::with_discovery`].
    pub fn with_host_probes(self, probes: Vec<HostProbe>) -> Facts {
        let _ = self.host_probes.set(probes);
        // Probes given in advance: the other hosts are not looked up either.
        let _ = self.other_lookups.set(Vec::new());
        self
    }

    /// The browsers and profiles found (`browser.*`, and every per-profile reader).
    pub fn discovery(&self) -> &Discovery {
        self.discovery
            .get_or_init(|| discovery::discover(&self.ctx))
    }

    /// Every profile's cookie store, in discovery order (the cookie checks, and the sign-in
    /// providers' cookies for `account.signin_method`, from the same scan).
    pub fn cookie_jars(&self) -> &[ProfileJar] {
        self.cookie_jars
            .get_or_init(|| cookies::read_all(&self.ctx, &self.discovery().installs))
    }

    /// Saved logins for the sign-in sites, per install, per profile (sites only).
    pub fn saved_logins(&self) -> &[Vec<logins::SavedLogins>] {
        self.saved_logins
            .get_or_init(|| logins::read_all(&self.ctx, &self.discovery().installs))
    }

    /// Each Chromium-family profile's `Preferences` and `Secure Preferences`, parsed once for
    /// both the extension inventory and the settings checks; per install, per profile.
    pub fn chromium_preferences(&self) -> &[Vec<Preferences>] {
        self.chromium_preferences
            .get_or_init(|| preferences::read_all(&self.ctx, &self.discovery().installs))
    }

    /// Extension inventories, per install, per profile.
    pub fn extensions(&self) -> &[Vec<Inventory>] {
        self.extensions.get_or_init(|| {
            extensions::read_all(
                &self.ctx,
                &self.discovery().installs,
                self.chromium_preferences(),
            )
        })
    }

    /// The settings the settings checks judge, per install, per profile.
    pub fn settings(&self) -> &[Vec<ProfileSettings>] {
        self.settings.get_or_init(|| {
            settings::read_all(
                &self.ctx,
                &self.discovery().installs,
                self.chromium_preferences(),
            )
        })
    }

    /// Each install's enterprise policies, in discovery order.
    pub fn policies(&self) -> &[PolicySet] {
        self.policies.get_or_init(|| {
            self.discovery()
                .installs
                .iter()
                .map(|inst| policies::load(&self.ctx, inst))
                .collect()
        })
    }

    /// The current browser releases: looked up online, or estimated from the release calendar.
    pub fn current_releases(&self) -> &CurrentReleases {
        self.current_releases
            .get_or_init(|| lookup::current_releases(&self.ctx))
    }

    /// The probes of every sign-in host (DNS, TCP, TLS, HTTP), all at the same time.
    pub fn host_probes(&self) -> &[HostProbe] {
        self.host_probes.get_or_init(|| {
            // The other hosts' lookups run beside the probes, within the same budget.
            std::thread::scope(|s| {
                let others = std::thread::Builder::new()
                    .name(format!("{}lookups", crate::workers::CHECK_THREAD_PREFIX))
                    .spawn_scoped(s, || probe::lookup_others(&self.ctx, self.user.auth_method));
                let probes = probe::probe_all(&self.ctx);
                if let Ok(h) = others
                    && let Ok(l) = h.join()
                {
                    let _ = self.other_lookups.set(l);
                }
                probes
            })
        })
    }

    /// DNS lookups of the other hosts sign-in needs (made with [`Facts::host_probes`]).
    pub fn other_lookups(&self) -> &[probe::Lookup] {
        self.host_probes();
        self.other_lookups
            .get_or_init(|| probe::lookup_others(&self.ctx, self.user.auth_method))
    }

    /// The network interfaces, as the OS reports them.
    pub fn interfaces(&self) -> &[Iface] {
        self.interfaces
            .get_or_init(|| tunnels::interfaces(&self.ctx))
    }

    /// Running VPN clients: (process name, product).
    pub fn vpn_processes(&self) -> &[(String, &'static str)] {
        self.vpn_processes
            .get_or_init(|| tunnels::vpn_processes(&self.ctx))
    }

    /// Where each sign-in host's traffic would leave this machine.
    pub fn host_routes(&self) -> &[HostRoute] {
        self.host_routes
            .get_or_init(|| tunnels::host_routes(&self.ctx))
    }

    /// The proxy settings a browser would follow, and the places looked at.
    pub fn proxy_settings(&self) -> &(Vec<Setting>, Vec<String>) {
        self.proxy_settings
            .get_or_init(|| proxy::settings(&self.ctx))
    }

    /// OpenAI's status page.
    pub fn status_page(&self) -> &StatusPage {
        self.status_page.get_or_init(|| status::fetch(&self.ctx))
    }

    /// What OpenAI's edge sees of this connection, per host and address family.
    pub fn traces(&self) -> &[trace::Trace] {
        self.traces.get_or_init(|| trace::fetch_all(&self.ctx))
    }

    /// What Codex's "Sign in with ChatGPT" needs on this machine.
    pub fn codex_login(&self) -> &codex::CodexLogin {
        self.codex_login.get_or_init(|| codex::read(&self.ctx))
    }

    /// The hosts file.
    pub fn hosts_file(&self) -> &hostsfile::HostsFile {
        self.hosts_file.get_or_init(|| hostsfile::read(&self.ctx))
    }

    /// The system's configured DNS servers.
    pub fn resolvers(&self) -> &resolvconf::Resolvers {
        self.resolvers.get_or_init(|| resolvconf::read(&self.ctx))
    }

    /// Every profile's site data for the sign-in sites (per install, per profile).
    pub fn site_data(&self) -> &[Vec<crate::sources::sitedata::ProfileSiteData>] {
        self.site_data.get_or_init(|| {
            crate::sources::sitedata::read_all(&self.ctx, &self.discovery().installs)
        })
    }

    /// Safari's privacy settings and iCloud Private Relay (macOS).
    pub fn safari_settings(&self) -> &crate::sources::safari::settings::SafariSettings {
        self.safari_settings
            .get_or_init(|| crate::sources::safari::settings::read(&self.ctx))
    }

    /// The antivirus products Windows Security Center lists.
    pub fn antivirus(&self) -> &security::Antivirus {
        self.antivirus.get_or_init(|| security::read(&self.ctx))
    }
}
