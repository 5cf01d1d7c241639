package dev.stem.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskError;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.security.SignedContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// A replayed dead letter reads `PENDING` at once, not the dead letter's `FAILURE` until a worker
/// picks it up; the replayed run's records replace that mark, and the mark, written late, never
/// replaces them. A refused replay marks nothing.
class ReplayedTaskStateTests {

    private static final Duration TTL = Duration.ofHours(1);

    private final InMemoryBroker broker = new InMemoryBroker();

    private final InMemoryResultBackend backend = new InMemoryResultBackend();

    @AfterEach
    void close() {
        this.broker.close();
    }

    @Test
    void aReplayedTaskReadsPendingAtOnceAndItsRunReplacesTheMark() throws Exception {
        Envelope sent = Envelope.builder("report.build").queue("reports").build();
        TaskResult failure = deadLetter(sent);

        int replayed = new DeadLetterReplay(this.broker, this.backend, List::of).replay("reports",
                List.of(sent.id(), "no-such-letter"));

        assertThat(replayed).isEqualTo(1);
        TaskResult mark = this.backend.get(sent.id()).orElseThrow();
        assertThat(mark.state()).isEqualTo(TaskState.PENDING);
        assertThat(mark.attempt()).isEqualTo(failure.attempt() + 1);
        assertThat(mark.delivery()).isZero();
        Delivery again = fetch();
        assertThat(again.envelope().attempt()).isEqualTo(mark.attempt());
        TaskResult success = new TaskResult(sent.id(), sent.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("built"), null, Map.of(), again.envelope().attempt(),
                again.deliveryCount(), Instant.now());
        assertThat(this.backend.store(success, TTL)).isTrue();
        assertThat(this.backend.store(mark, TTL)).isFalse();
        assertThat(this.backend.get(sent.id())).contains(success);
    }

    @Test
    void aRefusedReplayLeavesTheDeadLetterAndItsFailure() throws Exception {
        Envelope signed = Envelope.builder("report.build").queue("reports")
                .headers(Map.of(SignedContent.SIGNATURE_HEADER, "v2:old:c2lnbmF0dXJl")).build();
        TaskResult failure = deadLetter(signed);

        assertThatExceptionOfType(ReplayRefusedException.class).isThrownBy(
                () -> new DeadLetterReplay(this.broker, this.backend, List::of).replay("reports", List.of(signed.id())));

        assertThat(this.backend.get(signed.id())).contains(failure);
        assertThat(this.broker.deadLetter("reports", signed.id())).isPresent();
    }

    /// Publishes `envelope`, dead-letters it and stores its `FAILURE`, as a worker would.
    private TaskResult deadLetter(Envelope envelope) throws InterruptedException {
        this.broker.publish(envelope);
        Delivery delivery = fetch();
        TaskResult failure = new TaskResult(envelope.id(), envelope.task(), TaskState.FAILURE, null,
                new TaskError("java.lang.IllegalStateException", "boom", "", false), Map.of(), envelope.attempt(),
                delivery.deliveryCount(), Instant.now());
        this.broker.deadLetter(delivery, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));
        assertThat(this.backend.store(failure, TTL)).isTrue();
        return failure;
    }

    private Delivery fetch() throws InterruptedException {
        return this.broker.fetch(new FetchRequest("c", List.of("reports"), 1, Duration.ofSeconds(5),
                Duration.ofMinutes(1))).get(0);
    }
}
