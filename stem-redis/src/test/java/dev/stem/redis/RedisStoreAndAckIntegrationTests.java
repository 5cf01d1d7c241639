package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// How [RedisStreamsBroker#storeAndAckAll] settles a batch: one script with a [RedisResultBackend]
/// on the broker's own connection factory, and results stored then messages acked otherwise. The
/// broker's factory counts the scripts it runs.
@RequiresRedis
class RedisStoreAndAckIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration TTL = Duration.ofMinutes(5);

    private final AtomicInteger scripts = new AtomicInteger();

    private RedisConnectionFactory connectionFactory;

    private String prefix;

    private RedisStreamsBroker broker;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.connectionFactory = ScriptCounting.counting(RedisTestServer.connectionFactory(), this.scripts);
        this.prefix = RedisTestServer.randomPrefix();
        this.broker = new RedisStreamsBroker(this.connectionFactory, this.prefix, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        this.broker.close();
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), this.prefix);
    }

    @Test
    void aBackendOnTheBrokersConnectionFactoryStoresAndAcksInOneScript() throws InterruptedException {
        ResultBackend backend = backend(new RedisResultBackend(this.connectionFactory, this.prefix));
        List<Delivery> deliveries = publishAndFetch("q1", 5);

        int acked = settle(backend, results(deliveries), deliveries);

        assertThat(acked).isEqualTo(5);
        assertThat(this.scripts).hasValue(1);
        assertStored(backend, deliveries);
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
    }

    @Test
    void oneScriptStoresAndAcksOnlyWhatIsStillHeld() throws InterruptedException {
        ResultBackend backend = backend(new RedisResultBackend(this.connectionFactory, this.prefix));
        List<Delivery> deliveries = publishAndFetch("q1", 2);
        assertThat(this.broker.ack(deliveries.get(0))).isTrue();

        int acked = settle(backend, results(deliveries), deliveries);

        assertThat(acked).isEqualTo(1);
        assertThat(this.scripts).hasValue(1);
        assertThat(backend.get(deliveries.get(0).id())).as("the result of a delivery no longer held").isEmpty();
        assertStored(backend, deliveries.subList(1, 2));
    }

    @Test
    void aBackendOnAnotherConnectionFactoryStoresThenAcks() throws InterruptedException {
        LettuceConnectionFactory other = RedisTestServer.connect(RedisTestServer.url());
        this.closeables.add(other::destroy);
        ResultBackend backend = backend(new RedisResultBackend(other, this.prefix));
        List<Delivery> deliveries = publishAndFetch("q1", 5);

        int acked = settle(backend, results(deliveries), deliveries);

        assertThat(acked).isEqualTo(5);
        assertThat(this.scripts).as("the ack script only: the results went through the other factory").hasValue(1);
        assertStored(backend, deliveries);
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
    }

    @Test
    void anInMemoryBackendStoresThenAcks() throws InterruptedException {
        ResultBackend backend = backend(new InMemoryResultBackend());
        List<Delivery> deliveries = publishAndFetch("q1", 5);

        int acked = settle(backend, results(deliveries), deliveries);

        assertThat(acked).isEqualTo(5);
        assertThat(this.scripts).hasValue(1);
        assertStored(backend, deliveries);
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
    }

    @Test
    void deliveriesOfSeveralQueuesAreStoredThenAckedPerQueue() throws InterruptedException {
        ResultBackend backend = backend(new RedisResultBackend(this.connectionFactory, this.prefix));
        List<Delivery> deliveries = new ArrayList<>(publishAndFetch("q1", 2));
        deliveries.addAll(publishAndFetch("q2", 3));

        int acked = settle(backend, results(deliveries), deliveries);

        assertThat(acked).isEqualTo(5);
        assertThat(this.scripts).as("one store, one ack per queue").hasValue(3);
        assertStored(backend, deliveries);
        assertThat(this.broker.stats("q1").inFlight()).isZero();
        assertThat(this.broker.stats("q2").inFlight()).isZero();
    }

    @Test
    void moreResultsThanOneStoreCallTakesAreStoredThenAcked() throws InterruptedException {
        ResultBackend backend = backend(new RedisResultBackend(this.connectionFactory, this.prefix));
        List<Delivery> deliveries = publishAndFetch("q1", 1);
        List<TaskResult> results = new ArrayList<>(results(deliveries));
        IntStream.range(0, RedisResultBackend.STORE_BATCH)
                .forEach(i -> results.add(success(Envelope.builder("test.task").queue("q1").build())));

        int acked = settle(backend, results, deliveries);

        assertThat(acked).isEqualTo(1);
        assertThat(this.scripts).as("two store calls, one ack").hasValue(3);
        assertThat(results).allSatisfy(result -> assertThat(backend.get(result.taskId())).isPresent());
    }

    private int settle(ResultBackend backend, List<TaskResult> results, List<Delivery> deliveries) {
        this.scripts.set(0);
        return this.broker.storeAndAckAll(backend, results, TTL, deliveries);
    }

    private ResultBackend backend(ResultBackend backend) {
        this.closeables.add(backend);
        return backend;
    }

    private List<Delivery> publishAndFetch(String queue, int count) throws InterruptedException {
        this.broker.publishAll(IntStream.range(0, count)
                .mapToObj(i -> Envelope.builder("test.task").queue(queue).build()).toList());
        List<Delivery> deliveries = this.broker.fetch(
                new FetchRequest("w1", List.of(queue), count, Duration.ZERO, LEASE));
        assertThat(deliveries).hasSize(count);
        return deliveries;
    }

    private static List<TaskResult> results(List<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> success(delivery.envelope())).toList();
    }

    private static void assertStored(ResultBackend backend, List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            assertThat(backend.get(delivery.id())).hasValueSatisfying(stored -> {
                assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(stored.result()).isEqualTo(JsonNodeFactory.instance.stringNode("done " + delivery.id()));
            });
        }
    }

    private static TaskResult success(Envelope envelope) {
        return new TaskResult(envelope.id(), envelope.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done " + envelope.id()), null, Map.of(), envelope.attempt(),
                Instant.now());
    }
}
