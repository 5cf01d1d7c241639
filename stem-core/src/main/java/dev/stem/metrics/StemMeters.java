package dev.stem.metrics;

/// The names and tag keys of Stem's meters, as Micrometer names them (Prometheus turns dots into
/// underscores, adds `_total` to counters and `_seconds` to timers).
public final class StemMeters {

    /// Counter: messages the broker accepted from this process's client (enqueue and enqueueAll).
    public static final String ENQUEUED = "stem.tasks.enqueued";

    /// Counter: attempts started.
    public static final String STARTED = "stem.tasks.started";

    /// Counter: attempts that returned a result (counted once the message is acked).
    public static final String SUCCEEDED = "stem.tasks.succeeded";

    /// Counter: attempts that raised an error (each then retried or dead-lettered).
    public static final String FAILED = "stem.tasks.failed";

    /// Counter: retries scheduled.
    public static final String RETRIED = "stem.tasks.retried";

    /// Counter: messages moved to the dead letter queue, tagged with the reason code.
    public static final String DEAD_LETTERED = "stem.tasks.dead.lettered";

    /// Counter: messages dropped unrun because they were revoked.
    public static final String REVOKED = "stem.tasks.revoked";

    /// Counter: messages dropped unrun because they expired.
    public static final String EXPIRED = "stem.tasks.expired";

    /// Timer: how long attempts ran, tagged with the outcome (`success`, `failure`).
    public static final String EXECUTION = "stem.task.execution";

    /// Timer: how long messages waited from due (created, or their eta) to the start of the attempt.
    public static final String QUEUE_WAIT = "stem.task.queue.wait";

    /// Gauge: messages of a queue in a state (`ready`, `delayed`, `leased`, `dead`).
    public static final String QUEUE_MESSAGES = "stem.queue.messages";

    /// Gauge: seconds since the oldest ready message of a queue became due (0 when none is ready).
    public static final String QUEUE_OLDEST_READY_AGE = "stem.queue.oldest.ready.age";

    /// Gauge: execution slots of this process's worker, busy or idle.
    public static final String WORKER_SLOTS = "stem.worker.slots";

    /// Gauge: messages leased by this process's worker and waiting for a free slot.
    public static final String WORKER_PREFETCH_BUFFERED = "stem.worker.prefetch.buffered";

    /// Tag: the task name.
    public static final String TAG_TASK = "task";

    /// Counter: ticks of schedule entries a beat handled, tagged with the entry and the outcome
    /// (`published`, `claimed-elsewhere`, `skipped`, `failed`).
    public static final String BEAT_TICKS = "stem.beat.ticks";

    /// Timer: publish time minus scheduled tick of the ticks a beat published, tagged with the entry.
    public static final String BEAT_DRIFT = "stem.beat.drift";

    /// Tag key: the schedule entry id.
    public static final String TAG_ENTRY = "entry";

    /// Tag: the queue.
    public static final String TAG_QUEUE = "queue";

    /// Tag: how an attempt ended.
    public static final String TAG_OUTCOME = "outcome";

    /// Tag: a dead letter's reason code.
    public static final String TAG_REASON = "reason";

    /// Tag: a message or slot state.
    public static final String TAG_STATE = "state";

    private StemMeters() {
    }
}
