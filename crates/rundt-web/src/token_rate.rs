//! Each API token's rate (issue 18): a token that sends more than its
//! quota is answered `429 Too Many Requests` with `Retry-After`, so that
//! one runaway script cannot take the server from everybody else. Kept in
//! memory per app server (GCRA, the `governor` crate): with several app
//! servers behind a balancer a token may send each server's quota.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use rundt_app::AppError;

/// Requests a minute one token may send by default.
pub const DEFAULT_PER_MINUTE: u32 = 600;

/// A token's quota: a sustained rate and the burst it may send at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRate {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl TokenRate {
    /// `per_minute` requests a minute, a fifth of them at once; `None`
    /// for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new((per_minute / 5).max(1))?;
        Some(Self {
            per_minute: rate,
            burst,
        })
    }
}

impl Default for TokenRate {
    fn default() -> Self {
        Self {
            per_minute: NonZeroU32::new(DEFAULT_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(DEFAULT_PER_MINUTE / 5).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// The rate of every token this server has seen.
pub struct TokenLimiter {
    limiter: Option<DefaultKeyedRateLimiter<i64>>,
    clock: DefaultClock,
}

impl TokenLimiter {
    /// A limiter with `rate` for each token; `None`: no limit.
    pub fn new(rate: Option<TokenRate>) -> Self {
        Self {
            limiter: rate.map(|r| {
                governor::RateLimiter::keyed(Quota::per_minute(r.per_minute).allow_burst(r.burst))
            }),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request of token `token_id`; refused with the whole
    /// seconds to wait (at least one) when its quota is used up.
    pub fn check(&self, token_id: i64) -> Result<(), AppError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter.check_key(&token_id).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            AppError::RateLimited {
                retry_after_seconds: u32::try_from(seconds.max(1)).unwrap_or(u32::MAX),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_past_its_burst_waits_and_another_token_does_not() {
        let limiter = TokenLimiter::new(TokenRate::per_minute(10));
        // 10 a minute: a burst of 2, then one every 6 seconds.
        assert!(limiter.check(1).is_ok());
        assert!(limiter.check(1).is_ok());
        match limiter.check(1) {
            Err(AppError::RateLimited {
                retry_after_seconds,
            }) => assert!((1..=6).contains(&retry_after_seconds)),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(limiter.check(2).is_ok());
    }

    #[test]
    fn no_rate_is_no_limit() {
        assert_eq!(TokenRate::per_minute(0), None);
        let limiter = TokenLimiter::new(None);
        for _ in 0..1000 {
            assert!(limiter.check(1).is_ok());
        }
    }
}
