//! Who sent a request: the client's address and whether it came over https. The socket's
//! peer is the client unless it is one of the configured `trusted_proxies`; only then are
//! `X-Forwarded-For` (read right to left, skipping further trusted hops) and
//! `X-Forwarded-Proto` believed. Anyone else can write those headers, so from anyone else
//! they are ignored (issue 12: a changed `X-Forwarded-For` bought unlimited login guesses).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use hoshin_app::net::IpRange;
use hoshin_app::App;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The resolved client of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    /// `None` when the server was started without connection info (in-process tests).
    pub ip: Option<IpAddr>,
    /// The request reached us over https (a trusted proxy says so).
    pub https: bool,
    /// The request came through one of the trusted proxies.
    pub proxied: bool,
}

impl Client {
    /// The key the login throttle counts failures under.
    pub fn key(&self) -> String {
        self.ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
    }
}

/// Resolves the client from the socket peer and the request's headers.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpRange]) -> Client {
    let Some(peer) = peer else { return Client { ip: None, https: false, proxied: false } };
    if !IpRange::any_contains(trusted, peer) {
        return Client { ip: Some(peer), https: false, proxied: false };
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // The nearest hop a trusted proxy did not add is the client; an unreadable hop ends the
    // walk at the last address a trusted proxy vouched for.
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !IpRange::any_contains(trusted, ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    Client { ip: Some(client), https, proxied: true }
}

/// The socket peer, when the server records it.
pub fn peer(parts: &Parts) -> Option<IpAddr> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

impl FromRequestParts<App> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        Ok(resolve(peer(parts), &parts.headers, &app.trusted_proxies))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(xff: &[&str], proto: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        if let Some(p) = proto {
            h.insert("x-forwarded-proto", HeaderValue::from_str(p).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted = IpRange::parse_list("10.0.0.1, 10.9.0.0/16").unwrap();
        let h = headers(&["198.51.100.9"], Some("https"));
        let direct = resolve(Some(ip("203.0.113.5")), &h, &trusted);
        assert_eq!(direct, Client { ip: Some(ip("203.0.113.5")), https: false, proxied: false });
        let via = resolve(Some(ip("10.0.0.1")), &h, &trusted);
        assert_eq!(via, Client { ip: Some(ip("198.51.100.9")), https: true, proxied: true });
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let trusted = IpRange::parse_list("10.0.0.1, 10.9.0.0/16").unwrap();
        // The client forged the first entry; the proxies appended the real one and themselves.
        let h = headers(&["1.1.1.1, 198.51.100.9", "10.9.3.3"], None);
        assert_eq!(resolve(Some(ip("10.0.0.1")), &h, &trusted).ip, Some(ip("198.51.100.9")));
        // Garbage ends the walk at the last vouched-for address.
        let h = headers(&["junk, 10.9.3.3"], None);
        assert_eq!(resolve(Some(ip("10.0.0.1")), &h, &trusted).ip, Some(ip("10.9.3.3")));
        // No header: the proxy itself.
        assert_eq!(resolve(Some(ip("10.0.0.1")), &HeaderMap::new(), &trusted).ip, Some(ip("10.0.0.1")));
        assert_eq!(resolve(None, &h, &trusted).key(), "unknown");
    }
}
