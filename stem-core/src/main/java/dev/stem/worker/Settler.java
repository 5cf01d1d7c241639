package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/// Performs the write that settles a message (ack, retry, dead-letter, result store), retrying it
/// while the store is unreachable until the message's lease runs out. A write that still fails is
/// given up: the lease then lapses and the message is delivered again, so nothing is lost.
final class Settler {

    private static final Logger log = LoggerFactory.getLogger(Settler.class);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final Clock clock;

    Settler(Clock clock) {
        this.clock = clock;
    }

    /// Runs `write` until it returns without an exception or `deadline` passes; returns its answer,
    /// or `false` when it never succeeded.
    boolean settle(String what, Instant deadline, BooleanSupplier write) {
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return write.getAsBoolean();
            }
            catch (RuntimeException ex) {
                if (!this.clock.instant().plus(pause).isBefore(deadline)) {
                    log.error("Giving up on {} after the lease ran out; the message will be delivered again", what, ex);
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
