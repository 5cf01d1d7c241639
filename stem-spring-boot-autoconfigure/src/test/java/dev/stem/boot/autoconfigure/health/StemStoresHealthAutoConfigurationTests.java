package dev.stem.boot.autoconfigure.health;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.health.StemHealthContributorAutoConfigurationTests.FlakyBroker;
import dev.stem.boot.autoconfigure.health.StemHealthContributorAutoConfigurationTests.FlakyBrokerConfiguration;
import dev.stem.boot.autoconfigure.observability.StemObservabilityAutoConfiguration;
import dev.stem.boot.health.StemBackendHealthIndicator;
import dev.stem.boot.health.StemBrokerHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The broker and backend indicators, and readiness that goes down while the broker cannot be read
/// and comes back when it can.
class StemStoresHealthAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemObservabilityAutoConfiguration.class, StemStoresHealthAutoConfiguration.class))
            .withPropertyValues("stem.worker.fetch-wait=50ms", "stem.observability.queues.poll-interval=100ms");

    @Test
    void theBrokerAndTheBackendAreUp() {
        this.contextRunner.run(context -> {
            await().untilAsserted(() -> assertThat(context.getBean(StemBrokerHealthIndicator.class).health()
                    .getStatus()).isEqualTo(Status.UP));
            assertThat(context.getBean(StemBackendHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void readinessGoesDownWhileTheBrokerCannotBeReadAndComesBack() {
        this.contextRunner.withUserConfiguration(FlakyBrokerConfiguration.class, Availability.class).run(context -> {
                    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                    AtomicBoolean down = context.getBean(FlakyBroker.class).down;
                    StemBrokerHealthIndicator broker = context.getBean(StemBrokerHealthIndicator.class);

                    down.set(true);
                    await().until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
                    assertThat(broker.health().getStatus()).isEqualTo(Status.DOWN);

                    down.set(false);
                    await().until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
                    assertThat(broker.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Availability {

        @Bean
        ApplicationAvailabilityBean applicationAvailability() {
            return new ApplicationAvailabilityBean();
        }
    }
}
