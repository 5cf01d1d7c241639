package dev.stem.http;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/// The JSON of one enqueue request, as the OpenAPI description shows it (the API reads it with
/// [TaskRequestReader], which refuses unknown fields and wrong JSON types). The fields are those of
/// the wire format a producer chooses; see `docs/wire-format.md` for their rules.
@Schema(name = "TaskRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record TaskRequestBody(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Name of a registered task",
                example = "email.send") String task,
        @Schema(description = "Message id, also the result id; a random UUID when left out") @Nullable String id,
        @Schema(description = "Queue; the task's default queue when left out") @Nullable String queue,
        @Schema(description = "Arguments: an object (by name) or an array (by position)") @Nullable Object args,
        @Schema(description = "String metadata that travels with the message") @Nullable Map<String, String> headers,
        @Schema(description = "0 (lowest) to 9", minimum = "0", maximum = "9") @Nullable Integer priority,
        @Schema(description = "Retries allowed after the first run") @Nullable Integer maxRetries,
        @Schema(description = "Earliest time to run, an ISO-8601 instant", format = "date-time") @Nullable String eta,
        @Schema(description = "Run no earlier than this many milliseconds from now (eta wins)") @Nullable Long countdownMs,
        @Schema(description = "Drop the message unrun after this instant", format = "date-time") @Nullable String expiresAt,
        @Schema(description = "Soft time limit in milliseconds") @Nullable Long softTimeLimitMs,
        @Schema(description = "Hard time limit in milliseconds") @Nullable Long hardTimeLimitMs) {
}
