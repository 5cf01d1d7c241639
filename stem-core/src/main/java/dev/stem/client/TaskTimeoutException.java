package dev.stem.client;

import java.time.Duration;

import dev.stem.StemException;

/// The awaited task did not finish in time. It may still run; the handle can be awaited again.
public class TaskTimeoutException extends StemException {

    public TaskTimeoutException(String taskId, Duration timeout) {
        super("Task [" + taskId + "] did not finish within " + timeout);
    }
}
