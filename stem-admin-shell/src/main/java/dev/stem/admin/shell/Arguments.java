package dev.stem.admin.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.envelope.Names;

/// Reads the commands' arguments and option values. Each refuses a bad value with a
/// [UsageException] naming the argument or option and the value, before anything is changed.
final class Arguments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Arguments() {
    }

    /// `value`, which must be given: `name` is how the usage writes it (`<id>`, `--queue`).
    static String required(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new UsageException("missing " + name);
        }
        return value;
    }

    /// A queue name, checked as the broker would.
    static String queue(@Nullable String value) {
        return checked(() -> Names.requireQueueName(required(value, "<queue>")));
    }

    /// A queue name given with `--queue`, checked as the broker would.
    static String queueOption(@Nullable String value) {
        return checked(() -> Names.requireQueueName(required(value, "--queue")));
    }

    /// A task or message id.
    static String id(@Nullable String value, String name) {
        String id = required(value, name);
        return checked(() -> Names.requireId(name, id));
    }

    /// A duration such as `30s`, `5m`, `PT1H` or `1500ms`.
    static Duration duration(String value, String option) {
        try {
            Duration duration = DurationStyle.detectAndParse(value);
            if (duration.isNegative()) {
                throw new UsageException(option + " must not be negative, was '" + value + "'");
            }
            return duration;
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException(option + " is not a duration (like 30s, 5m or PT1H): '" + value + "'");
        }
    }

    /// An instant in ISO-8601, such as `2026-01-31T09:00:00Z`.
    static Instant instant(String value, String option) {
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw new UsageException(option + " is not an ISO-8601 instant (like 2026-01-31T09:00:00Z): '" + value
                    + "'");
        }
    }

    /// A JSON document.
    static JsonNode json(String value, String option) {
        try {
            return JSON.readTree(value);
        }
        catch (JacksonException ex) {
            String problem = ex.getOriginalMessage().replaceFirst("\\s*\\(start marker at .*$", "")
                    .replaceFirst("\\s* at \\[Source.*$", "");
            throw new UsageException("invalid JSON in " + option + ": " + problem);
        }
    }

    /// A whole number of at least `min`.
    static int atLeast(int value, int min, String option) {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    private static String checked(Supplier<String> check) {
        try {
            return check.get();
        }
        catch (InvalidEnvelopeException ex) {
            throw new UsageException(ex.getMessage(), ex);
        }
    }
}
