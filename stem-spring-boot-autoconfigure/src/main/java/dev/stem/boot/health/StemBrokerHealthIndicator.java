package dev.stem.boot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.stem.broker.QueueMonitor;

/// Reports the broker from the [QueueMonitor]'s last reading (no query per health check): `UP`
/// while the last reading reached it, `DOWN` with the error while it fails. Details: queues read,
/// when, and the error.
public class StemBrokerHealthIndicator extends AbstractHealthIndicator {

    private final QueueMonitor monitor;

    public StemBrokerHealthIndicator(QueueMonitor monitor) {
        super("Stem broker health check failed");
        this.monitor = monitor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        QueueMonitor.Snapshot snapshot = this.monitor.snapshot();
        (snapshot.brokerReachable() ? builder.up() : builder.down())
                .withDetail("queues", snapshot.queues().size())
                .withDetail("readAt", snapshot.readAt().toString());
        if (snapshot.error() != null) {
            builder.withDetail("error", snapshot.error());
        }
    }
}
