package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.client.TaskHandle;
import dev.stem.control.RevokeStore;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A recovered message starts only once its worker holds nothing else: a fetch that was in flight
/// when it was admitted has returned, and what that fetch leased was given back, not kept waiting.
/// A worker that dies of the recovered message then leaves it alone charged a recovery, not the
/// messages the worker's other fetch thread leased meanwhile.
class RecoveredAloneTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch neighboursFetched = new CountDownLatch(1);

    private final AtomicLong leasedWhenRecoveredRan = new AtomicLong(-1);

    @AfterEach
    void close() {
        this.fixture.close();
    }

    /// The neighbours are published when the recovered message is fetched, so the other fetch
    /// thread, woken by the places that fetch gave back, leases them while it is admitted.
    @Test
    void aRecoveredMessageStartsOnlyOnceWhatAnotherFetchLeasedIsGivenBack() throws Exception {
        TaskHandle<Object> recovered = recoveredAmongWork(this.neighboursFetched);
        List<TaskHandle<Object>> neighbours = new CopyOnWriteArrayList<>();

        Broker reporting = BrokerCalls.around(this.fixture.broker, call -> {
            Object answer = call.proceed();
            if (call.method().getName().equals("fetch") && answer instanceof List<?> deliveries) {
                if (deliveries.stream().anyMatch(delivery -> ((Delivery) delivery).recovered())) {
                    for (int i = 0; i < 3; i++) {
                        neighbours.add(this.fixture.stem.enqueue("work", null));
                    }
                }
                else if (!deliveries.isEmpty()) {
                    this.neighboursFetched.countDown();
                }
            }
            return answer;
        });
        this.fixture.start(reporting, this.fixture.revokes, options -> options.withConcurrency(4).withPrefetch(4));

        await().atMost(Duration.ofSeconds(10)).until(() -> recovered.state() == TaskState.SUCCESS
                && neighbours.size() == 3 && neighbours.stream().allMatch(handle -> handle.state() == TaskState.SUCCESS));
        assertThat(this.leasedWhenRecoveredRan).as("messages leased to the worker while the recovered one ran")
                .hasValue(1);
    }

    /// With one slot, messages another fetch hands over just after the recovered one was queued
    /// for that slot wait behind it: the recovered message gives them back instead of waiting for
    /// them forever. The worker's look-up of the recovered message's revoke is held until the other
    /// fetch has handed over its messages, and that fetch's `RECEIVED` records until the recovered
    /// message has taken the slot.
    @Test
    void aRecoveredMessageOnTheOnlySlotGivesBackWhatIsQueuedBehindIt() throws Exception {
        CountDownLatch neighboursHandedOver = new CountDownLatch(1);
        TaskHandle<Object> recovered = recoveredAmongWork(new CountDownLatch(0));
        List<TaskHandle<Object>> neighbours = List.of(this.fixture.stem.enqueue("work", null),
                this.fixture.stem.enqueue("work", null), this.fixture.stem.enqueue("work", null));

        RevokeStore slowLookUp = forwarding(RevokeStore.class, this.fixture.revokes, (method, args) -> {
            if (method.getName().equals("revokedAmong") && ((Collection<?>) args[0]).contains(recovered.id())) {
                neighboursHandedOver.await(2, TimeUnit.SECONDS);
            }
        });
        ResultBackend slowReceived = forwarding(ResultBackend.class, this.fixture.backend, (method, args) -> {
            if (method.getName().equals("storeAll") && ((List<?>) args[0]).stream()
                    .anyMatch(result -> ((TaskResult) result).taskName().equals("work"))) {
                neighboursHandedOver.countDown();
                Thread.sleep(300);
            }
        });
        this.fixture.start(this.fixture.broker, slowReceived, slowLookUp, options -> new WorkerOptions(options.id(),
                options.queues(), 1, 4, options.lease(), options.fetchWait(), options.shutdownTimeout(),
                options.heartbeatInterval(), options.maxRecoveries(), options.resultTtl(), true,
                options.unknownTaskGrace(), options.maxAbandonedThreads()), status -> {
                });

        await().atMost(Duration.ofSeconds(10)).until(() -> recovered.state() == TaskState.SUCCESS
                && neighbours.stream().allMatch(handle -> handle.state() == TaskState.SUCCESS));
        assertThat(this.leasedWhenRecoveredRan).as("messages leased to the worker while the recovered one ran")
                .hasValue(1);
    }

    /// Registers `recovered`, which waits up to 2 s for `before` and then records what is leased,
    /// and `work`; enqueues one `recovered` message and lets a lost worker's lease of it lapse.
    private TaskHandle<Object> recoveredAmongWork(CountDownLatch before) throws InterruptedException {
        this.fixture.register(TaskDefinition.of("recovered", ctx -> {
            before.await(2, TimeUnit.SECONDS);
            this.leasedWhenRecoveredRan.set(this.fixture.defaultQueue().inFlight());
            return "done";
        }));
        this.fixture.register(TaskDefinition.of("work", ctx -> "done"));
        TaskHandle<Object> recovered = this.fixture.stem.enqueue("recovered", null);
        List<Delivery> lapsed = this.fixture.broker.fetch(new FetchRequest("lost-worker", List.of("default"), 1,
                Duration.ofMillis(100), Duration.ofMillis(50)));
        assertThat(lapsed).hasSize(1);
        Thread.sleep(100);
        return recovered;
    }

    /// What a forwarding proxy does before it passes a call on.
    @FunctionalInterface
    private interface Before {

        void call(Method method, Object[] args) throws Exception;
    }

    /// A `type` that runs `before` on each call, then passes it to `target`.
    private static <T> T forwarding(Class<T> type, T target, Before before) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    before.call(method, args);
                    try {
                        return method.invoke(target, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                }));
    }
}
