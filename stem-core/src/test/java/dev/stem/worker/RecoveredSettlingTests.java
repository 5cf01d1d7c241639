package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

/// A recovered message stays the one held until it is settled, not only until its handler returns:
/// the next recovered message (perhaps the poison that kills the worker) is not fetched while the
/// first one's ack is still on its way, so a worker dying of the second does not charge the first
/// a recovery it did not cause.
class RecoveredSettlingTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch ackMayProceed = new CountDownLatch(1);

    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        this.ackMayProceed.countDown();
        this.fixture.close();
    }

    @Test
    void theNextRecoveredMessageIsFetchedOnlyOnceTheFirstIsAcked() throws Exception {
        this.fixture.register(TaskDefinition.of("recovered", ctx -> {
            this.events.add("ran " + ctx.id());
            return "done";
        }));
        TaskHandle<Object> first = this.fixture.stem.enqueue("recovered", null);
        TaskHandle<Object> second = this.fixture.stem.enqueue("recovered", null);
        List<Delivery> lapsed = this.fixture.broker.fetch(new FetchRequest("lost-worker", List.of("default"), 2,
                Duration.ofMillis(100), Duration.ofMillis(50)));
        assertThat(lapsed).hasSize(2);
        Thread.sleep(100);

        Broker slowAcks = BrokerCalls.around(this.fixture.broker, call -> {
            String name = call.method().getName();
            if (name.startsWith("storeAndAck") || name.startsWith("ack")) {
                this.events.add("acking");
                assertThat(this.ackMayProceed.await(10, TimeUnit.SECONDS)).isTrue();
                Object answer = call.proceed();
                this.events.add("acked");
                return answer;
            }
            return call.proceed();
        });
        this.fixture.start(slowAcks, this.fixture.revokes, options -> options.withConcurrency(4).withPrefetch(4));

        await().atMost(Duration.ofSeconds(10)).until(() -> this.events.contains("acking"));
        Thread.sleep(300);
        assertThat(this.events).as("nothing else runs while the first recovered message is not yet acked")
                .hasSize(2);
        this.ackMayProceed.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> first.state() == TaskState.SUCCESS
                && second.state() == TaskState.SUCCESS);
        assertThat(this.events.subList(0, 4)).satisfiesExactly(
                event -> assertThat(event).startsWith("ran "),
                event -> assertThat(event).isEqualTo("acking"),
                event -> assertThat(event).isEqualTo("acked"),
                event -> assertThat(event).startsWith("ran "));
    }
}
