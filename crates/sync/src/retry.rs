//! When to try a request again, and how long to wait: exponential backoff with full jitter on
//! timeouts, connection failures and 5xx; the hub's `Retry-After` when it gives one.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Retry limits.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// The first backoff's upper bound; each retry doubles it.
    pub base_delay: Duration,
    /// No wait is longer than this (a longer `Retry-After` is capped too).
    pub max_delay: Duration,
    /// One attempt's time limit.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry): `Retry-After` plus a little
    /// jitter when the hub sent one, else a uniformly random wait up to the doubled bound.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let jitter = |bound: Duration| {
            let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
            Duration::from_nanos(if nanos == 0 { 0 } else { random() % nanos })
        };
        match retry_after {
            Some(wait) => (wait + jitter(Duration::from_millis(100))).min(self.max_delay),
            None => {
                let bound = self
                    .base_delay
                    .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
                    .min(self.max_delay);
                jitter(bound)
            }
        }
    }
}

/// Parses `Retry-After` in seconds (the hub never sends an HTTP date).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
        };
        for _ in 0..100 {
            assert!(policy.delay(1, None) < Duration::from_millis(100));
            assert!(policy.delay(3, None) < Duration::from_millis(400));
            assert!(policy.delay(30, None) < Duration::from_secs(1));
        }
        let honoured = policy.delay(1, Some(Duration::from_millis(700)));
        assert!(honoured >= Duration::from_millis(700) && honoured < Duration::from_millis(800));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn retry_after_is_seconds() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "2".parse().expect("value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
    }
}
