package dev.stem.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/// Reads and writes [Envelope]s in the JSON wire format v1 (`docs/wire-format.md`).
///
/// The format is pinned here, field by field, so it never changes with an application's Jackson
/// settings. Readers ignore unknown fields and refuse a `v` they do not know; a document that
/// cannot be read raises [InvalidEnvelopeException] naming the field. Thread-safe.
///
/// Decoding has explicit limits, so that no message can exhaust the heap: a document longer than
/// the payload limit is refused before it is parsed, and the parser refuses strings longer than
/// that limit, nesting deeper than [#MAX_NESTING_DEPTH], numbers longer than [#MAX_NUMBER_LENGTH]
/// and property names longer than [#MAX_NAME_LENGTH]; each raises [EnvelopeTooLargeException].
/// The mapper has no default typing: a `@class` property in args is plain data.
public final class EnvelopeCodec {

    /// The wire format version this codec writes and the highest it reads.
    public static final int VERSION = 1;

    /// The payload limit of a codec made without one: 1 MiB, the client's default payload limit.
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    /// The deepest nesting of objects and arrays a message may have.
    public static final int MAX_NESTING_DEPTH = 100;

    /// The longest number a message may hold, in characters.
    public static final int MAX_NUMBER_LENGTH = 1000;

    /// The longest property name a message may hold, in characters.
    public static final int MAX_NAME_LENGTH = 10_000;

    private final JsonMapper mapper;

    private final long maxMessageBytes;

    /// A codec that reads messages up to [#DEFAULT_MAX_MESSAGE_BYTES].
    public EnvelopeCodec() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    /// A codec that reads messages up to `maxMessageBytes` UTF-8 bytes (use the payload limit
    /// producers are held to, `stem.client.max-payload-size`).
    public EnvelopeCodec(long maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxDocumentLength(maxMessageBytes)
                .maxStringLength((int) Math.min(maxMessageBytes, Integer.MAX_VALUE))
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
    }

    /// The largest message this codec reads, in UTF-8 bytes.
    public long maxMessageBytes() {
        return this.maxMessageBytes;
    }

    /// The JSON text of `envelope`.
    public String encode(Envelope envelope) {
        return this.mapper.writeValueAsString(toTree(envelope));
    }

    /// The UTF-8 JSON bytes of `envelope`.
    public byte[] encodeToBytes(Envelope envelope) {
        return encode(envelope).getBytes(StandardCharsets.UTF_8);
    }

    /// Reads one envelope from its JSON text.
    public Envelope decode(String json) {
        if (json.length() > this.maxMessageBytes) {
            throw tooLarge(json.length() + " characters");
        }
        return decodeTree(() -> this.mapper.readTree(json));
    }

    /// Reads one envelope from its UTF-8 JSON bytes.
    public Envelope decode(byte[] json) {
        if (json.length > this.maxMessageBytes) {
            throw tooLarge(json.length + " bytes");
        }
        return decodeTree(() -> this.mapper.readTree(json));
    }

    /// What can still be read of a message that [#decode] refused: its `id` and `task` when the
    /// text is a JSON object under the payload limit whose `id` is a valid message id (the task
    /// is `null` unless it is a valid task name). Empty when not even the id can be read.
    public Optional<ReadableParts> readableParts(String json) {
        if (json.length() > this.maxMessageBytes) {
            return Optional.empty();
        }
        try {
            JsonNode tree = this.mapper.readTree(json);
            JsonNode id = tree.get("id");
            if (!tree.isObject() || id == null || !id.isString() || !Names.isValidId(id.stringValue())) {
                return Optional.empty();
            }
            JsonNode task = tree.get("task");
            String taskName = task != null && task.isString() && Names.isValidTaskName(task.stringValue())
                    ? task.stringValue() : null;
            return Optional.of(new ReadableParts(id.stringValue(), taskName));
        }
        catch (JacksonException ex) {
            return Optional.empty();
        }
    }

    /// The parts of an unreadable message that could be read.
    ///
    /// @param id the message id, a valid one
    /// @param task the task name, or `null` when missing or invalid
    public record ReadableParts(String id, @Nullable String task) {
    }

    private Envelope decodeTree(Supplier<JsonNode> read) {
        try {
            return fromTree(read.get());
        }
        catch (StreamConstraintsException ex) {
            throw overLimits(ex);
        }
        catch (JacksonException ex) {
            throw new InvalidEnvelopeException("Message is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private EnvelopeTooLargeException tooLarge(String size) {
        return new EnvelopeTooLargeException(size, "must be at most " + this.maxMessageBytes
                + " bytes (the payload limit); it was not read");
    }

    private EnvelopeTooLargeException overLimits(StreamConstraintsException ex) {
        EnvelopeTooLargeException error = new EnvelopeTooLargeException("over the decoding limits",
                ex.getOriginalMessage() + " (payload limit " + this.maxMessageBytes + " bytes, nesting depth "
                        + MAX_NESTING_DEPTH + ", number length " + MAX_NUMBER_LENGTH + ")");
        error.initCause(ex);
        return error;
    }

    /// The JSON tree of `envelope`, with optional fields left out when absent.
    public ObjectNode toTree(Envelope e) {
        ObjectNode node = this.mapper.createObjectNode();
        node.put("v", VERSION);
        node.put("id", e.id());
        node.put("task", e.task());
        node.put("queue", e.queue());
        node.set("args", e.args());
        ObjectNode headers = node.putObject("headers");
        e.headers().forEach(headers::put);
        node.put("priority", e.priority());
        node.put("attempt", e.attempt());
        node.put("maxRetries", e.maxRetries());
        putInstant(node, "eta", e.eta());
        putInstant(node, "expiresAt", e.expiresAt());
        if (e.softTimeLimit() != null) {
            node.put("softTimeLimitMs", e.softTimeLimit().toMillis());
        }
        if (e.hardTimeLimit() != null) {
            node.put("hardTimeLimitMs", e.hardTimeLimit().toMillis());
        }
        putText(node, "parentId", e.parentId());
        putText(node, "rootId", e.rootId());
        putText(node, "groupId", e.groupId());
        putInstant(node, "createdAt", e.createdAt());
        return node;
    }

    /// Reads one envelope from a parsed JSON tree.
    public Envelope fromTree(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidEnvelopeException("message", node.getNodeType().toString(), "must be a JSON object");
        }
        int version = intField(node, "v", 1);
        if (version < 1 || version > VERSION) {
            throw new InvalidEnvelopeException("v", String.valueOf(version),
                    "this reader understands wire format versions 1 to " + VERSION);
        }
        Envelope.Builder builder = Envelope.builder(requiredText(node, "task"))
                .id(requiredText(node, "id"))
                .queue(optionalText(node, "queue", Envelope.DEFAULT_QUEUE))
                .headers(headers(node))
                .priority(intField(node, "priority", 0))
                .attempt(intField(node, "attempt", 0))
                .maxRetries(intField(node, "maxRetries", Envelope.DEFAULT_MAX_RETRIES))
                .eta(instant(node, "eta"))
                .expiresAt(instant(node, "expiresAt"))
                .softTimeLimit(millis(node, "softTimeLimitMs"))
                .hardTimeLimit(millis(node, "hardTimeLimitMs"))
                .parentId(nullableText(node, "parentId"))
                .rootId(nullableText(node, "rootId"))
                .groupId(nullableText(node, "groupId"))
                .createdAt(instant(node, "createdAt"));
        JsonNode args = node.get("args");
        if (args != null && !args.isNull()) {
            builder.args(args);
        }
        return builder.build();
    }

    private static void putInstant(ObjectNode node, String field, @Nullable Instant value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static void putText(ObjectNode node, String field, @Nullable String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        String value = nullableText(node, field);
        if (value == null) {
            throw new InvalidEnvelopeException(field, "null", "is required");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String fallback) {
        String value = nullableText(node, field);
        return value != null ? value : fallback;
    }

    private static @Nullable String nullableText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidEnvelopeException(field, value.toString(), "must be a string");
        }
        return value.asString();
    }

    private static int intField(JsonNode node, String field, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidEnvelopeException(field, value.toString(), "must be an integer");
        }
        return value.intValue();
    }

    private static @Nullable Duration millis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw new InvalidEnvelopeException(field, value.toString(),
                    "must be a positive whole number of milliseconds");
        }
        return Duration.ofMillis(value.longValue());
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        String text = nullableText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return IsoInstants.parse(text);
        }
        catch (DateTimeParseException ex) {
            throw new InvalidEnvelopeException(field, text, "must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static Map<String, String> headers(JsonNode node) {
        JsonNode value = node.get("headers");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidEnvelopeException("headers", value.toString(), "must be a JSON object of strings");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw new InvalidEnvelopeException("headers." + entry.getKey(), entry.getValue().toString(),
                        "must be a string");
            }
            headers.put(entry.getKey(), entry.getValue().asString());
        }
        return headers;
    }
}
