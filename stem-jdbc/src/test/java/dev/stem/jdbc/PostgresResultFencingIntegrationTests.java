package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// Result writes are fenced by the delivery that made them: a worker that lost its lease changes
/// no result, and a state never goes back from a final one within an attempt.
@RequiresPostgres
class PostgresResultFencingIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private PostgresBroker broker;

    private JdbcResultBackend backend;

    private String queue;

    @BeforeEach
    void setUp() {
        this.broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
        this.backend = new JdbcResultBackend(postgres.dataSource(), postgres.prefix());
        this.queue = "q" + System.nanoTime();
    }

    @AfterEach
    void tearDown() {
        this.backend.close();
        this.broker.close();
    }

    @Test
    void staleHolderStoresNothingAfterTheLiveHolderWrote() throws Exception {
        Envelope sent = Envelope.builder("fenced.task").queue(this.queue).createdAt(Instant.EPOCH).build();
        this.broker.publish(sent);
        Delivery stale = fetch("frozen", Duration.ofMillis(200));
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        Delivery live = fetch("live", Duration.ofSeconds(30));
        assertThat(live.deliveryCount()).isEqualTo(2);
        assertThat(this.backend.store(record(sent, TaskState.STARTED, live, null), Duration.ofMinutes(5))).isTrue();

        assertThat(this.broker.storeAndAckAll(this.backend, List.of(record(sent, TaskState.SUCCESS, stale, "stale")),
                Duration.ofMinutes(5), List.of(stale))).isZero();
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(stored -> {
            assertThat(stored.state()).isEqualTo(TaskState.STARTED);
            assertThat(stored.delivery()).isEqualTo(2);
        });

        assertThat(this.broker.storeAndAckAll(this.backend, List.of(record(sent, TaskState.SUCCESS, live, "live")),
                Duration.ofMinutes(5), List.of(live))).isEqualTo(1);
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(stored -> {
            assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(stored.result()).isEqualTo(JsonNodeFactory.instance.stringNode("live"));
        });
    }

    @Test
    void staleHolderStoresNothingEvenBeforeTheLiveHolderWrote() throws Exception {
        Envelope sent = Envelope.builder("fenced.task").queue(this.queue).createdAt(Instant.EPOCH).build();
        this.broker.publish(sent);
        Delivery stale = fetch("frozen", Duration.ofMillis(200));
        Thread.sleep(400);
        this.broker.reapExpiredLeases();
        fetch("live", Duration.ofSeconds(30));

        assertThat(this.broker.storeAndAckAll(this.backend, List.of(record(sent, TaskState.SUCCESS, stale, "stale")),
                Duration.ofMinutes(5), List.of(stale))).isZero();
        assertThat(this.backend.get(sent.id())).isEmpty();
    }

    @Test
    void aLowerDeliveryNeverReplacesAHigherOneWithinAnAttempt() {
        Envelope sent = Envelope.builder("fenced.task").queue(this.queue).build();
        assertThat(this.backend.store(record(sent, 0, 2, TaskState.STARTED, null), Duration.ofMinutes(5))).isTrue();

        assertThat(this.backend.store(record(sent, 0, 1, TaskState.SUCCESS, "stale"), Duration.ofMinutes(5))).isFalse();
        assertThat(this.backend.storeAll(List.of(record(sent, 0, 1, TaskState.FAILURE, null)), Duration.ofMinutes(5)))
                .isZero();
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(
                stored -> assertThat(stored.state()).isEqualTo(TaskState.STARTED));
        assertThat(this.backend.store(record(sent, 1, 1, TaskState.STARTED, null), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void aFinalStateNeverGoesBackToStartedWithinAnAttempt() {
        Envelope sent = Envelope.builder("fenced.task").queue(this.queue).build();
        assertThat(this.backend.store(record(sent, 0, 1, TaskState.SUCCESS, "first"), Duration.ofMinutes(5))).isTrue();

        assertThat(this.backend.store(record(sent, 0, 2, TaskState.STARTED, null), Duration.ofMinutes(5))).isFalse();
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(
                stored -> assertThat(stored.state()).isEqualTo(TaskState.SUCCESS));
        assertThat(this.backend.store(record(sent, 0, 2, TaskState.SUCCESS, "second"), Duration.ofMinutes(5))).isTrue();
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(stored -> {
            assertThat(stored.result()).isEqualTo(JsonNodeFactory.instance.stringNode("second"));
            assertThat(stored.delivery()).isEqualTo(2);
        });
    }

    private Delivery fetch(String consumer, Duration lease) throws InterruptedException {
        return this.broker.fetch(new FetchRequest(consumer, List.of(this.queue), 1, Duration.ZERO, lease)).getFirst();
    }

    private static TaskResult record(Envelope envelope, TaskState state, Delivery delivery, String result) {
        return record(envelope, envelope.attempt(), delivery.deliveryCount(), state, result);
    }

    private static TaskResult record(Envelope envelope, int attempt, int delivery, TaskState state, String result) {
        return new TaskResult(envelope.id(), envelope.task(), state,
                result != null ? JsonNodeFactory.instance.stringNode(result) : null, null, Map.of(), attempt, delivery,
                Instant.now());
    }
}
