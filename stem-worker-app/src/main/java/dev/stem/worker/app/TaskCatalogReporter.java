package dev.stem.worker.app;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;

/// Logs, once the worker is up, which tasks it can run and which queues it consumes, and warns
/// when it found no task at all (usually a task jar missing from the loader path).
@Component
class TaskCatalogReporter {

    private static final Logger log = LoggerFactory.getLogger(TaskCatalogReporter.class);

    private final TaskRegistry tasks;

    private final ObjectProvider<Worker> worker;

    TaskCatalogReporter(TaskRegistry tasks, ObjectProvider<Worker> worker) {
        this.tasks = tasks;
        this.worker = worker;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        List<String> names = this.tasks.all().stream().map(TaskDefinition::name).sorted().toList();
        if (names.isEmpty()) {
            log.warn("No @StemTask found: every message will be dead-lettered as unknown-task. Put task jars on "
                    + "-Dloader.path; each registers its task beans in META-INF/spring/"
                    + "org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            return;
        }
        Worker worker = this.worker.getIfAvailable();
        if (worker == null) {
            log.warn("stem.worker.enabled is false: this worker app knows {} tasks {} but consumes no queue",
                    names.size(), names);
            return;
        }
        log.info("Stem worker ready: {} tasks {} on queues {}", names.size(), names, worker.options().queues());
    }
}
