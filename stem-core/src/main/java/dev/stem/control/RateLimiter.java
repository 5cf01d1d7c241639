package dev.stem.control;

/// A token bucket per key, shared by every worker on the same store.
///
/// Promises: over any window, no more permits are granted for a key than the bucket's capacity
/// plus its refill; refills are computed from the store's clock, not the caller's.
public interface RateLimiter {

    /// Takes one permit for `key` from a bucket of `limit`, or says how long to wait.
    RateLimitDecision tryAcquire(String key, RateLimit limit);
}
