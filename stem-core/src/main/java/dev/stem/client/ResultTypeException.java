package dev.stem.client;

import tools.jackson.core.JacksonException;

import dev.stem.StemException;
import dev.stem.backend.TaskResult;

/// The task succeeded but its stored result cannot be read as the type its handle expects: the
/// handle was made with another type than the task returns.
public class ResultTypeException extends StemException {

    private final TaskResult record;

    public ResultTypeException(TaskResult record, String expectedType, JacksonException cause) {
        super("Result of task '" + record.taskName() + "' [" + record.taskId() + "] cannot be read as " + expectedType
                + ": " + abbreviate(String.valueOf(record.result())) + " (" + cause.getOriginalMessage() + ")", cause);
        this.record = record;
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }

    /// The stored record, with the result as JSON.
    public TaskResult record() {
        return this.record;
    }
}
