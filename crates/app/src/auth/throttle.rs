//! An in-memory login throttle: after `max_failures` failures within `window`, a key (a
//! client address) is refused for `lockout`. Memory is bounded: stale entries are dropped
//! and the map never holds more than [`Throttle::MAX_KEYS`] keys.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

#[derive(Debug)]
pub struct Throttle {
    max_failures: u32,
    window: Duration,
    lockout: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Throttle {
    pub const MAX_KEYS: usize = 100_000;

    pub fn new(max_failures: u32, window: Duration, lockout: Duration) -> Self {
        Self { max_failures: max_failures.max(1), window, lockout, entries: Mutex::new(HashMap::new()) }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(wait)` while `key` is locked out.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        match self.map().get(key).and_then(|e| e.locked_until) {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    pub fn failure(&self, key: &str, now: Instant) {
        let mut map = self.map();
        if map.len() >= Self::MAX_KEYS && !map.contains_key(key) {
            let window = self.window;
            map.retain(|_, e| now.duration_since(e.first) < window || e.locked_until.is_some_and(|u| u > now));
            if map.len() >= Self::MAX_KEYS {
                if let Some(oldest) = map.iter().min_by_key(|(_, e)| e.first).map(|(k, _)| k.clone()) {
                    map.remove(&oldest);
                }
            }
        }
        let e = map.entry(key.to_string()).or_insert(Entry { failures: 0, first: now, locked_until: None });
        if now.duration_since(e.first) >= self.window && e.locked_until.is_none_or(|u| u <= now) {
            *e = Entry { failures: 0, first: now, locked_until: None };
        }
        e.failures += 1;
        if e.failures >= self.max_failures {
            e.locked_until = Some(now + self.lockout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_repeated_failures_and_recovers() {
        let t = Throttle::new(3, Duration::from_secs(60), Duration::from_secs(300));
        let t0 = Instant::now();
        for i in 0..2 {
            t.failure("10.0.0.1", t0 + Duration::from_secs(i));
        }
        assert!(t.check("10.0.0.1", t0 + Duration::from_secs(3)).is_ok());
        t.failure("10.0.0.1", t0 + Duration::from_secs(3));
        let wait = t.check("10.0.0.1", t0 + Duration::from_secs(4)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(299));
        assert!(t.check("10.0.0.2", t0 + Duration::from_secs(4)).is_ok());
        assert!(t.check("10.0.0.1", t0 + Duration::from_secs(304)).is_ok());
    }

    #[test]
    fn failures_outside_the_window_do_not_add_up() {
        let t = Throttle::new(3, Duration::from_secs(60), Duration::from_secs(300));
        let t0 = Instant::now();
        t.failure("k", t0);
        t.failure("k", t0 + Duration::from_secs(10));
        t.failure("k", t0 + Duration::from_secs(100));
        assert!(t.check("k", t0 + Duration::from_secs(101)).is_ok());
    }
}
