package dev.stem.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stem.annotation.StemTask;
import dev.stem.broker.DeadLetterReason;
import dev.stem.client.TaskFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// The example of stem-test's README, as a test that runs.
class InvoiceTasksTests {

    /// The application's tasks.
    public static class InvoiceTasks {

        @StemTask(name = "invoice.total", maxRetries = 0)
        public BigDecimal total(List<BigDecimal> amounts) {
            if (amounts.isEmpty()) {
                throw new IllegalArgumentException("an invoice needs at least one amount");
            }
            return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    @Test
    void totalAddsTheAmounts() {
        try (StemTestWorker stem = StemTestWorker.start(new InvoiceTasks())) {
            BigDecimal total = stem.run("invoice.total", Map.of("amounts", List.of("19.99", "0.01")),
                    BigDecimal.class);

            assertThat(total).isEqualByComparingTo("20.00");
        }
    }

    @Test
    void anEmptyInvoiceFailsAndIsDeadLettered() {
        try (StemTestWorker stem = StemTestWorker.start(new InvoiceTasks())) {
            assertThatExceptionOfType(TaskFailedException.class)
                    .isThrownBy(() -> stem.run("invoice.total", Map.of("amounts", List.of()), BigDecimal.class))
                    .withMessageContaining("at least one amount");

            assertThat(stem.deadLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.reason().code())
                            .isEqualTo(DeadLetterReason.MAX_RETRIES_EXCEEDED));
        }
    }

    @Test
    void enqueuedWorkIsDoneOnceTheQueuesAreDrained() {
        try (StemTestWorker stem = StemTestWorker.start(new InvoiceTasks())) {
            String id = stem.stem().enqueue("invoice.total", Map.of("amounts", List.of("1", "2"))).id();

            stem.drainUntilIdle(Duration.ofSeconds(10));

            assertThat(stem.result(id)).hasValueSatisfying(record -> assertThat(record.result().decimalValue())
                    .isEqualByComparingTo("3"));
        }
    }
}
