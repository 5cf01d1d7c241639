package dev.stem.failpoint;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/// Named crash points in the engine, for fault-injection tests: each marks a window where a crash
/// must not lose or corrupt anything.
///
/// Inert in production: passing a point is one read of a static field, `null` unless the
/// `stem.failpoints` system property was set when this class loaded (or a test called [#arm]).
/// The property lists `name:action` pairs separated by commas, for example
/// `stem.failpoints=worker.after-handler:halt,client.after-publish:sleep(500)`; actions are
/// described in [FailpointAction]. An unknown name or action fails at once, naming it.
///
/// Points:
///
/// - [#AFTER_HANDLER]: the handler returned, nothing is written yet (result, ack, retry).
/// - [#AFTER_RESULT]: the results of a batch are stored, their messages not yet acked (armed, it
///   makes the worker store and ack in two steps even where the broker does both at once).
/// - [#AFTER_RETRY]: a failed attempt's `RETRY` state is stored, the retry is not yet scheduled
///   and the message not yet acked (the broker does those two at once).
/// - [#AFTER_PUBLISH]: the client published a message and has not returned yet.
/// - [#CHORD_AFTER_DECIDED]: a member's arrival decided its chord, and the chord store claimed and
///   published the body (or error callback) in one step; the member's result is not stored and its
///   message not acked yet.
/// - [#BEAT_AFTER_CLAIM]: a beat claimed a tick (`TickPublisher.publishTick`). On PostgreSQL this is
///   inside the transaction, after the claim row and before the job row; on Redis and in memory the
///   claim and the publish are one step, so it is after both, before the entry's state moves on.
public final class Failpoints {

    /// The system property that arms failpoints.
    public static final String PROPERTY = "stem.failpoints";

    /// After the handler returned, before anything is written for it.
    public static final String AFTER_HANDLER = "worker.after-handler";

    /// After a batch's results are stored, before its messages are acked.
    public static final String AFTER_RESULT = "worker.after-result";

    /// After a failed attempt's `RETRY` state is stored, before the retry is scheduled and the message acked.
    public static final String AFTER_RETRY = "worker.after-retry";

    /// After the client published a message, before the call returns.
    public static final String AFTER_PUBLISH = "client.after-publish";

    /// After a chord was decided and its body or error callback published (one step), before the
    /// deciding member's result is stored and its message acked.
    public static final String CHORD_AFTER_DECIDED = "canvas.after-chord-decided";

    /// After a beat claimed a tick, before its publish committed (PostgreSQL) or its state moved on.
    public static final String BEAT_AFTER_CLAIM = "beat.after-claim";

    private static final Set<String> KNOWN = Set.of(AFTER_HANDLER, AFTER_RESULT, AFTER_RETRY, AFTER_PUBLISH,
            BEAT_AFTER_CLAIM, CHORD_AFTER_DECIDED);

    private static volatile @Nullable Failpoints armed = parse(System.getProperty(PROPERTY));

    private final Map<String, FailpointAction> actions;

    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();

    private Failpoints(Map<String, FailpointAction> actions) {
        this.actions = Map.copyOf(actions);
    }

    /// Passes the point `name`: does nothing unless it is armed, else counts the hit and fires its action.
    public static void hit(String name) {
        Failpoints current = armed;
        if (current != null) {
            current.fire(name);
        }
    }

    /// Whether the point `name` is armed.
    public static boolean armed(String name) {
        Failpoints current = armed;
        return current != null && current.actions.containsKey(name);
    }

    /// Arms the points `spec` lists (same syntax as the property), replacing any armed before; for
    /// tests that run the engine in their own JVM.
    public static void arm(String spec) {
        armed = parse(spec);
    }

    /// Disarms every point.
    public static void disarm() {
        armed = null;
    }

    /// How often the armed point `name` was passed since it was armed.
    public static long hits(String name) {
        Failpoints current = armed;
        AtomicLong count = current != null ? current.hits.get(name) : null;
        return count != null ? count.get() : 0;
    }

    private void fire(String name) {
        FailpointAction action = this.actions.get(name);
        if (action != null) {
            this.hits.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
            action.fire(name);
        }
    }

    private static @Nullable Failpoints parse(@Nullable String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        Map<String, FailpointAction> actions = new TreeMap<>();
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Invalid failpoint '" + entry.strip() + "' in " + PROPERTY
                        + ": write name:action");
            }
            String name = entry.substring(0, colon).strip();
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("Unknown failpoint '" + name + "' in " + PROPERTY
                        + "; known points: " + new TreeSet<>(KNOWN));
            }
            actions.put(name, FailpointAction.parse(name, entry.substring(colon + 1)));
        }
        return new Failpoints(actions);
    }
}
