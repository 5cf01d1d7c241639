package dev.stem.control;

import java.time.Duration;

/// The answer of a [RateLimiter].
///
/// @param granted whether a permit was taken
/// @param retryAfter when not granted, how long until a permit is expected; zero when granted
public record RateLimitDecision(boolean granted, Duration retryAfter) {

    /// A granted permit.
    public static RateLimitDecision grant() {
        return new RateLimitDecision(true, Duration.ZERO);
    }

    /// A refusal, with the expected wait.
    public static RateLimitDecision deny(Duration retryAfter) {
        return new RateLimitDecision(false, retryAfter);
    }
}
