package dev.stem.control;

import java.time.Instant;
import java.util.Map;

/// Something that happened, broadcast to every listener of an [EventBus].
///
/// @param type what happened, such as `worker-heartbeat`, `task-progress` or `control`
/// @param source id of the process that sent it
/// @param timestamp when it was sent
/// @param data details: strings, numbers, booleans, lists and maps of those
public record StemEvent(String type, String source, Instant timestamp, Map<String, Object> data) {

    /// A worker is alive.
    public static final String WORKER_HEARTBEAT = "worker-heartbeat";
    /// A task reported progress.
    public static final String TASK_PROGRESS = "task-progress";
    /// A command for workers (such as `shutdown` or `revoke`).
    public static final String CONTROL = "control";
    /// Tasks were cancelled: data `taskIds` (a list of ids) and `terminate` (whether a worker running
    /// one interrupts it). Sent by [dev.stem.client.Cancellation].
    public static final String TASK_REVOKED = "task-revoked";
    /// A worker's answer to a `control` command (see [ControlReply]).
    public static final String CONTROL_REPLY = "control-reply";

    public StemEvent {
        data = Map.copyOf(data);
    }
}
