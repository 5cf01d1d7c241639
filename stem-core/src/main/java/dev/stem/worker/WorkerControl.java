package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.EventBus;

/// A worker's side of the control plane: acts on the [ControlCommand]s addressed to it on the
/// [EventBus] and answers each with one [ControlReply].
///
/// Guarantees: commands are handled one at a time, in arrival order, on a thread of their own
/// (never on the event bus's delivery thread); every command addressed to this worker gets exactly
/// one reply, a refusal with the reason when the command is unknown or its arguments are wrong.
/// The lists of an `inspect` reply are capped at [#LISTED_TASKS] entries (with the full counts
/// beside them), so a reply fits in every event bus (PostgreSQL's payload limit is 8,000 bytes).
/// `shutdown` is answered before the process starts to stop.
final class WorkerControl {

    /// Most tasks listed by `inspect` in each of its lists.
    static final int LISTED_TASKS = 20;

    private static final Logger log = LoggerFactory.getLogger(WorkerControl.class);

    private final Worker worker;

    private final EventBus events;

    private final Clock clock;

    private final ProcessExit exit;

    private @Nullable ExecutorService handler;

    private @Nullable AutoCloseable subscription;

    WorkerControl(Worker worker, EventBus events, Clock clock, ProcessExit exit) {
        this.worker = worker;
        this.events = events;
        this.clock = clock;
        this.exit = exit;
    }

    /// Starts listening; a bus that cannot be subscribed to leaves the worker without control
    /// commands (logged), it does not stop it.
    synchronized void start() {
        String id = this.worker.options().id();
        ExecutorService handler = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("stem-control-" + id).daemon().factory());
        this.handler = handler;
        try {
            this.subscription = this.events.subscribe(event -> ControlCommand.fromEvent(event)
                    .filter(command -> command.isFor(id))
                    .ifPresent(command -> handler.execute(() -> answer(command))));
        }
        catch (RuntimeException ex) {
            log.warn("Stem worker {} cannot receive control commands: {}", id, ex.toString());
        }
    }

    /// Stops listening.
    synchronized void stop() {
        if (this.subscription != null) {
            try {
                this.subscription.close();
            }
            catch (Exception ex) {
                log.debug("Closing the control subscription failed", ex);
            }
            this.subscription = null;
        }
        if (this.handler != null) {
            this.handler.shutdown();
            this.handler = null;
        }
    }

    private void answer(ControlCommand command) {
        String id = this.worker.options().id();
        ControlReply reply;
        try {
            reply = ControlReply.done(command, id, act(command));
        }
        catch (RuntimeException ex) {
            reply = ControlReply.refused(command, id, ex.getMessage() != null ? ex.getMessage() : ex.toString());
        }
        try {
            this.events.publish(reply.toEvent(this.clock.instant()));
        }
        catch (RuntimeException ex) {
            log.warn("Stem worker {} could not answer '{}' ({}): {}", id, command.command(), command.requestId(),
                    ex.toString());
        }
        if (ControlCommand.SHUTDOWN.equals(command.command()) && reply.ok()) {
            log.info("Stem worker {} shuts down on request of {}", id, command.sender());
            Thread.ofPlatform().name("stem-exit-" + id).start(() -> this.exit.exit(0));
        }
    }

    private Map<String, Object> act(ControlCommand command) {
        return switch (command.command()) {
            case ControlCommand.PING -> ping();
            case ControlCommand.INSPECT -> inspect();
            case ControlCommand.STATS -> stats();
            case ControlCommand.PAUSE -> Map.of("paused", sorted(this.worker.pause(queue(command))));
            case ControlCommand.RESUME -> Map.of("paused", sorted(this.worker.resume(queue(command))));
            case ControlCommand.DRAIN -> Map.of("running", this.worker.drain());
            case ControlCommand.SHUTDOWN -> Map.of("running", this.worker.activeCount());
            case ControlCommand.CONCURRENCY -> {
                this.worker.concurrency(concurrency(command));
                yield Map.of("concurrency", this.worker.concurrency());
            }
            default -> throw new IllegalArgumentException("unknown control command '" + command.command()
                    + "'; a worker answers ping, inspect, stats, pause, resume, drain, shutdown, concurrency");
        };
    }

    private Map<String, Object> ping() {
        return Map.of("hostname", WorkerIds.hostname(), "pid", ProcessHandle.current().pid());
    }

    private Map<String, Object> inspect() {
        Instant now = this.clock.instant();
        List<InFlightTask> leased = new ArrayList<>(this.worker.leasedTasks());
        leased.sort(Comparator.comparing(task -> task.delivery().leaseExpiresAt()));
        List<Map<String, Object>> running = new ArrayList<>();
        List<Map<String, Object>> waiting = new ArrayList<>();
        int runningCount = 0;
        int waitingCount = 0;
        for (InFlightTask task : leased) {
            Instant started = task.startedAt();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", task.delivery().id());
            entry.put("task", task.delivery().envelope().task());
            entry.put("queue", task.delivery().queue());
            entry.put("attempt", task.delivery().envelope().attempt());
            if (started != null) {
                runningCount++;
                entry.put("ageMillis", Duration.between(started, now).toMillis());
                if (running.size() < LISTED_TASKS) {
                    running.add(entry);
                }
            }
            else {
                waitingCount++;
                if (waiting.size() < LISTED_TASKS) {
                    waiting.add(entry);
                }
            }
        }
        WorkerOptions options = this.worker.options();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("running", running);
        data.put("runningCount", runningCount);
        data.put("waiting", waiting);
        data.put("waitingCount", waitingCount);
        data.put("queues", options.queues());
        data.put("paused", sorted(this.worker.pausedQueues()));
        data.put("draining", this.worker.isDraining());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("concurrency", this.worker.concurrency());
        shown.put("prefetch", options.prefetch());
        shown.put("lease", options.lease().toString());
        shown.put("shutdownTimeout", options.shutdownTimeout().toString());
        shown.put("heartbeatInterval", options.heartbeatInterval().toString());
        shown.put("maxRecoveries", options.maxRecoveries());
        shown.put("trackStarted", options.trackStarted());
        data.put("options", shown);
        return data;
    }

    private Map<String, Object> stats() {
        Instant started = this.worker.startedAt();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("processed", this.worker.processedCount());
        data.put("active", this.worker.activeCount());
        data.put("held", this.worker.heldCount());
        data.put("concurrency", this.worker.concurrency());
        data.put("refusedWrites", this.worker.refusedWriteCount());
        data.put("abandoned", this.worker.abandonedCount());
        data.put("healthy", this.worker.isHealthy());
        String error = this.worker.lastFetchError();
        if (error != null) {
            data.put("lastError", error);
        }
        data.put("queues", this.worker.queueCounts());
        data.put("uptimeMillis", started == null ? 0 : Duration.between(started, this.clock.instant()).toMillis());
        return data;
    }

    private static String queue(ControlCommand command) {
        if (!(command.arguments().get("queue") instanceof String queue) || queue.isBlank()) {
            throw new IllegalArgumentException("'" + command.command() + "' needs the argument 'queue'");
        }
        return queue;
    }

    private static int concurrency(ControlCommand command) {
        Object value = command.arguments().get("concurrency");
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'concurrency' needs a whole number in the argument 'concurrency', "
                    + "was '" + value + "'");
        }
    }

    private static List<String> sorted(Set<String> queues) {
        return queues.stream().sorted().toList();
    }
}
