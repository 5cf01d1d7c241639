package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.backend.TaskView;
import dev.stem.client.TaskHandle;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStatesTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final InMemoryResultBackend results = this.fixture.backend;

    private final List<TaskState> written = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aTrackedTaskGoesThroughReceivedStartedAndSuccessEachWithTheWorkerIdAndTheStartedAtOnceStarted()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<TaskResult> whileRunning = new AtomicReference<>();
        this.fixture.register(TaskDefinition.of("tracked", context -> {
            whileRunning.set(this.results.get(context.id()).orElseThrow());
            release.await(30, TimeUnit.SECONDS);
            return 1;
        }));
        Worker worker = this.fixture.start(this.fixture.broker, recording(), this.fixture.revokes,
                options -> new WorkerOptions(options.id(), options.queues(), 2, 2, options.lease(), options.fetchWait(),
                        options.shutdownTimeout(), options.heartbeatInterval(), options.maxRecoveries(),
                        options.resultTtl(), true, options.unknownTaskGrace(), options.maxAbandonedThreads()),
                status -> {
                });
        TaskHandle<Object> handle = this.fixture.stem.enqueue("tracked", null);
        release.countDown();

        assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(this.written).containsExactly(TaskState.RECEIVED, TaskState.STARTED, TaskState.SUCCESS);
        assertThat(whileRunning.get().state()).isEqualTo(TaskState.STARTED);
        assertThat(whileRunning.get().meta()).containsEntry("workerId", worker.options().id()).containsKey("startedAt");
        TaskResult done = handle.info().orElseThrow();
        assertThat(done.meta()).containsEntry("workerId", worker.options().id())
                .containsEntry("startedAt", whileRunning.get().meta().get("startedAt"));
        assertThat(done.attempt()).isZero();
    }

    @Test
    void eachStateHasItsSimpleView() {
        assertThat(List.of(TaskState.values()).stream().map(state -> state.view().wireName()).toList())
                .containsExactly("pending", "running", "running", "running", "complete", "failed", "cancelled",
                        "cancelled");
        assertThat(TaskView.values()).hasSize(5);
    }

    /// The fixture's results, recording each state written.
    private ResultBackend recording() {
        return new ResultBackend() {

            @Override
            public boolean store(TaskResult result, Duration ttl) {
                TaskStatesTests.this.written.add(result.state());
                return TaskStatesTests.this.results.store(result, ttl);
            }

            @Override
            public Optional<TaskResult> get(String taskId) {
                return TaskStatesTests.this.results.get(taskId);
            }

            @Override
            public Optional<TaskResult> await(String taskId, Duration timeout) throws InterruptedException {
                return TaskStatesTests.this.results.await(taskId, timeout);
            }

            @Override
            public void forget(String taskId) {
                TaskStatesTests.this.results.forget(taskId);
            }

            @Override
            public void initGroup(String groupId, int size, Duration ttl) {
            }

            @Override
            public Optional<GroupProgress> completeGroupMember(String groupId, String taskId, boolean failed) {
                return Optional.empty();
            }

            @Override
            public Optional<GroupProgress> groupProgress(String groupId) {
                return Optional.empty();
            }

            @Override
            public boolean claimGroupCallback(String groupId) {
                return false;
            }
        };
    }
}
