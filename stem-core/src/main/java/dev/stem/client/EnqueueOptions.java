package dev.stem.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.InvalidEnvelopeException;

/// Per-message choices that override the task's defaults. Every field is optional.
///
/// @param id message id to use instead of a random one (also the result id)
/// @param queue queue to publish to
/// @param priority 0 (lowest) to 9
/// @param countdown run no earlier than this long from now
/// @param eta run no earlier than this instant (wins over `countdown`)
/// @param expires drop the message unrun if it has not started this long from now
/// @param maxRetries retries allowed after the first run
/// @param headers extra headers
/// @param softTimeLimit soft time limit for this message
/// @param timeLimit hard time limit for this message
/// @param unique publish at most one message per key and window (see [Uniqueness]), or `null`
public record EnqueueOptions(@Nullable String id, @Nullable String queue, @Nullable Integer priority,
        @Nullable Duration countdown, @Nullable Instant eta, @Nullable Duration expires, @Nullable Integer maxRetries,
        Map<String, String> headers, @Nullable Duration softTimeLimit, @Nullable Duration timeLimit,
        @Nullable Uniqueness unique) {

    private static final EnqueueOptions NONE = new EnqueueOptions(null, null, null, null, null, null, null, Map.of(),
            null, null, null);

    public EnqueueOptions {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() == null || header.getValue() == null) {
                throw new InvalidEnvelopeException("headers." + header.getKey(), String.valueOf(header.getValue()),
                        "header names and values must not be null");
            }
        }
        headers = Map.copyOf(headers);
    }

    /// Options without uniqueness.
    public EnqueueOptions(@Nullable String id, @Nullable String queue, @Nullable Integer priority,
            @Nullable Duration countdown, @Nullable Instant eta, @Nullable Duration expires,
            @Nullable Integer maxRetries, Map<String, String> headers, @Nullable Duration softTimeLimit,
            @Nullable Duration timeLimit) {
        this(id, queue, priority, countdown, eta, expires, maxRetries, headers, softTimeLimit, timeLimit, null);
    }

    /// These options with the message id `id`.
    EnqueueOptions withId(String id) {
        return new EnqueueOptions(id, this.queue, this.priority, this.countdown, this.eta, this.expires,
                this.maxRetries, this.headers, this.softTimeLimit, this.timeLimit, this.unique);
    }

    /// No overrides: the task's defaults apply.
    public static EnqueueOptions defaults() {
        return NONE;
    }

    /// A builder with no overrides.
    public static Builder builder() {
        return new Builder();
    }

    /// Builds [EnqueueOptions].
    public static final class Builder {

        private @Nullable String id;
        private @Nullable String queue;
        private @Nullable Integer priority;
        private @Nullable Duration countdown;
        private @Nullable Instant eta;
        private @Nullable Duration expires;
        private @Nullable Integer maxRetries;
        private Map<String, String> headers = Map.of();
        private @Nullable Duration softTimeLimit;
        private @Nullable Duration timeLimit;
        private @Nullable Uniqueness unique;

        private Builder() {
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder queue(String queue) { this.queue = queue; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder countdown(Duration countdown) { this.countdown = countdown; return this; }
        public Builder eta(Instant eta) { this.eta = eta; return this; }
        public Builder expires(Duration expires) { this.expires = expires; return this; }
        public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }
        public Builder headers(Map<String, String> headers) { this.headers = headers; return this; }
        public Builder softTimeLimit(Duration limit) { this.softTimeLimit = limit; return this; }
        public Builder timeLimit(Duration limit) { this.timeLimit = limit; return this; }
        public Builder unique(Uniqueness unique) { this.unique = unique; return this; }

        public EnqueueOptions build() {
            return new EnqueueOptions(this.id, this.queue, this.priority, this.countdown, this.eta, this.expires,
                    this.maxRetries, this.headers, this.softTimeLimit, this.timeLimit, this.unique);
        }
    }
}
