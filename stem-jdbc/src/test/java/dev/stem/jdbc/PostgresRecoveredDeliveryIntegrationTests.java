package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// A message whose holder lost its lease comes back alone: its neighbours in the dead holder's
/// batch do not travel with it again, and fresh messages come in other fetches.
@RequiresPostgres
class PostgresRecoveredDeliveryIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private PostgresBroker broker;

    private String queue;

    @BeforeEach
    void setUp() {
        this.broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
        this.queue = "q" + System.nanoTime();
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
    }

    @Test
    void eachMessageOfADeadConsumersBatchComesBackAlone() throws Exception {
        List<Envelope> batch = envelopes(5);
        this.broker.publishAll(batch);
        assertThat(fetch("dead", 5, Duration.ofMillis(200))).hasSize(5);
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        List<Envelope> fresh = envelopes(3);
        this.broker.publishAll(fresh);

        Set<String> recovered = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            List<Delivery> deliveries = fetch("live", 10, Duration.ofSeconds(30));
            assertThat(deliveries).singleElement().satisfies(delivery -> {
                assertThat(delivery.recovered()).isTrue();
                assertThat(delivery.deliveryCount()).isEqualTo(2);
            });
            recovered.add(deliveries.getFirst().id());
        }
        assertThat(recovered).containsExactlyInAnyOrderElementsOf(batch.stream().map(Envelope::id).toList());
        List<Delivery> rest = fetch("live", 10, Duration.ofSeconds(30));
        assertThat(rest).extracting(Delivery::id).containsExactlyElementsOf(fresh.stream().map(Envelope::id).toList());
        assertThat(rest).noneMatch(Delivery::recovered);
    }

    @Test
    void freshMessagesAheadOfARecoveredOneComeWithoutIt() throws Exception {
        Envelope early = envelope(5);
        Envelope late = envelope(0);
        this.broker.publish(late);
        assertThat(fetch("dead", 1, Duration.ofMillis(200))).hasSize(1);
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        this.broker.publish(early);

        assertThat(fetch("live", 10, Duration.ofSeconds(30))).extracting(Delivery::id).containsExactly(early.id());
        assertThat(fetch("live", 10, Duration.ofSeconds(30))).singleElement()
                .satisfies(delivery -> assertThat(delivery.id()).isEqualTo(late.id()));
    }

    @Test
    void aRecoveredMessageIsNotAddedToFreshOnesOfAnEarlierQueue() throws Exception {
        String other = this.queue + "-b";
        Envelope recoveredLater = Envelope.builder("recovered.task").queue(other).createdAt(Instant.EPOCH).build();
        this.broker.publish(recoveredLater);
        assertThat(this.broker.fetch(new FetchRequest("dead", List.of(other), 1, Duration.ZERO,
                Duration.ofMillis(200)))).hasSize(1);
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        Envelope fresh = envelope(0);
        this.broker.publish(fresh);

        FetchRequest both = new FetchRequest("live", List.of(this.queue, other), 10, Duration.ZERO, Duration.ofSeconds(30));
        assertThat(this.broker.fetch(both)).extracting(Delivery::id).containsExactly(fresh.id());
        assertThat(this.broker.fetch(both)).singleElement()
                .satisfies(delivery -> assertThat(delivery.deliveryCount()).isEqualTo(2));
    }

    @Test
    void releaseNeverRaisesTheDeliveryCount() throws Exception {
        this.broker.publish(envelope(0));
        assertThat(fetch("dead", 1, Duration.ofMillis(200))).hasSize(1);
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        Delivery recovered = fetch("live", 1, Duration.ofSeconds(30)).getFirst();
        assertThat(recovered.deliveryCount()).isEqualTo(2);

        assertThat(this.broker.release(recovered)).isTrue();

        Delivery again = fetch("live", 1, Duration.ofSeconds(30)).getFirst();
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(again.recovered()).isTrue();
    }

    private List<Delivery> fetch(String consumer, int max, Duration lease) throws InterruptedException {
        return this.broker.fetch(new FetchRequest(consumer, List.of(this.queue), max, Duration.ZERO, lease));
    }

    private List<Envelope> envelopes(int count) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            envelopes.add(envelope(0));
        }
        return envelopes;
    }

    private Envelope envelope(int priority) {
        return Envelope.builder("recovered.task").queue(this.queue).priority(priority).createdAt(Instant.EPOCH).build();
    }
}
