//! Address ranges in configuration (`trusted_proxies`, `metrics_from`): an IP address or a
//! CIDR block, IPv4 or IPv6, parsed once at start-up and matched per request.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// One address (`10.0.0.7`, `::1`) or block (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

/// A range that does not parse: the text and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IP address or CIDR block: {0:?}")]
pub struct BadRange(pub String);

impl IpRange {
    /// Loopback, IPv4 and IPv6: the default for who may read `/metrics`.
    pub fn loopback() -> Vec<IpRange> {
        vec![
            IpRange { base: IpAddr::from([127, 0, 0, 0]), prefix: 8 },
            IpRange { base: IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]), prefix: 128 },
        ]
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is that IPv4 address.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.base, ip) {
            (IpAddr::V4(b), IpAddr::V4(a)) => prefix_eq(&b.octets(), &a.octets(), self.prefix),
            (IpAddr::V6(b), IpAddr::V6(a)) => prefix_eq(&b.octets(), &a.octets(), self.prefix),
            _ => false,
        }
    }

    /// Whether any of `ranges` holds `ip`.
    pub fn any_contains(ranges: &[IpRange], ip: IpAddr) -> bool {
        ranges.iter().any(|r| r.contains(ip))
    }

    /// A comma- or whitespace-separated list (the form environment variables take).
    pub fn parse_list(text: &str) -> Result<Vec<IpRange>, BadRange> {
        text.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::parse).collect()
    }
}

/// Whether the first `prefix` bits of `a` and `b` agree.
fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let bits = usize::from(prefix);
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[whole] & mask) == (b[whole] & mask)
}

impl FromStr for IpRange {
    type Err = BadRange;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadRange(s.to_string());
        let t = s.trim();
        let (addr, prefix) = match t.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().map_err(|_| bad())?)),
            None => (t, None),
        };
        let base: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(bad());
        }
        Ok(IpRange { base, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_blocks() {
        let r: IpRange = "10.1.0.0/16".parse().unwrap();
        assert!(r.contains(ip("10.1.255.3")));
        assert!(!r.contains(ip("10.2.0.1")));
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let odd: IpRange = "172.16.0.0/12".parse().unwrap();
        assert!(odd.contains(ip("172.31.9.9")) && !odd.contains(ip("172.32.0.1")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(one.contains(ip("::ffff:192.0.2.7")), "IPv4-mapped IPv6 is the IPv4 address");
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.1")) && !all.contains(ip("::2")));
    }

    #[test]
    fn lists_and_mistakes() {
        let l = IpRange::parse_list("127.0.0.1, 10.0.0.0/8 ::1").unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(l[1].to_string(), "10.0.0.0/8");
        for bad in ["10.0.0.0/33", "example.org", "10.0.0.1/", "::1/129", "1.2.3"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
        assert!(IpRange::any_contains(&IpRange::loopback(), ip("127.0.0.1")));
        assert!(IpRange::any_contains(&IpRange::loopback(), ip("::1")));
    }
}
