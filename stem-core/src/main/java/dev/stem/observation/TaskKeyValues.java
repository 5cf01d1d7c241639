package dev.stem.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.micrometer.common.KeyValues;

/// Low-cardinality key values built once per queue and task name and then reused, so observing a
/// message costs two map lookups instead of building and sorting the key values again (a convention
/// is asked for them when the observation starts and again when it stops). Queue and task names are
/// tag values already, so the number of entries is bounded the way the meters' tags are.
final class TaskKeyValues {

    private final Map<String, Map<String, KeyValues>> byQueue = new ConcurrentHashMap<>();

    private final BiFunction<String, String, KeyValues> build;

    /// Key values made by `build` from a queue and a task name.
    TaskKeyValues(BiFunction<String, String, KeyValues> build) {
        this.build = build;
    }

    /// The key values of `task` on `queue`, built on the first call for the pair.
    KeyValues of(String queue, String task) {
        Map<String, KeyValues> byTask = this.byQueue.get(queue);
        if (byTask == null) {
            byTask = this.byQueue.computeIfAbsent(queue, q -> new ConcurrentHashMap<>());
        }
        KeyValues found = byTask.get(task);
        return found != null ? found : byTask.computeIfAbsent(task, t -> this.build.apply(queue, t));
    }
}
