package dev.stem.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/// One worker's answer to a [ControlCommand], as it travels on the [EventBus]: a
/// [StemEvent#CONTROL_REPLY] event from the worker.
///
/// @param requestId the request id of the command it answers
/// @param workerId id of the worker that answers
/// @param ok whether the worker did what it was asked
/// @param data what the worker reports (strings, numbers, booleans, lists and maps of those)
/// @param error why it did not, when `ok` is `false`
public record ControlReply(String requestId, String workerId, boolean ok, Map<String, Object> data,
        @Nullable String error) {

    public ControlReply {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(workerId, "workerId");
        data = Map.copyOf(data);
    }

    /// A reply saying the command was done, with `data`.
    public static ControlReply done(ControlCommand command, String workerId, Map<String, Object> data) {
        return new ControlReply(command.requestId(), workerId, true, data, null);
    }

    /// A reply saying the command was refused or failed, and why.
    public static ControlReply refused(ControlCommand command, String workerId, String error) {
        return new ControlReply(command.requestId(), workerId, false, Map.of(), error);
    }

    /// The reply as a [StemEvent#CONTROL_REPLY] event sent at `now`.
    public StemEvent toEvent(Instant now) {
        Map<String, Object> event = new HashMap<>();
        event.put("requestId", this.requestId);
        event.put("ok", this.ok);
        event.put("data", this.data);
        if (this.error != null) {
            event.put("error", this.error);
        }
        return new StemEvent(StemEvent.CONTROL_REPLY, this.workerId, now, event);
    }

    /// The reply `event` carries, if it is a [StemEvent#CONTROL_REPLY] event with a request id.
    public static Optional<ControlReply> fromEvent(StemEvent event) {
        if (!StemEvent.CONTROL_REPLY.equals(event.type())
                || !(event.data().get("requestId") instanceof String requestId)) {
            return Optional.empty();
        }
        Map<String, Object> data = new HashMap<>();
        if (event.data().get("data") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    data.put(String.valueOf(key), value);
                }
            });
        }
        return Optional.of(new ControlReply(requestId, event.source(), Boolean.TRUE.equals(event.data().get("ok")),
                data, event.data().get("error") instanceof String error ? error : null));
    }
}
