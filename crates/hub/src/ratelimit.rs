//! Request rate limits per user and per tenant: token buckets held in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::RateLimitConfig;
use crate::error::{HubError, Result};

/// Buckets beyond this many are pruned of the ones that have refilled.
const PRUNE_ABOVE: usize = 100_000;

/// Per-user and per-tenant token buckets.
pub struct RateLimiter {
    users: Buckets,
    tenants: Buckets,
}

impl RateLimiter {
    /// Limits as configured (a rate of 0 means unlimited).
    pub fn new(config: &RateLimitConfig) -> Self {
        Self {
            users: Buckets::new(config.user_per_second, config.user_burst),
            tenants: Buckets::new(config.tenant_per_second, config.tenant_burst),
        }
    }

    /// Takes one request from the user's and the tenant's buckets, or says how long to wait.
    pub fn check(&self, tenant: &str, subject: &str) -> Result<()> {
        let now = Instant::now();
        let user_key = format!("{tenant}\u{0}{subject}");
        self.users
            .take(&user_key, now)
            .map_err(|retry_after| HubError::RateLimited {
                scope: "user",
                retry_after,
            })?;
        self.tenants
            .take(tenant, now)
            .map_err(|retry_after| HubError::RateLimited {
                scope: "tenant",
                retry_after,
            })
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

struct Buckets {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Buckets {
    fn new(per_second: f64, burst: u32) -> Self {
        Self {
            per_second,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key` at `now`, or answers the wait until one is available.
    fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > PRUNE_ABOVE {
            let refill = Duration::from_secs_f64(self.burst / self.per_second);
            buckets.retain(|_, b| now.saturating_duration_since(b.updated) < refill);
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let buckets = Buckets::new(2.0, 3);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(buckets.take("u", start).is_ok());
        }
        let wait = buckets.take("u", start).expect_err("burst spent");
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        assert!(buckets.take("other", start).is_ok(), "keys are independent");
        assert!(
            buckets
                .take("u", start + Duration::from_millis(500))
                .is_ok()
        );
        assert!(
            buckets
                .take("u", start + Duration::from_millis(500))
                .is_err()
        );
    }

    #[test]
    fn a_zero_rate_is_unlimited() {
        let buckets = Buckets::new(0.0, 1);
        let now = Instant::now();
        assert!((0..1000).all(|_| buckets.take("u", now).is_ok()));
    }

    #[test]
    fn the_tenant_limit_applies_across_users() {
        let limiter = RateLimiter::new(&RateLimitConfig {
            user_per_second: 1.0,
            user_burst: 2,
            tenant_per_second: 1.0,
            tenant_burst: 3,
        });
        assert!(limiter.check("acme", "a").is_ok());
        assert!(limiter.check("acme", "a").is_ok());
        let user = limiter.check("acme", "a").expect_err("user limit");
        assert!(matches!(user, HubError::RateLimited { scope: "user", .. }));
        assert!(limiter.check("acme", "b").is_ok());
        let tenant = limiter.check("acme", "c").expect_err("tenant limit");
        assert!(matches!(
            tenant,
            HubError::RateLimited {
                scope: "tenant",
                ..
            }
        ));
        assert!(limiter.check("globex", "a").is_ok());
    }
}
