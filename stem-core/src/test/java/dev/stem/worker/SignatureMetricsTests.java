package dev.stem.worker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.broker.DeadLetterReason;
import dev.stem.metrics.StemMeters;
import dev.stem.metrics.TaskMetrics;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A message rejected for its signature is counted by the dead-letter metric under its reason.
class SignatureMetricsTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private Worker worker;

    @AfterEach
    void close() {
        if (this.worker != null) {
            this.worker.stop();
        }
        this.fixture.close();
    }

    @Test
    void anUnsignedMessageIsCountedAsDeadLetteredSignatureInvalid() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MessageSigner signer = new MessageSigner(new KeyRing("k1",
                Map.of("k1", "metrics-key-metrics-key-metrics-k".getBytes(StandardCharsets.UTF_8)), 32));
        this.fixture.register(TaskDefinition.of("signed.only", context -> "ran"));
        this.worker = new Worker(new WorkerServices(this.fixture.broker, this.fixture.backend, this.fixture.tasks,
                this.fixture.revokes, this.fixture.rateLimiter, this.fixture.events, this.fixture.workers,
                this.fixture.mapper, List.of(), new TaskMetrics(registry, Clock.systemUTC(), List.of()),
                Clock.systemUTC(), List.of(signer::verify)),
                WorkerOptions.defaults("default").withShutdownTimeout(Duration.ofSeconds(2)));
        this.worker.start();

        this.fixture.stem.enqueue("signed.only", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(StemMeters.DEAD_LETTERED)
                .tag(StemMeters.TAG_REASON, DeadLetterReason.SIGNATURE_INVALID).counter() != null);
        assertThat(registry.get(StemMeters.DEAD_LETTERED).tag(StemMeters.TAG_REASON,
                DeadLetterReason.SIGNATURE_INVALID).counter().count()).isEqualTo(1.0);
    }
}
