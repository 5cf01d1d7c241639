package dev.stem.http;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/// The JSON of a batch enqueue, as the OpenAPI description shows it: up to
/// `stem.http.max-batch-size` task requests, enqueued all or nothing.
@Schema(name = "BatchRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record BatchRequestBody(
        @ArraySchema(minItems = 1, schema = @Schema(implementation = TaskRequestBody.class))
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<TaskRequestBody> tasks) {
}
