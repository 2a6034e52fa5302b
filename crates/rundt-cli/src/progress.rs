//! Progress of long command-line work: the time left at the pace so far.

use std::time::Duration;

/// The time left at the pace so far, in whole seconds.
pub fn estimate_left(elapsed: Duration, done: u64, total: u64) -> Duration {
    if done == 0 {
        return Duration::ZERO;
    }
    let secs = elapsed.as_secs_f64() / done as f64 * total.saturating_sub(done) as f64;
    Duration::from_secs(secs.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_left_follows_the_pace_so_far() {
        assert_eq!(
            estimate_left(Duration::from_secs(10), 1, 4),
            Duration::from_secs(30)
        );
        assert_eq!(estimate_left(Duration::from_secs(10), 0, 4), Duration::ZERO);
        assert_eq!(estimate_left(Duration::from_secs(10), 5, 4), Duration::ZERO);
    }
}
