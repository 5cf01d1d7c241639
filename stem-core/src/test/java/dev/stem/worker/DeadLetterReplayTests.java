package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A dead letter replayed after its cause is fixed ends with the replayed run's result, not the
/// `FAILURE` stored when it died: the replay is a later attempt, so the result fence lets it in.
class DeadLetterReplayTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aReplayedDeadLetterThatSucceedsStoresItsSuccess() {
        AtomicBoolean broken = new AtomicBoolean(true);
        this.fixture.register(new TaskDefinition("sync", TaskOptions.builder().maxRetries(2)
                .backOff(new ExponentialBackOff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 0.0)).build(),
                context -> {
                    if (broken.get()) {
                        throw new IllegalStateException("broken on attempt " + context.attempt());
                    }
                    return "fixed on attempt " + context.attempt();
                }));
        this.fixture.start();
        TaskHandle<Object> handle = this.fixture.stem.enqueue("sync", null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(this.fixture.broker.deadLetter("default", handle.id())).isPresent();
            assertThat(handle.info()).get().extracting(TaskResult::state, TaskResult::attempt)
                    .containsExactly(TaskState.FAILURE, 2);
        });
        broken.set(false);

        assertThat(this.fixture.broker.replayDeadLetters("default", List.of(handle.id()))).isEqualTo(1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(handle.info()).get()
                .extracting(TaskResult::state, TaskResult::attempt).containsExactly(TaskState.SUCCESS, 3));
        assertThat(handle.result(WAIT)).isEqualTo("fixed on attempt 3");
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).isEmpty();
    }
}
