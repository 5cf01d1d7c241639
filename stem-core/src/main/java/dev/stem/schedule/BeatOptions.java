package dev.stem.schedule;

import java.time.Duration;
import java.util.Objects;

/// How a [Beat] runs.
///
/// @param pollInterval pause between two passes over the due entries
/// @param missedAfter how late a tick may be and still count as on time: older due ticks are
///        missed and follow the entry's [MissedRunPolicy]
/// @param claimTtl how long a claimed tick stays claimed (see [TickPublisher]); longer than any
///        clock difference between beat instances
/// @param batchSize most due entries one pass reads
public record BeatOptions(Duration pollInterval, Duration missedAfter, Duration claimTtl, int batchSize) {

    /// 200 ms between passes, ticks missed after 10 s, claims kept 1 hour, 500 entries a pass.
    public static final BeatOptions DEFAULTS = new BeatOptions(Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofHours(1), 500);

    public BeatOptions {
        requirePositive("pollInterval", pollInterval);
        Objects.requireNonNull(missedAfter, "missedAfter");
        if (missedAfter.isNegative()) {
            throw new IllegalArgumentException("missedAfter must not be negative, was " + missedAfter);
        }
        requirePositive("claimTtl", claimTtl);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
    }
}
