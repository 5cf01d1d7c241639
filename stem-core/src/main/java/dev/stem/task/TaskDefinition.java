package dev.stem.task;

import java.util.Objects;

import dev.stem.envelope.Names;

/// A registered task: its name, its defaults and its handler.
///
/// @param name unique task name
/// @param options defaults for messages to this task and for running it
/// @param handler the code to run
public record TaskDefinition(String name, TaskOptions options, TaskHandler handler) {

    public TaskDefinition {
        Names.requireTaskName(name);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
    }

    /// A task with default options.
    public static TaskDefinition of(String name, TaskHandler handler) {
        return new TaskDefinition(name, TaskOptions.defaults(), handler);
    }
}
