package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.client.TaskHandle;
import dev.stem.control.ControlClient;
import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.ControlResult;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Workers answer the control plane's commands on the in-memory event bus.
class WorkerControlTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final WorkerFixture fixture = new WorkerFixture();

    private final ControlClient control = new ControlClient(this.fixture.events, this.fixture.workers,
            Clock.systemUTC(), "test-shell");

    private final CountDownLatch release = new CountDownLatch(1);

    private final CountDownLatch started = new CountDownLatch(1);

    @AfterEach
    void close() {
        this.release.countDown();
        this.fixture.close();
    }

    @Test
    void everyWorkerAnswersAPingToAllAndOnlyTheAddressedOneAnswersAPingToIt() throws Exception {
        Worker one = this.fixture.start();
        Worker two = this.fixture.start();
        await().atMost(PATIENCE).until(() -> this.fixture.workers.alive().size() == 2);

        ControlResult all = this.control.send(ControlCommand.PING, Map.of(), List.of(), PATIENCE);
        ControlResult single = this.control.send(ControlCommand.PING, Map.of(), List.of(two.options().id()), PATIENCE);

        assertThat(all.missing()).isEmpty();
        assertThat(all.replies()).extracting(ControlReply::workerId)
                .containsExactlyInAnyOrder(one.options().id(), two.options().id());
        assertThat(all.replies()).allSatisfy(reply -> assertThat(reply.data()).containsKeys("hostname", "pid"));
        assertThat(single.replies()).extracting(ControlReply::workerId).containsExactly(two.options().id());
    }

    @Test
    void aCommandToAnUnknownWorkerComesBackWithItMissingAfterTheTimeout() throws Exception {
        this.fixture.start();

        ControlResult result = this.control.send(ControlCommand.PING, Map.of(), List.of("no-such-worker"),
                Duration.ofMillis(300));

        assertThat(result.replies()).isEmpty();
        assertThat(result.missing()).containsExactly("no-such-worker");
        assertThat(result.allDone()).isFalse();
    }

    @Test
    void inspectListsTheRunningTaskWithItsAttemptAndAge() throws Exception {
        this.fixture.register(TaskDefinition.of("slow", ctx -> blockUntilReleased()));
        Worker worker = this.fixture.start();
        TaskHandle<Object> handle = this.fixture.stem.enqueue("slow", null);
        assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();

        ControlReply reply = only(ControlCommand.INSPECT, Map.of(), worker);

        assertThat(reply.ok()).isTrue();
        assertThat(reply.data()).containsEntry("runningCount", 1).containsEntry("queues", List.of("default"));
        assertThat((List<?>) reply.data().get("running")).singleElement().satisfies(entry -> {
            Map<?, ?> task = (Map<?, ?>) entry;
            assertThat(task.get("id")).isEqualTo(handle.id());
            assertThat(task.get("task")).isEqualTo("slow");
            assertThat(task.get("attempt")).isEqualTo(0);
            assertThat((Long) task.get("ageMillis")).isNotNegative();
        });
    }

    @Test
    void aPausedQueueIsNotConsumedUntilResumed() throws Exception {
        this.fixture.register(TaskDefinition.of("noop", ctx -> "done"));
        Worker worker = this.fixture.start();

        ControlReply paused = only(ControlCommand.PAUSE, Map.of("queue", "default"), worker);
        TaskHandle<Object> handle = this.fixture.stem.enqueue("noop", null);
        Thread.sleep(1_500);

        assertThat(paused.data()).containsEntry("paused", List.of("default"));
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1);
        assertThat(worker.processedCount()).isZero();

        ControlReply resumed = only(ControlCommand.RESUME, Map.of("queue", "default"), worker);

        assertThat(resumed.data()).containsEntry("paused", List.of());
        assertThat(handle.result(PATIENCE)).isEqualTo("done");
    }

    @Test
    void pausingAQueueTheWorkerDoesNotConsumeIsRefusedWithTheReason() throws Exception {
        Worker worker = this.fixture.start();

        ControlReply reply = only(ControlCommand.PAUSE, Map.of("queue", "mail"), worker);

        assertThat(reply.ok()).isFalse();
        assertThat(reply.error()).isEqualTo("worker " + worker.options().id()
                + " does not consume queue 'mail'; it consumes [default]");
        assertThat(worker.pausedQueues()).isEmpty();
    }

    @Test
    void drainLetsTheRunningTaskFinishTakesNoMoreAndExitsZero() throws Exception {
        this.fixture.register(TaskDefinition.of("slow", ctx -> blockUntilReleased()));
        LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
        Worker worker = this.fixture.start(this.fixture.broker, this.fixture.revokes, options -> options, exits::add);
        TaskHandle<Object> running = this.fixture.stem.enqueue("slow", null);
        assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();

        ControlReply reply = only(ControlCommand.DRAIN, Map.of(), worker);
        this.fixture.stem.enqueue("slow", null);
        Thread.sleep(500);
        assertThat(exits).isEmpty();
        this.release.countDown();

        assertThat(reply.data()).containsEntry("running", 1);
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isZero();
        assertThat(running.result(PATIENCE)).isEqualTo("released");
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1);
    }

    @Test
    void concurrencyChangesAtRuntime() throws Exception {
        this.fixture.register(TaskDefinition.of("noop", ctx -> "done"));
        Worker worker = this.fixture.start(options -> options.withConcurrency(2));

        ControlReply raised = only(ControlCommand.CONCURRENCY, Map.of("concurrency", 5), worker);
        ControlReply refused = only(ControlCommand.CONCURRENCY, Map.of("concurrency", 0), worker);
        this.fixture.enqueue("noop", 20);

        assertThat(raised.data()).containsEntry("concurrency", 5);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("worker concurrency must be at least 1, was 0");
        assertThat(worker.describe().concurrency()).isEqualTo(5);
        await().atMost(PATIENCE).until(() -> worker.processedCount() == 20);
    }

    @Test
    void shutdownIsAnsweredThenTheProcessExitsZero() throws Exception {
        LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
        Worker worker = this.fixture.start(this.fixture.broker, this.fixture.revokes, options -> options, exits::add);

        ControlReply reply = only(ControlCommand.SHUTDOWN, Map.of(), worker);

        assertThat(reply.ok()).isTrue();
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isZero();
    }

    private ControlReply only(String command, Map<String, Object> arguments, Worker worker)
            throws InterruptedException {
        ControlResult result = this.control.send(command, arguments, List.of(worker.options().id()), PATIENCE);
        assertThat(result.missing()).isEmpty();
        return result.replies().get(0);
    }

    private Object blockUntilReleased() throws InterruptedException {
        this.started.countDown();
        this.release.await();
        return "released";
    }
}
