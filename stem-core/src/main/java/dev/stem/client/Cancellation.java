package dev.stem.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.control.StemEvent;
import dev.stem.envelope.Names;

/// The one way to cancel tasks, used by [TaskHandle#cancel(boolean)], the group and chain handles,
/// the shell and the HTTP API.
///
/// Guarantees:
///
/// - Every id is checked with the message id rules ([Names#requireId]) before anything is written;
///   a bad id is refused with an error naming it, and nothing is cancelled.
/// - The revoke is persisted in the [RevokeStore] for the revoke time to live, so a worker that
///   fetches the message later (one started after the cancel included) drops it unrun and stores
///   `REVOKED`.
/// - Then a [StemEvent#TASK_REVOKED] event tells the running workers: one holding the message but
///   not running it yet drops it; with `terminate`, one running it interrupts the task, which ends
///   `REVOKED`. The event is best effort (a worker not subscribed misses it); the persisted revoke
///   is not.
public final class Cancellation {

    /// Event data key: the cancelled ids, a list of strings.
    public static final String TASK_IDS = "taskIds";

    /// Event data key: whether running tasks are interrupted, a boolean.
    public static final String TERMINATE = "terminate";

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    private final RevokeStore revokes;

    private final EventBus events;

    private final Duration ttl;

    private final Clock clock;

    private final String source;

    /// Cancels through `revokes` (each revoke kept for `ttl`) and announces it on `events` as `source`.
    public Cancellation(RevokeStore revokes, EventBus events, Duration ttl, Clock clock, String source) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("revoke ttl must be positive, was " + ttl);
        }
        this.revokes = revokes;
        this.events = events;
        this.ttl = ttl;
        this.clock = clock;
        this.source = source;
    }

    /// Cancels `taskIds`: persists each revoke, then tells the workers; with `terminate` a worker
    /// running one of them interrupts it.
    public void cancel(Collection<String> taskIds, boolean terminate) {
        List<String> ids = List.copyOf(taskIds);
        ids.forEach(id -> Names.requireId("taskId", id));
        if (ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            this.revokes.revoke(id, this.ttl);
        }
        try {
            this.events.publish(new StemEvent(StemEvent.TASK_REVOKED, this.source, this.clock.instant(),
                    Map.of(TASK_IDS, ids, TERMINATE, terminate)));
        }
        catch (RuntimeException ex) {
            log.warn("Revoked {} task(s), but could not tell the running workers ({}); a worker holding one drops it "
                    + "only when it fetches it again", ids.size(), ex.toString());
        }
    }

    /// How long a revoke is remembered.
    public Duration ttl() {
        return this.ttl;
    }
}
