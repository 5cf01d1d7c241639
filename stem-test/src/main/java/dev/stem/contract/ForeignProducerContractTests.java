package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.task.TaskDefinition;
import dev.stem.test.StemTestWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The wire format's promises to a producer in another language that writes envelopes straight into
/// the store, as `docs/wire-format.md` and the adapter's page tell it to (a stream entry, a table
/// row), checked against a running worker:
///
/// - a message written as ready with an `eta` ahead runs no earlier than its `eta`, as attempt 0;
/// - a message whose `expiresAt` has passed never runs and its result reads `EXPIRED`;
/// - a malformed message whose `id` can be read gets a `FAILURE` result with the dead-letter reason,
///   and its dead letter is found by that id.
///
/// Extend it with the store's broker and backend and [#writeAsForeignProducer], which stores the
/// JSON text as the adapter's docs tell a foreign producer to, due now.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class ForeignProducerContractTests {

    private static final String TASK = "foreign.echo";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Map<String, Instant> ran = new ConcurrentHashMap<>();

    private String queue;

    private StemTestWorker worker;

    /// A broker on a store of its own (a random prefix).
    protected abstract Broker createBroker();

    /// A result backend on the same store.
    protected abstract ResultBackend createResultBackend();

    /// Stores `json` on `queue` as a foreign producer does, ready at once whatever its `eta` says.
    protected abstract void writeAsForeignProducer(String queue, String messageId, String json);

    @BeforeEach
    void startWorker() {
        this.queue = RandomNames.of("foreign");
        this.worker = StemTestWorker.builder()
                .broker(createBroker())
                .backend(createResultBackend())
                .queues(this.queue)
                .task(TaskDefinition.of(TASK, context -> {
                    this.ran.put(context.id(), Instant.now());
                    return "ran";
                }))
                .start();
    }

    @AfterEach
    void stopWorker() {
        this.worker.close();
        this.worker.broker().close();
        this.worker.backend().close();
    }

    @Test
    void aMessageWrittenReadyWithAnEtaAheadRunsNoEarlierThanItsEta() {
        String id = UUID.randomUUID().toString();
        Instant eta = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        writeAsForeignProducer(this.queue, id, message(id, ", \"eta\": \"" + eta + "\""));

        TaskResult result = awaitTerminal(id);

        assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(result.attempt()).as("putting an early message back counts no attempt").isZero();
        assertThat(this.ran.get(id)).isAfterOrEqualTo(eta);
    }

    @Test
    void aMessageWhoseExpiryHasPassedNeverRunsAndReadsExpired() {
        String id = UUID.randomUUID().toString();
        Instant expired = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        writeAsForeignProducer(this.queue, id, message(id, ", \"expiresAt\": \"" + expired + "\""));

        TaskResult result = awaitTerminal(id);

        assertThat(result.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(this.ran).doesNotContainKey(id);
    }

    @Test
    void aMalformedMessageWithAReadableIdGetsAFailureRecordAndADeadLetterFoundByItsId() {
        String id = UUID.randomUUID().toString();
        writeAsForeignProducer(this.queue, id, message(id, ", \"priority\": 12"));

        TaskResult result = awaitTerminal(id);

        assertThat(result.state()).isEqualTo(TaskState.FAILURE);
        assertThat(result.taskName()).isEqualTo(TASK);
        assertThat(result.meta()).containsEntry("deadLetterReason", "malformed");
        assertThat(result.error()).isNotNull();
        assertThat(result.error().message()).contains("Invalid priority '12'");
        assertThat(result.error().retryable()).isFalse();
        assertThat(this.worker.broker().deadLetter(this.queue, id)).hasValueSatisfying(
                letter -> assertThat(letter.reason().code()).isEqualTo("malformed"));
        assertThat(this.ran).doesNotContainKey(id);
    }

    private String message(String id, String extra) {
        return "{\"v\": 1, \"id\": \"" + id + "\", \"task\": \"" + TASK + "\", \"queue\": \"" + this.queue
                + "\", \"args\": {}, \"createdAt\": \"" + Instant.now() + "\"" + extra + "}";
    }

    private TaskResult awaitTerminal(String id) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> this.worker.backend().get(id).orElse(null),
                        record -> record != null && record.state().isTerminal());
    }
}
