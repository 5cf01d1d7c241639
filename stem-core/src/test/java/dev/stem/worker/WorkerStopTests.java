package dev.stem.worker;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.broker.Broker;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/// A stopping worker gives back the messages its fetch threads still hold, although the stop
/// interrupted them.
class WorkerStopTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch fetched = new CountDownLatch(1);

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void messagesFetchedAsTheStopBeganAreGivenBackAtOnce() throws InterruptedException {
        this.fixture.register(TaskDefinition.of("noop", ctx -> null));
        this.fixture.enqueue("noop", 1);
        Worker worker = this.fixture.start(fetchingUntilInterrupted(), this.fixture.revokes, UnaryOperator.identity());
        assertThat(this.fetched.await(5, TimeUnit.SECONDS)).isTrue();

        worker.stop();

        assertThat(this.fixture.defaultQueue().inFlight()).isZero();
        assertThat(this.fixture.defaultQueue().ready()).isEqualTo(1);
    }

    /// The fixture's broker, whose fetch that leased something returns only once its thread was
    /// interrupted (a reply that arrived as the stop began), and whose release fails on an
    /// interrupted thread, as Lettuce and JDBC calls do.
    private Broker fetchingUntilInterrupted() {
        return BrokerCalls.around(this.fixture.broker, call -> {
            String name = call.method().getName();
            if (name.equals("release") && Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted before the command was sent");
            }
            Object result = call.proceed();
            if (name.equals("fetch") && !((List<?>) result).isEmpty()) {
                this.fetched.countDown();
                waitForInterrupt();
            }
            return result;
        });
    }

    private static void waitForInterrupt() {
        try {
            Thread.sleep(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
