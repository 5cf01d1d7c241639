package dev.stem.task;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/// The tasks a process knows, by name and, for `@StemTask` methods, by method. Thread-safe; a name
/// can be registered only once.
public class TaskRegistry {

    private final Map<String, TaskDefinition> tasks = new ConcurrentHashMap<>();

    private final Map<Method, TaskDefinition> byMethod = new ConcurrentHashMap<>();

    /// Adds a task; fails if the name is taken.
    public void register(TaskDefinition definition) {
        TaskDefinition previous = this.tasks.putIfAbsent(definition.name(), definition);
        if (previous != null) {
            throw new IllegalStateException("Task name '" + definition.name()
                    + "' is registered twice; give one of them another name with @StemTask(name = ...)");
        }
        if (definition.handler() instanceof MethodTaskHandler handler) {
            this.byMethod.putIfAbsent(handler.method(), definition);
        }
    }

    /// The task registered under `name`.
    public Optional<TaskDefinition> find(String name) {
        return Optional.ofNullable(this.tasks.get(name));
    }

    /// The task whose handler is `method` (a [MethodTaskHandler]); the first registered when several are.
    public Optional<TaskDefinition> find(Method method) {
        return Optional.ofNullable(this.byMethod.get(method));
    }

    /// Every registered task.
    public Collection<TaskDefinition> all() {
        return this.tasks.values();
    }
}
