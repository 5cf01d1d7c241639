package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.backend.ResultRejectedException;

/// Performs the write that settles a message (ack, retry, dead-letter, result store), retrying it
/// while the store is unreachable.
///
/// A running worker keeps retrying as long as the message is still held (its lease is extended
/// meanwhile, see [LeaseKeeper]), so an outage of the result store alone reruns no finished task.
/// It stops when the store answers (a refusal included: the lease was lost), when the lease is
/// found lost, or, once the worker stops, at the deadline [#giveUpAt] sets; the message is then
/// delivered again after its lease, so nothing is lost. A [ResultRejectedException] is not retried
/// (the same write would fail the same way): it is thrown to the caller at once.
final class Settler {

    private static final Logger log = LoggerFactory.getLogger(Settler.class);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final Clock clock;

    private volatile Instant giveUpAt = Instant.MAX;

    Settler(Clock clock) {
        this.clock = clock;
    }

    /// Stops retrying at `deadline`: the worker is stopping and this is what is left of its shutdown timeout.
    void giveUpAt(Instant deadline) {
        this.giveUpAt = deadline;
    }

    /// Runs `write` until it returns without an exception, `stillHeld` turns `false` or the
    /// deadline of a stop passes; returns its answer, or `false` when it never succeeded.
    boolean settle(String what, BooleanSupplier stillHeld, BooleanSupplier write) {
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return write.getAsBoolean();
            }
            catch (ResultRejectedException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                if (!stillHeld.getAsBoolean()) {
                    log.error("Giving up on {}: the lease was lost meanwhile; the message may run again", what, ex);
                    return false;
                }
                if (!this.clock.instant().plus(pause).isBefore(this.giveUpAt)) {
                    log.error("Giving up on {} at shutdown; the message will be delivered again", what, ex);
                    return false;
                }
                log.warn("Could not {} ({}); retrying in {} ms", what, ex.toString(), pause.toMillis());
                try {
                    Thread.sleep(pause);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
