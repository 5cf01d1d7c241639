package dev.stem.retry;

import java.time.Duration;

/// How long to wait before the next attempt.
@FunctionalInterface
public interface BackOff {

    /// The delay before retry number `retry` (1 for the first retry).
    Duration delay(int retry);
}
