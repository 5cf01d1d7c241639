package dev.stem.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.annotation.StemTask;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(60)
class StemTestWorkerTests {

    @Test
    void runReturnsTheResultOfAnAnnotatedTaskAsTheTypeAsked() {
        try (StemTestWorker stem = StemTestWorker.start(new PriceTasks())) {
            BigDecimal price = stem.run("price.with-tax", Map.of("net", "10.00", "rate", "0.2"), BigDecimal.class);

            assertThat(price).isEqualByComparingTo("12.00").isInstanceOf(BigDecimal.class);
        }
    }

    @Test
    void runRunsATaskDefinedInCode() {
        try (StemTestWorker stem = StemTestWorker.builder()
                .task(TaskDefinition.of("ping", context -> "pong")).start()) {
            assertThat(stem.run("ping", null, String.class)).isEqualTo("pong");
        }
    }

    @Test
    void runThrowsTheFailureWithItsStoredErrorAndTheTaskIsDeadLettered() {
        try (StemTestWorker stem = StemTestWorker.start(new PriceTasks())) {
            assertThatExceptionOfType(TaskFailedException.class)
                    .isThrownBy(() -> stem.run("price.refuse", Map.of("reason", "closed"), Object.class))
                    .satisfies(failure -> {
                        assertThat(failure.record().state()).isEqualTo(TaskState.FAILURE);
                        assertThat(failure.record().error()).isNotNull();
                        assertThat(failure.record().error().message()).isEqualTo("closed");
                    });

            assertThat(stem.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.envelope()).isNotNull();
                assertThat(letter.envelope().task()).isEqualTo("price.refuse");
                assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.MAX_RETRIES_EXCEEDED);
            });
        }
    }

    @Test
    void argumentsThatDoNotBindAreDeadLetteredAsBadArguments() {
        try (StemTestWorker stem = StemTestWorker.start(new PriceTasks())) {
            TaskHandle<Object> handle = stem.stem().enqueue("price.with-tax", Map.of("net", "ten", "rate", "0.2"));

            stem.drainUntilIdle(Duration.ofSeconds(30));

            assertThat(stem.deadLetters()).extracting(DeadLetter::id).containsExactly(handle.id());
            assertThat(stem.deadLetters()).extracting(letter -> letter.reason().code())
                    .containsExactly(DeadLetterReason.BAD_ARGUMENTS);
        }
    }

    @Test
    void drainUntilIdleWaitsForEveryTaskEnqueued() {
        try (StemTestWorker stem = StemTestWorker.builder()
                .task(TaskDefinition.of("double", context -> context.args().get("n").intValue() * 2))
                .options(options -> options.withConcurrency(4)).start()) {
            List<TaskHandle<Object>> handles = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                handles.add(stem.stem().enqueue("double", Map.of("n", n)));
            }

            stem.drainUntilIdle(Duration.ofSeconds(30));

            assertThat(handles).allSatisfy(handle -> assertThat(stem.result(handle.id()))
                    .hasValueSatisfying(record -> assertThat(record.state()).isEqualTo(TaskState.SUCCESS)));
            assertThat(stem.deadLetters()).isEmpty();
        }
    }

    @Test
    void drainUntilIdleFailsNamingTheQueueWhenAMessageIsStillDelayed() {
        try (StemTestWorker stem = StemTestWorker.builder().task(TaskDefinition.of("later", context -> null))
                .start()) {
            stem.stem().enqueue("later", null, EnqueueOptions.builder().countdown(Duration.ofHours(1)).build());

            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> stem.drainUntilIdle(Duration.ofMillis(200)))
                    .withMessageContaining("Queues still busy after PT0.2S")
                    .withMessageContaining("queue=default").withMessageContaining("delayed=1");
        }
    }

    /// Tasks as an application declares them.
    public static class PriceTasks {

        /// The price with tax.
        @StemTask(name = "price.with-tax", maxRetries = 0)
        public BigDecimal withTax(BigDecimal net, BigDecimal rate) {
            return net.add(net.multiply(rate));
        }

        /// Always fails with `reason`.
        @StemTask(name = "price.refuse", maxRetries = 0)
        public String refuse(String reason) {
            throw new IllegalStateException(reason);
        }
    }
}
