package dev.stem.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A task that kills its worker every time it runs, among normal tasks, with a supervisor that
/// starts a new worker after each death: the poison ends in the dead letters as `worker-lost` after
/// `maxRecoveries` charged recoveries, and no other task does. A dead worker runs nothing more:
/// its own interceptor (each worker keeps the interceptors it started with) stops what its slots
/// still take.
class PoisonPillTests {

    private static final int MAX_RECOVERIES = 1;

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch endOfTest = new CountDownLatch(1);

    /// The worker whose slot runs the current task, set by that worker's interceptor.
    private final ThreadLocal<Mortal> runningIn = new ThreadLocal<>();

    private final AtomicInteger deaths = new AtomicInteger();

    @AfterEach
    void close() {
        this.endOfTest.countDown();
        this.fixture.close();
    }

    @Test
    void thePoisonIsDeadLetteredWorkerLostAndNoNeighbourIs() {
        this.fixture.register(TaskDefinition.of("work", ctx -> {
            Thread.sleep(2);
            return "done";
        }));
        this.fixture.register(TaskDefinition.of("poison", ctx -> {
            this.runningIn.get().kill();
            this.deaths.incrementAndGet();
            this.endOfTest.await();
            return "never settled";
        }));
        List<TaskHandle<Object>> work = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            work.add(this.fixture.stem.enqueue("work", null));
        }
        TaskHandle<Object> poison = this.fixture.stem.enqueue("poison", null);
        for (int i = 0; i < 40; i++) {
            work.add(this.fixture.stem.enqueue("work", null));
        }

        for (int incarnation = 0; incarnation < MAX_RECOVERIES + 4 && !finished(poison, work); incarnation++) {
            Mortal worker = new Mortal();
            this.fixture.interceptors.clear();
            this.fixture.interceptors.add((context, next) -> {
                if (worker.isDead()) {
                    throw new IllegalStateException("a dead worker runs nothing");
                }
                this.runningIn.set(worker);
                try {
                    return next.proceed();
                }
                finally {
                    this.runningIn.remove();
                }
            });
            this.fixture.start(worker.view(Broker.class, this.fixture.broker),
                    worker.view(ResultBackend.class, this.fixture.backend), this.fixture.revokes,
                    options -> options.withConcurrency(4).withPrefetch(4).withLease(Duration.ofMillis(500))
                            .withMaxRecoveries(MAX_RECOVERIES),
                    status -> {
                    });
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.isDead() || finished(poison, work));
        }

        assertThat(this.fixture.broker.deadLetters("default", 0, 100)).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(poison.id());
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.WORKER_LOST);
        });
        assertThat(this.deaths).hasValue(MAX_RECOVERIES + 2);
        assertThat(work).allSatisfy(handle -> assertThat(handle.state()).isEqualTo(TaskState.SUCCESS));
    }

    private boolean finished(TaskHandle<Object> poison, List<TaskHandle<Object>> work) {
        List<DeadLetter> dead = this.fixture.broker.deadLetters("default", 0, 100);
        boolean poisonDead = dead.stream().anyMatch(letter -> letter.id().equals(poison.id()));
        return poisonDead && work.stream().allMatch(handle -> handle.info().map(TaskResult::state)
                .filter(TaskState.SUCCESS::equals).isPresent());
    }
}
