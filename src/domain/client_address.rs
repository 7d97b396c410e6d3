//! Whose request is this: the client's address behind the district's own proxies.
//!
//! The sign-in and code throttles count per client address. Behind a load balancer or reverse
//! proxy the TCP peer is the proxy, so every user would share one address and one limit. A
//! proxy says who it forwarded for in `X-Forwarded-For`, but anyone can send that header, so it
//! is read only from peers the operator named ([`TrustedProxies`], `CHORUS_TRUSTED_PROXIES`),
//! and only as far as the chain of trusted hops goes: each proxy appends the address it was
//! connected from, so the right-most entry that is not a trusted proxy is the first address no
//! trusted party could have made up. Everything left of it is whatever the client sent.

use super::ParseError;
use ipnet::IpNet;
use std::fmt;
use std::net::IpAddr;

/// The proxies whose `X-Forwarded-For` is believed: addresses and CIDR blocks, IPv4 or IPv6.
/// Empty (the default) believes no one, and the client is always the TCP peer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a list separated by commas or spaces, e.g. `10.0.0.0/8, 192.168.1.4, fd00::/8`.
    /// Each entry is an address (that one host) or a block in CIDR notation; anything else is
    /// refused with the entry named. An empty list trusts no proxy.
    pub fn parse(raw: &str) -> Result<TrustedProxies, ParseError> {
        raw.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .map(|net| net.trunc())
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        ParseError::new(format!(
                            "\"{entry}\" is not an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// Whether no proxy is trusted (the header is never read).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `address` is one of the trusted proxies. An IPv4 address written as IPv6
    /// (`::ffff:10.0.0.1`, as a dual-stack listener reports it) counts as the IPv4 address.
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address: the TCP `peer` when it is not a trusted proxy (its
    /// `X-Forwarded-For` is ignored); otherwise, walking the `forwarded_for` header values
    /// (every `X-Forwarded-For` line in order, each a comma-separated list) from the right,
    /// the first address that is not a trusted proxy. When every entry is trusted, the
    /// left-most of them; when an entry is not an address, the trusted hop that wrote it
    /// (no guess is made past a proxy that wrote nonsense).
    pub fn client<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let entries: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .collect();
        let mut nearest_trusted = peer;
        for entry in entries.iter().rev() {
            let Some(address) = parse_entry(entry) else {
                return nearest_trusted;
            };
            if !self.trusts(address) {
                return address;
            }
            nearest_trusted = address;
        }
        nearest_trusted
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nets: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&nets.join(", "))
    }
}

/// One `X-Forwarded-For` entry: an address, optionally with a port (`203.0.113.7:41234`,
/// `[2001:db8::1]:443`), as some proxies write it.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// An IPv4-mapped IPv6 address as its IPv4 address; anything else unchanged.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_addresses_and_blocks_and_names_a_bad_entry() {
        let t = TrustedProxies::parse(" 10.0.0.0/8, 192.168.1.4 fd00::/8,,").unwrap();
        assert!(t.trusts(ip("10.200.3.4")));
        assert!(t.trusts(ip("192.168.1.4")));
        assert!(!t.trusts(ip("192.168.1.5")));
        assert!(t.trusts(ip("fd12::1")));
        assert!(t.trusts(ip("::ffff:10.1.2.3")), "IPv4-mapped");
        assert_eq!(t.to_string(), "10.0.0.0/8, 192.168.1.4/32, fd00::/8");
        assert_eq!(
            TrustedProxies::parse("10.0.0.9/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        for bad in ["10.0.0.0/33", "proxy.example", "10.0.0", "10.0.0.1:80", "*"] {
            let err = TrustedProxies::parse(&format!("10.0.0.1, {bad}")).unwrap_err();
            assert!(err.to_string().contains(&format!("\"{bad}\"")), "{err}");
        }
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            t.client(ip("203.0.113.9"), ["198.51.100.1"]),
            ip("203.0.113.9")
        );
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("10.0.0.1"), ["198.51.100.1"]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn a_trusted_peer_names_the_right_most_untrusted_address() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client forged a first entry; the proxies appended what they saw.
        assert_eq!(
            t.client(ip("10.0.0.2"), ["1.2.3.4, 203.0.113.7, 10.0.0.1"]),
            ip("203.0.113.7")
        );
        // Several header lines are one list, in order.
        assert_eq!(
            t.client(ip("10.0.0.2"), ["1.2.3.4", "203.0.113.7 , 10.0.0.1"]),
            ip("203.0.113.7")
        );
        // Ports and IPv4-mapped addresses.
        assert_eq!(
            t.client(ip("::ffff:10.0.0.2"), ["203.0.113.7:5555"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            t.client(ip("10.0.0.2"), ["[2001:db8::1]:443"]),
            ip("2001:db8::1")
        );
        // No header: the proxy itself (a health check); every entry trusted: the left-most.
        assert_eq!(t.client(ip("10.0.0.2"), []), ip("10.0.0.2"));
        assert_eq!(
            t.client(ip("10.0.0.2"), ["10.0.0.5, 10.0.0.1"]),
            ip("10.0.0.5")
        );
        // Nonsense written by (or reaching) a trusted hop stops the walk at that hop.
        assert_eq!(
            t.client(ip("10.0.0.2"), ["203.0.113.7, unknown, 10.0.0.1"]),
            ip("10.0.0.1")
        );
        assert_eq!(t.client(ip("10.0.0.2"), [""]), ip("10.0.0.2"));
    }
}
