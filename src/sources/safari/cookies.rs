//! Safari's cookie store (`Cookies.binarycookies`, parsed by [`crate::formats::binarycookies`]):
//! the sign-in sites' cookies, without their values.

use crate::formats::binarycookies::{mac_to_unix, parse};
use crate::hosts;
use crate::sources::jar::{Cookie, Jar};

pub fn read(bytes: &[u8], source: String) -> Result<Jar, String> {
    let records = parse(bytes)?;
    // The sign-in providers' session cookies, from the same parse (`account.signin_method`).
    let provider_cookies = records
        .iter()
        .filter(|r| hosts::is_provider_session_cookie(&r.domain, &r.name))
        .map(|r| (r.domain.clone(), r.name.clone()))
        .collect();
    let cookies = records
        .into_iter()
        .filter(|r| hosts::site_of(&r.domain).is_some())
        .map(|r| Cookie {
            size: r.name.len() + r.value_len,
            size_estimated: false,
            name: r.name,
            domain: r.domain,
            path: r.path,
            partition: String::new(),
            expires: mac_to_unix(r.expires),
            last_access: None,
            created: mac_to_unix(r.created),
        })
        .collect();
    Ok(Jar {
        source,
        format: "Safari binarycookies".to_string(),
        via_copy: false,
        cookies,
        notes: vec!["Safari does not record when a cookie was last used".to_string()],
        provider_cookies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::binarycookies::write;

    #[test]
    fn only_login_domains_and_provider_session_cookies_are_kept_without_values() {
        let f = write(&[
            (
                ".openai.com",
                "auth0",
                "/",
                "SECRET-VALUE",
                1_900_000_000.0,
                1_700_000_000.0,
            ),
            (".example.com", "x", "/", "y", 1.9e9, 1.7e9),
            (".google.com", "SID", "/", "SECRET-SID", 1.9e9, 1.7e9),
        ]);
        let jar = read(&f, "x".into()).unwrap();
        assert_eq!(jar.cookies.len(), 1, "only login domains");
        assert_eq!(jar.cookies[0].expires, Some(1_900_000_000));
        assert_eq!(
            jar.provider_cookies,
            vec![(".google.com".to_string(), "SID".to_string())]
        );
        assert!(!format!("{jar:?}").contains("SECRET"));
    }
}
