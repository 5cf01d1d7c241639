package dev.stem.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.task.TaskOptions;

/// A call of a `@StemTask` method recorded on a stand-in, resolved to its task: the task name, the
/// task's defaults, and the arguments in parameter order (task context parameters left out).
///
/// @param task the task name
/// @param defaults the task's options (from the local registry, else from its annotation)
/// @param argumentNames the names the arguments bind to, in parameter order
/// @param arguments the argument values, in parameter order
public record TaskCall(String task, TaskOptions defaults, List<String> argumentNames,
        List<@Nullable Object> arguments) {

    public TaskCall {
        argumentNames = List.copyOf(argumentNames);
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
        if (argumentNames.size() != arguments.size()) {
            throw new IllegalArgumentException("task " + task + ": " + argumentNames.size() + " argument names for "
                    + arguments.size() + " arguments");
        }
    }
}
