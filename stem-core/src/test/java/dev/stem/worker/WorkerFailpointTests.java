package dev.stem.worker;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.failpoint.FailpointException;
import dev.stem.failpoint.Failpoints;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// Each failpoint of the engine fires where it says, here with the `throw` action: what was done
/// before it stays done, and what comes after it does not happen.
class WorkerFailpointTests {

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        Failpoints.disarm();
        this.fixture.close();
    }

    @Test
    void afterTheHandlerNothingIsWrittenAndTheMessageStaysLeased() {
        Failpoints.arm(Failpoints.AFTER_HANDLER + ":throw");
        this.fixture.register(TaskDefinition.of("work", ctx -> "done"));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("work", null);

        await().untilAsserted(() -> assertThat(Failpoints.hits(Failpoints.AFTER_HANDLER)).isEqualTo(1));
        assertThat(handle.state()).isEqualTo(TaskState.PENDING);
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(1);
        assertThat(this.fixture.listener.events).doesNotContain("succeeded work");
    }

    @Test
    void afterTheResultItIsStoredButTheMessageIsNotAcked() {
        Failpoints.arm(Failpoints.AFTER_RESULT + ":throw");
        this.fixture.register(TaskDefinition.of("work", ctx -> "done"));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("work", null);

        await().untilAsserted(() -> assertThat(Failpoints.hits(Failpoints.AFTER_RESULT)).isPositive());
        assertThat(handle.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(1);
        assertThat(this.fixture.listener.events).doesNotContain("succeeded work");
    }

    @Test
    void afterTheRetryStateTheRetryIsNotScheduledNorTheMessageAcked() {
        Failpoints.arm(Failpoints.AFTER_RETRY + ":throw");
        this.fixture.register(new TaskDefinition("flaky", TaskOptions.builder()
                .backOff(new ExponentialBackOff(Duration.ofMillis(10), 2.0, Duration.ofMillis(50), 0.0)).build(),
                ctx -> {
                    throw new IllegalStateException("transient");
                }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("flaky", null);

        await().untilAsserted(() -> assertThat(Failpoints.hits(Failpoints.AFTER_RETRY)).isEqualTo(1));
        assertThat(handle.state()).isEqualTo(TaskState.RETRY);
        assertThat(this.fixture.defaultQueue().inFlight()).isEqualTo(1);
        assertThat(this.fixture.defaultQueue().delayed()).isZero();
        assertThat(this.fixture.listener.events).noneMatch(event -> event.startsWith("retried"));
    }

    @Test
    void afterAPublishTheMessageIsQueuedThoughTheCallFails() {
        Failpoints.arm(Failpoints.AFTER_PUBLISH + ":throw");

        assertThatThrownBy(() -> this.fixture.stem.enqueue("work", null)).isInstanceOf(FailpointException.class);

        assertThat(Failpoints.hits(Failpoints.AFTER_PUBLISH)).isEqualTo(1);
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1);
    }
}
