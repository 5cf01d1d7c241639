package dev.stem.client;

import org.jspecify.annotations.Nullable;

/// One message of a batch enqueue.
///
/// @param task task name
/// @param args arguments: a map, list, array, POJO or JSON node, or `null` for none
/// @param options per-message overrides
public record TaskRequest(String task, @Nullable Object args, EnqueueOptions options) {

    /// A request with the task's defaults.
    public static TaskRequest of(String task, @Nullable Object args) {
        return new TaskRequest(task, args, EnqueueOptions.defaults());
    }
}
