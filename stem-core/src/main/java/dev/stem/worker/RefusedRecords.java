package dev.stem.worker;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskError;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;

/// The record a worker stores in place of one the result store refused for good
/// ([ResultRejectedException]): a `FAILURE` of the same attempt and delivery, whose error (of that
/// type) names the state that could not be stored, without the value or meta that made it fail.
final class RefusedRecords {

    private static final Logger log = LoggerFactory.getLogger(RefusedRecords.class);

    /// Meta key of a replacement: the state of the record the store refused.
    static final String META_REFUSED_STATE = "refusedState";

    private RefusedRecords() {
    }

    /// The `FAILURE` record to store instead of `refused`; logs the replacement at ERROR.
    static TaskResult replacement(TaskResult refused, ResultRejectedException ex) {
        log.error("Task {} [{}] ended {}, but the result store refused its record ({}); it is stored as a FAILURE",
                refused.taskName(), refused.taskId(), refused.state(), ex.getMessage());
        TaskError error = new TaskError(ResultRejectedException.class.getName(), "The result store refused the "
                + refused.state() + " record of this task, so it was stored as a failure: " + ex.getMessage(), "",
                false);
        return new TaskResult(refused.taskId(), refused.taskName(), TaskState.FAILURE, null, error,
                Map.of(META_REFUSED_STATE, refused.state().name()), refused.attempt(), refused.delivery(),
                refused.updatedAt());
    }

    /// Whether `record` is already such a replacement (one refused too is not replaced again).
    static boolean isReplacement(TaskResult record) {
        return record.error() != null && ResultRejectedException.class.getName().equals(record.error().type())
                && record.meta().containsKey(META_REFUSED_STATE);
    }
}
