package dev.stem.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import dev.stem.envelope.Envelope;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;

import static org.assertj.core.api.Assertions.assertThat;

/// A well-formed W3C trace context is read as it is; a malformed one is dropped (with its
/// `tracestate`) so the attempt starts a new trace; the MDC carries the task and its trace id while
/// the attempt runs, and nothing after.
class TraceHeadersTests {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aWellFormedTraceparentIsRead() {
        Envelope envelope = envelope(Map.of("traceparent", VALID, "tracestate", "vendor=1", "other", "x"));

        assertThat(TraceHeaders.get(envelope, "traceparent")).isEqualTo(VALID);
        assertThat(TraceHeaders.get(envelope, "tracestate")).isEqualTo("vendor=1");
        assertThat(TraceHeaders.get(envelope, "other")).isEqualTo("x");
        assertThat(TraceHeaders.traceId(envelope)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aMalformedTraceparentIsDroppedWithItsTracestate() {
        for (String garbage : new String[] { "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", VALID + "-extra" }) {
            Envelope envelope = envelope(Map.of("traceparent", garbage, "tracestate", "vendor=1"));

            assertThat(TraceHeaders.get(envelope, "traceparent")).as(garbage).isNull();
            assertThat(TraceHeaders.get(envelope, "tracestate")).as(garbage).isNull();
            assertThat(TraceHeaders.traceId(envelope)).as(garbage).isNull();
        }
    }

    @Test
    void theMdcNamesTheRunningTaskAndIsClearedAfterIt() throws Exception {
        Envelope envelope = envelope(Map.of("traceparent", VALID));
        Map<String, String> seen = new HashMap<>();

        Object result = new MdcExecutionInterceptor().intercept(new Attempt(envelope), () -> {
            seen.putAll(MDC.getCopyOfContextMap());
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(seen).containsEntry(MdcExecutionInterceptor.TASK_ID, envelope.id())
                .containsEntry(MdcExecutionInterceptor.TASK_NAME, "mail.send")
                .containsEntry(MdcExecutionInterceptor.QUEUE, "default")
                .containsEntry(MdcExecutionInterceptor.ATTEMPT, "0")
                .containsEntry(MdcExecutionInterceptor.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(MdcExecutionInterceptor.TASK_ID)).isNull();
        assertThat(MDC.get(MdcExecutionInterceptor.TRACE_ID)).isNull();
    }

    private static Envelope envelope(Map<String, String> headers) {
        return Envelope.builder("mail.send").headers(headers).createdAt(Instant.now()).build();
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
