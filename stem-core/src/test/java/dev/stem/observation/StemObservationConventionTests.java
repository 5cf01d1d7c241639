package dev.stem.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import dev.stem.envelope.Envelope;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;

import static org.assertj.core.api.Assertions.assertThat;

/// The default conventions reuse their low-cardinality key values per queue and task, and the
/// process one still names each attempt's own queue, task and outcome.
class StemObservationConventionTests {

    @Test
    void theProcessKeyValuesNameTheQueueTaskAndOutcomeOfEachAttempt() {
        DefaultStemProcessObservationConvention convention = new DefaultStemProcessObservationConvention();
        StemProcessContext mail = new StemProcessContext(new Attempt(envelope("mail.send", "default")));
        StemProcessContext failedMail = new StemProcessContext(new Attempt(envelope("mail.send", "default")));
        failedMail.setError(new IllegalStateException("boom"));
        StemProcessContext report = new StemProcessContext(new Attempt(envelope("report.build", "reports")));

        assertThat(values(convention.getLowCardinalityKeyValues(mail))).containsEntry("messaging.system", "stem")
                .containsEntry("messaging.operation", "process").containsEntry("messaging.destination.name", "default")
                .containsEntry("stem.task.name", "mail.send").containsEntry("stem.outcome", "success");
        assertThat(values(convention.getLowCardinalityKeyValues(failedMail))).containsEntry("stem.outcome", "failure")
                .containsEntry("stem.task.name", "mail.send");
        assertThat(values(convention.getLowCardinalityKeyValues(mail))).containsEntry("stem.outcome", "success");
        assertThat(values(convention.getLowCardinalityKeyValues(report)))
                .containsEntry("messaging.destination.name", "reports").containsEntry("stem.task.name", "report.build")
                .containsEntry("stem.outcome", "success");
        assertThat(convention.getLowCardinalityKeyValues(mail)).isSameAs(convention.getLowCardinalityKeyValues(mail));
    }

    @Test
    void thePublishKeyValuesNameTheQueueAndTaskOfEachMessage() {
        DefaultStemPublishObservationConvention convention = new DefaultStemPublishObservationConvention();

        assertThat(values(convention.getLowCardinalityKeyValues(new StemPublishContext(envelope("mail.send", "default")))))
                .containsEntry("messaging.operation", "publish").containsEntry("messaging.destination.name", "default")
                .containsEntry("stem.task.name", "mail.send");
        assertThat(values(convention.getLowCardinalityKeyValues(new StemPublishContext(envelope("mail.send", "urgent")))))
                .containsEntry("messaging.destination.name", "urgent").containsEntry("stem.task.name", "mail.send");
    }

    private static Map<String, String> values(KeyValues keyValues) {
        return keyValues.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static Envelope envelope(String task, String queue) {
        return Envelope.builder(task).queue(queue).createdAt(Instant.now()).build();
    }

    /// A task context of `envelope` that does nothing else.
    private record Attempt(Envelope envelope) implements TaskContext {

        @Override
        public void progress(Map<String, Object> meta) {
        }

        @Override
        public boolean isSoftTimeLimitExceeded() {
            return false;
        }

        @Override
        public void checkSoftTimeLimit() {
        }

        @Override
        public RetryRequestedException retry(Duration countdown) {
            return new RetryRequestedException(countdown);
        }
    }
}
