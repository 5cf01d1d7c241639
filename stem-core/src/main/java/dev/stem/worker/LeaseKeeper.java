package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.Broker;

/// Extends the leases of running tasks so that long tasks are not delivered to another worker
/// while they still run. Run it at a fraction of the lease (a third by default). Messages whose
/// handler has finished are left alone: they are being acked, and an extension racing the ack
/// would only report a lost lease that is not lost.
final class LeaseKeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Broker broker;

    private final Collection<InFlightTask> running;

    private final Duration lease;

    private final Clock clock;

    LeaseKeeper(Broker broker, Collection<InFlightTask> running, Duration lease, Clock clock) {
        this.broker = broker;
        this.running = running;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public void run() {
        for (InFlightTask task : this.running) {
            if (task.isGivenBack() || task.isHandlerDone()) {
                continue;
            }
            try {
                if (this.broker.extendLease(task.delivery(), this.lease)) {
                    task.leaseExtendedTo(this.clock.instant().plus(this.lease));
                }
                else if (!task.isHandlerDone()) {
                    log.warn("Lost the lease of message {} (task '{}'); another worker may run it again",
                            task.delivery().id(), task.delivery().envelope().task());
                }
            }
            catch (RuntimeException ex) {
                log.warn("Could not extend the lease of message {}: {}", task.delivery().id(), ex.toString());
            }
        }
    }
}
