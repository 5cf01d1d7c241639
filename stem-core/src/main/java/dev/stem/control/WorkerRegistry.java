package dev.stem.control;

import java.time.Duration;
import java.util.List;

/// The set of live workers, kept by their heartbeats.
///
/// Promises: a worker is listed from its first heartbeat until `ttl` after its last one, or until removed.
public interface WorkerRegistry {

    /// Records a heartbeat valid for `ttl`.
    void heartbeat(WorkerInfo worker, Duration ttl);

    /// Every worker whose last heartbeat has not expired, ordered by id.
    List<WorkerInfo> alive();

    /// Forgets a worker at once (on clean shutdown).
    void remove(String workerId);
}
