package dev.stem.admin.shell;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.envelope.Names;

/// Commands about single tasks: enqueue one, read its state and result, cancel it.
@Component
public class TaskCommands {

    private final Stem stem;

    private final ResultBackend backend;

    public TaskCommands(@Lazy Stem stem, @Lazy ResultBackend backend) {
        this.stem = stem;
        this.backend = backend;
    }

    /// Enqueues a task through the client, with its one validation.
    @Command(name = "enqueue", group = "Tasks",
            description = "Enqueue a task: enqueue <task> --args '{json}' [--queue Q] [--priority 0-9] [--countdown 30s | --eta ISO]")
    public void enqueue(CommandContext context, @Argument(index = 0, description = "the task name") String task,
            @Option(longName = "args", description = "arguments as a JSON object or array") @Nullable String args,
            @Option(longName = "queue", description = "the queue (else the task's own)") @Nullable String queue,
            @Option(longName = "priority", description = "0 (lowest) to 9") @Nullable Integer priority,
            @Option(longName = "countdown", description = "run after this long, like 30s") @Nullable String countdown,
            @Option(longName = "eta", description = "run at this ISO-8601 instant") @Nullable String eta,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String name = Arguments.required(task, "<task>");
        Names.requireTaskName(name);
        JsonNode arguments = args == null ? null : Arguments.json(args, "--args");
        if (arguments != null && !arguments.isObject() && !arguments.isArray()) {
            throw new UsageException("--args must be a JSON object or array, was: " + args);
        }
        if (countdown != null && eta != null) {
            throw new UsageException("give --countdown or --eta, not both");
        }
        EnqueueOptions.Builder options = EnqueueOptions.builder();
        if (queue != null) {
            options.queue(Arguments.queueOption(queue));
        }
        if (priority != null) {
            options.priority(priority);
        }
        if (countdown != null) {
            options.countdown(Arguments.duration(countdown, "--countdown"));
        }
        if (eta != null) {
            options.eta(Arguments.instant(eta, "--eta"));
        }
        TaskHandle<Object> handle = this.stem.enqueue(name, arguments, options.build());
        Output.line(context, json, handle.id(), Map.of("id", handle.id(), "task", name));
    }

    /// Prints a task's stored state.
    @Command(name = { "task", "status" }, group = "Tasks", description = "Show a task's state: task status <id>")
    public void status(CommandContext context, @Argument(index = 0, description = "the task id") String id,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String taskId = Arguments.id(id, "<id>");
        Optional<TaskResult> record = this.backend.get(taskId);
        Output.object(context, json, record.map(TaskCommands::fields).orElseGet(() -> pending(taskId)));
    }

    /// Prints a task's result, waiting for it if asked.
    @Command(name = { "task", "result" }, group = "Tasks",
            description = "Show a task's result: task result <id> [--wait 30s] (exits 1 if it failed or is not done)")
    public void result(CommandContext context, @Argument(index = 0, description = "the task id") String id,
            @Option(longName = "wait", description = "wait this long for it to finish, like 30s") @Nullable String wait,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        String taskId = Arguments.id(id, "<id>");
        Duration timeout = wait == null ? Duration.ZERO : Arguments.duration(wait, "--wait");
        Optional<TaskResult> record = timeout.isZero() ? this.backend.get(taskId)
                : this.backend.await(taskId, timeout);
        TaskResult found = record.orElse(null);
        if (found == null || !found.state().isTerminal()) {
            throw new IllegalStateException("task " + taskId + " has not finished"
                    + (timeout.isZero() ? "" : " within " + wait) + " (state "
                    + (found == null ? "PENDING" : found.state()) + ")");
        }
        if (found.error() != null && found.result() == null) {
            throw new IllegalStateException("task " + taskId + " ended " + found.state() + ": "
                    + found.error().type() + ": " + found.error().message());
        }
        JsonNode result = found.result();
        Output.line(context, json, result == null ? "null" : result.toString(),
                fields(found));
    }

    /// Cancels a task through the client's one cancel.
    @Command(name = { "task", "cancel" }, group = "Tasks",
            description = "Cancel a task: task cancel <id> [--terminate] (--terminate interrupts it if it runs)")
    public void cancel(CommandContext context, @Argument(index = 0, description = "the task id") String id,
            @Option(longName = "terminate", description = "interrupt it if it is running") boolean terminate,
            @Option(longName = "json", description = "print JSON") boolean json) {
        cancel(this.stem, context, Arguments.id(id, "<id>"), terminate, json, "Cancelled", "cancel");
    }

    /// Cancels `taskId` through the client's one cancel and prints the outcome: `done` (like
    /// "Cancelled") or, when it had already finished, that there was nothing to `verb`.
    static void cancel(Stem stem, CommandContext context, String taskId, boolean terminate, boolean json, String done,
            String verb) {
        boolean cancelled = stem.handle(taskId, Object.class).cancel(terminate);
        Output.line(context, json, cancelled ? done + " " + taskId + (terminate ? " (terminating it if running)." : ".")
                : "Task " + taskId + " had already finished; nothing to " + verb + ".",
                Map.of("id", taskId, "cancelled", cancelled, "terminate", terminate));
    }

    static Map<String, Object> fields(TaskResult record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", record.taskId());
        fields.put("task", record.taskName());
        fields.put("state", record.state().name());
        fields.put("attempt", record.attempt());
        fields.put("updatedAt", record.updatedAt().toString());
        if (record.result() != null) {
            fields.put("result", record.result());
        }
        if (record.error() != null) {
            fields.put("error", record.error().type() + ": " + record.error().message());
        }
        if (!record.meta().isEmpty()) {
            fields.put("meta", record.meta());
        }
        return fields;
    }

    private static Map<String, Object> pending(String taskId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", taskId);
        fields.put("state", "PENDING");
        fields.put("note", "no record stored (not enqueued with a result record yet, unknown, or expired)");
        return fields;
    }
}
