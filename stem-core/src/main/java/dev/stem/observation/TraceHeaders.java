package dev.stem.observation;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.envelope.Envelope;

/// The W3C trace context headers of a message, checked before a tracer reads them: a `traceparent`
/// that is not of the W3C form (`00-<32 hex>-<16 hex>-<2 hex>`, ids not all zero) is dropped with a
/// DEBUG line, and its `tracestate` with it, so the attempt starts a new trace and still runs.
public final class TraceHeaders {

    /// The W3C trace context header.
    public static final String TRACEPARENT = "traceparent";

    /// The W3C vendor trace state header.
    public static final String TRACESTATE = "tracestate";

    private static final Logger log = LoggerFactory.getLogger(TraceHeaders.class);

    private static final Pattern TRACEPARENT_FORM = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private static final String ZERO_TRACE = "00000000000000000000000000000000";

    private static final String ZERO_SPAN = "0000000000000000";

    private TraceHeaders() {
    }

    /// The header `key` of `envelope` as a tracer may read it: `null` for a malformed trace context.
    public static @Nullable String get(Envelope envelope, String key) {
        String value = envelope.headers().get(key);
        if (value == null || !(TRACEPARENT.equals(key) || TRACESTATE.equals(key))) {
            return value;
        }
        String traceparent = envelope.headers().get(TRACEPARENT);
        if (traceparent != null && !isValid(traceparent)) {
            if (TRACEPARENT.equals(key)) {
                log.debug("Dropping the malformed traceparent header '{}' of message {} (task '{}'); its attempt "
                        + "starts a new trace", abbreviate(traceparent), envelope.id(), envelope.task());
            }
            return null;
        }
        return value;
    }

    /// The trace id of `envelope`'s well-formed `traceparent`, or `null`.
    public static @Nullable String traceId(Envelope envelope) {
        String traceparent = envelope.headers().get(TRACEPARENT);
        return traceparent != null && isValid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    /// Whether `traceparent` has the W3C form with non-zero ids (version `ff` is invalid).
    public static boolean isValid(String traceparent) {
        return TRACEPARENT_FORM.matcher(traceparent).matches() && !traceparent.startsWith("ff")
                && !traceparent.regionMatches(3, ZERO_TRACE, 0, 32) && !traceparent.regionMatches(36, ZERO_SPAN, 0, 16);
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
