package dev.stem.boot.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.health.StemWorkerHealthIndicator;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;
import dev.stem.middleware.RepublishInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StemHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemHealthContributorAutoConfiguration.class))
            .withPropertyValues("stem.worker.fetch-wait=50ms");

    @Test
    void aRunningWorkerIsUp() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(StemWorkerHealthIndicator.class);
            await().untilAsserted(() -> assertThat(context.getBean(StemWorkerHealthIndicator.class).health()
                    .getStatus()).isEqualTo(Status.UP));
        });
    }

    @Test
    void aBrokerOutageTurnsTheWorkerDownAndItsRecoveryUpAgain() {
        this.contextRunner.withUserConfiguration(FlakyBrokerConfiguration.class).run(context -> {
            StemWorkerHealthIndicator indicator = context.getBean(StemWorkerHealthIndicator.class);
            AtomicBoolean down = context.getBean(FlakyBroker.class).down;

            down.set(true);
            await().untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN));
            assertThat(indicator.health().getDetails()).containsKey("lastFetchError");

            down.set(false);
            await().untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
        });
    }

    @Test
    void noIndicatorWithoutAWorker() {
        this.contextRunner.withPropertyValues("stem.worker.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(StemWorkerHealthIndicator.class));
    }

    @Test
    void noIndicatorWhenSwitchedOff() {
        this.contextRunner.withPropertyValues("management.health.stem.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(StemWorkerHealthIndicator.class));
    }

    @Test
    void noIndicatorWithoutActuatorHealth() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(StemWorkerHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class FlakyBrokerConfiguration {

        @Bean
        FlakyBroker flakyBroker() {
            return new FlakyBroker();
        }
    }

    /// An in-memory broker whose fetch fails while `down` is set, as a broker outage would.
    static class FlakyBroker implements Broker {

        final AtomicBoolean down = new AtomicBoolean();

        private final InMemoryBroker delegate = new InMemoryBroker();

        @Override
        public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
            if (this.down.get()) {
                throw new IllegalStateException("connection refused");
            }
            return this.delegate.fetch(request);
        }

        @Override
        public void publish(Envelope envelope) {
            this.delegate.publish(envelope);
        }

        @Override
        public void publishAll(List<Envelope> envelopes) {
            this.delegate.publishAll(envelopes);
        }

        @Override
        public boolean ack(Delivery delivery) {
            return this.delegate.ack(delivery);
        }

        @Override
        public boolean retry(Delivery delivery, Envelope next, Instant runAt) {
            return this.delegate.retry(delivery, next, runAt);
        }

        @Override
        public boolean deadLetter(Delivery delivery, DeadLetterReason reason) {
            return this.delegate.deadLetter(delivery, reason);
        }

        @Override
        public boolean release(Delivery delivery) {
            return this.delegate.release(delivery);
        }

        @Override
        public boolean extendLease(Delivery delivery, Duration lease) {
            return this.delegate.extendLease(delivery, lease);
        }

        @Override
        public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
            return this.delegate.deadLetters(queue, offset, limit);
        }

        @Override
        public Optional<DeadLetter> deadLetter(String queue, String messageId) {
            return this.delegate.deadLetter(queue, messageId);
        }

        @Override
        public int replayDeadLetters(String queue, Collection<String> messageIds, RepublishInterceptor republish) {
            return this.delegate.replayDeadLetters(queue, messageIds, republish);
        }

        @Override
        public long purgeDeadLetters(String queue) {
            return this.delegate.purgeDeadLetters(queue);
        }

        @Override
        public long purge(String queue) {
            return this.delegate.purge(queue);
        }

        @Override
        public QueueStats stats(String queue) {
            return this.delegate.stats(queue);
        }

        @Override
        public List<String> queues() {
            if (this.down.get()) {
                throw new IllegalStateException("broker down");
            }
            return this.delegate.queues();
        }
    }
}
