package dev.stem.envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/// One task message, immutable. Every field maps one to one onto the JSON wire format v1
/// (see `docs/wire-format.md`); [EnvelopeCodec] reads and writes it.
///
/// An envelope is valid once constructed: names are checked by [Names], numbers are in range,
/// times lie between the years 1 and 9999, and headers (at most [#MAX_HEADERS], names by
/// [Names#requireHeaderName], no `null` value, each value at most [#MAX_HEADER_VALUE_LENGTH]
/// characters, all together at most [#MAX_HEADERS_LENGTH]) are copied into an unmodifiable map.
///
/// @param id unique message id, also the result id
/// @param task registered task name
/// @param queue queue the message is published to
/// @param args arguments: a JSON object (bound by name) or array (bound by position)
/// @param headers string headers: trace context, signatures, user metadata
/// @param priority 0 (lowest, the default) to 9 (highest)
/// @param attempt 0 for the first run, incremented by each retry
/// @param maxRetries how many retries are allowed after the first run
/// @param eta earliest time to run, or `null` to run as soon as possible
/// @param expiresAt time after which the message is discarded unrun, or `null`
/// @param softTimeLimit time after which the running task is interrupted, or `null`
/// @param hardTimeLimit time after which the attempt is failed and its thread abandoned, or `null`
/// @param parentId id of the task that enqueued this one, or `null`
/// @param rootId id of the first task of the workflow, or `null`
/// @param groupId id of the group or chord this task belongs to, or `null`
/// @param createdAt when the producer created the message
public record Envelope(
        String id,
        String task,
        String queue,
        JsonNode args,
        Map<String, String> headers,
        int priority,
        int attempt,
        int maxRetries,
        @Nullable Instant eta,
        @Nullable Instant expiresAt,
        @Nullable Duration softTimeLimit,
        @Nullable Duration hardTimeLimit,
        @Nullable String parentId,
        @Nullable String rootId,
        @Nullable String groupId,
        Instant createdAt) {

    /// Queue used when none is given.
    public static final String DEFAULT_QUEUE = "default";

    /// Highest priority; 0 is the lowest.
    public static final int MAX_PRIORITY = 9;

    /// Retries allowed when none are given.
    public static final int DEFAULT_MAX_RETRIES = 3;

    /// Most headers a message may carry.
    public static final int MAX_HEADERS = 64;

    /// Longest header value, in characters.
    public static final int MAX_HEADER_VALUE_LENGTH = 64 * 1024;

    /// Longest all header names and values together, in characters.
    public static final int MAX_HEADERS_LENGTH = 256 * 1024;

    /// Earliest time a message may name: the start of the year 1.
    public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /// Latest time a message may name: the end of the year 9999.
    public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public Envelope {
        Names.requireId("id", id);
        Names.requireTaskName(task);
        Names.requireQueueName(queue);
        Objects.requireNonNull(args, "args");
        if (!args.isObject() && !args.isArray()) {
            throw new InvalidEnvelopeException("args", args.getNodeType().toString(),
                    "must be a JSON object or array");
        }
        headers = checkedHeaders(headers);
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new InvalidEnvelopeException("priority", String.valueOf(priority), "must be between 0 and 9");
        }
        if (attempt < 0) {
            throw new InvalidEnvelopeException("attempt", String.valueOf(attempt), "must not be negative");
        }
        if (maxRetries < 0) {
            throw new InvalidEnvelopeException("maxRetries", String.valueOf(maxRetries), "must not be negative");
        }
        requirePositive("softTimeLimit", softTimeLimit);
        requirePositive("hardTimeLimit", hardTimeLimit);
        requireOptionalId("parentId", parentId);
        requireOptionalId("rootId", rootId);
        requireOptionalId("groupId", groupId);
        Objects.requireNonNull(createdAt, "createdAt");
        requireTime("eta", eta);
        requireTime("expiresAt", expiresAt);
        requireTime("createdAt", createdAt);
    }

    /// Starts a builder for a message to `task` with a fresh id, no args and every default.
    public static Builder builder(String task) {
        return new Builder(task);
    }

    /// A builder holding every field of this envelope, to derive a changed copy.
    public Builder toBuilder() {
        return new Builder(this);
    }

    /// This envelope for its next attempt, due at `runAt`.
    public Envelope nextAttempt(Instant runAt) {
        return toBuilder().attempt(this.attempt + 1).eta(runAt).build();
    }

    /// This envelope published again from the dead letters: its next attempt, due now, with as many
    /// retries again as its `maxRetries` allows (`maxRetries` becomes the new attempt plus the old
    /// `maxRetries`). The attempt count continues instead of restarting, so the records of the
    /// replayed run are of a later attempt than the dead letter's `FAILURE` and replace it (see
    /// `TaskResult.replaces`). Both counts stop at `Integer.MAX_VALUE`.
    public Envelope replayed() {
        int next = saturatedInt((long) this.attempt + 1);
        return toBuilder().attempt(next).maxRetries(saturatedInt((long) next + this.maxRetries)).eta(null).build();
    }

    /// Whether the message has an expiry that lies before `now`.
    public boolean isExpired(Instant now) {
        return this.expiresAt != null && this.expiresAt.isBefore(now);
    }

    /// Whether the message must wait until a time after `now`.
    public boolean isDelayed(Instant now) {
        return this.eta != null && this.eta.isAfter(now);
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    private static void requireOptionalId(String field, @Nullable String value) {
        if (value != null) {
            Names.requireId(field, value);
        }
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidEnvelopeException("headers", headers.size() + " headers",
                    "a message carries at most " + MAX_HEADERS + " headers");
        }
        long length = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            Names.requireHeaderName(header.getKey());
            String value = header.getValue();
            if (value == null) {
                throw new InvalidEnvelopeException("headers." + header.getKey(), "null",
                        "header values must not be null");
            }
            if (value.length() > MAX_HEADER_VALUE_LENGTH) {
                throw new InvalidEnvelopeException("headers." + header.getKey(), Names.shown(value),
                        "header values are at most " + MAX_HEADER_VALUE_LENGTH + " characters");
            }
            length += header.getKey().length() + value.length();
        }
        if (length > MAX_HEADERS_LENGTH) {
            throw new InvalidEnvelopeException("headers", length + " characters",
                    "header names and values together are at most " + MAX_HEADERS_LENGTH + " characters");
        }
        return Map.copyOf(headers);
    }

    private static void requireTime(String field, @Nullable Instant value) {
        if (value != null && (value.isBefore(MIN_TIME) || value.isAfter(MAX_TIME))) {
            throw new InvalidEnvelopeException(field, value.toString(), "must lie between the years 1 and 9999");
        }
    }

    private static void requirePositive(String field, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidEnvelopeException(field, value.toString(), "must be positive");
        }
    }

    /// Builds [Envelope]s; unset fields take the documented defaults.
    public static final class Builder {

        private String id;
        private String task;
        private String queue = DEFAULT_QUEUE;
        private JsonNode args = JsonNodeFactory.instance.objectNode();
        private Map<String, String> headers = Map.of();
        private int priority;
        private int attempt;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private @Nullable Instant eta;
        private @Nullable Instant expiresAt;
        private @Nullable Duration softTimeLimit;
        private @Nullable Duration hardTimeLimit;
        private @Nullable String parentId;
        private @Nullable String rootId;
        private @Nullable String groupId;
        private @Nullable Instant createdAt;

        private Builder(String task) {
            this.id = MessageIds.next();
            this.task = task;
        }

        private Builder(Envelope e) {
            this.id = e.id;
            this.task = e.task;
            this.queue = e.queue;
            this.args = e.args;
            this.headers = e.headers;
            this.priority = e.priority;
            this.attempt = e.attempt;
            this.maxRetries = e.maxRetries;
            this.eta = e.eta;
            this.expiresAt = e.expiresAt;
            this.softTimeLimit = e.softTimeLimit;
            this.hardTimeLimit = e.hardTimeLimit;
            this.parentId = e.parentId;
            this.rootId = e.rootId;
            this.groupId = e.groupId;
            this.createdAt = e.createdAt;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder task(String task) { this.task = task; return this; }
        public Builder queue(String queue) { this.queue = queue; return this; }
        public Builder args(JsonNode args) { this.args = args; return this; }
        public Builder headers(Map<String, String> headers) { this.headers = headers; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder attempt(int attempt) { this.attempt = attempt; return this; }
        public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }
        public Builder eta(@Nullable Instant eta) { this.eta = eta; return this; }
        public Builder expiresAt(@Nullable Instant expiresAt) { this.expiresAt = expiresAt; return this; }
        public Builder softTimeLimit(@Nullable Duration limit) { this.softTimeLimit = limit; return this; }
        public Builder hardTimeLimit(@Nullable Duration limit) { this.hardTimeLimit = limit; return this; }
        public Builder parentId(@Nullable String parentId) { this.parentId = parentId; return this; }
        public Builder rootId(@Nullable String rootId) { this.rootId = rootId; return this; }
        public Builder groupId(@Nullable String groupId) { this.groupId = groupId; return this; }
        public Builder createdAt(@Nullable Instant createdAt) { this.createdAt = createdAt; return this; }

        /// Validates and returns the envelope; `createdAt` defaults to now.
        public Envelope build() {
            return new Envelope(this.id, this.task, this.queue, this.args, this.headers, this.priority,
                    this.attempt, this.maxRetries, this.eta, this.expiresAt, this.softTimeLimit,
                    this.hardTimeLimit, this.parentId, this.rootId, this.groupId,
                    this.createdAt != null ? this.createdAt : Instant.now());
        }
    }
}
