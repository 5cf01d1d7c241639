package dev.stem.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/// Lets an occasional task (reaping leases, deleting expired rows) run at most once per interval
/// across the threads of one adapter; the first call is allowed at once.
final class Throttle {

    private final long intervalNanos;

    private final AtomicLong next = new AtomicLong(System.nanoTime());

    Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /// Whether the caller may run the task now; at most one caller per interval gets `true`.
    boolean tryAcquire() {
        long now = System.nanoTime();
        long due = this.next.get();
        return now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos);
    }
}
