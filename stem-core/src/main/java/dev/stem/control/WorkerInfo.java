package dev.stem.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/// What a worker says about itself in each heartbeat.
///
/// A worker is [stale][#isStale] once it missed [#STALE_AFTER_BEATS] beats: its process is most
/// likely gone (killed, frozen, cut off from the store). The registry keeps listing it, marked
/// stale, for a while after that so that operators see that it died rather than that it vanished.
///
/// @param id unique worker id (host, pid and a random suffix)
/// @param hostname host name
/// @param pid process id
/// @param queues queues it consumes
/// @param concurrency how many tasks it runs at once
/// @param active how many tasks it is running now
/// @param processed how many tasks it has finished since start
/// @param startedAt when it started
/// @param lastHeartbeat when this heartbeat was sent
/// @param heartbeatInterval how often it sends a heartbeat
/// @param version the Stem version it runs
/// @param running the tasks it is running now, at most `concurrency`
public record WorkerInfo(String id, String hostname, long pid, List<String> queues, int concurrency, int active,
        long processed, Instant startedAt, Instant lastHeartbeat, Duration heartbeatInterval, String version,
        List<RunningTask> running) {

    /// How many beats a worker may miss before it counts as stale.
    public static final int STALE_AFTER_BEATS = 3;

    /// How many beats the registry keeps a silent worker listed (stale) before it forgets it.
    public static final int FORGET_AFTER_BEATS = 20;

    /// The version reported when the Stem jar carries none (run from classes, not a jar).
    public static final String UNKNOWN_VERSION = "unknown";

    /// The heartbeat interval assumed for a heartbeat that does not say (written by an older Stem).
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    /// Reads heartbeats written by an older Stem too: a missing interval is
    /// [#DEFAULT_HEARTBEAT_INTERVAL], a missing version [#UNKNOWN_VERSION], missing running tasks none.
    @SuppressWarnings("NullAway")
    public WorkerInfo {
        queues = List.copyOf(queues);
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
        version = version == null ? UNKNOWN_VERSION : version;
        running = running == null ? List.of() : List.copyOf(running);
    }

    /// A heartbeat without the running tasks, sent every 5 seconds, of an unknown version.
    public WorkerInfo(String id, String hostname, long pid, List<String> queues, int concurrency, int active,
            long processed, Instant startedAt, Instant lastHeartbeat) {
        this(id, hostname, pid, queues, concurrency, active, processed, startedAt, lastHeartbeat,
                DEFAULT_HEARTBEAT_INTERVAL, UNKNOWN_VERSION, List.of());
    }

    /// Whether the worker missed [#STALE_AFTER_BEATS] heartbeats by `now`.
    public boolean isStale(Instant now) {
        return this.lastHeartbeat.plus(this.heartbeatInterval.multipliedBy(STALE_AFTER_BEATS)).isBefore(now);
    }

    /// How long the worker had run when it sent this heartbeat.
    public Duration uptime() {
        return Duration.between(this.startedAt, this.lastHeartbeat);
    }

    /// One task a worker is running.
    ///
    /// @param id the task id
    /// @param task the task name
    /// @param queue the queue it came from
    /// @param attempt its attempt, from 0
    /// @param startedAt when this attempt started
    public record RunningTask(String id, String task, String queue, int attempt, Instant startedAt) {
    }
}
