package dev.stem.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskRequest;
import dev.stem.envelope.MessageIds;

/// Reads one enqueue request from its JSON: the fields of the wire format a producer chooses
/// (`docs/http-api.md`), each with its JSON type checked, unknown fields refused. Only the shape is
/// checked here; names, limits and sizes are checked by the client's one validator
/// ([dev.stem.Stem#validate]). A request without an `id` is given a new one.
final class TaskRequestReader {

    static final Set<String> FIELDS = Set.of("id", "task", "queue", "args", "headers", "priority", "maxRetries",
            "eta", "countdownMs", "expiresAt", "softTimeLimitMs", "hardTimeLimitMs");

    private final Clock clock;

    TaskRequestReader(Clock clock) {
        this.clock = clock;
    }

    /// The request in `node`, whose fields are named `path` + field in errors (`""` or `tasks[3].`).
    TaskRequest read(JsonNode node, String path) {
        if (!node.isObject()) {
            throw RequestFieldException.invalid(path.isEmpty() ? "body" : path.substring(0, path.length() - 1),
                    node, "a task request is a JSON object");
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw RequestFieldException.invalid(path + name, node.get(name),
                        "unknown field; the fields are " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String task = string(node, path, "task");
        if (task == null) {
            throw RequestFieldException.invalid(path + "task", "null", "required: the name of a registered task");
        }
        EnqueueOptions.Builder options = EnqueueOptions.builder();
        String id = string(node, path, "id");
        options.id(id != null ? id : MessageIds.next());
        String queue = string(node, path, "queue");
        if (queue != null) {
            options.queue(queue);
        }
        Integer priority = integer(node, path, "priority");
        if (priority != null) {
            options.priority(priority);
        }
        Integer maxRetries = integer(node, path, "maxRetries");
        if (maxRetries != null) {
            options.maxRetries(maxRetries);
        }
        Instant now = this.clock.instant();
        Instant eta = instant(node, path, "eta");
        Long countdown = millis(node, path, "countdownMs");
        if (eta != null) {
            options.eta(eta);
        }
        else if (countdown != null) {
            options.eta(now.plusMillis(countdown));
        }
        Instant expiresAt = instant(node, path, "expiresAt");
        if (expiresAt != null) {
            options.expires(Duration.between(now, expiresAt));
        }
        Long soft = millis(node, path, "softTimeLimitMs");
        if (soft != null) {
            options.softTimeLimit(Duration.ofMillis(soft));
        }
        Long hard = millis(node, path, "hardTimeLimitMs");
        if (hard != null) {
            options.timeLimit(Duration.ofMillis(hard));
        }
        options.headers(headers(node, path));
        JsonNode args = node.get("args");
        if (args != null && !args.isNull() && !args.isObject() && !args.isArray()) {
            throw RequestFieldException.invalid(path + "args", args, "args is a JSON object or array");
        }
        return new TaskRequest(task, args == null || args.isNull() ? null : args, options.build());
    }

    private static @Nullable String string(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw RequestFieldException.invalid(path + field, value, field + " is a JSON string");
        }
        return value.stringValue();
    }

    private static @Nullable Integer integer(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw RequestFieldException.invalid(path + field, value, field + " is a JSON integer");
        }
        return value.intValue();
    }

    private static @Nullable Long millis(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw RequestFieldException.invalid(path + field, value,
                    field + " is a JSON integer of milliseconds, 0 or more");
        }
        return value.longValue();
    }

    private static @Nullable Instant instant(JsonNode node, String path, String field) {
        String text = string(node, path, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw RequestFieldException.invalid(path + field, text,
                    field + " is an ISO-8601 instant with seconds and a zone, such as 2026-01-31T12:00:00Z");
        }
    }

    private static Map<String, String> headers(JsonNode node, String path) {
        JsonNode value = node.get("headers");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw RequestFieldException.invalid(path + "headers", value, "headers is a JSON object of strings");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : value.properties()) {
            if (!header.getValue().isString()) {
                throw RequestFieldException.invalid(path + "headers." + header.getKey(), header.getValue(),
                        "every header value is a JSON string");
            }
            headers.put(header.getKey(), header.getValue().stringValue());
        }
        return headers;
    }
}
