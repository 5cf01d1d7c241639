package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryResultBackend;

import static org.assertj.core.api.Assertions.assertThat;

/// [CompletionBatcher] settles at close what finished before it, also the batch already on the wire.
class CompletionBatcherTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryBroker broker = new InMemoryBroker();

    private final CountDownLatch writing = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    private final CompletionBatcher batcher = new CompletionBatcher(slowToSettle(), new InMemoryResultBackend(),
            Duration.ofMinutes(1), new Settler(Clock.systemUTC()), new RecordingSettleEvents(), "w1");

    @Test
    void aCloseLetsTheBatchOnTheWireFinish() throws Exception {
        CompletableFuture<Boolean> settled = completeOneAndWaitForItsWrite();

        Thread closing = Thread.ofPlatform().start(() -> this.batcher.close(WAIT));
        Thread.sleep(100);
        this.release.countDown();
        closing.join(WAIT.toMillis());

        assertThat(closing.isAlive()).isFalse();
        assertThat(settled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(this.broker.stats("default").inFlight()).isZero();
    }

    @Test
    void aCloseGivesUpOnAWriteThatOutlastsTheGrace() throws Exception {
        CompletableFuture<Boolean> settled = completeOneAndWaitForItsWrite();

        this.batcher.close(Duration.ofMillis(100));

        assertThat(settled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        assertThat(this.broker.stats("default").inFlight()).isEqualTo(1);
    }

    /// Leases a message, completes it, and waits until its batch is being written; the returned
    /// future tells whether it was settled.
    private CompletableFuture<Boolean> completeOneAndWaitForItsWrite() throws InterruptedException {
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        this.batcher.complete(new InFlightTask(leaseOne(), task -> {
        }, task -> {
        }), null, settled::complete);
        assertThat(this.writing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        return settled;
    }

    private Delivery leaseOne() throws InterruptedException {
        this.broker.publish(Envelope.builder("t").queue("default").build());
        return this.broker.fetch(new FetchRequest("w1", List.of("default"), 1, WAIT, Duration.ofMinutes(1))).getFirst();
    }

    /// This test's broker, whose settling call waits for [#release] as a slow store would, and
    /// fails when interrupted as Lettuce and JDBC do: with the interrupt flag set.
    private Broker slowToSettle() {
        return BrokerCalls.around(this.broker, call -> {
            if (call.method().getName().equals("storeAndAckAll")) {
                this.writing.countDown();
                try {
                    this.release.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while settling", ex);
                }
            }
            return call.proceed();
        });
    }
}
