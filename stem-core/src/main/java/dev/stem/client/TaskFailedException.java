package dev.stem.client;

import dev.stem.StemException;
import dev.stem.backend.TaskResult;

/// The awaited task ended without a result: it failed, was revoked or expired.
public class TaskFailedException extends StemException {

    private final TaskResult record;

    public TaskFailedException(TaskResult record) {
        super("Task '" + record.taskName() + "' [" + record.taskId() + "] ended " + record.state()
                + (record.error() != null ? ": " + record.error().type() + ": " + record.error().message() : ""));
        this.record = record;
    }

    /// The stored record, with the error.
    public TaskResult record() {
        return this.record;
    }
}
