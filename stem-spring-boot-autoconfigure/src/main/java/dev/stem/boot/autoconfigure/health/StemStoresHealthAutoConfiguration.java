package dev.stem.boot.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.stem.backend.ResultBackend;
import dev.stem.boot.autoconfigure.observability.StemObservabilityAutoConfiguration;
import dev.stem.boot.health.BrokerReadiness;
import dev.stem.boot.health.StemBackendHealthIndicator;
import dev.stem.boot.health.StemBrokerHealthIndicator;
import dev.stem.broker.QueueMonitor;

/// The `stemBroker` and `stemBackend` health indicators (switch them off with
/// `management.health.stembroker.enabled=false` / `management.health.stembackend.enabled=false`),
/// and readiness that goes down while the broker is unreachable.
@AutoConfiguration(after = StemObservabilityAutoConfiguration.class, afterName =
        "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(QueueMonitor.class)
public final class StemStoresHealthAutoConfiguration {

    StemStoresHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("stembroker")
    @ConditionalOnMissingBean(name = "stemBrokerHealthIndicator")
    StemBrokerHealthIndicator stemBrokerHealthIndicator(QueueMonitor monitor) {
        return new StemBrokerHealthIndicator(monitor);
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("stembackend")
    @ConditionalOnBean(ResultBackend.class)
    @ConditionalOnMissingBean(name = "stemBackendHealthIndicator")
    StemBackendHealthIndicator stemBackendHealthIndicator(ResultBackend backend) {
        return new StemBackendHealthIndicator(backend);
    }

    @Bean
    @ConditionalOnBean(ApplicationAvailability.class)
    @ConditionalOnMissingBean
    BrokerReadiness stemBrokerReadiness(QueueMonitor monitor, ApplicationEventPublisher publisher,
            ApplicationAvailability availability) {
        return new BrokerReadiness(monitor, publisher, availability);
    }
}
