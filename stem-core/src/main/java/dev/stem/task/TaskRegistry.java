package dev.stem.task;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/// The tasks a process knows, by name. Thread-safe; a name can be registered only once.
public class TaskRegistry {

    private final Map<String, TaskDefinition> tasks = new ConcurrentHashMap<>();

    /// Adds a task; fails if the name is taken.
    public void register(TaskDefinition definition) {
        TaskDefinition previous = this.tasks.putIfAbsent(definition.name(), definition);
        if (previous != null) {
            throw new IllegalStateException("Task name '" + definition.name()
                    + "' is registered twice; give one of them another name with @StemTask(name = ...)");
        }
    }

    /// The task registered under `name`.
    public Optional<TaskDefinition> find(String name) {
        return Optional.ofNullable(this.tasks.get(name));
    }

    /// Every registered task.
    public Collection<TaskDefinition> all() {
        return this.tasks.values();
    }
}
