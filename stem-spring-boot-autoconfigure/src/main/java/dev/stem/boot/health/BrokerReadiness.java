package dev.stem.boot.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import dev.stem.broker.QueueMonitor;

/// Puts the application's readiness down (`REFUSING_TRAFFIC`) while the [QueueMonitor] cannot reach
/// the broker, and back up once it can, after each reading. It only lifts a refusal it made
/// itself, so a draining application stays refusing.
public final class BrokerReadiness {

    private static final Logger log = LoggerFactory.getLogger(BrokerReadiness.class);

    private final ApplicationEventPublisher publisher;

    private final ApplicationAvailability availability;

    private boolean refused;

    /// Watches `monitor`'s readings.
    public BrokerReadiness(QueueMonitor monitor, ApplicationEventPublisher publisher,
            ApplicationAvailability availability) {
        this.publisher = publisher;
        this.availability = availability;
        monitor.addListener(this::update);
    }

    synchronized void update(QueueMonitor.Snapshot snapshot) {
        ReadinessState state = this.availability.getReadinessState();
        if (!snapshot.brokerReachable() && state != ReadinessState.REFUSING_TRAFFIC) {
            log.warn("Readiness down: the broker cannot be reached ({})", snapshot.error());
            this.refused = true;
            AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
        else if (snapshot.brokerReachable() && this.refused) {
            log.info("Readiness up: the broker answers again");
            this.refused = false;
            AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
