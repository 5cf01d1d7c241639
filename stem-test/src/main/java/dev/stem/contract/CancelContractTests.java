package dev.stem.contract;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.client.DefaultStem;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Cancel end to end on one store: a client cancels through [TaskHandle#cancel(boolean)], a
/// [Worker] on the same broker, result backend, revoke store and event bus honours it. Extend it
/// with the store's four adapters.
///
/// - A task cancelled before any worker runs it never runs: the worker started after the cancel
///   finds the persisted revoke and stores `REVOKED`.
/// - A task cancelled with `terminate` while it runs is interrupted and ends `REVOKED` within one
///   second of the cancel.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CancelContractTests {

    private static final String SLEEPER = "cancel.sleeper";

    private final AtomicInteger runs = new AtomicInteger();

    private final CountDownLatch running = new CountDownLatch(1);

    private final AtomicBoolean interrupted = new AtomicBoolean();

    private final List<AutoCloseable> closing = new ArrayList<>();

    private Broker broker;

    private ResultBackend backend;

    private RevokeStore revokes;

    private EventBus events;

    private String queue;

    private TaskRegistry tasks;

    private Stem stem;

    /// A broker on the store under test.
    protected abstract Broker createBroker();

    /// A result backend on the store under test.
    protected abstract ResultBackend createResultBackend();

    /// A revoke store on the store under test.
    protected abstract RevokeStore createRevokeStore();

    /// An event bus on the store under test.
    protected abstract EventBus createEventBus();

    @BeforeEach
    void createSubjects() {
        this.broker = createBroker();
        this.backend = createResultBackend();
        this.revokes = createRevokeStore();
        this.events = createEventBus();
        this.queue = RandomNames.of("cancel");
        this.tasks = new TaskRegistry();
        this.tasks.register(new TaskDefinition(SLEEPER, TaskOptions.builder().queue(this.queue).build(), context -> {
            this.runs.incrementAndGet();
            this.running.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            }
            catch (InterruptedException ex) {
                this.interrupted.set(true);
                throw ex;
            }
            return "slept";
        }));
        this.stem = new DefaultStem(this.broker, this.backend, this.revokes, this.events, this.tasks,
                JsonMapper.builder().build(), new EnvelopeCodec(), List.of(), DefaultStem.ClientOptions.DEFAULT,
                Clock.systemUTC());
    }

    @AfterEach
    void closeSubjects() throws Exception {
        for (AutoCloseable closeable : this.closing.reversed()) {
            closeable.close();
        }
        this.broker.purge(this.queue);
        for (Object store : List.of(this.events, this.revokes, this.backend, this.broker)) {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsOnAWorkerStartedLater() {
        TaskHandle<Object> handle = this.stem.enqueue(SLEEPER, null);

        assertThat(handle.cancel()).isTrue();
        startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> handle.state() == TaskState.REVOKED);
        assertThat(this.runs).hasValue(0);
        assertThat(handle.cancel()).as("cancelling a finished task").isFalse();
    }

    @Test
    void aRunningTaskCancelledWithTerminateEndsRevokedWithinOneSecond() throws Exception {
        startWorker();
        TaskHandle<Object> handle = this.stem.enqueue(SLEEPER, null, EnqueueOptions.builder().maxRetries(0).build());
        assertThat(this.running.await(30, TimeUnit.SECONDS)).as("the task started").isTrue();

        long cancelledAt = System.nanoTime();
        assertThat(handle.cancel(true)).isTrue();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> handle.state() == TaskState.REVOKED);
        System.out.printf("cancel with terminate (%s): REVOKED %d ms after the cancel%n", getClass().getSimpleName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt));
        assertThat(this.interrupted).as("the task was interrupted").isTrue();
        assertThat(this.runs).hasValue(1);
        assertThat(handle.info()).map(TaskResult::meta).hasValueSatisfying(
                meta -> assertThat(meta).containsEntry("reason", "terminated while running"));
    }

    private void startWorker() {
        Worker worker = new Worker(new WorkerServices(this.broker, this.backend, this.tasks, this.revokes,
                new InMemoryRateLimiter(), this.events, new InMemoryWorkerRegistry(), JsonMapper.builder().build(),
                List.of(), new LoggingWorkerListener(), Clock.systemUTC()),
                WorkerOptions.defaults(this.queue).withShutdownTimeout(Duration.ofSeconds(2)));
        worker.start();
        this.closing.add(worker::stop);
    }
}
