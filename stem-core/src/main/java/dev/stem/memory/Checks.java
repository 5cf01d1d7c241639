package dev.stem.memory;

import java.time.Duration;

/// Argument checks shared by the in-memory adapters; each error names the field and its value.
final class Checks {

    private Checks() {
    }

    /// Returns `value` if it is longer than zero, else throws naming `field`.
    static Duration requirePositive(String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    /// Returns `value` if it is zero or more, else throws naming `field`.
    static int requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }
}
