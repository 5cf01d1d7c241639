package dev.stem.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InMemoryBrokerTests {

    private static final String QUEUE = "jobs";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryBroker broker = new InMemoryBroker(this.clock);

    @Test
    void secondPublishOfAQueuedIdIsIgnored() throws Exception {
        Envelope original = message().build();
        this.broker.publish(original);

        this.broker.publish(original.toBuilder().args(JsonNodeFactory.instance.objectNode().put("n", 2)).build());

        assertThat(this.broker.stats(QUEUE).ready()).isEqualTo(1);
        Delivery delivery = fetchOne(Duration.ofSeconds(30));
        assertThat(delivery.envelope().args()).isEqualTo(original.args());
        this.broker.publish(original);
        assertThat(this.broker.stats(QUEUE)).isEqualTo(new QueueStats(QUEUE, 0, 0, 1, 0));
        assertThat(this.broker.ack(delivery)).isTrue();
        this.broker.publish(original);
        assertThat(this.broker.stats(QUEUE).ready()).isEqualTo(1);
    }

    @Test
    void lapsedLeaseIsStaleBeforeAnyoneElseFetchesIt() throws Exception {
        this.broker.publish(message().build());
        Delivery lapsed = fetchOne(Duration.ofSeconds(1));

        this.clock.advance(Duration.ofSeconds(2));

        assertThat(this.broker.ack(lapsed)).isFalse();
        assertThat(this.broker.extendLease(lapsed, Duration.ofSeconds(30))).isFalse();
        assertThat(this.broker.stats(QUEUE)).isEqualTo(new QueueStats(QUEUE, 1, 0, 0, 0));
        assertThat(fetchOne(Duration.ofSeconds(1)).deliveryCount()).isEqualTo(2);
    }

    @Test
    void delayedMessageBecomesReadyWhenTheClockReachesItsEta() throws Exception {
        this.broker.publish(message().eta(this.clock.instant().plus(Duration.ofHours(1))).build());
        assertThat(fetch(Duration.ZERO)).isEmpty();

        this.clock.advance(Duration.ofHours(1));

        assertThat(fetch(Duration.ZERO)).hasSize(1);
    }

    @Test
    void readyMessagesOfEqualPriorityGoOutInPublishOrder() throws Exception {
        Envelope first = message().build();
        Envelope second = message().build();
        Envelope third = message().build();
        this.broker.publishAll(List.of(first, second, third));

        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("c", List.of(QUEUE), 10, Duration.ZERO,
                Duration.ofSeconds(30)));

        assertThat(deliveries).extracting(Delivery::id).containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void closeWakesAWaitingFetchAndRefusesPublishes() throws Exception {
        CompletableFuture<List<Delivery>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(Duration.ofSeconds(30));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(100);

        this.broker.close();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> this.broker.publish(message().build()))
                .withMessageContaining("closed");
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() throws Exception {
        this.broker.publish(message().build());
        Delivery delivery = fetchOne(Duration.ofSeconds(30));

        assertThatIllegalArgumentException().isThrownBy(() -> this.broker.extendLease(delivery, Duration.ZERO))
                .withMessageContaining("lease");
        assertThatIllegalArgumentException().isThrownBy(() -> this.broker.deadLetters(QUEUE, -1, 10))
                .withMessageContaining("offset");
    }

    @Test
    void aRecoveredMessageIsFetchedAloneAndAReleasedOneIsNot() throws Exception {
        Envelope first = message().build();
        Envelope second = message().build();
        Envelope third = message().build();
        this.broker.publishAll(List.of(first, second, third));
        List<Delivery> lapsed = fetchMany(2, Duration.ofSeconds(1));
        this.clock.advance(Duration.ofSeconds(2));

        List<Delivery> alone = fetchMany(10, Duration.ofSeconds(30));
        assertThat(alone).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo(first.id());
            assertThat(delivery.recovered()).isTrue();
        });
        assertThat(fetchMany(10, Duration.ofSeconds(30))).singleElement()
                .satisfies(delivery -> assertThat(delivery.id()).isEqualTo(second.id()));
        List<Delivery> rest = fetchMany(10, Duration.ofSeconds(30));
        assertThat(rest).extracting(Delivery::id).containsExactly(third.id());

        assertThat(this.broker.release(rest.get(0))).isTrue();
        this.broker.publish(message().build());
        assertThat(fetchMany(10, Duration.ofSeconds(30))).hasSize(2).noneMatch(Delivery::recovered);
        assertThat(lapsed).hasSize(2);
    }

    private List<Delivery> fetchMany(int max, Duration lease) throws InterruptedException {
        return this.broker.fetch(new FetchRequest("c", List.of(QUEUE), max, Duration.ZERO, lease));
    }

    private Delivery fetchOne(Duration lease) throws InterruptedException {
        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("c", List.of(QUEUE), 1, Duration.ZERO, lease));
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }

    private List<Delivery> fetch(Duration maxWait) throws InterruptedException {
        return this.broker.fetch(new FetchRequest("c", List.of(QUEUE), 1, maxWait, Duration.ofSeconds(30)));
    }

    private static Envelope.Builder message() {
        return Envelope.builder("test.unit").queue(QUEUE);
    }
}
