//! Resolvers that filter what they resolve, as data: DNS-over-HTTPS providers by the host of
//! their address (`settings.secure_dns`), and plain DNS resolvers by address (`network.dns`);
//! and how a resolver's address is named in a report.
//!
//! A provider is listed when its own documentation says it blocks ads, trackers or whole
//! categories of sites, or resolves only what its owner allows: such a resolver can leave a
//! sign-in host without an answer (the feature-flag host `ab.chatgpt.com` is on common ad and
//! tracker lists: hagezi/dns-blocklists#3009). Resolvers that block only malware are not listed.

/// What a filtering provider filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Ads and trackers.
    Ads,
    /// Sites unsuitable for children (and usually ads too).
    Family,
    /// Whatever its owner chose in the provider's dashboard.
    Configurable,
}

impl Filter {
    pub fn describe(self) -> &'static str {
        match self {
            Filter::Ads => "blocks ads and trackers",
            Filter::Family => "filters sites for families",
            Filter::Configurable => "blocks what its owner chose in the provider's settings",
        }
    }
}

/// The addresses of filtering resolvers' block pages: what they answer, instead of the real
/// address, for a name they block. Cisco Umbrella / OpenDNS answer with 146.112.61.104–110
/// (the "domain list", "command and control", "content category", "malware", "phishing" and
/// "security integration" block pages; Cisco's Umbrella Chromebook client maps exactly this
/// range to its block, malware and phishing pages), also as the IPv4-mapped IPv6 address.
/// ("Umbrella responds with the IP address of its Block page", Umbrella's DNS-layer docs.)
pub const BLOCK_PAGES: &[(std::net::Ipv4Addr, std::net::Ipv4Addr, &str)] = &[(
    std::net::Ipv4Addr::new(146, 112, 61, 104),
    std::net::Ipv4Addr::new(146, 112, 61, 110),
    "Cisco Umbrella / OpenDNS",
)];

/// Whose block page `addr` is, when it is one ([`BLOCK_PAGES`]).
pub fn block_page(addr: &std::net::IpAddr) -> Option<&'static str> {
    let v4 = match addr {
        std::net::IpAddr::V4(v4) => *v4,
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped()?,
    };
    BLOCK_PAGES
        .iter()
        .find(|(from, to, _)| (*from..=*to).contains(&v4))
        .map(|(_, _, who)| *who)
}

/// One filtering resolver: the host of its DoH address, the path it must start with (a provider
/// that filters by path), what it filters, and the page that says so.
pub struct FilteringResolver {
    pub host: &'static str,
    pub path: Option<&'static str>,
    pub provider: &'static str,
    pub filter: Filter,
    pub source: &'static str,
}

const ADGUARD: &str = "https://adguard-dns.io/kb/general/dns-providers/ (and curl's DoH list, github.com/curl/curl/wiki/DNS-over-HTTPS)";
const MULLVAD: &str = "https://mullvad.net/en/help/dns-over-https-and-dns-over-tls";
const CLOUDFLARE: &str = "https://developers.cloudflare.com/1.1.1.1/setup/#1111-for-families";

/// Filtering DoH resolvers, by the host of their address (checked 2026-12-01).
pub const FILTERING_RESOLVERS: &[FilteringResolver] = &[
    FilteringResolver {
        host: "dns.adguard-dns.com",
        path: None,
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringResolver {
        host: "dns.adguard.com",
        path: None,
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringResolver {
        host: "family.adguard-dns.com",
        path: None,
        provider: "AdGuard DNS Family Protection",
        filter: Filter::Family,
        source: ADGUARD,
    },
    FilteringResolver {
        host: "dns-family.adguard.com",
        path: None,
        provider: "AdGuard DNS Family Protection",
        filter: Filter::Family,
        source: ADGUARD,
    },
    FilteringResolver {
        host: "d.adguard-dns.com",
        path: None,
        provider: "AdGuard DNS (private server)",
        filter: Filter::Configurable,
        source: ADGUARD,
    },
    FilteringResolver {
        host: "family.cloudflare-dns.com",
        path: None,
        provider: "Cloudflare for Families",
        filter: Filter::Family,
        source: CLOUDFLARE,
    },
    FilteringResolver {
        host: "adblock.dns.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Ads,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "adblock.doh.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Ads,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "base.dns.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Ads,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "extended.dns.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Ads,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "family.dns.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Family,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "all.dns.mullvad.net",
        path: None,
        provider: "Mullvad DNS",
        filter: Filter::Family,
        source: MULLVAD,
    },
    FilteringResolver {
        host: "dns.nextdns.io",
        path: None,
        provider: "NextDNS",
        filter: Filter::Configurable,
        source: "https://help.nextdns.io/ (a configuration ID in the address selects its owner's blocklists)",
    },
    FilteringResolver {
        host: "firefox.dns.nextdns.io",
        path: None,
        provider: "NextDNS",
        filter: Filter::Configurable,
        source: "https://help.nextdns.io/ (Firefox's built-in NextDNS entry)",
    },
    FilteringResolver {
        host: "dns.controld.com",
        path: None,
        provider: "Control D",
        filter: Filter::Configurable,
        source: "https://docs.controld.com/docs/free-dns (a resolver ID in the address selects its owner's filters)",
    },
    FilteringResolver {
        host: "freedns.controld.com",
        path: Some("/p2"),
        provider: "Control D",
        filter: Filter::Ads,
        source: "https://docs.controld.com/docs/free-dns (p2: ads and tracking)",
    },
    FilteringResolver {
        host: "freedns.controld.com",
        path: Some("/family"),
        provider: "Control D",
        filter: Filter::Family,
        source: "https://docs.controld.com/docs/free-dns",
    },
    FilteringResolver {
        host: "doh.cleanbrowsing.org",
        path: Some("/doh/family-filter"),
        provider: "CleanBrowsing Family Filter",
        filter: Filter::Family,
        source: "https://cleanbrowsing.org/filters/",
    },
    FilteringResolver {
        host: "doh.cleanbrowsing.org",
        path: Some("/doh/adult-filter"),
        provider: "CleanBrowsing Adult Filter",
        filter: Filter::Family,
        source: "https://cleanbrowsing.org/filters/",
    },
    FilteringResolver {
        host: "doh.familyshield.opendns.com",
        path: None,
        provider: "OpenDNS FamilyShield",
        filter: Filter::Family,
        source: "https://support.opendns.com/hc/en-us/articles/360038086532",
    },
    FilteringResolver {
        host: "family.canadianshield.cira.ca",
        path: None,
        provider: "CIRA Canadian Shield (Family)",
        filter: Filter::Family,
        source: "https://www.cira.ca/en/canadian-shield/configure/",
    },
];

/// A plain DNS resolver that filters, by address.
pub struct FilteringAddress {
    pub address: &'static str,
    pub provider: &'static str,
    pub filter: Filter,
    pub source: &'static str,
}

/// Filtering DNS resolvers by address (checked 2026-12-01). Resolvers that block only malware
/// (1.1.1.2, 9.9.9.9) are not listed.
pub const FILTERING_ADDRESSES: &[FilteringAddress] = &[
    FilteringAddress {
        address: "94.140.14.14",
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "94.140.15.15",
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "2a10:50c0::ad1:ff",
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "2a10:50c0::ad2:ff",
        provider: "AdGuard DNS",
        filter: Filter::Ads,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "94.140.14.15",
        provider: "AdGuard DNS Family Protection",
        filter: Filter::Family,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "94.140.15.16",
        provider: "AdGuard DNS Family Protection",
        filter: Filter::Family,
        source: ADGUARD,
    },
    FilteringAddress {
        address: "1.1.1.3",
        provider: "Cloudflare for Families",
        filter: Filter::Family,
        source: CLOUDFLARE,
    },
    FilteringAddress {
        address: "1.0.0.3",
        provider: "Cloudflare for Families",
        filter: Filter::Family,
        source: CLOUDFLARE,
    },
    FilteringAddress {
        address: "2606:4700:4700::1113",
        provider: "Cloudflare for Families",
        filter: Filter::Family,
        source: CLOUDFLARE,
    },
    FilteringAddress {
        address: "2606:4700:4700::1003",
        provider: "Cloudflare for Families",
        filter: Filter::Family,
        source: CLOUDFLARE,
    },
    FilteringAddress {
        address: "208.67.222.123",
        provider: "OpenDNS FamilyShield",
        filter: Filter::Family,
        source: "https://support.opendns.com/hc/en-us/articles/228006047",
    },
    FilteringAddress {
        address: "208.67.220.123",
        provider: "OpenDNS FamilyShield",
        filter: Filter::Family,
        source: "https://support.opendns.com/hc/en-us/articles/228006047",
    },
];

/// The filtering resolver at this address, if it is a known one.
pub fn filtering_address(addr: &std::net::IpAddr) -> Option<&'static FilteringAddress> {
    FILTERING_ADDRESSES
        .iter()
        .find(|f| f.address.parse::<std::net::IpAddr>().ok().as_ref() == Some(addr))
}

/// The host and path of a DoH template or address (`https://host/path{?dns}`), lower-cased
/// host, no credentials, port, query or template variables.
pub fn host_and_path(template: &str) -> Option<(String, String)> {
    let rest = template.trim().strip_prefix("https://")?;
    // Anything up to the last `@` is user information (a password may hold `/`): dropped.
    let rest = match rest.rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    let end = rest.find(['/', '?', '#', '{']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host.split(':').next().unwrap_or(host),
    };
    if host.is_empty() {
        return None;
    }
    let path_end = rest[end..]
        .find(['?', '#', '{'])
        .map_or(rest.len(), |i| end + i);
    Some((host.to_ascii_lowercase(), rest[end..path_end].to_string()))
}

/// The first path segment, when it is an owner's configuration or resolver ID (NextDNS's
/// `abc123`, Control D's resolver ID) rather than the standard `dns-query`.
fn owner_id(path: &str) -> Option<&str> {
    let seg = path.trim_start_matches('/').split('/').next().unwrap_or("");
    (!seg.is_empty() && seg != "dns-query").then_some(seg)
}

/// A provider whose addresses carry an owner's ID.
fn is_per_owner(host: &str) -> bool {
    FILTERING_RESOLVERS
        .iter()
        .any(|r| r.host == host && r.filter == Filter::Configurable)
        || host.ends_with(".nextdns.io")
        || host.ends_with(".controld.com")
}

/// The filtering provider a DoH template points at, if it is a known one. Providers that filter
/// by their owner's choice count only with an owner's ID in the address (without one, NextDNS
/// applies no blocklist: Firefox's built-in NextDNS entry is that).
pub fn filtering(template: &str) -> Option<&'static FilteringResolver> {
    let (host, path) = host_and_path(template)?;
    FILTERING_RESOLVERS.iter().find(|r| {
        r.host == host
            && r.path
                .is_none_or(|p| path.to_ascii_lowercase().starts_with(p))
            && (r.filter != Filter::Configurable || owner_id(&path).is_some())
    })
}

/// A template as the report shows it: its address without credentials, query or template
/// variables (`https://dns.example/dns-query`); an owner's ID is not shown.
pub fn shown(template: &str) -> String {
    match host_and_path(template) {
        Some((host, path)) if owner_id(&path).is_some() && is_per_owner(&host) => {
            format!("https://{host}/[id removed]")
        }
        Some((host, path)) => format!("https://{host}{path}"),
        None => {
            // Not an https:// address: shown without anything up to an `@`, and short.
            let t = template.trim();
            let t = match (t.find("://"), t.rfind('@')) {
                (Some(i), Some(at)) if at > i => format!("{}{}", &t[..i + 3], &t[at + 1..]),
                (None, Some(at)) => t[at + 1..].to_string(),
                _ => t.to_string(),
            };
            t.chars().take(120).collect()
        }
    }
}

/// The templates of a space-separated list (Chromium's `dns_over_https.templates`).
pub fn templates(list: &str) -> Vec<&str> {
    list.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn umbrella_block_pages_are_known_by_address() {
        let a = |t: &str| t.parse::<std::net::IpAddr>().unwrap();
        assert_eq!(
            block_page(&a("146.112.61.106")),
            Some("Cisco Umbrella / OpenDNS")
        );
        assert_eq!(
            block_page(&a("146.112.61.104")),
            Some("Cisco Umbrella / OpenDNS")
        );
        assert_eq!(
            block_page(&a("146.112.61.110")),
            Some("Cisco Umbrella / OpenDNS")
        );
        assert_eq!(
            block_page(&a("::ffff:146.112.61.108")),
            Some("Cisco Umbrella / OpenDNS")
        );
        assert_eq!(block_page(&a("146.112.61.103")), None);
        assert_eq!(block_page(&a("146.112.61.111")), None);
        assert_eq!(block_page(&a("104.18.32.47")), None);
    }

    use super::*;

    #[test]
    fn templates_are_named_by_host_and_path() {
        assert_eq!(
            host_and_path("https://user:pw@Dns.Example:8443/dns-query{?dns}"),
            Some(("dns.example".into(), "/dns-query".into()))
        );
        assert_eq!(
            shown("https://dns.example/q?token=secret"),
            "https://dns.example/q"
        );
        assert_eq!(host_and_path("http://dns.example/"), None);
        assert_eq!(templates(" a  b "), vec!["a", "b"]);
    }

    #[test]
    fn filtering_providers_are_told_by_host_and_path() {
        let f = filtering("https://dns.adguard-dns.com/dns-query").unwrap();
        assert_eq!(f.filter, Filter::Ads);
        assert_eq!(
            filtering("https://doh.cleanbrowsing.org/doh/family-filter/")
                .unwrap()
                .filter,
            Filter::Family
        );
        // CleanBrowsing's security filter blocks malware only.
        assert!(filtering("https://doh.cleanbrowsing.org/doh/security-filter/").is_none());
        assert!(filtering("https://mozilla.cloudflare-dns.com/dns-query").is_none());
        assert!(filtering("https://dns.nextdns.io/abc123").is_some());
        // No owner's ID: no blocklist (Firefox's built-in NextDNS).
        assert!(filtering("https://firefox.dns.nextdns.io/").is_none());
        assert!(filtering("https://dns.nextdns.io/dns-query").is_none());
        assert_eq!(
            shown("https://dns.nextdns.io/abc123/MyLaptop"),
            "https://dns.nextdns.io/[id removed]"
        );
        // User information is dropped even when the password holds a `/`.
        assert_eq!(
            shown("https://u:p/w@dns.example/q"),
            "https://dns.example/q"
        );
        // Every entry has a source and a host that is its own; every address parses.
        for r in FILTERING_RESOLVERS {
            assert!(!r.source.is_empty() && r.host == r.host.to_ascii_lowercase());
        }
        for a in FILTERING_ADDRESSES {
            assert!(
                a.address.parse::<std::net::IpAddr>().is_ok(),
                "{}",
                a.address
            );
            assert!(!a.source.is_empty());
        }
        let cf: std::net::IpAddr = "1.1.1.3".parse().unwrap();
        assert_eq!(filtering_address(&cf).unwrap().filter, Filter::Family);
        let plain: std::net::IpAddr = "1.1.1.1".parse().unwrap();
        assert!(filtering_address(&plain).is_none());
    }
}
