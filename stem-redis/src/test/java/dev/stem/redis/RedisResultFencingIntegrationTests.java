package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Result writes are fenced by the delivery that wrote them, not only the attempt
/// ([TaskResult#replaces]): a worker that lost its lease changes no result.
@RequiresRedis
class RedisResultFencingIntegrationTests {

    private static final Duration TTL = Duration.ofMinutes(5);

    private String prefix;

    private RedisStreamsBroker broker;

    private RedisResultBackend backend;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.prefix = RedisTestServer.randomPrefix();
        this.broker = new RedisStreamsBroker(RedisTestServer.connectionFactory(), this.prefix, new EnvelopeCodec(),
                Clock.systemUTC());
        this.backend = new RedisResultBackend(RedisTestServer.connectionFactory(), this.prefix);
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
        this.backend.close();
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), this.prefix);
    }

    @Test
    void aFrozenHoldersLateResultDoesNotReplaceTheNewHolders() {
        this.backend.store(result("t1", TaskState.SUCCESS, 0, 2, "live"), TTL);

        assertThat(this.backend.store(result("t1", TaskState.SUCCESS, 0, 1, "late"), TTL)).isFalse();
        assertThat(this.backend.storeAll(List.of(result("t1", TaskState.FAILURE, 0, 1, "late")), TTL)).isZero();

        assertThat(this.backend.get("t1")).hasValueSatisfying(stored -> {
            assertThat(stored.delivery()).isEqualTo(2);
            assertThat(stored.result()).isEqualTo(JsonNodeFactory.instance.stringNode("live"));
        });
    }

    @Test
    void aTerminalRecordNeverGoesBackToStartedWithinAnAttempt() {
        this.backend.store(result("t1", TaskState.SUCCESS, 0, 1, "done"), TTL);

        assertThat(this.backend.store(result("t1", TaskState.STARTED, 0, 2, null), TTL)).isFalse();
        assertThat(this.backend.get("t1")).hasValueSatisfying(stored -> assertThat(stored.state())
                .isEqualTo(TaskState.SUCCESS));

        assertThat(this.backend.store(result("t1", TaskState.SUCCESS, 0, 2, "again"), TTL)).isTrue();
        assertThat(this.backend.store(result("t1", TaskState.STARTED, 1, 1, null), TTL)).as("a later attempt")
                .isTrue();
        assertThat(this.backend.store(result("t1", TaskState.SUCCESS, 0, 3, "old attempt"), TTL)).isFalse();
    }

    @Test
    void storeAndAckByAConsumerThatLostTheEntryStoresNothing() throws InterruptedException {
        Envelope sent = Envelope.builder("test.task").queue("q1").build();
        this.broker.publish(sent);
        Delivery stale = this.broker.fetch(new FetchRequest("a", List.of("q1"), 1, Duration.ZERO,
                Duration.ofMillis(200))).get(0);
        List<Delivery> current = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            current.addAll(this.broker.fetch(new FetchRequest("b", List.of("q1"), 1, Duration.ofMillis(500),
                    Duration.ofSeconds(30))));
            return !current.isEmpty();
        });

        int acked = this.broker.storeAndAckAll(this.backend,
                List.of(result(sent.id(), TaskState.SUCCESS, 0, stale.deliveryCount(), "stale")), TTL, List.of(stale));

        assertThat(acked).isZero();
        assertThat(this.backend.get(sent.id())).as("no result from the consumer that lost the entry").isEmpty();
        assertThat(this.broker.storeAndAckAll(this.backend,
                List.of(result(sent.id(), TaskState.SUCCESS, 0, current.get(0).deliveryCount(), "live")), TTL,
                current)).isEqualTo(1);
        assertThat(this.backend.get(sent.id())).hasValueSatisfying(stored -> assertThat(stored.result())
                .isEqualTo(JsonNodeFactory.instance.stringNode("live")));
    }

    private static TaskResult result(String taskId, TaskState state, int attempt, int delivery, String value) {
        return new TaskResult(taskId, "test.task", state,
                value == null ? null : JsonNodeFactory.instance.stringNode(value), null, Map.of(), attempt, delivery,
                Instant.now());
    }
}
