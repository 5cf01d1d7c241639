package dev.stem.control;

import java.time.Duration;
import java.util.Locale;

/// A token bucket: at most `permits` per `period`, with bursts up to `permits`.
///
/// @param permits tokens added per period, also the bucket capacity
/// @param period refill period
public record RateLimit(int permits, Duration period) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be at least 1, was " + permits);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate limit period must be positive, was " + period);
        }
    }

    /// Parses `"<n>/s"`, `"<n>/m"` or `"<n>/h"` (as in Celery's `rate_limit`).
    public static RateLimit parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("rate limit '" + text + "' must look like 10/s, 100/m or 1000/h");
        }
        int permits;
        try {
            permits = Integer.parseInt(parts[0].trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("rate limit '" + text + "' must start with a whole number", ex);
        }
        Duration period = switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException(
                    "rate limit '" + text + "' must end in /s, /m or /h");
        };
        return new RateLimit(permits, period);
    }
}
