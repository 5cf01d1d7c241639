package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A record the result store refuses for good (here, as PostgreSQL's `jsonb` refuses U+0000) does
/// not hold up the worker: the task's message is settled with a `FAILURE` record in its place, the
/// other messages of its batch are stored and acked, and nothing stays leased. Before, the batch
/// was retried for as long as the worker ran, its leases kept, and the worker stalled once enough
/// such batches piled up.
class RefusedResultTests {

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aRefusedRecordIsStoredAsAFailureAndTheRestOfItsBatchSucceeds() {
        this.fixture.register(TaskDefinition.of("work", ctx -> {
            Thread.sleep(5);
            return "done";
        }));
        this.fixture.register(TaskDefinition.of("nul", ctx -> "a\u0000b"));
        this.fixture.register(new TaskDefinition("nul-failure", TaskOptions.builder().maxRetries(0).build(), ctx -> {
            throw new IllegalStateException("bad byte \u0000 here");
        }));
        List<TaskHandle<Object>> work = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            work.add(this.fixture.stem.enqueue("work", null));
        }
        TaskHandle<Object> nul = this.fixture.stem.enqueue("nul", null);
        TaskHandle<Object> nulFailure = this.fixture.stem.enqueue("nul-failure", null);
        for (int i = 0; i < 20; i++) {
            work.add(this.fixture.stem.enqueue("work", null));
        }

        this.fixture.start(this.fixture.broker, refusingNul(this.fixture.backend), this.fixture.revokes,
                options -> options.withConcurrency(4).withPrefetch(4), status -> {
                });

        await().atMost(Duration.ofSeconds(20)).until(() -> work.stream().allMatch(h -> h.state() == TaskState.SUCCESS)
                && nul.state() == TaskState.FAILURE && nulFailure.state() == TaskState.FAILURE);
        TaskResult refused = nul.info().orElseThrow();
        assertThat(refused.error().type()).isEqualTo(ResultRejectedException.class.getName());
        assertThat(refused.error().message()).contains("SUCCESS", "U+0000");
        assertThat(refused.meta()).containsEntry("refusedState", "SUCCESS");
        TaskResult refusedFailure = nulFailure.info().orElseThrow();
        assertThat(refusedFailure.error().type()).isEqualTo(ResultRejectedException.class.getName());
        assertThat(refusedFailure.meta()).containsEntry("refusedState", "FAILURE");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(this.fixture.defaultQueue().inFlight()).as("messages still leased").isZero();
            assertThat(this.fixture.defaultQueue().ready()).isZero();
        });
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .satisfies(letter -> assertThat(letter.id()).isEqualTo(nulFailure.id()));
    }

    /// `backend`, refusing for good every write with a record that holds U+0000.
    private static ResultBackend refusingNul(ResultBackend backend) {
        return (ResultBackend) Proxy.newProxyInstance(ResultBackend.class.getClassLoader(),
                new Class<?>[] { ResultBackend.class }, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && holdsNul(args[0])) {
                        throw new ResultRejectedException("the store cannot hold U+0000",
                                new IllegalArgumentException("U+0000"));
                    }
                    try {
                        return method.invoke(backend, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    private static boolean holdsNul(Object argument) {
        if (argument instanceof List<?> records) {
            return records.stream().anyMatch(RefusedResultTests::holdsNul);
        }
        return argument instanceof TaskResult record && (String.valueOf(record.result()).contains("\\u0000")
                || record.error() != null && String.valueOf(record.error().message()).indexOf('\u0000') >= 0);
    }
}
