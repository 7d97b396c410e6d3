//! The one place a request's client address is read: the sign-in throttle and the code
//! throttle take a [`ClientAddress`], never the TCP peer. Behind trusted proxies
//! (`CHORUS_TRUSTED_PROXIES`, registered as app data) it is the address their
//! `X-Forwarded-For` names; from anyone else the header is ignored
//! (`domain::TrustedProxies::client`).

use crate::domain::TrustedProxies;
use crate::web::error::AppError;
use actix_web::dev::Payload;
use actix_web::http::header::HeaderName;
use actix_web::{FromRequest, HttpRequest};
use std::fmt;
use std::future::{ready, Ready};
use std::net::IpAddr;

/// The header proxies append the address they were connected from to.
pub const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// Who sent a request, as far as the service can tell: the TCP peer, or the client a trusted
/// proxy forwarded for. Its text (`Display`) is what the throttle tables store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(Option<IpAddr>);

impl ClientAddress {
    /// The client address of `req`. Without a TCP peer (requests built in unit tests only)
    /// it is unknown, and such requests share one throttle.
    pub fn of(req: &HttpRequest) -> ClientAddress {
        let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
            return ClientAddress(None);
        };
        let Some(trusted) = req.app_data::<TrustedProxies>().filter(|t| !t.is_empty()) else {
            return ClientAddress(Some(peer));
        };
        let forwarded_for = req
            .headers()
            .get_all(X_FORWARDED_FOR)
            .map(|v| v.to_str().unwrap_or(""));
        ClientAddress(Some(trusted.client(peer, forwarded_for)))
    }
}

impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(address) => address.fmt(f),
            None => f.write_str("unknown"),
        }
    }
}

impl FromRequest for ClientAddress {
    type Error = AppError;
    type Future = Ready<Result<ClientAddress, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientAddress::of(req)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_header_counts_only_from_a_trusted_peer() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let from = |peer: &str, xff: &str, proxies: &TrustedProxies| {
            TestRequest::default()
                .peer_addr(format!("{peer}:4000").parse().unwrap())
                .insert_header((X_FORWARDED_FOR, xff))
                .app_data(proxies.clone())
                .to_http_request()
        };
        let client = |req: &HttpRequest| ClientAddress::of(req).to_string();
        assert_eq!(
            client(&from("10.0.0.1", "203.0.113.7", &trusted)),
            "203.0.113.7"
        );
        assert_eq!(
            client(&from("198.51.100.2", "203.0.113.7", &trusted)),
            "198.51.100.2"
        );
        let nobody = TrustedProxies::default();
        assert_eq!(
            client(&from("10.0.0.1", "203.0.113.7", &nobody)),
            "10.0.0.1"
        );
        // A header that is not text is no address: the trusted proxy is the client.
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .insert_header((
                X_FORWARDED_FOR,
                actix_web::http::header::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
            ))
            .app_data(trusted)
            .to_http_request();
        assert_eq!(client(&req), "10.0.0.1");
        assert_eq!(client(&TestRequest::default().to_http_request()), "unknown");
    }
}
