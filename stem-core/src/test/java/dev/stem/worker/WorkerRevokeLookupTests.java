package dev.stem.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.control.RevokeStore;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Where a worker learns that a fetched message was revoked: from the fetch itself when the broker
/// checks the worker's revoke store ([Broker#checksRevokesOf]), else from one lookup per batch.
class WorkerRevokeLookupTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WorkerFixture fixture = new WorkerFixture();

    private final AtomicInteger lookups = new AtomicInteger();

    private final RevokeStore countingRevokes = new CountingRevokeStore(this.fixture.revokes, this.lookups);

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aBrokerThatChecksRevokesInItsFetchSparesTheLookup() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("maybe.cancel", ctx -> runs.incrementAndGet()));
        TaskHandle<Object> cancelled = this.fixture.stem.enqueue("maybe.cancel", null);
        assertThat(cancelled.cancel()).isTrue();
        TaskHandle<Object> kept = this.fixture.stem.enqueue("maybe.cancel", null);

        this.fixture.start(revokeCheckingBroker(), this.countingRevokes, UnaryOperator.identity());

        assertThat(kept.result(WAIT)).isEqualTo(1);
        assertThatThrownBy(() -> cancelled.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining(TaskState.REVOKED.name());
        assertThat(runs).hasValue(1);
        assertThat(this.lookups).hasValue(0);
    }

    @Test
    void aBrokerThatDoesNotCheckRevokesLeavesTheLookupToTheWorker() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(TaskDefinition.of("maybe.cancel", ctx -> runs.incrementAndGet()));
        TaskHandle<Object> cancelled = this.fixture.stem.enqueue("maybe.cancel", null);
        assertThat(cancelled.cancel()).isTrue();

        this.fixture.start(this.fixture.broker, this.countingRevokes, UnaryOperator.identity());

        assertThatThrownBy(() -> cancelled.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining(TaskState.REVOKED.name());
        assertThat(runs).hasValue(0);
        assertThat(this.lookups).hasPositiveValue();
    }

    /// The fixture's broker, made to mark revoked deliveries in `fetch` as a broker that checks
    /// [#countingRevokes] would.
    private Broker revokeCheckingBroker() {
        return BrokerCalls.around(this.fixture.broker, call -> switch (call.method().getName()) {
            case "checksRevokesOf" -> call.args()[0] == this.countingRevokes;
            case "fetch" -> markRevoked((List<?>) call.proceed());
            default -> call.proceed();
        });
    }

    private List<Delivery> markRevoked(List<?> deliveries) {
        return deliveries.stream().map(Delivery.class::cast)
                .map(delivery -> new Delivery(delivery.envelope(), delivery.receipt(), delivery.deliveryCount(),
                        delivery.leaseExpiresAt(), this.fixture.revokes.isRevoked(delivery.id())))
                .toList();
    }

    /// A revoke store that counts the batch lookups a worker makes.
    private record CountingRevokeStore(RevokeStore target, AtomicInteger lookups) implements RevokeStore {

        @Override
        public void revoke(String taskId, Duration ttl) {
            this.target.revoke(taskId, ttl);
        }

        @Override
        public boolean isRevoked(String taskId) {
            return this.target.isRevoked(taskId);
        }

        @Override
        public Set<String> revokedAmong(Collection<String> taskIds) {
            this.lookups.incrementAndGet();
            return this.target.revokedAmong(taskIds);
        }

        @Override
        public Set<String> revoked() {
            return this.target.revoked();
        }
    }
}
