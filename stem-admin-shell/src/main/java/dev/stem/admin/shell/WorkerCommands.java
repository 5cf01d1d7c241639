package dev.stem.admin.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import dev.stem.Stem;
import dev.stem.control.ControlClient;
import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.ControlResult;
import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// Commands for workers: list the live ones, and send them control commands over the event bus.
///
/// Every control command waits at most `--timeout` (5 s by default) for the replies. A worker that
/// does not answer in time (an unknown or dead id) makes the command fail with one line naming it,
/// after the replies that did come are printed; a worker that refuses (a queue it does not
/// consume) makes it fail with the worker's reason.
@Component
public class WorkerCommands {

    private static final String TIMEOUT = "5s";

    private final ControlClient control;

    private final WorkerRegistry workers;

    private final Stem stem;

    public WorkerCommands(ControlClient control, @Lazy WorkerRegistry workers, @Lazy Stem stem) {
        this.control = control;
        this.workers = workers;
        this.stem = stem;
    }

    /// Lists the live workers from their heartbeats.
    @Command(name = { "worker", "list" }, group = "Workers",
            description = "List the live workers (from their heartbeats)")
    public void list(CommandContext context, @Option(longName = "json", description = "print JSON") boolean json) {
        List<Map<String, Object>> rows = this.workers.alive().stream().map(WorkerCommands::row).toList();
        Output.rows(context, json, rows, "id", "hostname", "pid", "queues", "concurrency", "active", "processed",
                "lastHeartbeat");
    }

    /// Asks workers to answer at once.
    @Command(name = { "worker", "ping" }, group = "Workers",
            description = "Ping one worker, or every live worker: worker ping [<id>] [--timeout 5s]")
    public void ping(CommandContext context, @Argument(index = 0, description = "a worker id (else all)") String id,
            @Option(longName = "timeout", description = "wait this long for replies", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        ControlResult result = send(ControlCommand.PING, Map.of(), optional(id), timeout);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ControlReply reply : result.replies()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("worker", reply.workerId());
            row.put("hostname", reply.data().get("hostname"));
            row.put("pid", reply.data().get("pid"));
            row.put("reply", "pong");
            rows.add(row);
        }
        requireAnyReply(result, timeout);
        Output.rows(context, json, rows, "worker", "hostname", "pid", "reply");
        requireAnswered(result, timeout);
    }

    /// Describes what one worker holds.
    @Command(name = { "worker", "inspect" }, group = "Workers",
            description = "Show a worker's running and waiting tasks, queues and options: worker inspect <id>")
    public void inspect(CommandContext context, @Argument(index = 0, description = "the worker id") String id,
            @Option(longName = "timeout", description = "wait this long for the reply", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        ControlResult result = send(ControlCommand.INSPECT, Map.of(), List.of(Arguments.required(id, "<id>")),
                timeout);
        requireAnswered(result, timeout);
        Map<String, Object> data = result.replies().get(0).data();
        if (json) {
            Map<String, Object> whole = new LinkedHashMap<>();
            whole.put("worker", id);
            whole.putAll(data);
            Output.object(context, true, whole);
            return;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("worker", id);
        summary.put("queues", data.get("queues"));
        summary.put("paused", data.get("paused"));
        summary.put("draining", data.get("draining"));
        summary.put("options", data.get("options"));
        summary.put("running", data.get("runningCount"));
        summary.put("waiting", data.get("waitingCount"));
        Output.object(context, false, summary);
        context.outputWriter().println();
        context.outputWriter().println("Running:");
        Output.rows(context, false, tasks(data.get("running")), "id", "task", "queue", "attempt", "ageMillis");
        context.outputWriter().println();
        context.outputWriter().println("Leased, waiting for a slot:");
        Output.rows(context, false, tasks(data.get("waiting")), "id", "task", "queue", "attempt");
    }

    /// Prints workers' counters.
    @Command(name = { "worker", "stats" }, group = "Workers",
            description = "Show the counters of one worker, or of every live worker: worker stats [<id>]")
    public void stats(CommandContext context, @Argument(index = 0, description = "a worker id (else all)") String id,
            @Option(longName = "timeout", description = "wait this long for replies", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        ControlResult result = send(ControlCommand.STATS, Map.of(), optional(id), timeout);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ControlReply reply : result.replies()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("worker", reply.workerId());
            row.putAll(reply.data());
            rows.add(row);
        }
        requireAnyReply(result, timeout);
        Output.rows(context, json, rows, "worker", "processed", "active", "concurrency", "refusedWrites", "abandoned",
                "healthy", "uptimeMillis");
        requireAnswered(result, timeout);
    }

    /// Cancels a task through the client's one cancel, which every worker hears.
    @Command(name = { "worker", "revoke" }, group = "Workers",
            description = "Revoke a task on every worker: worker revoke <task-id> [--terminate] (interrupts it if it runs)")
    public void revoke(CommandContext context, @Argument(index = 0, description = "the task id") String taskId,
            @Option(longName = "terminate", description = "interrupt it if it is running") boolean terminate,
            @Option(longName = "json", description = "print JSON") boolean json) {
        TaskCommands.cancel(this.stem, context, Arguments.id(taskId, "<task-id>"), terminate, json, "Revoked",
                "revoke");
    }

    /// Stops consuming a queue on one worker or all.
    @Command(name = { "worker", "pause" }, group = "Workers",
            description = "Stop consuming a queue without a restart: worker pause <id> <queue>, or worker pause --all <queue>")
    public void pause(CommandContext context, @Argument(index = 0, description = "the worker id, or the queue with --all")
            String first, @Argument(index = 1, description = "the queue") String second,
            @Option(longName = "all", description = "every live worker") boolean all,
            @Option(longName = "timeout", description = "wait this long for replies", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        queueCommand(context, ControlCommand.PAUSE, first, second, all, timeout, json);
    }

    /// Consumes a paused queue again on one worker or all.
    @Command(name = { "worker", "resume" }, group = "Workers",
            description = "Consume a paused queue again: worker resume <id> <queue>, or worker resume --all <queue>")
    public void resume(CommandContext context, @Argument(index = 0, description = "the worker id, or the queue with --all")
            String first, @Argument(index = 1, description = "the queue") String second,
            @Option(longName = "all", description = "every live worker") boolean all,
            @Option(longName = "timeout", description = "wait this long for replies", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        queueCommand(context, ControlCommand.RESUME, first, second, all, timeout, json);
    }

    /// Changes how many tasks workers run at once.
    @Command(name = { "worker", "concurrency" }, group = "Workers",
            description = "Change how many tasks a worker runs at once: worker concurrency <id> <n>, or --all <n>")
    public void concurrency(CommandContext context, @Argument(index = 0, description = "the worker id, or n with --all")
            String first, @Argument(index = 1, description = "how many tasks at once") String second,
            @Option(longName = "all", description = "every live worker") boolean all,
            @Option(longName = "timeout", description = "wait this long for replies", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        Target target = Target.of(first, second, all, "<n>");
        int concurrency;
        try {
            concurrency = Integer.parseInt(target.value());
        }
        catch (NumberFormatException ex) {
            throw new UsageException("<n> must be a whole number, was '" + target.value() + "'");
        }
        Arguments.atLeast(concurrency, 1, "<n>");
        ControlResult result = send(ControlCommand.CONCURRENCY, Map.of("concurrency", concurrency), target.workers(),
                timeout);
        printOutcome(context, json, result, "concurrency", timeout);
        requireDone(result, timeout);
    }

    /// Makes a worker finish its running tasks, take no more, and exit.
    @Command(name = { "worker", "drain" }, group = "Workers",
            description = "Finish running tasks, take no more, then exit 0: worker drain <id> --yes")
    public void drain(CommandContext context, @Argument(index = 0, description = "the worker id") String id,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "timeout", description = "wait this long for the reply", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        stop(context, ControlCommand.DRAIN, id, yes, timeout, json, "drain worker");
    }

    /// Stops a worker gracefully, as SIGTERM does.
    @Command(name = { "worker", "shutdown" }, group = "Workers",
            description = "Stop a worker gracefully (as SIGTERM does): worker shutdown <id> --yes")
    public void shutdown(CommandContext context, @Argument(index = 0, description = "the worker id") String id,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "timeout", description = "wait this long for the reply", defaultValue = TIMEOUT)
            String timeout,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        stop(context, ControlCommand.SHUTDOWN, id, yes, timeout, json, "shut down worker");
    }

    private void stop(CommandContext context, String command, String id, boolean yes, String timeout, boolean json,
            String action) throws InterruptedException {
        String worker = Arguments.required(id, "<id>");
        Duration wait = Arguments.duration(timeout, "--timeout");
        if (!Confirmation.confirmed(context, yes, action + " " + worker)) {
            return;
        }
        ControlResult result = this.control.send(command, Map.of(), List.of(worker), wait);
        printOutcome(context, json, result, "running", timeout);
        requireDone(result, timeout);
    }

    private void queueCommand(CommandContext context, String command, String first, String second, boolean all,
            String timeout, boolean json) throws InterruptedException {
        Target target = Target.of(first, second, all, "<queue>");
        String queue = Arguments.queue(target.value());
        ControlResult result = send(command, Map.of("queue", queue), target.workers(), timeout);
        printOutcome(context, json, result, "paused", timeout);
        requireDone(result, timeout);
    }

    private ControlResult send(String command, Map<String, Object> arguments, List<String> targets, String timeout)
            throws InterruptedException {
        return this.control.send(command, arguments, targets, Arguments.duration(timeout, "--timeout"));
    }

    private static void printOutcome(CommandContext context, boolean json, ControlResult result, String detail,
            String timeout) {
        requireAnyReply(result, timeout);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ControlReply reply : result.replies()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("worker", reply.workerId());
            row.put("ok", reply.ok());
            row.put(detail, reply.ok() ? reply.data().get(detail) : null);
            row.put("error", reply.error());
            rows.add(row);
        }
        Output.rows(context, json, rows, "worker", "ok", detail, "error");
    }

    /// Fails at once, printing nothing, when no worker answered at all.
    private static void requireAnyReply(ControlResult result, String timeout) {
        if (result.replies().isEmpty()) {
            requireAnswered(result, timeout);
        }
    }

    private static void requireAnswered(ControlResult result, String timeout) {
        if (!result.missing().isEmpty()) {
            throw new IllegalStateException(noReply(result.missing(), timeout));
        }
        if (result.replies().isEmpty()) {
            throw new IllegalStateException("no worker answered within " + timeout + " ('worker list' shows the "
                    + "live workers)");
        }
    }

    private static void requireDone(ControlResult result, String timeout) {
        requireAnswered(result, timeout);
        List<String> refusals = result.replies().stream().filter(reply -> !reply.ok())
                .map(reply -> reply.workerId() + ": " + reply.error()).toList();
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("refused by " + String.join("; ", refusals));
        }
    }

    private static String noReply(List<String> missing, String timeout) {
        return "no reply from worker" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing.stream()
                .map(id -> "'" + id + "'").toList()) + " within " + timeout
                + " (unknown or dead id? 'worker list' shows the live workers)";
    }

    private static List<String> optional(@Nullable String id) {
        return id == null || id.isBlank() ? List.of() : List.of(id);
    }

    private static List<Map<String, Object>> tasks(@Nullable Object listed) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (listed instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    map.forEach((key, value) -> row.put(String.valueOf(key), value));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> row(WorkerInfo worker) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", worker.id());
        row.put("hostname", worker.hostname());
        row.put("pid", worker.pid());
        row.put("queues", String.join(",", worker.queues()));
        row.put("concurrency", worker.concurrency());
        row.put("active", worker.active());
        row.put("processed", worker.processed());
        row.put("startedAt", worker.startedAt().toString());
        row.put("lastHeartbeat", worker.lastHeartbeat().toString());
        return row;
    }

    /// The workers a command with `<id> <value>` or `--all <value>` is for, and the value.
    private record Target(List<String> workers, String value) {

        static Target of(@Nullable String first, @Nullable String second, boolean all, String valueName) {
            if (all) {
                if (second != null && !second.isBlank()) {
                    throw new UsageException("with --all give only " + valueName + ", not a worker id");
                }
                return new Target(List.of(), Arguments.required(first, valueName));
            }
            return new Target(List.of(Arguments.required(first, "<id> (or --all)")),
                    Arguments.required(second, valueName));
        }
    }
}
