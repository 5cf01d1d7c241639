package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A worker whose lease extension came late may have its own message reclaimed by its own fetch:
/// the broker hands it the message again under the same receipt (Redis: same stream entry, same
/// consumer) while the first delivery still waits to be settled. The worker does not run it again;
/// the first delivery settles as it would have.
class SelfReclaimTests {

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aMessageReclaimedByItsOwnHolderWhileItSettlesDoesNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("once", ctx -> {
            runs.incrementAndGet();
            return "done";
        }));
        AtomicBoolean storeDown = new AtomicBoolean(true);
        ResultBackend backend = (ResultBackend) Proxy.newProxyInstance(ResultBackend.class.getClassLoader(),
                new Class<?>[] { ResultBackend.class }, (proxy, method, args) -> {
                    if (method.getName().startsWith("store") && storeDown.get()) {
                        throw new IllegalStateException("result store down");
                    }
                    try {
                        return method.invoke(this.fixture.backend, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        AtomicReference<Delivery> first = new AtomicReference<>();
        AtomicBoolean reclaimed = new AtomicBoolean();
        Broker broker = BrokerCalls.around(this.fixture.broker, call -> {
            if (!call.method().getName().equals("fetch")) {
                return call.proceed();
            }
            Delivery held = first.get();
            if (held != null && runs.get() == 1 && reclaimed.compareAndSet(false, true)) {
                return List.of(new Delivery(held.envelope(), held.receipt(), held.deliveryCount() + 1,
                        Instant.now().plus(Duration.ofSeconds(30))));
            }
            @SuppressWarnings("unchecked")
            List<Delivery> deliveries = (List<Delivery>) call.proceed();
            if (!deliveries.isEmpty()) {
                first.compareAndSet(null, deliveries.get(0));
            }
            return deliveries;
        });
        this.fixture.start(broker, backend, this.fixture.revokes, options -> options.withConcurrency(2), status -> {
        });

        TaskHandle<Object> handle = this.fixture.stem.enqueue("once", null);
        await().atMost(Duration.ofSeconds(30)).until(reclaimed::get);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runs).as("runs of the task").hasValue(1));
        storeDown.set(false);

        assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("done");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.fixture.defaultQueue())
                .satisfies(queue -> assertThat(queue.ready() + queue.inFlight()).isZero()));
        assertThat(runs).hasValue(1);
    }
}
