package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.schedule.TickPublisher;

/// A [Broker] in this JVM's memory, for tests, demos and single-process use. Nothing survives a
/// restart and nothing is bounded: every message stays on the heap until acked, dead-lettered
/// messages until purged or replayed.
///
/// Lease semantics:
///
/// - `fetch` leases ready messages for `request.lease()` by the given clock, each under a fresh
///   receipt. A lease lapses when the clock passes its expiry; the message is then ready again at
///   its old place in line and its next delivery has `deliveryCount` one higher.
/// - Every state change checks that the delivery's receipt is the message's current lease and that
///   the lease has not lapsed; otherwise it returns `false` and changes nothing.
/// - `extendLease` moves the expiry to `lease` from now. `release` makes the message ready at
///   once, at its old place in line, and its next delivery has the same `deliveryCount`.
/// - `retry` removes the leased message and adds `next` as a new message (its first delivery
///   has `deliveryCount` 1), due at `runAt`.
/// - A message whose lease lapsed before is [recovered][Delivery#recovered()]: a fetch returns it
///   alone. A fetch that has already leased others stops before it, and the next fetch takes it.
///
/// Ordering: ready messages go out by priority (highest first), then in the order they became
/// ready; delayed ones become ready at their `eta`. `fetch` reads the requested queues in the order
/// given and sleeps on a condition (signalled by publish, release, retry and replay, with a timeout at the
/// next due time or lease expiry) while nothing is ready.
///
/// Duplicates: message ids are unique across the broker. Publishing an id that is already ready,
/// delayed or leased (in any queue) is ignored and logged at DEBUG, so a producer that retries a
/// publish does not run the task twice; once the message is acked or dead-lettered the id may be
/// published again. Replaying a dead letter whose id is queued again removes the dead letter
/// without queueing a second copy.
///
/// After [#close()], `publish` is refused and `fetch` returns an empty list at once (waiting
/// fetches wake up). Thread-safe.
public final class InMemoryBroker implements Broker, TickPublisher {

    private static final Logger logger = LoggerFactory.getLogger(InMemoryBroker.class);

    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final Clock clock;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private final Map<String, MessageQueue> queues = new TreeMap<>();

    private final Map<String, StoredMessage> messages = new HashMap<>();

    private final ExpiringMap<TickClaim, Boolean> tickClaims = new ExpiringMap<>();

    private long sequence;

    private boolean closed;

    /// A broker on the system UTC clock.
    public InMemoryBroker() {
        this(Clock.systemUTC());
    }

    /// A broker that reads time (etas, leases, dead-letter times) from `clock`.
    public InMemoryBroker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void publish(Envelope envelope) {
        publishAll(List.of(envelope));
    }

    @Override
    public void publishAll(List<Envelope> envelopes) {
        this.lock.lock();
        try {
            if (this.closed) {
                throw new IllegalStateException("broker is closed");
            }
            Instant now = this.clock.instant();
            for (Envelope envelope : envelopes) {
                add(envelope, (envelope.eta() != null) ? envelope.eta() : now, now);
            }
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Claims the tick and publishes under the broker's one lock, so no other call sees one without
    /// the other; the [Failpoints#BEAT_AFTER_CLAIM] point is passed after both.
    @Override
    public boolean publishTick(String entryId, Instant tick, Envelope envelope, Duration claimTtl) {
        Checks.requirePositive("claimTtl", claimTtl);
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            if (!this.tickClaims.putIfAbsent(new TickClaim(entryId, tick), Boolean.TRUE, now.plus(claimTtl), now)) {
                return false;
            }
            publish(envelope);
        }
        finally {
            this.lock.unlock();
        }
        Failpoints.hit(Failpoints.BEAT_AFTER_CLAIM);
        return true;
    }

    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        this.lock.lockInterruptibly();
        try {
            while (!this.closed) {
                Instant now = this.clock.instant();
                List<Delivery> deliveries = leaseReady(request, now);
                long remaining = deadline - System.nanoTime();
                if (!deliveries.isEmpty() || remaining <= 0) {
                    return deliveries;
                }
                this.changed.awaitNanos(Math.min(remaining, nanosUntilNextChange(request.queues(), now)));
            }
            return List.of();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean ack(Delivery delivery) {
        this.lock.lock();
        try {
            StoredMessage message = held(delivery, this.clock.instant());
            if (message == null) {
                return false;
            }
            remove(message);
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean retry(Delivery delivery, Envelope next, Instant runAt) {
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            StoredMessage message = held(delivery, now);
            if (message == null) {
                return false;
            }
            remove(message);
            add(next, runAt, now);
            this.changed.signalAll();
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean deadLetter(Delivery delivery, DeadLetterReason reason) {
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            StoredMessage message = held(delivery, now);
            if (message == null) {
                return false;
            }
            remove(message);
            Envelope envelope = message.envelope;
            queue(envelope.queue()).addDead(new DeadLetter(envelope.id(), envelope.queue(),
                    this.codec.encode(envelope), envelope, reason, now));
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean release(Delivery delivery) {
        this.lock.lock();
        try {
            StoredMessage message = held(delivery, this.clock.instant());
            if (message == null) {
                return false;
            }
            message.deliveries--;
            queue(message.envelope.queue()).returnLeased(message);
            this.changed.signalAll();
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
        Checks.requirePositive("lease", lease);
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            StoredMessage message = held(delivery, now);
            if (message == null) {
                return false;
            }
            queue(message.envelope.queue()).extend(message, now.plus(lease));
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        Checks.requireNotNegative("offset", offset);
        Checks.requireNotNegative("limit", limit);
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            return (found != null) ? found.deadLetters(offset, limit) : List.of();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<DeadLetter> deadLetter(String queue, String messageId) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            return Optional.ofNullable((found != null) ? found.deadLetter(messageId) : null);
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public int replayDeadLetters(String queue, Collection<String> messageIds, RepublishInterceptor republish) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            if (found == null) {
                return 0;
            }
            Map<String, Envelope> replays = new LinkedHashMap<>();
            for (String id : messageIds) {
                DeadLetter letter = found.deadLetter(id);
                Envelope envelope = (letter != null) ? letter.envelope() : null;
                if (envelope != null && !replays.containsKey(id)) {
                    replays.put(id, republish.beforeRepublish(envelope, envelope.replayed()));
                }
            }
            Instant now = this.clock.instant();
            replays.forEach((id, envelope) -> {
                found.removeDead(id);
                add(envelope, now, now);
            });
            this.changed.signalAll();
            return replays.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public long purgeDeadLetters(String queue) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            return (found != null) ? found.purgeDead() : 0;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public long purge(String queue) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            if (found == null) {
                return 0;
            }
            List<StoredMessage> purged = found.purgeWaiting();
            purged.forEach((message) -> this.messages.remove(message.id()));
            return purged.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<Duration> oldestReadyAge(String queue) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            if (found == null) {
                return Optional.empty();
            }
            Instant now = this.clock.instant();
            found.promote(now, this::nextSequence);
            Instant due = found.oldestReadyDue();
            return due == null ? Optional.empty() : Optional.of(Duration.between(due, now).isNegative() ? Duration.ZERO
                    : Duration.between(due, now));
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public QueueStats stats(String queue) {
        this.lock.lock();
        try {
            MessageQueue found = this.queues.get(queue);
            if (found == null) {
                return new QueueStats(queue, 0, 0, 0, 0);
            }
            found.promote(this.clock.instant(), this::nextSequence);
            return found.stats();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public List<String> queues() {
        this.lock.lock();
        try {
            return List.copyOf(this.queues.keySet());
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void add(Envelope envelope, Instant dueAt, Instant now) {
        if (this.messages.containsKey(envelope.id())) {
            logger.debug("Ignored a second publish of message {} to queue {}: it is already queued", envelope.id(),
                    envelope.queue());
            return;
        }
        StoredMessage message = new StoredMessage(envelope, nextSequence(), dueAt);
        this.messages.put(message.id(), message);
        queue(envelope.queue()).add(message, now);
    }

    private void remove(StoredMessage message) {
        queue(message.envelope.queue()).removeLeased(message);
        this.messages.remove(message.id());
    }

    private List<Delivery> leaseReady(FetchRequest request, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        Instant expiresAt = now.plus(request.lease());
        for (String name : request.queues()) {
            MessageQueue queue = this.queues.get(name);
            if (queue == null) {
                continue;
            }
            queue.promote(now, this::nextSequence);
            while (deliveries.size() < request.maxMessages()) {
                StoredMessage next = queue.nextReady();
                if (next == null) {
                    break;
                }
                boolean recovered = next.wasLeasedBefore();
                if (recovered && !deliveries.isEmpty()) {
                    return deliveries;
                }
                String receipt = Long.toString(nextSequence());
                StoredMessage message = queue.leaseFirst(receipt, expiresAt);
                deliveries.add(new Delivery(message.envelope, receipt, message.deliveries, expiresAt));
                if (recovered) {
                    return deliveries;
                }
            }
        }
        return deliveries;
    }

    private long nanosUntilNextChange(List<String> names, Instant now) {
        long nanos = Long.MAX_VALUE;
        for (String name : names) {
            MessageQueue queue = this.queues.get(name);
            Instant next = (queue != null) ? queue.nextChange() : null;
            if (next != null) {
                Duration untilNext = Duration.between(now, next);
                nanos = Math.min(nanos, (untilNext.compareTo(LONGEST_WAIT) > 0) ? LONGEST_WAIT.toNanos()
                        : untilNext.toNanos());
            }
        }
        return Math.max(MIN_WAIT_NANOS, nanos);
    }

    private @Nullable StoredMessage held(Delivery delivery, Instant now) {
        StoredMessage message = this.messages.get(delivery.id());
        return (message != null && message.isLeasedTo(delivery.receipt(), now)) ? message : null;
    }

    private MessageQueue queue(String name) {
        return this.queues.computeIfAbsent(name, MessageQueue::new);
    }

    private long nextSequence() {
        return ++this.sequence;
    }

    private record TickClaim(String entryId, Instant tick) {
    }
}
