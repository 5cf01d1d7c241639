package dev.stem.control;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/// Sends [ControlCommand]s to workers over an [EventBus] and collects their [ControlReply]s.
///
/// Guarantees:
///
/// - Each call uses a fresh request id and listens for replies before the command is sent, so no
///   reply is missed; replies to other requests, and a second reply from the same worker, are ignored.
/// - A call returns as soon as every addressed worker answered, and never later than its timeout:
///   a command to an unknown or dead worker id returns after the timeout with that id in
///   [ControlResult#missing()], it never hangs.
/// - A command to every worker waits for the live workers of the [WorkerRegistry] (those with a
///   current heartbeat); replies from workers not listed there are kept too.
public final class ControlClient {

    private static final Logger log = LoggerFactory.getLogger(ControlClient.class);

    private final EventBus events;

    private final WorkerRegistry workers;

    private final Clock clock;

    private final String sender;

    /// A client that sends as `sender` (an id of the calling process) on `events`.
    public ControlClient(EventBus events, WorkerRegistry workers, Clock clock, String sender) {
        this.events = Objects.requireNonNull(events, "events");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /// Sends `command` with `arguments` to the workers `targets` (empty: every worker) and waits up
    /// to `timeout` for their replies.
    public ControlResult send(String command, Map<String, Object> arguments, List<String> targets, Duration timeout)
            throws InterruptedException {
        ControlCommand request = new ControlCommand(UUID.randomUUID().toString(), command, targets, arguments,
                this.sender);
        Set<String> expected = new LinkedHashSet<>(targets.isEmpty()
                ? this.workers.alive().stream().map(WorkerInfo::id).toList() : targets);
        Map<String, ControlReply> replies = new LinkedHashMap<>();
        Object lock = new Object();
        long deadline = System.nanoTime() + timeout.toNanos();
        AutoCloseable subscription = this.events.subscribe(event -> ControlReply.fromEvent(event)
                .filter(reply -> reply.requestId().equals(request.requestId()))
                .ifPresent(reply -> {
                    synchronized (lock) {
                        replies.putIfAbsent(reply.workerId(), reply);
                        lock.notifyAll();
                    }
                }));
        try {
            this.events.publish(request.toEvent(this.clock.instant()));
            synchronized (lock) {
                while (expected.isEmpty() || !replies.keySet().containsAll(expected)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                List<String> missing = new ArrayList<>(expected);
                missing.removeAll(replies.keySet());
                return new ControlResult(request, new ArrayList<>(replies.values()), missing);
            }
        }
        finally {
            closeQuietly(subscription, request);
        }
    }

    private static void closeQuietly(AutoCloseable subscription, ControlCommand request) {
        try {
            subscription.close();
        }
        catch (Exception ex) {
            log.debug("Closing the reply subscription of request {} failed", request.requestId(), ex);
        }
    }
}
