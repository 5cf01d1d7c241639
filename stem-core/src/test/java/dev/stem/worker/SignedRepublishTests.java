package dev.stem.worker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.Stem;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.client.DefaultStem;
import dev.stem.control.RateLimit;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;
import dev.stem.security.ReplayGuard;
import dev.stem.security.SignedContent;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// A signed message that Stem publishes again changed (a retry, a postponement, a dead-letter
/// replay) is signed again, and runs; a process without the keys refuses to replay a signed dead letter.
class SignedRepublishTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WorkerFixture fixture = new WorkerFixture();

    private final MessageSigner signer = new MessageSigner(new KeyRing("k1",
            Map.of("k1", "republish-key-republish-key-repu".getBytes(StandardCharsets.UTF_8)), 32));

    private final Stem stem = new DefaultStem(this.fixture.broker, this.fixture.backend, this.fixture.revokes,
            this.fixture.events, this.fixture.tasks, this.fixture.mapper, new EnvelopeCodec(),
            List.of(this.signer::sign), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aSignedTaskThatFailsTwiceThenSucceedsIsRetriedSignedAndSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(new TaskDefinition("flaky", quickRetries(3), context -> {
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("broken on attempt " + context.attempt());
            }
            return "fixed on attempt " + context.attempt();
        }));
        startSigningWorker();

        String id = this.stem.enqueue("flaky", null).id();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.fixture.backend.get(id)).get()
                .extracting(TaskResult::state, TaskResult::attempt).containsExactly(TaskState.SUCCESS, 2));
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).isEmpty();
    }

    @Test
    void withoutSigningAgainARetryIsDeadLetteredSignatureInvalid() {
        this.fixture.register(new TaskDefinition("flaky", quickRetries(3), context -> {
            throw new IllegalStateException("broken on attempt " + context.attempt());
        }));
        this.fixture.receivers.add(this.signer::verify);
        this.fixture.start();

        String id = this.stem.enqueue("flaky", null).id();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.fixture.broker.deadLetter("default", id)).get()
                .satisfies(letter -> assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.SIGNATURE_INVALID)));
    }

    @Test
    void aSignedTaskPostponedByARateLimitRuns() {
        AtomicInteger runs = new AtomicInteger();
        this.fixture.register(new TaskDefinition("limited", TaskOptions.builder()
                .rateLimit(new RateLimit(1, Duration.ofMillis(200))).build(), context -> runs.incrementAndGet()));
        startSigningWorker();

        List<String> ids = List.of(this.stem.enqueue("limited", null).id(), this.stem.enqueue("limited", null).id(),
                this.stem.enqueue("limited", null).id());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ids).allSatisfy(id -> assertThat(
                this.fixture.backend.get(id)).get().extracting(TaskResult::state).isEqualTo(TaskState.SUCCESS)));
        assertThat(runs).hasValue(3);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).isEmpty();
    }

    @Test
    void aSignedDeadLetterReplayedWithTheKeysRunsAndWithoutThemIsRefusedAndStays() {
        AtomicBoolean broken = new AtomicBoolean(true);
        this.fixture.register(new TaskDefinition("once.broken", quickRetries(0), context -> {
            if (broken.get()) {
                throw new IllegalStateException("broken");
            }
            return "fixed on attempt " + context.attempt();
        }));
        startSigningWorker();
        String id = this.stem.enqueue("once.broken", null).id();
        await().atMost(PATIENCE).until(() -> this.fixture.broker.deadLetter("default", id).isPresent());
        broken.set(false);

        assertThatThrownBy(() -> this.fixture.broker.replayDeadLetters("default", List.of(id),
                ReplayGuard.around(List.of()))).isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining(id).hasMessageContaining("stem.security.signing.active-key")
                .hasMessageContaining("stem.security.signing.keys")
                .satisfies(ex -> assertThat(((ReplayRefusedException) ex).messageId()).isEqualTo(id));
        assertThat(this.fixture.broker.deadLetter("default", id)).isPresent();
        assertThat(this.fixture.broker.stats("default").dead()).isEqualTo(1);

        assertThat(this.fixture.broker.replayDeadLetters("default", List.of(id),
                ReplayGuard.around(List.of(this.signer::resign)))).isEqualTo(1);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.fixture.backend.get(id)).get()
                .extracting(TaskResult::state, TaskResult::attempt).containsExactly(TaskState.SUCCESS, 1));
        assertThat(this.fixture.broker.deadLetter("default", id)).isEmpty();
    }

    @Test
    void aTamperedSignedDeadLetterIsNeverSignedAgain() {
        this.fixture.register(new TaskDefinition("once.broken", quickRetries(0), context -> {
            throw new IllegalStateException("broken");
        }));
        this.fixture.receivers.add(this.signer::verify);
        this.fixture.start();
        String id = this.stem.enqueue("once.broken", null).id();
        await().atMost(PATIENCE).until(() -> this.fixture.broker.deadLetter("default", id).isPresent());
        var stored = this.fixture.broker.deadLetter("default", id).orElseThrow().envelope();
        var tampered = stored.toBuilder().maxRetries(50).build();

        assertThatThrownBy(() -> ReplayGuard.around(List.of(this.signer::resign)).beforeRepublish(tampered,
                tampered.replayed())).isInstanceOf(ReplayRefusedException.class).hasMessageContaining(id)
                .hasMessageContaining("does not match");
        assertThat(stored.headers()).containsKey(SignedContent.SIGNATURE_HEADER);
    }

    private void startSigningWorker() {
        this.fixture.receivers.add(this.signer::verify);
        this.fixture.republishers.add(this.signer::resign);
        this.fixture.start();
    }

    private static TaskOptions quickRetries(int maxRetries) {
        return TaskOptions.builder().maxRetries(maxRetries)
                .backOff(new ExponentialBackOff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 0.0)).build();
    }
}
