package dev.stem.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.RepublishInterceptor;

/// Moves task messages from producers to workers with at-least-once delivery.
///
/// Promises every adapter keeps (the contract test kit checks them):
///
/// - A published message is delivered once its `eta` has passed; until then it is delayed and
///   leased to nobody. Higher priorities are delivered first among ready messages of a queue.
/// - A fetched message is leased to one consumer until its lease expires. If it is neither acked,
///   retried, dead-lettered nor released by then, it is delivered again with a higher
///   [Delivery#deliveryCount()].
/// - A fetch that leases a [recovered][Delivery#recovered()] message returns it alone, so the
///   worker can run it in isolation: a message found held by a dead worker is charged a recovery
///   only if it was running by itself when that worker died, and its neighbours are not.
/// - Every state change (ack, retry, dead-letter, release, lease extension) is fenced: it applies
///   only while the caller's lease is current and returns `false` otherwise, so a stale worker
///   can never remove a message that another worker now holds.
/// - A message moves to its next state atomically: it is never both acked and lost, nor both
///   ready and dead.
///
/// Adapters document their lease semantics (what extends it, how expiry is detected).
public interface Broker extends AutoCloseable {

    /// Publishes one message; it becomes deliverable at its `eta`, or at once.
    void publish(Envelope envelope);

    /// Publishes many messages, as one round trip where the store allows. On failure some may
    /// have been published; each is idempotent by id only where the adapter says so.
    void publishAll(List<Envelope> envelopes);

    /// Leases up to `request.maxMessages()` ready messages, waiting up to `request.maxWait()` for the first.
    /// Returns an empty list when nothing arrived in time.
    List<Delivery> fetch(FetchRequest request) throws InterruptedException;

    /// Whether [#fetch] looks every message up in `revokes` and marks the revoked ones
    /// ([Delivery#revoked]), in the same round trip, so a worker needs no lookup of its own. `false`
    /// unless the adapter reads that very store (for example revoke markers on the same Redis).
    default boolean checksRevokesOf(RevokeStore revokes) {
        return false;
    }

    /// Removes a finished message for good. `false` if the lease was no longer held.
    boolean ack(Delivery delivery);

    /// Acks many deliveries at once; returns how many were still held.
    default int ackAll(Collection<Delivery> deliveries) {
        int acked = 0;
        for (Delivery delivery : deliveries) {
            if (ack(delivery)) {
                acked++;
            }
        }
        return acked;
    }

    /// Stores `results` in `backend`, then acks `deliveries` as [#ackAll] does; returns how many
    /// deliveries were still held (and are now acked). Nothing is acked unless its result is stored.
    /// An adapter that can write to `backend`'s store itself (the same server or database) does both
    /// in one atomic step and one round trip, and stores no result of a delivery the caller no longer
    /// holds; otherwise this is [ResultBackend#storeAll] (where the backend's delivery fence,
    /// [TaskResult#replaces], keeps a lost lease's result from replacing the new holder's) followed
    /// by [#ackAll].
    default int storeAndAckAll(ResultBackend backend, List<TaskResult> results, Duration resultTtl,
            Collection<Delivery> deliveries) {
        if (!results.isEmpty()) {
            backend.storeAll(results, resultTtl);
        }
        return deliveries.isEmpty() ? 0 : ackAll(deliveries);
    }

    /// Atomically removes the leased message and schedules `next` to run at `runAt`. `next` must be
    /// on the delivery's queue (adapters may refuse another queue: the move must stay atomic).
    /// `false` (and nothing scheduled) if the lease was no longer held.
    boolean retry(Delivery delivery, Envelope next, Instant runAt);

    /// Atomically removes the leased message and appends it to the dead letter queue of its queue.
    /// `false` (and nothing moved) if the lease was no longer held.
    boolean deadLetter(Delivery delivery, DeadLetterReason reason);

    /// Gives an unfinished message back so that it is ready again at once, without counting it
    /// as a failed delivery. `false` if the lease was no longer held.
    boolean release(Delivery delivery);

    /// Extends the lease of a message still being worked on. `false` if it was no longer held.
    boolean extendLease(Delivery delivery, Duration lease);

    /// Dead letters of `queue`, oldest first, skipping `offset` and returning at most `limit`.
    List<DeadLetter> deadLetters(String queue, int offset, int limit);

    /// One dead letter by message id.
    Optional<DeadLetter> deadLetter(String queue, String messageId);

    /// Publishes the given dead letters again and removes them from the dead letter queue. Returns
    /// how many were replayed; unknown ids are skipped.
    ///
    /// Each is published as [Envelope#replayed()]: the same id, due now, as the next attempt (the
    /// attempt count continues, it is not reset) with as many retries again as its `maxRetries`
    /// allows. The replayed run's records are thus of a later attempt than the `FAILURE` stored when
    /// the message died, and replace it in every result backend (see [TaskResult#replaces]).
    ///
    /// Same as [#replayDeadLetters(String, Collection, RepublishInterceptor)] with
    /// [RepublishInterceptor#identity()]: a signed dead letter is published with its old signature.
    default int replayDeadLetters(String queue, Collection<String> messageIds) {
        return replayDeadLetters(queue, messageIds, RepublishInterceptor.identity());
    }

    /// Publishes the given dead letters again, each as `republish` returns its
    /// [Envelope#replayed()] form (signed again, for instance), and removes them from the dead
    /// letter queue. Returns how many were replayed; unknown ids are skipped. `republish` is applied
    /// to every dead letter before any is published: when it throws for one, none of this call's
    /// dead letters is replayed, every one stays in the dead letter queue, and the exception
    /// propagates.
    int replayDeadLetters(String queue, Collection<String> messageIds, RepublishInterceptor republish);

    /// Deletes every dead letter of `queue`; returns how many were deleted.
    long purgeDeadLetters(String queue);

    /// Deletes every ready and delayed message of `queue` (leased ones are left to finish); returns
    /// how many were deleted.
    long purge(String queue);

    /// Counts of `queue`'s messages by state.
    QueueStats stats(String queue);

    /// How long the oldest ready message of `queue` has been deliverable (since its due time: its eta,
    /// or when it was published); empty when none is ready, or when the adapter cannot tell.
    default Optional<Duration> oldestReadyAge(String queue) {
        return Optional.empty();
    }

    /// Names of the queues this broker has seen messages for.
    List<String> queues();

    /// Releases the adapter's own resources; connections owned by the application stay open.
    @Override
    default void close() {
    }
}
