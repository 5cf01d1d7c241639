package dev.stem.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UniqueEnqueueTests {

    private final InMemoryBroker broker = new InMemoryBroker();

    private final Instant now = Instant.parse("2026-06-01T10:00:30Z");

    private final DefaultStem stem = client(Clock.fixed(this.now, ZoneOffset.UTC));

    @AfterEach
    void close() {
        this.broker.close();
    }

    private DefaultStem client(Clock clock) {
        return client(clock, new TaskRegistry());
    }

    private DefaultStem client(Clock clock, TaskRegistry tasks) {
        return new DefaultStem(this.broker, new InMemoryResultBackend(), new InMemoryRevokeStore(),
                new InMemoryEventBus(), tasks, JsonMapper.builder().build(), new EnvelopeCodec(), List.of(),
                DefaultStem.ClientOptions.DEFAULT, clock);
    }

    private static EnqueueOptions unique(Uniqueness uniqueness) {
        return EnqueueOptions.builder().unique(uniqueness).build();
    }

    @Test
    void aDuplicateInTheWindowReturnsTheExistingHandleAndPublishesNothing() {
        Uniqueness byOrder = Uniqueness.within(Duration.ofMinutes(1)).by("order");

        String first = this.stem.enqueue("ship", Map.of("order", 7, "note", "a"), unique(byOrder)).id();
        String again = this.stem.enqueue("ship", Map.of("order", 7, "note", "b"), unique(byOrder)).id();
        String other = this.stem.enqueue("ship", Map.of("order", 8, "note", "a"), unique(byOrder)).id();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(this.broker.stats("default").ready()).isEqualTo(2);
    }

    @Test
    void rejectThrowsNamingTheExistingMessage() {
        Uniqueness strict = Uniqueness.within(Duration.ofMinutes(1)).rejectDuplicates();
        String first = this.stem.enqueue("ship", Map.of("order", 7), unique(strict)).id();

        assertThatThrownBy(() -> this.stem.enqueue("ship", Map.of("order", 7), unique(strict)))
                .isInstanceOf(DuplicateTaskException.class).hasMessageContaining(first)
                .extracting(e -> ((DuplicateTaskException) e).existingId()).isEqualTo(first);
        assertThat(this.broker.stats("default").ready()).isEqualTo(1);
    }

    @Test
    void theNextWindowPublishesAgain() {
        Uniqueness byOrder = Uniqueness.within(Duration.ofMinutes(1));
        String first = this.stem.enqueue("ship", Map.of("order", 7), unique(byOrder)).id();
        String later = client(Clock.fixed(this.now.plusSeconds(60), ZoneOffset.UTC))
                .enqueue("ship", Map.of("order", 7), unique(byOrder)).id();

        assertThat(later).isNotEqualTo(first);
        assertThat(this.broker.stats("default").ready()).isEqualTo(2);
    }

    @Test
    void namedArgumentsNeedAnArgsObjectAndABatchRefusesUniqueness() {
        assertThatThrownBy(() -> this.stem.enqueue("ship", List.of(7),
                unique(Uniqueness.within(Duration.ofMinutes(1)).by("order"))))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> this.stem.enqueueAll(List.of(new TaskRequest("ship", Map.of(),
                unique(Uniqueness.within(Duration.ofMinutes(1)))))))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("one at a time");
    }

    @Test
    void aTasksOwnUniquenessAppliesToEveryEnqueueAndTheCallersReplacesIt() {
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(new TaskDefinition("ship", TaskOptions.builder()
                .unique(Uniqueness.within(Duration.ofMinutes(1)).by("order").rejectDuplicates()).build(),
                context -> null));
        DefaultStem stem = client(Clock.fixed(this.now, ZoneOffset.UTC), tasks);

        String first = stem.enqueue("ship", Map.of("order", 7, "note", "a")).id();
        assertThatThrownBy(() -> stem.enqueue("ship", Map.of("order", 7, "note", "b")))
                .isInstanceOf(DuplicateTaskException.class).hasMessageContaining(first);
        String returned = stem.enqueue("ship", Map.of("order", 7, "note", "a"),
                unique(Uniqueness.within(Duration.ofMinutes(1)))).id();
        String other = stem.enqueue("ship", Map.of("order", 8)).id();

        assertThat(returned).isNotEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(this.broker.stats("default").ready()).isEqualTo(3);
        assertThatThrownBy(() -> stem.enqueueAll(List.of(new TaskRequest("ship", Map.of("order", 9),
                EnqueueOptions.defaults())))).isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageContaining("one at a time");
    }
}
