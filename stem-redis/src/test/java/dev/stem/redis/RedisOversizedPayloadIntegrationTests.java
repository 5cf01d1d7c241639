package dev.stem.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.support.RedisKeys;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// A stream entry over the payload limit (a 50 MiB args string written straight into the stream)
/// is moved to the dead letters with reason `payload-too-large` by the fetch script, without being
/// sent to the worker or decoded, and the next message is fetched and settled as usual.
@RequiresRedis
class RedisOversizedPayloadIntegrationTests {

    private static final int HUGE = 50 * 1024 * 1024;

    private final EnvelopeCodec codec = new EnvelopeCodec();

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
        this.broker = new RedisStreamsBroker(RedisTestServer.connectionFactory(), this.prefix, this.codec,
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
    void anOversizedEntryIsDeadLetteredUnreadAndTheNextMessageRuns() throws InterruptedException {
        Envelope huge = Envelope.builder("test.task").queue("q1")
                .args(JsonNodeFactory.instance.arrayNode().add("PLACEHOLDER")).build();
        byte[] payload = this.codec.encode(huge).replace("PLACEHOLDER", "x".repeat(HUGE))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isGreaterThan(HUGE);
        byte[] stream = new RedisKeys(this.prefix).queue("q1").stream(0).getBytes(StandardCharsets.UTF_8);
        new StringRedisTemplate(RedisTestServer.connectionFactory()).execute((RedisCallback<Object>) connection ->
                connection.streamCommands().xAdd(StreamRecords.rawBytes(
                        Map.of(RedisStreamsBroker.PAYLOAD.getBytes(StandardCharsets.UTF_8), payload))
                        .withStreamKey(stream)));
        Envelope next = Envelope.builder("test.task").queue("q1").build();
        this.broker.publish(next);

        List<Delivery> fetched = this.broker.fetch(new FetchRequest("w1", List.of("q1"), 10, Duration.ofSeconds(5),
                Duration.ofSeconds(30)));

        assertThat(fetched).extracting(Delivery::id).containsExactly(next.id());
        assertThat(this.broker.deadLetter("q1", huge.id())).hasValueSatisfying(letter -> {
            assertThat(letter.reason().code()).isEqualTo(RedisStreamsBroker.PAYLOAD_TOO_LARGE);
            assertThat(letter.reason().message()).contains("not decoded");
        });
        TaskResult result = new TaskResult(next.id(), next.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done"), null, Map.of(), 0, 1, Instant.now());
        assertThat(this.broker.storeAndAckAll(this.backend, List.of(result), Duration.ofMinutes(5), fetched))
                .isEqualTo(1);
        assertThat(this.backend.get(next.id())).hasValueSatisfying(stored -> assertThat(stored.state())
                .isEqualTo(TaskState.SUCCESS));
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 1));
    }
}
