package dev.stem.control;

import java.time.Instant;
import java.util.List;

/// What a worker says about itself in each heartbeat.
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
public record WorkerInfo(String id, String hostname, long pid, List<String> queues, int concurrency, int active,
        long processed, Instant startedAt, Instant lastHeartbeat) {

    public WorkerInfo {
        queues = List.copyOf(queues);
    }
}
