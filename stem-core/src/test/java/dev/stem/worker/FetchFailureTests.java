package dev.stem.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.broker.Broker;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/// Nothing thrown by a fetch, not even an [Error], stops the worker or loses its lease places.
class FetchFailureTests {

    private final WorkerFixture fixture = new WorkerFixture();

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void anErrorInAFetchGivesBackItsPlacesPutsTheHealthDownAndTheWorkerRunsOn() {
        AtomicBoolean thrown = new AtomicBoolean();
        Broker failingOnce = BrokerCalls.around(this.fixture.broker, call -> {
            if (call.method().getName().equals("fetch") && thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("simulated: decoding a huge message");
            }
            return call.proceed();
        });
        this.fixture.register(TaskDefinition.of("next", ctx -> "ran"));
        Worker worker = this.fixture.start(failingOnce, this.fixture.revokes,
                options -> options.withConcurrency(1).withPrefetch(0));

        for (int i = 0; i < 3; i++) {
            assertThat(this.fixture.stem.enqueue("next", null).result(Duration.ofSeconds(30))).isEqualTo("ran");
        }
        assertThat(thrown).isTrue();
        assertThat(worker.isHealthy()).isFalse();
        assertThat(worker.lastFetchError()).contains("OutOfMemoryError").contains("simulated");
    }
}
