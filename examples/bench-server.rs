//! The loopback HTTPS server for scripts/bench.sh's online run: the sign-in hosts, the status page
//! and the browser release APIs, answered on 127.0.0.1 with a certificate from a throwaway CA
//! (the tests' server, `tests/common/https.rs`). login-check reaches it through `--resolve` and
//! `--ca-file`; the script runs it inside a network namespace it made, so nothing leaves.
//!
//! ```sh
//! bench-server --ca-out DIR/ca.pem [--seconds 300]
//! ```
//!
//! Prints the port on stdout once it listens, then serves until `--seconds` have passed (it always
//! stops by itself) or it is killed.

#[path = "../tests/common/https.rs"]
#[allow(dead_code)]
mod https;

use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use https::{Request, Response, TestCa};

/// Every host login-check reaches in a full online run: the network checks' hosts and the
/// browser release APIs (`browsers::version`).
fn hosts() -> Vec<&'static str> {
    let host = |url: &'static str| url.split('/').nth(2).expect("a URL with a host");
    let mut hosts = https::PROBED_HOSTS.to_vec();
    hosts.push(host(login_check::browsers::lookup::CHROME_API));
    hosts.push(host(login_check::browsers::lookup::FIREFOX_API));
    hosts
}

fn answer(req: &Request) -> Response {
    let date = httpdate::fmt_http_date(SystemTime::now());
    let r = match req.host.as_str() {
        "status.openai.com" => Response::json(
            r#"{"page":{"id":"x","name":"OpenAI"},"status":{"indicator":"none","description":"All Systems Operational"}}"#,
        ),
        "versionhistory.googleapis.com" => Response::json(
            r#"{"versions":[{"name":"chrome/platforms/linux/channels/stable/versions/157.0.7390.54","version":"157.0.7390.54"}],"nextPageToken":""}"#,
        ),
        "product-details.mozilla.org" => Response::json(
            r#"{"LATEST_FIREFOX_VERSION":"161.0","FIREFOX_ESR":"153.7.0esr","FIREFOX_NIGHTLY":"163.0a1"}"#,
        ),
        _ => Response::html("<!doctype html><title>bench</title>").header("Server", "cloudflare"),
    };
    r.header("Date", &date)
}

fn main() {
    let mut ca_out = None;
    let mut seconds = 300u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ca-out" => ca_out = args.next(),
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(300),
            _ => {
                eprintln!("usage: bench-server --ca-out FILE [--seconds N]");
                std::process::exit(2);
            }
        }
    }
    let Some(ca_out) = ca_out else {
        eprintln!("usage: bench-server --ca-out FILE [--seconds N]");
        std::process::exit(2)
    };
    let ca = TestCa::new("login-check benchmark CA");
    std::fs::write(&ca_out, &ca.cert_pem).expect("write the CA certificate");
    let server = https::serve_requests(&ca, &hosts(), answer);
    println!("{}", server.addr.port());
    std::io::stdout().flush().unwrap();
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(200));
    }
}
