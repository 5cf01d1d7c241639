package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.stem.envelope.Names;

/// How a [Worker] consumes and runs tasks.
///
/// @param id unique id of this worker process, used as the broker consumer name
/// @param queues queues to consume, in order of preference
/// @param concurrency most tasks run at once
/// @param prefetch most messages leased and waiting for a free slot, beyond the `concurrency`
///        running ones; equal to `concurrency` by default. A buffer keeps slots busy between fetches
///        and lets a busy worker fetch in batches; `0` leases only what can run at once (fairest for
///        long tasks, slowest for short ones)
/// @param lease how long a fetched message stays leased; the worker extends it while the task runs
/// @param fetchWait longest a fetch blocks waiting for messages
/// @param shutdownTimeout how long a graceful stop waits for running tasks before giving them back
/// @param heartbeatInterval how often the worker announces itself
/// @param maxRecoveries how many times a message may be recovered from a lost worker before it is
///        dead-lettered as poison (`worker-lost`)
/// @param resultTtl how long stored results are kept
/// @param trackStarted whether to store a `STARTED` record when a task begins
/// @param unknownTaskGrace how long, from its creation, a message for a task this worker does not
///        know is postponed and tried again (a rolling deploy briefly runs workers that lack a new
///        task) before it is dead-lettered `unknown-task`; zero dead-letters it at once
/// @param maxAbandonedThreads most threads abandoned past their hard time limit and still running
///        that the worker tolerates; one more and it stops fetching and exits the process with
///        [Worker#EXIT_TOO_MANY_ABANDONED_THREADS] so that its supervisor restarts it
public record WorkerOptions(String id, List<String> queues, int concurrency, int prefetch, Duration lease,
        Duration fetchWait, Duration shutdownTimeout, Duration heartbeatInterval, int maxRecoveries,
        Duration resultTtl, boolean trackStarted, Duration unknownTaskGrace, int maxAbandonedThreads) {

    public WorkerOptions {
        Names.requireId("worker id", id);
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("worker queues must not be empty");
        }
        queues.forEach(Names::requireQueueName);
        requireAtLeastOne("concurrency", concurrency);
        if (prefetch < 0) {
            throw new IllegalArgumentException("worker prefetch must not be negative, was " + prefetch);
        }
        requirePositive("lease", lease);
        Objects.requireNonNull(fetchWait, "fetchWait");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        requirePositive("heartbeatInterval", heartbeatInterval);
        if (maxRecoveries < 0) {
            throw new IllegalArgumentException("worker maxRecoveries must not be negative, was " + maxRecoveries);
        }
        requirePositive("resultTtl", resultTtl);
        if (Objects.requireNonNull(unknownTaskGrace, "unknownTaskGrace").isNegative()) {
            throw new IllegalArgumentException("worker unknownTaskGrace must not be negative, was " + unknownTaskGrace);
        }
        if (maxAbandonedThreads < 0) {
            throw new IllegalArgumentException("worker maxAbandonedThreads must not be negative, was "
                    + maxAbandonedThreads);
        }
    }

    /// Options for the given queues with every other value at its default: concurrency 8,
    /// prefetch 8, lease 30 s, fetch wait 1 s, shutdown timeout 30 s, heartbeat 5 s,
    /// 3 recoveries, results kept 1 day, no `STARTED` records, unknown tasks retried for 5 minutes,
    /// 8 abandoned threads tolerated.
    public static WorkerOptions defaults(String... queues) {
        return new WorkerOptions(WorkerIds.next(), List.of(queues), 8, 8, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ofDays(1), false,
                Duration.ofMinutes(5), 8);
    }

    /// A copy with another concurrency, and a prefetch equal to it.
    public WorkerOptions withConcurrency(int concurrency) {
        return new WorkerOptions(this.id, this.queues, concurrency, concurrency, this.lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another prefetch.
    public WorkerOptions withPrefetch(int prefetch) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, prefetch, this.lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another lease.
    public WorkerOptions withLease(Duration lease) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, this.prefetch, lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another shutdown timeout.
    public WorkerOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, this.prefetch, this.lease, this.fetchWait,
                shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another number of recoveries tolerated.
    public WorkerOptions withMaxRecoveries(int maxRecoveries) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, this.prefetch, this.lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another grace period for unknown tasks.
    public WorkerOptions withUnknownTaskGrace(Duration unknownTaskGrace) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, this.prefetch, this.lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                unknownTaskGrace, this.maxAbandonedThreads);
    }

    /// A copy with another number of abandoned threads tolerated.
    public WorkerOptions withMaxAbandonedThreads(int maxAbandonedThreads) {
        return new WorkerOptions(this.id, this.queues, this.concurrency, this.prefetch, this.lease, this.fetchWait,
                this.shutdownTimeout, this.heartbeatInterval, this.maxRecoveries, this.resultTtl, this.trackStarted,
                this.unknownTaskGrace, maxAbandonedThreads);
    }

    private static void requireAtLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("worker " + field + " must be at least 1, was " + value);
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("worker " + field + " must be positive, was " + value);
        }
    }
}
