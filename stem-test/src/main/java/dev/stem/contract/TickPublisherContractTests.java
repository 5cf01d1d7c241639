package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.FailpointException;
import dev.stem.failpoint.Failpoints;
import dev.stem.schedule.TickPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// The promises of [TickPublisher], checked against a real broker: extend this class and return a
/// fresh broker that also is a [TickPublisher] from [#createBroker()].
///
/// Every test publishes to a queue of its own, so the broker may share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TickPublisherContractTests {

    private static final Duration CLAIM_TTL = Duration.ofMinutes(5);

    private static final Instant TICK = Instant.parse("2030-01-01T00:00:00Z");

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private Broker broker;

    private TickPublisher publisher;

    private String queue;

    /// Returns a new broker to test, which must implement [TickPublisher]; it is closed after each test.
    protected abstract Broker createBroker();

    @BeforeEach
    void createSubject() {
        this.broker = createBroker();
        this.publisher = (TickPublisher) this.broker;
        this.queue = RandomNames.of("beat");
    }

    @AfterEach
    void closeSubject() {
        Failpoints.disarm();
        this.executor.shutdownNow();
        this.broker.purge(this.queue);
        this.broker.close();
    }

    @Test
    void ofConcurrentPublishersOfOneTickExactlyOnePublishes() throws Exception {
        String entry = RandomNames.of("entry");
        CountDownLatch start = new CountDownLatch(1);
        List<Envelope> envelopes = new ArrayList<>();
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Envelope envelope = message();
            envelopes.add(envelope);
            calls.add(this.executor.submit(() -> {
                start.await();
                return this.publisher.publishTick(entry, TICK, envelope, CLAIM_TTL);
            }));
        }

        start.countDown();

        String winner = null;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).get(30, TimeUnit.SECONDS)) {
                assertThat(winner).as("a second publisher won the same tick").isNull();
                winner = envelopes.get(i).id();
            }
        }
        assertThat(winner).isNotNull();
        assertThat(fetchIds()).containsExactly(winner);
        assertThat(this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL)).isFalse();
        assertThat(fetchIds()).isEmpty();
    }

    @Test
    void otherTicksAndOtherEntriesArePublishedEach() throws Exception {
        String entry = RandomNames.of("entry");
        String other = RandomNames.of("other");

        assertThat(this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL)).isTrue();
        assertThat(this.publisher.publishTick(entry, TICK.plusSeconds(1), message(), CLAIM_TTL)).isTrue();
        assertThat(this.publisher.publishTick(other, TICK, message(), CLAIM_TTL)).isTrue();
        assertThat(this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL)).isFalse();

        assertThat(fetchIds()).hasSize(3);
    }

    @Test
    void aDelayedTickMessageWaitsInTheDelayedSetOnce() {
        String entry = RandomNames.of("entry");
        Envelope delayed = Envelope.builder("test.tick").queue(this.queue).eta(Instant.now().plusSeconds(3600)).build();

        assertThat(this.publisher.publishTick(entry, TICK, delayed, CLAIM_TTL)).isTrue();
        assertThat(this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL)).isFalse();

        assertThat(this.broker.stats(this.queue).delayed()).isEqualTo(1);
        assertThat(this.broker.stats(this.queue).ready()).isZero();
    }

    @Test
    void aBeatThatDiesAtTheClaimLeavesTheTickToBePublishedExactlyOnce() throws Exception {
        String entry = RandomNames.of("entry");
        Failpoints.arm(Failpoints.BEAT_AFTER_CLAIM + ":throw");

        assertThatExceptionOfType(FailpointException.class)
                .isThrownBy(() -> this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL));
        Failpoints.disarm();
        this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL);
        this.publisher.publishTick(entry, TICK, message(), CLAIM_TTL);

        assertThat(fetchIds()).hasSize(1);
    }

    private Envelope message() {
        return Envelope.builder("test.tick").queue(this.queue).build();
    }

    private List<String> fetchIds() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        while (true) {
            List<Delivery> deliveries = this.broker.fetch(new FetchRequest(RandomNames.of("consumer"),
                    List.of(this.queue), 100, Duration.ofMillis(200), Duration.ofMinutes(1)));
            if (deliveries.isEmpty()) {
                return ids;
            }
            for (Delivery delivery : deliveries) {
                ids.add(delivery.envelope().id());
                this.broker.ack(delivery);
            }
        }
    }
}
