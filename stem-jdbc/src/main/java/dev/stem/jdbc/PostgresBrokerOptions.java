package dev.stem.jdbc;

import java.time.Duration;

/// Tuning of a [PostgresBroker].
///
/// @param pollInterval longest time an idle fetch waits before it queries again without a
///        notification; the poll fallback is always on, so a lost `NOTIFY` (or a message whose eta
///        just passed) delays delivery by at most this much
/// @param reapInterval how often, at most, a fetch first returns expired leases to the ready state
/// @param listen whether to `LISTEN` for publishes on a dedicated connection; when `false`, idle
///        fetches rely on polling alone (for poolers that do not support `LISTEN`)
public record PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen) {

    /// Poll every 500 ms, reap every 250 ms, listen for notifications.
    public static final PostgresBrokerOptions DEFAULTS =
            new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(250), true);

    public PostgresBrokerOptions {
        requirePositive("pollInterval", pollInterval);
        requirePositive("reapInterval", reapInterval);
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + field + " '" + value + "': must be positive");
        }
    }
}
