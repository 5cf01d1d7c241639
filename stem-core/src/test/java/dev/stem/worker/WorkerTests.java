package dev.stem.worker;

import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.FetchRequest;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.control.RateLimit;
import dev.stem.middleware.MessageRejectedException;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.MethodTaskHandler;
import dev.stem.task.TaskDefinition;
import dev.stem.task.SoftTimeLimitExceededException;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WorkerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final ExponentialBackOff FAST = new ExponentialBackOff(Duration.ofMillis(10), 2.0,
            Duration.ofMillis(50), 0.0);

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void runsATaskAndStoresItsResult() {
        this.fixture.register(TaskDefinition.of("math.add",
                ctx -> ctx.args().get("a").intValue() + ctx.args().get("b").intValue()));
        this.fixture.start();

        TaskHandle<Integer> handle = this.fixture.stem.enqueue("math.add", Map.of("a", 2, "b", 3),
                EnqueueOptions.defaults(), Integer.class);

        assertThat(handle.result(WAIT)).isEqualTo(5);
        assertThat(handle.state()).isEqualTo(TaskState.SUCCESS);
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isZero());
    }

    @Test
    void retriesWithBackoffUntilTheTaskSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        this.fixture.register(new TaskDefinition("flaky", TaskOptions.builder().backOff(FAST).build(), ctx -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("transient");
            }
            return "ok on attempt " + ctx.attempt();
        }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("flaky", null);

        assertThat(handle.result(WAIT)).isEqualTo("ok on attempt 2");
        await().untilAsserted(() -> assertThat(this.fixture.listener.events).contains("retried flaky attempt 0",
                "retried flaky attempt 1", "succeeded flaky"));
        assertThat(handle.info()).get().extracting(TaskResult::attempt).isEqualTo(2);
    }

    @Test
    void exhaustedRetriesEndInTheDeadLetterQueueWithTheReason() {
        AtomicInteger calls = new AtomicInteger();
        this.fixture.register(new TaskDefinition("doomed", TaskOptions.builder().maxRetries(2).backOff(FAST).build(),
                ctx -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("always broken");
                }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("doomed", null);

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("always broken");
        assertThat(calls).hasValue(3);
        List<DeadLetter> dead = this.fixture.broker.deadLetters("default", 0, 10);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.MAX_RETRIES_EXCEEDED);
            assertThat(letter.reason().errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.id()).isEqualTo(handle.id());
        });
    }

    @Test
    void errorsListedInNoRetryForAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        this.fixture.register(new TaskDefinition("strict", TaskOptions.builder().backOff(FAST)
                .noRetryFor(List.of(IllegalArgumentException.class)).build(), ctx -> {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("bad input");
                }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("strict", null);

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class);
        assertThat(calls).hasValue(1);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .extracting(letter -> letter.reason().code()).isEqualTo(DeadLetterReason.NOT_RETRYABLE);
    }

    @Test
    void onlyErrorsListedInRetryOnAreRetried() {
        AtomicInteger calls = new AtomicInteger();
        this.fixture.register(new TaskDefinition("picky", TaskOptions.builder().backOff(FAST)
                .retryOn(List.of(UncheckedIOException.class)).build(), ctx -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("not an I/O error");
                }));
        this.fixture.start();

        assertThatThrownBy(() -> this.fixture.stem.enqueue("picky", null).result(WAIT))
                .isInstanceOf(TaskFailedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anUnknownTaskWithoutGraceIsDeadLetteredOnceAndNeverRetried() {
        this.fixture.start(options -> options.withUnknownTaskGrace(Duration.ZERO));

        TaskHandle<Object> handle = this.fixture.stem.enqueue("nobody.home", Map.of("x", 1));

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("nobody.home");
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .satisfies(letter -> assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.UNKNOWN_TASK));
        assertThat(this.fixture.defaultQueue().ready()).isZero();
        assertThat(this.fixture.defaultQueue().delayed()).isZero();
        assertThat(this.fixture.listener.events).doesNotContain("retried nobody.home attempt 0");
    }

    @Test
    void anUnknownTaskIsTriedAgainForItsGraceThenDeadLetteredNamingTheNearestTasks() {
        this.fixture.register(TaskDefinition.of("mail.send", ctx -> "sent"));
        this.fixture.register(TaskDefinition.of("mail.sort", ctx -> "sorted"));
        this.fixture.register(TaskDefinition.of("report.build", ctx -> "built"));
        this.fixture.start(options -> options.withUnknownTaskGrace(Duration.ofMillis(1_500)));

        TaskHandle<Object> handle = this.fixture.stem.enqueue("mail.sedn", null);

        await().atMost(WAIT).untilAsserted(() -> assertThat(this.fixture.defaultQueue().delayed()).isEqualTo(1));
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).isEmpty();
        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.UNKNOWN_TASK);
            assertThat(letter.reason().message()).contains("'mail.sedn'")
                    .contains("nearest registered: 'mail.send', 'mail.sort', 'report.build'");
            assertThat(letter.envelope().attempt()).isZero();
        });
    }

    @Test
    void aTaskPastItsHardLimitInACpuLoopDoesNotStopTheOthers() {
        AtomicBoolean spin = new AtomicBoolean(true);
        AtomicInteger spinning = new AtomicInteger();
        this.fixture.register(new TaskDefinition("spin", TaskOptions.builder().maxRetries(0)
                .hardTimeLimit(Duration.ofMillis(200)).build(), ctx -> {
                    spinning.incrementAndGet();
                    while (spin.get()) {
                        Thread.onSpinWait();
                    }
                    return null;
                }));
        this.fixture.register(TaskDefinition.of("quick", ctx -> "done"));
        int spinners = Math.max(2, Runtime.getRuntime().availableProcessors());
        Worker worker = this.fixture.start(options -> options.withConcurrency(4).withMaxAbandonedThreads(spinners));
        try {
            List<TaskHandle<Object>> spins = new ArrayList<>();
            for (int i = 0; i < spinners; i++) {
                spins.add(this.fixture.stem.enqueue("spin", null));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.abandonedRunningCount() == spinners);

            List<TaskHandle<Object>> quick = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                quick.add(this.fixture.stem.enqueue("quick", null));
            }
            for (TaskHandle<Object> handle : quick) {
                assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("done");
            }
            assertThat(worker.abandonedRunningCount()).isEqualTo(spinners);
            assertThat(spinning).hasValue(spinners);
            for (TaskHandle<Object> handle : spins) {
                assertThatThrownBy(() -> handle.result(WAIT)).hasMessageContaining("TimeLimitExceededException");
            }
        }
        finally {
            spin.set(false);
        }
        await().untilAsserted(() -> assertThat(worker.abandonedRunningCount()).isZero());
    }

    @Test
    void pastMaxAbandonedThreadsTheWorkerStopsFetchingAndExitsWithItsCode() {
        CountDownLatch release = new CountDownLatch(1);
        this.fixture.register(new TaskDefinition("stuck", TaskOptions.builder().maxRetries(0)
                .hardTimeLimit(Duration.ofMillis(100)).build(), ctx -> {
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        }
                        catch (InterruptedException ignored) {
                            // a task that ignores interrupts
                        }
                    }
                    return null;
                }));
        this.fixture.register(TaskDefinition.of("quick", ctx -> "done"));
        List<Integer> exits = new CopyOnWriteArrayList<>();
        Worker worker = this.fixture.start(this.fixture.broker, this.fixture.revokes,
                options -> options.withConcurrency(4).withMaxAbandonedThreads(1), exits::add);
        try {
            this.fixture.enqueue("stuck", 2);

            await().atMost(WAIT).untilAsserted(() -> assertThat(exits).containsExactly(
                    Worker.EXIT_TOO_MANY_ABANDONED_THREADS));
            assertThat(worker.isHealthy()).isFalse();
            assertThat(worker.lastFetchError()).contains("max-abandoned-threads (1)");
            this.fixture.enqueue("quick", 1);
            await().during(Duration.ofMillis(300)).atMost(WAIT)
                    .untilAsserted(() -> assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1));
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void argumentsThatDoNotBindFailAtOnceNamingTheParameter() throws NoSuchMethodException {
        AtomicInteger calls = new AtomicInteger();
        Calculator calculator = new Calculator(calls);
        Method add = Calculator.class.getDeclaredMethod("add", int.class, int.class);
        this.fixture.register(new TaskDefinition("calc.add", TaskOptions.builder().backOff(FAST).build(),
                new MethodTaskHandler("calc.add", calculator, add, add, this.fixture.mapper)));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("calc.add", Map.of("a", "three", "b", 4));

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("'a'");
        assertThat(calls).hasValue(0);
        assertThat(handle.info()).get().extracting(TaskResult::attempt).isEqualTo(0);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .extracting(letter -> letter.reason().code()).isEqualTo(DeadLetterReason.BAD_ARGUMENTS);
        assertThat(this.fixture.listener.events).noneMatch(event -> event.startsWith("retried"));
    }

    /// A bean-like task class for the binding test.
    static final class Calculator {

        private final AtomicInteger calls;

        Calculator(AtomicInteger calls) {
            this.calls = calls;
        }

        int add(int a, int b) {
            this.calls.incrementAndGet();
            return a + b;
        }
    }

    @Test
    void aTaskCanAskToBeRetriedAfterACountdown() {
        this.fixture.register(TaskDefinition.of("polite", ctx -> {
            if (ctx.attempt() == 0) {
                throw ctx.retry(Duration.ofMillis(50));
            }
            return "second time lucky";
        }));
        this.fixture.start();

        assertThat(this.fixture.stem.enqueue("polite", null).result(WAIT)).isEqualTo("second time lucky");
        await().untilAsserted(() -> assertThat(this.fixture.listener.events).contains("retried polite attempt 0"));
    }

    @Test
    void theSoftTimeLimitInterruptsTheTaskWithACatchableSignal() {
        this.fixture.register(new TaskDefinition("slow", TaskOptions.builder()
                .softTimeLimit(Duration.ofMillis(100)).build(), ctx -> {
                    try {
                        Thread.sleep(10_000);
                        return "finished";
                    }
                    catch (InterruptedException ex) {
                        try {
                            ctx.checkSoftTimeLimit();
                            return "interrupted for another reason";
                        }
                        catch (SoftTimeLimitExceededException signal) {
                            return "cleaned up after the soft limit";
                        }
                    }
                }));
        this.fixture.start();

        assertThat(this.fixture.stem.enqueue("slow", null).result(WAIT)).isEqualTo("cleaned up after the soft limit");
    }

    @Test
    void anUncaughtSoftTimeLimitFailsTheAttempt() {
        this.fixture.register(new TaskDefinition("slow", TaskOptions.builder().maxRetries(0)
                .softTimeLimit(Duration.ofMillis(100)).build(), ctx -> {
                    Thread.sleep(10_000);
                    return "finished";
                }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("slow", null);

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("SoftTimeLimitExceededException");
    }

    @Test
    void theHardTimeLimitFailsTheAttemptAndAbandonsTheThread() {
        CountDownLatch release = new CountDownLatch(1);
        this.fixture.register(new TaskDefinition("stuck", TaskOptions.builder().maxRetries(0)
                .hardTimeLimit(Duration.ofMillis(200)).build(), ctx -> {
                    while (release.getCount() > 0) {
                        Thread.onSpinWait();
                    }
                    return "too late";
                }));
        Worker worker = this.fixture.start();
        try {
            TaskHandle<Object> handle = this.fixture.stem.enqueue("stuck", null);

            assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                    .hasMessageContaining("TimeLimitExceededException");
            await().untilAsserted(() -> assertThat(worker.abandonedCount()).isEqualTo(1));
            await().untilAsserted(() -> assertThat(this.fixture.listener.events).contains("abandoned stuck"));
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void aGracefulStopWaitsForRunningTasks() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        this.fixture.register(TaskDefinition.of("short", ctx -> {
            started.countDown();
            Thread.sleep(300);
            return "done";
        }));
        Worker worker = this.fixture.start();
        TaskHandle<Object> handle = this.fixture.stem.enqueue("short", null);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        worker.stop();

        assertThat(handle.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(this.fixture.defaultQueue().ready()).isZero();
        assertThat(this.fixture.defaultQueue().inFlight()).isZero();
    }

    @Test
    void aGracefulStopGivesBackWhatDidNotFinishWithoutAckingIt() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("long", ctx -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
            }
            return "run " + runs.get();
        }));
        Worker first = this.fixture.start(options -> options.withShutdownTimeout(Duration.ofMillis(200)));
        TaskHandle<Object> handle = this.fixture.stem.enqueue("long", null);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        first.stop();
        release.countDown();

        assertThat(handle.state()).isEqualTo(TaskState.PENDING);
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1);
        this.fixture.start();
        assertThat(handle.result(WAIT)).isEqualTo("run 2");
    }

    @Test
    void aLongTaskKeepsItsLeaseAndRunsOnce() {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("long", ctx -> {
            runs.incrementAndGet();
            Thread.sleep(1_200);
            return "done";
        }));
        this.fixture.start(options -> options.withConcurrency(2).withLease(Duration.ofMillis(300)));

        assertThat(this.fixture.stem.enqueue("long", null).result(WAIT)).isEqualTo("done");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aMessageThatKeepsLosingItsWorkerIsDeadLetteredAsPoison() throws InterruptedException {
        this.fixture.register(TaskDefinition.of("crasher", ctx -> "never reached"));
        TaskHandle<Object> handle = this.fixture.stem.enqueue("crasher", null);
        for (int crash = 0; crash < 3; crash++) {
            assertThat(this.fixture.broker.fetch(new FetchRequest("crashed-worker",
                    List.of("default"), 1, Duration.ofSeconds(2), Duration.ofMillis(50)))).hasSize(1);
            Thread.sleep(80);
        }

        this.fixture.start(options -> options.withConcurrency(1).withMaxRecoveries(1));

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .extracting(letter -> letter.reason().code()).isEqualTo(DeadLetterReason.WORKER_LOST);
    }

    @Test
    void aRevokedTaskIsSkipped() {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("cancel.me", ctx -> runs.incrementAndGet()));
        TaskHandle<Object> handle = this.fixture.stem.enqueue("cancel.me", null);

        assertThat(handle.cancel()).isTrue();
        this.fixture.start();

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("REVOKED");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aRejectedMessageIsDeadLetteredWithItsReasonBeforeItsArgumentsAreBoundAndTheTaskSeesTheReplacedOne() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        this.fixture.register(TaskDefinition.of("guarded", ctx -> ran.add(ctx.envelope().args().get("v").asString())));
        this.fixture.receivers.add(envelope -> {
            if (envelope.args().get("v").asString().equals("bad")) {
                throw new MessageRejectedException("signature-invalid", "Message " + envelope.id() + " is not run");
            }
            return envelope.toBuilder().args(this.fixture.mapper.createObjectNode().put("v", "seen")).build();
        });
        this.fixture.start();

        TaskHandle<Object> bad = this.fixture.stem.enqueue("guarded", Map.of("v", "bad"));
        TaskHandle<Object> good = this.fixture.stem.enqueue("guarded", Map.of("v", "good"));

        assertThatThrownBy(() -> bad.result(WAIT)).isInstanceOf(TaskFailedException.class);
        assertThat(bad.info().orElseThrow().meta()).containsEntry("deadLetterReason", "signature-invalid");
        assertThat(good.result(WAIT)).isEqualTo(true);
        assertThat(ran).containsExactly("seen");
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .satisfies(letter -> assertThat(letter.reason().code()).isEqualTo("signature-invalid"));
    }

    @Test
    void anExpiredTaskIsSkipped() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("stale", ctx -> runs.incrementAndGet()));
        TaskHandle<Object> handle = this.fixture.stem.enqueue("stale", null, EnqueueOptions.builder()
                .expires(Duration.ofMillis(50)).build());
        Thread.sleep(100);
        this.fixture.start();

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("EXPIRED");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aRateLimitedTaskIsPostponedWithoutUsingAnAttempt() {
        this.fixture.register(new TaskDefinition("limited", TaskOptions.builder()
                .rateLimit(new RateLimit(2, Duration.ofMillis(500))).maxRetries(0).build(), ctx -> ctx.attempt()));
        this.fixture.start();

        List<TaskHandle<Object>> handles = List.of(this.fixture.stem.enqueue("limited", null),
                this.fixture.stem.enqueue("limited", null), this.fixture.stem.enqueue("limited", null),
                this.fixture.stem.enqueue("limited", null));

        for (TaskHandle<Object> handle : handles) {
            assertThat(handle.result(WAIT)).isEqualTo(0);
        }
    }

    @Test
    void aTenantOverItsLimitIsPostponedWithoutHoldingBackOtherTenants() {
        this.fixture.register(new TaskDefinition("per-tenant", TaskOptions.builder()
                .tenantRateLimit(new RateLimit(1, Duration.ofMinutes(10))).maxRetries(0).build(), ctx -> ctx.attempt()));
        this.fixture.start();

        TaskHandle<Object> first = enqueueFor("acme");
        TaskHandle<Object> other = enqueueFor("globex");
        TaskHandle<Object> hostile = enqueueFor("a*b {x}\n");
        TaskHandle<Object> untenanted = this.fixture.stem.enqueue("per-tenant", null);
        assertThat(first.result(WAIT)).isEqualTo(0);
        assertThat(other.result(WAIT)).isEqualTo(0);
        assertThat(hostile.result(WAIT)).isEqualTo(0);
        assertThat(untenanted.result(WAIT)).isEqualTo(0);
        TaskHandle<Object> second = enqueueFor("acme");

        await().atMost(WAIT).until(() -> this.fixture.broker.stats("default").delayed() == 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !second.state().isTerminal());
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).isEmpty();
    }

    private TaskHandle<Object> enqueueFor(String tenant) {
        return this.fixture.stem.enqueue("per-tenant", null,
                EnqueueOptions.builder().headers(Map.of(TaskOptions.TENANT_HEADER, tenant)).build());
    }

    @Test
    void aPrefetchOfZeroLeasesOnlyWhatRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("block", ctx -> {
            running.incrementAndGet();
            release.await();
            return null;
        }));
        this.fixture.start(options -> options.withConcurrency(2).withPrefetch(0));
        this.fixture.enqueue("block", 10);

        await().untilAsserted(() -> assertThat(running).hasValue(2));
        Thread.sleep(100);
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(2);
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(8);
        release.countDown();
        await().untilAsserted(() -> assertThat(running).hasValue(10));
    }

    @Test
    void aWorkerLeasesItsPrefetchBeyondWhatItRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("block", ctx -> {
            running.incrementAndGet();
            release.await();
            return null;
        }));
        this.fixture.enqueue("block", 10);
        this.fixture.start(options -> options.withConcurrency(2).withPrefetch(4));

        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(6));
        Thread.sleep(100);
        assertThat(running).hasValue(2);
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(4);
        release.countDown();
        await().untilAsserted(() -> assertThat(running).hasValue(10));
    }

    @Test
    void aBusyWorkerFetchesAgainOnlyWhenHalfItsPrefetchIsFree() throws InterruptedException {
        Semaphore finish = new Semaphore(0);
        this.fixture.register(TaskDefinition.of("block", ctx -> {
            finish.acquire();
            return null;
        }));
        this.fixture.enqueue("block", 20);
        this.fixture.start(options -> options.withConcurrency(2).withPrefetch(4));
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(6));

        finish.release();
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(5));
        Thread.sleep(100);
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(5);

        finish.release();
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().ready()).isEqualTo(12));
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(6);
        finish.release(100);
    }

    @Test
    void aGracefulStopGivesBackWaitingMessagesWithoutRunningThem() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("block", ctx -> {
            runs.incrementAndGet();
            started.countDown();
            release.await();
            return null;
        }));
        this.fixture.enqueue("block", 4);
        Worker worker = this.fixture.start(options -> options.withConcurrency(1).withPrefetch(3));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(4));

        Thread stopping = Thread.ofPlatform().start(worker::stop);
        await().untilAsserted(() -> assertThat(this.fixture.defaultQueue().ready()).isEqualTo(3));
        release.countDown();
        stopping.join();

        assertThat(runs).hasValue(1);
        assertThat(this.fixture.defaultQueue().inFlight()).isZero();
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(3);
    }

    @Test
    void heartbeatsListTheWorkerUntilItStops() {
        Worker worker = this.fixture.start();

        await().untilAsserted(() -> assertThat(this.fixture.workers.alive())
                .anySatisfy(info -> assertThat(info.id()).isEqualTo(worker.options().id())));
        worker.stop();
        assertThat(this.fixture.workers.alive()).noneSatisfy(info -> assertThat(info.id())
                .isEqualTo(worker.options().id()));
    }

    @Test
    void interceptorsWrapEveryAttempt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        this.fixture.interceptors.add((ctx, next) -> {
            seen.add("before " + ctx.envelope().task());
            Object result = next.proceed();
            seen.add("after " + result);
            return result;
        });
        this.fixture.register(TaskDefinition.of("wrapped", ctx -> "inner"));
        this.fixture.start();

        assertThat(this.fixture.stem.enqueue("wrapped", null).result(WAIT)).isEqualTo("inner");
        assertThat(seen).containsExactly("before wrapped", "after inner");
    }

    @Test
    void progressIsPublishedAndKeptInTheResult() {
        List<Object> percents = new CopyOnWriteArrayList<>();
        this.fixture.events.subscribe(event -> percents.add(event.data().get("percent")));
        this.fixture.register(TaskDefinition.of("report", ctx -> {
            ctx.progress(Map.of("percent", 50));
            ctx.progress(Map.of("percent", 100));
            return "done";
        }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("report", null);

        assertThat(handle.result(WAIT)).isEqualTo("done");
        assertThat(percents).contains(50, 100);
        assertThat(handle.info()).get().extracting(result -> result.meta().get("percent")).isEqualTo(100);
    }
}
