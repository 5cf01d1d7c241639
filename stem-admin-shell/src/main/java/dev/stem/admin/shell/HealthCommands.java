package dev.stem.admin.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.ControlClient;
import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.ControlResult;
import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// Commands that look at the whole system: is it up, and how fast is work going.
@Component
public class HealthCommands {

    private final Broker broker;

    private final ResultBackend backend;

    private final WorkerRegistry workers;

    private final ControlClient control;

    public HealthCommands(@Lazy Broker broker, @Lazy ResultBackend backend, @Lazy WorkerRegistry workers,
            ControlClient control) {
        this.broker = broker;
        this.backend = backend;
        this.workers = workers;
        this.control = control;
    }

    /// Checks the broker, the result backend and the live workers; fails if one is down.
    @Command(name = "health", group = "System",
            description = "Check the broker, the result backend and the workers (exits 1 if one is down)")
    public void health(CommandContext context, @Option(longName = "json", description = "print JSON") boolean json)
            throws InterruptedException {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(check("broker", () -> this.broker.queues().size() + " queues"));
        rows.add(check("backend", () -> {
            this.backend.get(UUID.randomUUID().toString());
            return "reachable";
        }));
        Map<String, Object> workerRow = check("workers", () -> this.workers.alive().size() + " live");
        rows.add(workerRow);
        if ("UP".equals(workerRow.get("status"))) {
            ControlResult stats = this.control.send(ControlCommand.STATS, Map.of(), List.of(), Duration.ofSeconds(3));
            for (ControlReply reply : stats.replies()) {
                boolean healthy = Boolean.TRUE.equals(reply.data().get("healthy"));
                rows.add(row("worker " + reply.workerId(), healthy ? "UP" : "DOWN",
                        healthy ? "healthy" : String.valueOf(reply.data().get("lastError"))));
            }
            stats.missing().forEach(id -> rows.add(row("worker " + id, "UNKNOWN", "no reply to stats")));
        }
        Output.rows(context, json, rows, "component", "status", "detail");
        List<String> down = rows.stream().filter(row -> "DOWN".equals(row.get("status")))
                .map(row -> (String) row.get("component")).toList();
        if (!down.isEmpty()) {
            throw new IllegalStateException("down: " + String.join(", ", down));
        }
    }

    /// Samples the queues and the workers' counters twice, `--interval` apart, and prints the rates.
    @Command(name = { "observe", "metrics" }, group = "System",
            description = "Throughput, retries and failures per queue over an interval: observe metrics [--interval 10s]")
    public void metrics(CommandContext context,
            @Option(longName = "interval", description = "how long to measure, like 10s", defaultValue = "10s")
            String interval,
            @Option(longName = "json", description = "print JSON") boolean json) throws InterruptedException {
        Duration length = Arguments.duration(interval, "--interval");
        if (length.isZero()) {
            throw new UsageException("--interval must be positive, was '" + interval + "'");
        }
        Map<String, Map<String, Long>> before = counts();
        if (!json) {
            context.outputWriter().println("Measuring for " + interval + "...");
            context.outputWriter().flush();
        }
        Thread.sleep(length.toMillis());
        Map<String, Map<String, Long>> after = counts();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String queue : after.keySet()) {
            Map<String, Long> first = before.getOrDefault(queue, Map.of());
            Map<String, Long> last = after.get(queue);
            long succeeded = delta(first, last, "succeeded");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("queue", queue);
            row.put("succeeded", succeeded);
            row.put("perSecond", Math.round(succeeded * 10_000.0 / length.toMillis()) / 10.0);
            row.put("retried", delta(first, last, "retried"));
            row.put("failed", delta(first, last, "deadLettered"));
            row.put("skipped", delta(first, last, "skipped"));
            row.put("ready", this.broker.stats(queue).ready());
            rows.add(row);
        }
        Output.rows(context, json, rows, "queue", "succeeded", "perSecond", "retried", "failed", "skipped", "ready");
    }

    /// Per queue, the counters summed over every live worker that answered.
    private Map<String, Map<String, Long>> counts() throws InterruptedException {
        ControlResult result = this.control.send(ControlCommand.STATS, Map.of(), List.of(), Duration.ofSeconds(3));
        Map<String, Map<String, Long>> sums = new LinkedHashMap<>();
        for (WorkerInfo worker : this.workers.alive()) {
            worker.queues().forEach(queue -> sums.computeIfAbsent(queue, name -> new LinkedHashMap<>()));
        }
        for (ControlReply reply : result.replies()) {
            if (reply.data().get("queues") instanceof Map<?, ?> queues) {
                queues.forEach((queue, counts) -> {
                    Map<String, Long> sum = sums.computeIfAbsent(String.valueOf(queue), name -> new LinkedHashMap<>());
                    if (counts instanceof Map<?, ?> map) {
                        map.forEach((name, value) -> sum.merge(String.valueOf(name),
                                value instanceof Number number ? number.longValue() : 0L, Long::sum));
                    }
                });
            }
        }
        return sums;
    }

    private static long delta(Map<String, Long> first, Map<String, Long> last, String name) {
        return Math.max(0, last.getOrDefault(name, 0L) - first.getOrDefault(name, 0L));
    }

    private static Map<String, Object> check(String component, Supplier<String> probe) {
        try {
            return row(component, "UP", probe.get());
        }
        catch (RuntimeException ex) {
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage().lines().findFirst().orElse("");
            return row(component, "DOWN", message);
        }
    }

    private static Map<String, Object> row(String component, String status, String detail) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("component", component);
        row.put("status", status);
        row.put("detail", detail);
        return row;
    }
}
