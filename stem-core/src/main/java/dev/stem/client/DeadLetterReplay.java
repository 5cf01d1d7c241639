package dev.stem.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.security.ReplayGuard;

/// The one way to replay dead letters, used by the shell, the HTTP API and the Actuator endpoint.
///
/// Guarantees:
///
/// - Each dead letter is published again as its next attempt through the [ReplayGuard] around the
///   process's [RepublishInterceptor]s: signed again where the process holds the keys, else
///   refused with a [ReplayRefusedException], the dead letter left where it is.
/// - Each replayed task is then marked `PENDING` in the result backend, so its handle, the shell
///   and the HTTP API stop reading the dead letter's `FAILURE` at once, not only once a worker picks
///   the message up. The mark is of the replayed attempt with delivery 0: every record the replayed
///   run writes replaces it, and it never replaces one of them. It is kept for [#PENDING_TTL].
///   Marking is best effort: if the result backend fails, the replay stands and a warning is logged.
public final class DeadLetterReplay {

    /// How long the `PENDING` mark of a replayed task is kept when no worker replaces it sooner.
    public static final Duration PENDING_TTL = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final Broker broker;

    private final ResultBackend backend;

    private final Supplier<List<RepublishInterceptor>> republishers;

    private final Clock clock;

    /// Replays through `broker`, marking in `backend`, with the interceptors `republishers` gives
    /// at each replay, in their order.
    public DeadLetterReplay(Broker broker, ResultBackend backend, Supplier<List<RepublishInterceptor>> republishers) {
        this(broker, backend, republishers, Clock.systemUTC());
    }

    DeadLetterReplay(Broker broker, ResultBackend backend, Supplier<List<RepublishInterceptor>> republishers,
            Clock clock) {
        this.broker = broker;
        this.backend = backend;
        this.republishers = republishers;
        this.clock = clock;
    }

    /// Replays the dead letters `messageIds` of `queue` (unknown ids are skipped); returns how many
    /// were replayed. Throws [ReplayRefusedException] when one may not be replayed.
    public int replay(String queue, Collection<String> messageIds) {
        RepublishInterceptor guard = ReplayGuard.around(this.republishers.get());
        List<Envelope> replayed = new ArrayList<>();
        int count = this.broker.replayDeadLetters(queue, messageIds, (stored, next) -> {
            Envelope published = guard.beforeRepublish(stored, next);
            replayed.add(published);
            return published;
        });
        if (count > 0) {
            markPending(queue, replayed);
        }
        return count;
    }

    private void markPending(String queue, List<Envelope> replayed) {
        List<TaskResult> records = new ArrayList<>(replayed.size());
        for (Envelope envelope : replayed) {
            records.add(new TaskResult(envelope.id(), envelope.task(), TaskState.PENDING, null, null, Map.of(),
                    envelope.attempt(), this.clock.instant()));
        }
        try {
            this.backend.storeAll(records, PENDING_TTL);
        }
        catch (RuntimeException ex) {
            log.warn("Replayed {} dead letters of queue '{}', but could not mark them PENDING ({}); until a worker "
                    + "picks them up, their results still read FAILURE", records.size(), queue, ex.toString());
        }
    }
}
