package dev.stem.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/// `initial * multiplier^(retry-1)`, capped at `max`, with "full jitter" of the given fraction: the
/// delay is drawn uniformly from `[d * (1 - jitter), d]` so that retries of many tasks that failed
/// together spread out instead of returning at once.
///
/// @param initial delay before the first retry
/// @param multiplier growth per retry, at least 1
/// @param max largest delay
/// @param jitter fraction of the delay that is randomised, from 0 (none) to 1
public record ExponentialBackOff(Duration initial, double multiplier, Duration max, double jitter) implements BackOff {

    /// 1 s, doubling, at most 10 min, 50% jitter.
    public static final ExponentialBackOff DEFAULT =
            new ExponentialBackOff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10), 0.5);

    public ExponentialBackOff {
        if (initial.isNegative()) {
            throw new IllegalArgumentException("backoff initial delay must not be negative, was " + initial);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " is below the initial delay " + initial);
        }
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("backoff jitter must be between 0 and 1, was " + jitter);
        }
    }

    @Override
    public Duration delay(int retry) {
        double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, retry - 1));
        double capped = Math.min(millis, this.max.toMillis());
        double low = capped * (1.0 - this.jitter);
        double drawn = (this.jitter == 0.0 || capped <= low) ? capped
                : ThreadLocalRandom.current().nextDouble(low, capped);
        return Duration.ofMillis(Math.round(drawn));
    }
}
