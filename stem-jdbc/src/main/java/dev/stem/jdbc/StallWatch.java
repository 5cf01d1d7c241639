package dev.stem.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/// Remembers when the database last stalled for one broker, so that its reaper lets the holders
/// of leases extend them first.
///
/// A stall is a claim, reap or lease extension that failed because the database was unreachable
/// or cancelled it by its timeout, or that took longer than a quarter of the lease it works with
/// (it waited behind a table lock, a server that did not answer, a restart). While a stall blocks
/// this broker's statements it blocks the holders' lease extensions as well, so the leases that
/// lapsed meanwhile may belong to workers that are alive and only could not extend them. After a
/// stall the reaper therefore waits one more lease ([#reapingHeld()]), in which a live holder
/// (which extends every third of its lease) has extended its leases again.
final class StallWatch {

    private final AtomicLong reapingHeldUntil = new AtomicLong(System.nanoTime());

    private final PostgresFailures failures;

    StallWatch(PostgresFailures failures) {
        this.failures = failures;
    }

    /// The longest a statement working with `lease` may take without counting as a stall.
    static Duration threshold(Duration lease) {
        return lease.dividedBy(4);
    }

    /// Runs `statement`, working with leases of `lease`, and records a stall when it failed as
    /// unreachable or timed out, or took longer than [#threshold(Duration)].
    <T> T watch(Duration lease, Supplier<T> statement) {
        long started = System.nanoTime();
        T result;
        try {
            result = statement.get();
        }
        catch (RuntimeException ex) {
            if (this.failures.isUnavailable(ex)) {
                stalled(lease);
            }
            throw ex;
        }
        if (System.nanoTime() - started > threshold(lease).toNanos()) {
            stalled(lease);
        }
        return result;
    }

    /// Whether the reaper should wait: a stall ended less than its lease ago.
    boolean reapingHeld() {
        return System.nanoTime() - this.reapingHeldUntil.get() < 0;
    }

    private void stalled(Duration lease) {
        long until = System.nanoTime() + lease.toNanos();
        this.reapingHeldUntil.accumulateAndGet(until, (current, next) -> next - current > 0 ? next : current);
    }
}
