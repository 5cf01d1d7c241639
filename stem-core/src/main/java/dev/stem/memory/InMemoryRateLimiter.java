package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.RateLimiter;
import dev.stem.envelope.Names;

/// A [RateLimiter] in this JVM's memory: one token bucket per key, refilled continuously at
/// `permits` per `period` up to a capacity of `permits`, by the given clock.
///
/// The bucket of a key is shaped by the limit of each call, so a changed limit applies at once.
/// A bucket left alone for a whole period is full again and is forgotten, which keeps memory bounded
/// by the keys used within the last period. Thread-safe.
public final class InMemoryRateLimiter implements RateLimiter {

    private final Clock clock;

    private final ExpiringMap<String, Bucket> buckets = new ExpiringMap<>();

    /// A rate limiter on the system UTC clock.
    public InMemoryRateLimiter() {
        this(Clock.systemUTC());
    }

    /// A rate limiter that reads time from `clock`.
    public InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Names.requireKey("rate limit key", key);
        Instant now = this.clock.instant();
        Bucket stored = this.buckets.get(key, now);
        double tokens = (stored != null) ? stored.refilled(limit, now) : limit.permits();
        RateLimitDecision decision;
        if (tokens >= 1) {
            tokens -= 1;
            decision = RateLimitDecision.grant();
        }
        else {
            decision = RateLimitDecision.deny(waitFor(limit, 1 - tokens));
        }
        this.buckets.put(key, new Bucket(tokens, now), now.plus(limit.period()), now);
        return decision;
    }

    private static Duration waitFor(RateLimit limit, double missingTokens) {
        double nanos = missingTokens * limit.period().toNanos() / limit.permits();
        return Duration.ofNanos(Math.max(1, (long) Math.ceil(nanos)));
    }

    private record Bucket(double tokens, Instant updatedAt) {

        double refilled(RateLimit limit, Instant now) {
            long elapsed = Math.max(0, Duration.between(this.updatedAt, now).toNanos());
            double added = (double) elapsed * limit.permits() / limit.period().toNanos();
            return Math.min(limit.permits(), this.tokens + added);
        }
    }
}
