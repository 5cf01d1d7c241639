package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.Broker;

/// Extends the leases of every message the worker holds, running or finished and waiting for its
/// result and ack, so that nothing this live worker still works on is delivered to another one.
/// Run it at a fraction of the lease (a third by default).
///
/// A refused extension marks the message's lease lost (settling it then stops retrying) unless the
/// message was settled meanwhile: an extension racing the ack says nothing.
final class LeaseKeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Broker broker;

    private final Collection<InFlightTask> held;

    private final Duration lease;

    private final Clock clock;

    LeaseKeeper(Broker broker, Collection<InFlightTask> held, Duration lease, Clock clock) {
        this.broker = broker;
        this.held = held;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public void run() {
        for (InFlightTask task : this.held) {
            if (task.isGivenBack() || task.isSettled() || task.isLeaseLost()) {
                continue;
            }
            try {
                if (this.broker.extendLease(task.delivery(), this.lease)) {
                    task.leaseExtendedTo(this.clock.instant().plus(this.lease));
                }
                else if (!task.isSettled()) {
                    task.markLeaseLost();
                    log.warn("Lost the lease of message {} (task '{}'); another worker may run it again",
                            task.delivery().id(), task.delivery().envelope().task());
                }
            }
            catch (Throwable ex) {
                log.warn("Could not extend the lease of message {}: {}", task.delivery().id(), ex.toString());
            }
        }
    }
}
