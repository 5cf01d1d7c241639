package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A recovered message starts only once its worker holds nothing else: a fetch that was in flight
/// when it was admitted has returned, and what that fetch leased was given back, not kept waiting.
/// A worker that dies of the recovered message then charges a recovery to it alone; before, the
/// neighbours leased by the other fetch thread were charged with it, and a neighbour that shared
/// a poison's worker often enough was dead-lettered `worker-lost` beside it.
class RecoveredAloneTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch neighboursFetched = new CountDownLatch(1);

    private final AtomicLong leasedWhenRecoveredRan = new AtomicLong(-1);

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aRecoveredMessageStartsOnlyOnceWhatAnotherFetchLeasedIsGivenBack() throws Exception {
        this.fixture.register(TaskDefinition.of("recovered", ctx -> {
            this.neighboursFetched.await(2, TimeUnit.SECONDS);
            this.leasedWhenRecoveredRan.set(this.fixture.defaultQueue().inFlight());
            return "done";
        }));
        this.fixture.register(TaskDefinition.of("work", ctx -> "done"));
        TaskHandle<Object> recovered = this.fixture.stem.enqueue("recovered", null);
        List<Delivery> lapsed = this.fixture.broker.fetch(new FetchRequest("lost-worker", List.of("default"), 1,
                Duration.ofMillis(100), Duration.ofMillis(50)));
        assertThat(lapsed).hasSize(1);
        Thread.sleep(100);
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

        await().atMost(Duration.ofSeconds(10)).until(() -> recovered.state() == TaskState.SUCCESS && neighbours.size() == 3
                && neighbours.stream().allMatch(handle -> handle.state() == TaskState.SUCCESS));
        assertThat(this.leasedWhenRecoveredRan).as("messages leased to the worker while the recovered one ran")
                .hasValue(1);
    }
}
