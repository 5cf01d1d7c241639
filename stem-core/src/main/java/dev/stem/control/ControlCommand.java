package dev.stem.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/// A command for workers, as it travels on the [EventBus]: a [StemEvent#CONTROL] event whose data
/// holds the request id, the command's name, the ids of the workers it is for (none: every worker)
/// and its arguments. Each worker it is for answers with one [ControlReply] carrying the same
/// request id.
///
/// A `control` event without a request id or a command name is not a command of this kind and is
/// ignored by [#fromEvent].
///
/// @param requestId unique id of this request; every reply carries it
/// @param command what to do, one of the names below
/// @param targets ids of the workers that should act and answer; empty for every worker
/// @param arguments the command's arguments (strings, numbers, booleans)
/// @param sender id of the process that sent it
public record ControlCommand(String requestId, String command, List<String> targets, Map<String, Object> arguments,
        String sender) {

    /// Answer at once; the reply carries the worker's id, host and pid.
    public static final String PING = "ping";
    /// Describe the running and the leased-but-waiting tasks, the queues and the options.
    public static final String INSPECT = "inspect";
    /// Counters since start: processed, active, refused writes, abandoned threads, health.
    public static final String STATS = "stats";
    /// Stop consuming the queue in argument `queue`, without a restart.
    public static final String PAUSE = "pause";
    /// Consume the queue in argument `queue` again.
    public static final String RESUME = "resume";
    /// Take no more messages, finish the running ones, then end the process with status 0.
    public static final String DRAIN = "drain";
    /// Stop gracefully (as on SIGTERM) and end the process with status 0.
    public static final String SHUTDOWN = "shutdown";
    /// Run at most argument `concurrency` tasks at once from now on.
    public static final String CONCURRENCY = "concurrency";

    public ControlCommand {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(command, "command");
        targets = List.copyOf(targets);
        arguments = Map.copyOf(arguments);
        Objects.requireNonNull(sender, "sender");
    }

    /// Whether the worker `workerId` should act on this command and answer it.
    public boolean isFor(String workerId) {
        return this.targets.isEmpty() || this.targets.contains(workerId);
    }

    /// The command as a [StemEvent#CONTROL] event sent at `now`.
    public StemEvent toEvent(Instant now) {
        Map<String, Object> data = new HashMap<>();
        data.put("requestId", this.requestId);
        data.put("command", this.command);
        data.put("targets", this.targets);
        data.put("arguments", this.arguments);
        return new StemEvent(StemEvent.CONTROL, this.sender, now, data);
    }

    /// The command `event` carries, if it is a [StemEvent#CONTROL] event with a request id and a command name.
    public static Optional<ControlCommand> fromEvent(StemEvent event) {
        if (!StemEvent.CONTROL.equals(event.type()) || !(event.data().get("requestId") instanceof String requestId)
                || !(event.data().get("command") instanceof String command)) {
            return Optional.empty();
        }
        List<String> targets = event.data().get("targets") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        Map<String, Object> arguments = new HashMap<>();
        if (event.data().get("arguments") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    arguments.put(String.valueOf(key), value);
                }
            });
        }
        return Optional.of(new ControlCommand(requestId, command, targets, arguments, event.source()));
    }
}
