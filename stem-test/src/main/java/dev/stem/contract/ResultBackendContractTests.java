package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskError;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The promises of [ResultBackend], checked against a real adapter: extend this class and return a
/// fresh backend from [#createResultBackend()].
///
/// Every test uses random task and group ids, so the backend may share a server with other tests.
/// Timestamps are written with millisecond precision, and records must read back equal.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ResultBackendContractTests {

    /// A time to live that does not lapse during a test.
    protected static final Duration LONG_TTL = Duration.ofMinutes(10);

    /// Longest wait for something the backend promises to do eventually.
    protected static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private ResultBackend backend;

    /// Returns a new backend to test; it is closed after each test.
    protected abstract ResultBackend createResultBackend();

    @BeforeEach
    void createSubject() {
        this.backend = createResultBackend();
    }

    @AfterEach
    void closeSubject() {
        this.executor.shutdownNow();
        if (this.backend != null) {
            this.backend.close();
        }
    }

    @Test
    void storedRecordReadsBackEqual() {
        String id = RandomNames.of("task");
        TaskResult success = result(id, TaskState.SUCCESS, 0, JsonNodeFactory.instance.objectNode().put("sum", 42),
                null);
        TaskResult failure = result(RandomNames.of("task"), TaskState.FAILURE, 3, null,
                new TaskError("java.lang.IllegalStateException", "boom", "java.lang.IllegalStateException: boom\n",
                        false));

        assertThat(this.backend.store(success, LONG_TTL)).isTrue();
        assertThat(this.backend.store(failure, LONG_TTL)).isTrue();

        assertThat(this.backend.get(id)).contains(success);
        assertThat(this.backend.get(failure.taskId())).contains(failure);
        assertThat(this.backend.get(RandomNames.of("unknown"))).isEmpty();
    }

    /// A store that cannot represent a value refuses it for good, so a worker does not retry it.
    @Test
    void aRecordHoldingUPlus0000ReadsBackEqualOrIsRefusedForGood() {
        TaskResult record = result(RandomNames.of("task"), TaskState.SUCCESS, 0,
                JsonNodeFactory.instance.stringNode("a\u0000b"), null);
        boolean stored;
        try {
            stored = this.backend.store(record, LONG_TTL);
        }
        catch (ResultRejectedException refused) {
            assertThat(this.backend.get(record.taskId())).isEmpty();
            return;
        }
        assertThat(stored).isTrue();
        assertThat(this.backend.get(record.taskId())).contains(record);
    }

    @Test
    void everyStateOfATasksLifeIsStoredWithItsTimestampAttemptWorkerAndProgress() {
        String id = RandomNames.of("task");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> worker = Map.of("workerId", "host-1-w1", "startedAt", at.toString(), "percent", 40);
        List<TaskResult> life = List.of(
                new TaskResult(id, "test.contract", TaskState.PENDING, null, null, Map.of(), 0, 0, at),
                new TaskResult(id, "test.contract", TaskState.RECEIVED, null, null, Map.of("workerId", "host-1-w1"), 0,
                        1, at.plusMillis(1)),
                new TaskResult(id, "test.contract", TaskState.STARTED, null, null, worker, 0, 1, at.plusMillis(2)),
                new TaskResult(id, "test.contract", TaskState.RETRY, null, error(), worker, 0, 1, at.plusMillis(3)),
                new TaskResult(id, "test.contract", TaskState.RECEIVED, null, null, Map.of("workerId", "host-2-w1"), 1,
                        1, at.plusMillis(4)),
                new TaskResult(id, "test.contract", TaskState.STARTED, null, null, worker, 1, 1, at.plusMillis(5)),
                new TaskResult(id, "test.contract", TaskState.SUCCESS, JsonNodeFactory.instance.numberNode(7), null,
                        worker, 1, 1, at.plusMillis(6)));

        for (TaskResult record : life) {
            assertThat(this.backend.store(record, LONG_TTL)).as("store %s", record.state()).isTrue();
            assertThat(this.backend.get(id)).as("read back %s", record.state()).contains(record);
        }
        for (TaskState state : List.of(TaskState.FAILURE, TaskState.REVOKED, TaskState.EXPIRED)) {
            String other = RandomNames.of("task");
            TaskResult record = new TaskResult(other, "test.contract", state, null,
                    state == TaskState.FAILURE ? error() : null, Map.of("workerId", "host-1-w1", "reason", "test"), 0, 1,
                    at);
            assertThat(this.backend.store(record, LONG_TTL)).isTrue();
            assertThat(this.backend.get(other)).contains(record);
        }
    }

    @Test
    void storeIsFencedByAttempt() {
        String id = RandomNames.of("task");
        TaskResult retry = result(id, TaskState.RETRY, 2, null, error());

        assertThat(this.backend.store(retry, LONG_TTL)).isTrue();
        assertThat(this.backend.store(result(id, TaskState.SUCCESS, 1, null, null), LONG_TTL)).isFalse();
        assertThat(this.backend.get(id)).contains(retry);

        TaskResult sameAttempt = result(id, TaskState.STARTED, 2, null, null);
        assertThat(this.backend.store(sameAttempt, LONG_TTL)).isTrue();
        assertThat(this.backend.get(id)).contains(sameAttempt);

        TaskResult later = result(id, TaskState.SUCCESS, 3, JsonNodeFactory.instance.numberNode(7), null);
        assertThat(this.backend.store(later, LONG_TTL)).isTrue();
        assertThat(this.backend.get(id)).contains(later);
    }

    @Test
    void storeAllStoresEveryRecordFencedByAttempt() {
        String fresh = RandomNames.of("task");
        String newer = RandomNames.of("task");
        TaskResult kept = result(newer, TaskState.RETRY, 2, null, error());
        this.backend.store(kept, LONG_TTL);
        List<TaskResult> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(result(RandomNames.of("task"), TaskState.SUCCESS, 0, JsonNodeFactory.instance.numberNode(i), null));
        }
        batch.add(result(fresh, TaskState.SUCCESS, 0, JsonNodeFactory.instance.stringNode("ok"), null));
        batch.add(result(newer, TaskState.SUCCESS, 1, null, null));

        assertThat(this.backend.storeAll(batch, LONG_TTL)).isEqualTo(21);

        for (TaskResult stored : batch.subList(0, 21)) {
            assertThat(this.backend.get(stored.taskId())).contains(stored);
        }
        assertThat(this.backend.get(newer)).contains(kept);
        assertThat(this.backend.storeAll(List.of(), LONG_TTL)).isZero();
    }

    @Test
    void recordExpiresAfterItsTimeToLive() {
        String id = RandomNames.of("task");
        this.backend.store(result(id, TaskState.SUCCESS, 0, null, null), Duration.ofSeconds(1));

        assertThat(this.backend.get(id)).isPresent();
        await().atMost(PATIENCE).until(() -> this.backend.get(id).isEmpty());
    }

    @Test
    void forgetDeletesTheRecord() {
        String id = RandomNames.of("task");
        this.backend.store(result(id, TaskState.SUCCESS, 0, null, null), LONG_TTL);

        this.backend.forget(id);

        assertThat(this.backend.get(id)).isEmpty();
    }

    @Test
    void awaitReturnsWhenATerminalRecordIsStoredByAnotherThread() throws Exception {
        String id = RandomNames.of("task");
        long start = System.nanoTime();
        Future<Optional<TaskResult>> waiting = this.executor.submit(() -> this.backend.await(id, PATIENCE));

        this.backend.store(result(id, TaskState.STARTED, 0, null, null), LONG_TTL);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        TaskResult success = result(id, TaskState.SUCCESS, 0, JsonNodeFactory.instance.textNode("done"), null);
        this.backend.store(success, LONG_TTL);

        assertThat(waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).contains(success);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void awaitReturnsAtOnceWhenTheRecordIsAlreadyTerminal() throws Exception {
        String id = RandomNames.of("task");
        TaskResult failure = result(id, TaskState.FAILURE, 0, null, error());
        this.backend.store(failure, LONG_TTL);
        long start = System.nanoTime();

        assertThat(this.backend.await(id, PATIENCE)).contains(failure);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void awaitTimesOutWithTheLatestRecordSeen() throws Exception {
        String id = RandomNames.of("task");
        long start = System.nanoTime();

        assertThat(this.backend.await(id, Duration.ofMillis(400))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                Duration.ofSeconds(5));

        TaskResult started = result(id, TaskState.STARTED, 0, null, null);
        this.backend.store(started, LONG_TTL);
        assertThat(this.backend.await(id, Duration.ofMillis(400))).contains(started);
    }

    @Test
    void groupCountsMembersAsASet() {
        String group = RandomNames.of("group");
        this.backend.initGroup(group, 3, LONG_TTL);
        assertThat(this.backend.groupProgress(group)).contains(new GroupProgress(group, 3, 0, 0));

        assertThat(this.backend.completeGroupMember(group, "m1", false)).contains(new GroupProgress(group, 3, 1, 0));
        assertThat(this.backend.completeGroupMember(group, "m1", false)).contains(new GroupProgress(group, 3, 1, 0));
        assertThat(this.backend.completeGroupMember(group, "m2", true)).contains(new GroupProgress(group, 3, 2, 1));
        assertThat(this.backend.completeGroupMember(group, "m2", true)).contains(new GroupProgress(group, 3, 2, 1));
        Optional<GroupProgress> last = this.backend.completeGroupMember(group, "m3", false);

        assertThat(last).contains(new GroupProgress(group, 3, 3, 1));
        assertThat(last).get().matches(GroupProgress::isComplete);
        assertThat(this.backend.groupProgress(group)).contains(new GroupProgress(group, 3, 3, 1));
    }

    @Test
    void unknownGroupHasNoProgress() {
        String group = RandomNames.of("group");

        assertThat(this.backend.groupProgress(group)).isEmpty();
        assertThat(this.backend.completeGroupMember(group, "m1", false)).isEmpty();
    }

    @Test
    void groupExpiresAfterItsTimeToLive() {
        String group = RandomNames.of("group");
        this.backend.initGroup(group, 2, Duration.ofSeconds(1));

        assertThat(this.backend.groupProgress(group)).isPresent();
        await().atMost(PATIENCE).until(() -> this.backend.groupProgress(group).isEmpty());
    }

    @Test
    void groupCallbackIsClaimedExactlyOnceUnderConcurrency() throws Exception {
        String group = RandomNames.of("group");
        this.backend.initGroup(group, 2, LONG_TTL);
        this.backend.completeGroupMember(group, "m1", false);
        this.backend.completeGroupMember(group, "m2", false);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(this.executor.submit(() -> {
                start.await();
                return this.backend.claimGroupCallback(group);
            }));
        }

        start.countDown();

        int granted = 0;
        for (Future<Boolean> claim : claims) {
            if (claim.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(1);
        assertThat(this.backend.claimGroupCallback(group)).isFalse();
    }

    /// A result record with a millisecond-precision timestamp and some metadata.
    protected static TaskResult result(String id, TaskState state, int attempt, @Nullable JsonNode value,
            @Nullable TaskError error) {
        return new TaskResult(id, "test.contract", state, value, error, Map.of("step", "last", "percent", 100),
                attempt, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static TaskError error() {
        return new TaskError("java.io.IOException", "timed out", "java.io.IOException: timed out\n", true);
    }
}
