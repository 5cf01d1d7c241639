package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// What a live worker does with work that finished: it keeps the lease while the result store is
/// down and settles once it is back, and a holder that lost its lease changes no result.
class SettlingTests {

    private static final Duration LEASE = Duration.ofMillis(600);

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void anOutageOfTheResultStoreAloneRerunsNoFinishedTask() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        this.fixture.register(TaskDefinition.of("count", ctx -> {
            runs.computeIfAbsent(ctx.id(), id -> new AtomicInteger()).incrementAndGet();
            return "done";
        }));
        AtomicReference<Instant> downUntil = new AtomicReference<>(Instant.MIN);
        ResultBackend down = (ResultBackend) Proxy.newProxyInstance(ResultBackend.class.getClassLoader(),
                new Class<?>[] { ResultBackend.class }, (proxy, method, args) -> {
                    if (method.getName().startsWith("store") && Instant.now().isBefore(downUntil.get())) {
                        throw new IllegalStateException("result store down");
                    }
                    try {
                        return method.invoke(this.fixture.backend, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        Worker worker = this.fixture.start(this.fixture.broker, down, this.fixture.revokes,
                options -> options.withConcurrency(4).withLease(LEASE), status -> {
                });

        downUntil.set(Instant.now().plus(LEASE.multipliedBy(2)));
        List<TaskHandle<Object>> handles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            handles.add(this.fixture.stem.enqueue("count", null));
        }

        for (TaskHandle<Object> handle : handles) {
            assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("done");
        }
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isZero());
        assertThat(runs).hasSize(30).allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(this.fixture.defaultQueue().ready()).isZero();
        assertThat(worker.refusedWriteCount()).isZero();
    }

    @Test
    void whileTheResultStoreIsDownFetchingPausesPastTheSettlingBound() {
        this.fixture.register(TaskDefinition.of("quick", ctx -> "done"));
        AtomicBoolean down = new AtomicBoolean(true);
        ResultBackend backend = (ResultBackend) Proxy.newProxyInstance(ResultBackend.class.getClassLoader(),
                new Class<?>[] { ResultBackend.class }, (proxy, method, args) -> {
                    if (method.getName().startsWith("store") && down.get()) {
                        throw new IllegalStateException("result store down");
                    }
                    try {
                        return method.invoke(this.fixture.backend, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        int bound = 2 * CompletionBatcher.MAX_BATCH;
        this.fixture.enqueue("quick", bound + 200);
        this.fixture.start(this.fixture.broker, backend, this.fixture.revokes,
                options -> options.withConcurrency(2).withPrefetch(2), status -> {
                });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(this.fixture.defaultQueue().inFlight()).isGreaterThan(bound));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(this.fixture.defaultQueue().inFlight()).isLessThanOrEqualTo(bound + 3 * 4);
            assertThat(this.fixture.defaultQueue().ready()).isPositive();
        });

        down.set(false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.fixture.defaultQueue())
                .satisfies(queue -> assertThat(queue.ready() + queue.inFlight()).isZero()));
    }

    @Test
    void aHolderThatLostItsLeaseChangesNoResultAndItsRefusedWritesAreCounted() throws InterruptedException {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("slow", ctx -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                firstRunning.countDown();
                finishFirst.await();
            }
            return "run " + run;
        }));
        AtomicBoolean fetched = new AtomicBoolean();
        Broker frozen = BrokerCalls.around(this.fixture.broker, call -> {
            switch (call.method().getName()) {
                case "extendLease" -> throw new IllegalStateException("frozen: cannot reach the broker");
                case "fetch" -> {
                    if (fetched.get()) {
                        Thread.sleep(100);
                        return List.of();
                    }
                    Object deliveries = call.proceed();
                    fetched.set(!((List<?>) deliveries).isEmpty());
                    return deliveries;
                }
                default -> {
                    return call.proceed();
                }
            }
        });
        Worker stale = this.fixture.start(frozen, this.fixture.revokes, options -> options.withLease(LEASE));
        TaskHandle<Object> handle = this.fixture.stem.enqueue("slow", null);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();

        this.fixture.start(options -> options.withLease(LEASE));
        assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("run 2");
        assertThat(handle.info()).get().extracting(TaskResult::delivery).isEqualTo(2);
        finishFirst.countDown();

        await().untilAsserted(() -> assertThat(stale.refusedWriteCount()).isPositive());
        assertThat(handle.info()).get().satisfies(record -> {
            assertThat(record.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(record.result().asString()).isEqualTo("run 2");
            assertThat(record.delivery()).isEqualTo(2);
        });
    }
}
