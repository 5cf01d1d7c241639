package dev.stem.task;

import org.jspecify.annotations.Nullable;

/// The code behind a task name.
@FunctionalInterface
public interface TaskHandler {

    /// Runs one attempt; the return value (bound to JSON) becomes the task's result.
    @Nullable Object handle(TaskContext context) throws Exception;
}
