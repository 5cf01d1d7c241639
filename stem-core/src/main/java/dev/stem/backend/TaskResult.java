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
/// @param attempt the attempt that wrote this record (0 for the first run, as in the envelope)
/// @param delivery the [delivery count][dev.stem.broker.Delivery#deliveryCount()] of the lease
///        under which a worker wrote this record, or 0 for a record written outside a lease (a
///        producer's `PENDING`); together with `attempt` it fences writes, see [#replaces]
/// @param updatedAt when this record was written
public record TaskResult(String taskId, String taskName, TaskState state, @Nullable JsonNode result,
        @Nullable TaskError error, Map<String, Object> meta, int attempt, int delivery, Instant updatedAt) {

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(state, "state");
        meta = Map.copyOf(meta);
    }

    /// A record written outside a lease (`delivery` 0).
    public TaskResult(String taskId, String taskName, TaskState state, @Nullable JsonNode result,
            @Nullable TaskError error, Map<String, Object> meta, int attempt, Instant updatedAt) {
        this(taskId, taskName, state, result, error, meta, attempt, 0, updatedAt);
    }

    /// The fence every [ResultBackend] applies: whether this record may replace `stored`.
    ///
    /// - A record of a later attempt always replaces one of an earlier attempt, and never the reverse.
    /// - Within one attempt, a record written under an older lease (a lower `delivery`) never
    ///   replaces one written under a newer lease: a worker that lost its lease changes nothing.
    /// - Within one attempt, a non-terminal record never replaces a terminal one: a state never goes
    ///   back from a final one (a redelivered message's `STARTED` does not hide the `SUCCESS` of the
    ///   run that finished but died before its ack; that run's own terminal record may replace it).
    public boolean replaces(TaskResult stored) {
        return replaces(stored.attempt(), stored.delivery(), stored.state().isTerminal());
    }

    /// [#replaces(TaskResult)] against a stored record known only by its fence fields.
    public boolean replaces(int storedAttempt, int storedDelivery, boolean storedTerminal) {
        if (this.attempt != storedAttempt) {
            return this.attempt > storedAttempt;
        }
        if (this.delivery < storedDelivery) {
            return false;
        }
        return !storedTerminal || this.state.isTerminal();
    }
}
