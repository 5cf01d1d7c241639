package dev.stem.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/// The time limit of one scenario run. Every wait of a scenario goes through it, so a run that
/// stalls fails with [ScenarioTimeoutException] naming what it waited for instead of hanging.
public final class Deadline {

    private final long endNanos;

    private final Duration limit;

    private Deadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    /// A deadline `limit` from now.
    public static Deadline in(Duration limit) {
        return new Deadline(limit);
    }

    /// Time left, zero once passed.
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, this.endNanos - System.nanoTime()));
    }

    /// Fails when the deadline has passed.
    public void check(String what) {
        if (System.nanoTime() - this.endNanos >= 0) {
            throw new ScenarioTimeoutException("Timed out after " + this.limit.toSeconds() + " s " + what);
        }
    }

    /// Polls `condition` every `poll` until it holds; fails when the deadline passes first.
    public void await(String what, Duration poll, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            check(what);
            Thread.sleep(poll);
        }
    }
}
