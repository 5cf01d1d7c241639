package dev.stem.backend;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/// The canonical result record of one task, the same in every backend.
///
/// @param taskId the message id
/// @param taskName the task name
/// @param state where the task is
/// @param result the return value as JSON, or `null` (always `null` unless `SUCCESS`)
/// @param error the failure, or `null` (set for `FAILURE` and `RETRY`)
/// @param meta free-form metadata, such as progress reported by the task
/// @param attempt the attempt that wrote this record; a write with a lower attempt is ignored
/// @param updatedAt when this record was written
public record TaskResult(String taskId, String taskName, TaskState state, @Nullable JsonNode result,
        @Nullable TaskError error, Map<String, Object> meta, int attempt, Instant updatedAt) {

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(state, "state");
        meta = Map.copyOf(meta);
    }
}
