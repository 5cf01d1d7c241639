package dev.stem.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.Stem;
import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.client.DefaultStem;
import dev.stem.client.TaskHandle;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.test.server.RequiresPostgres;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/// A result PostgreSQL can never hold (U+0000 in a JSON string: `jsonb` cannot represent it) is
/// refused with a [ResultRejectedException], atomically with the acks it was written with, and a
/// worker settles such a task with a `FAILURE` record while the rest of its batch succeeds. Before,
/// the refusal was an ordinary error: the worker retried the whole batch for as long as it ran.
@RequiresPostgres
class PostgresRefusedResultIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private final List<AutoCloseable> closing = new ArrayList<>();

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
    void tearDown() throws Exception {
        for (AutoCloseable closeable : this.closing.reversed()) {
            closeable.close();
        }
        this.backend.close();
        this.broker.close();
    }

    @Test
    void aRecordWithUPlus0000IsRefusedForGoodAndNothingOfItsBatchIsAcked() throws Exception {
        List<Envelope> sent = List.of(envelope(), envelope());
        this.broker.publishAll(sent);
        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("w1", List.of(this.queue), 10,
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
        List<TaskResult> results = List.of(result(sent.get(0), "fine"), result(sent.get(1), "a\u0000b"));

        assertThatExceptionOfType(ResultRejectedException.class)
                .isThrownBy(() -> this.broker.storeAndAckAll(this.backend, results, Duration.ofMinutes(5), deliveries))
                .withMessageContaining("U+0000").withMessageContaining("22P05");
        assertThatExceptionOfType(ResultRejectedException.class)
                .isThrownBy(() -> this.backend.storeAll(results, Duration.ofMinutes(5)));
        assertThatExceptionOfType(ResultRejectedException.class)
                .isThrownBy(() -> this.backend.store(results.get(1), Duration.ofMinutes(5)));

        assertThat(this.backend.get(sent.get(0).id())).isEmpty();
        assertThat(this.broker.stats(this.queue).inFlight()).isEqualTo(2);
    }

    @Test
    void aWorkerStoresARefusedResultAsAFailureAndSettlesTheRest() {
        TaskRegistry tasks = new TaskRegistry();
        TaskOptions options = TaskOptions.builder().queue(this.queue).maxRetries(0).build();
        tasks.register(new TaskDefinition("work", options, context -> "done"));
        tasks.register(new TaskDefinition("nul", options, context -> "a\u0000b"));
        InMemoryRevokeStore revokes = new InMemoryRevokeStore();
        InMemoryEventBus events = new InMemoryEventBus();
        JsonMapper mapper = JsonMapper.builder().build();
        Stem stem = new DefaultStem(this.broker, this.backend, revokes, events, tasks, mapper, new EnvelopeCodec(),
                List.of(), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());
        List<TaskHandle<Object>> work = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            work.add(stem.enqueue("work", null));
        }
        TaskHandle<Object> nul = stem.enqueue("nul", null);
        for (int i = 0; i < 10; i++) {
            work.add(stem.enqueue("work", null));
        }

        Worker worker = new Worker(new WorkerServices(this.broker, this.backend, tasks, revokes,
                new InMemoryRateLimiter(), events, new InMemoryWorkerRegistry(), mapper, List.of(),
                new LoggingWorkerListener(), Clock.systemUTC()),
                WorkerOptions.defaults(this.queue).withShutdownTimeout(Duration.ofSeconds(2)));
        worker.start();
        this.closing.add(worker::stop);

        await().atMost(Duration.ofSeconds(30)).until(() -> nul.state() == TaskState.FAILURE
                && work.stream().allMatch(handle -> handle.state() == TaskState.SUCCESS));
        TaskResult refused = nul.info().orElseThrow();
        assertThat(refused.error().type()).isEqualTo(ResultRejectedException.class.getName());
        assertThat(refused.error().message()).contains("SUCCESS", "U+0000");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(this.broker.stats(this.queue).inFlight()).as("messages still leased").isZero());
        assertThat(this.broker.stats(this.queue).ready()).isZero();
    }

    private Envelope envelope() {
        return Envelope.builder("test.task").queue(this.queue).build();
    }

    private static TaskResult result(Envelope envelope, String value) {
        return new TaskResult(envelope.id(), envelope.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode(value), null, Map.of(), envelope.attempt(), Instant.now());
    }
}
