package dev.stem.metrics;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.client.DefaultStem;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskRequest;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/// `stem.tasks.enqueued` counts what the broker accepted from the client: a message only
/// validated (as the HTTP API does before it enqueues) is not counted.
class TaskMetricsTests {

    @Test
    void enqueuedCountsPublishedMessagesOnly() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TaskMetrics metrics = new TaskMetrics(registry, Clock.systemUTC(), List.of());
        DefaultStem stem = new DefaultStem(new InMemoryBroker(), new InMemoryResultBackend(), new InMemoryRevokeStore(),
                new InMemoryEventBus(), new TaskRegistry(), JsonMapper.builder().build(), new EnvelopeCodec(),
                List.of(metrics), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());
        TaskRequest request = new TaskRequest("mail.send", Map.of("to", "a@example.com"), EnqueueOptions.defaults());

        stem.validate(request);
        stem.enqueue("mail.send", Map.of("to", "b@example.com"));
        stem.enqueueAll(List.of(request, request));

        assertThat(registry.get(StemMeters.ENQUEUED).tag("task", "mail.send").tag("queue", "default").counter()
                .count()).isEqualTo(3);
    }
}
