package dev.stem.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetter;
import dev.stem.broker.QueueStats;

/// The messages of one queue of [InMemoryBroker], by state: ready (priority, then first in line),
/// delayed (by due time), leased (by lease expiry) and dead (in the order they died).
///
/// Not thread-safe: the broker's lock guards it. Time moves only when the broker calls [#promote].
final class MessageQueue {

    private final String name;

    private final NavigableSet<StoredMessage> ready = new TreeSet<>(StoredMessage.READY_ORDER);

    private final NavigableSet<StoredMessage> delayed = new TreeSet<>(StoredMessage.DUE_ORDER);

    private final NavigableSet<StoredMessage> leases = new TreeSet<>(StoredMessage.LEASE_ORDER);

    private final Map<String, DeadLetter> dead = new LinkedHashMap<>();

    MessageQueue(String name) {
        this.name = name;
    }

    /// Adds a new message: delayed if it is due after `now`, else ready.
    void add(StoredMessage message, Instant now) {
        if (message.dueAt.isAfter(now)) {
            this.delayed.add(message);
        }
        else {
            this.ready.add(message);
        }
    }

    /// Makes due delayed messages ready (at the end of their priority's line, numbered by
    /// `sequence`) and messages whose lease lapsed ready again (keeping their place in line).
    void promote(Instant now, LongSupplier sequence) {
        while (!this.delayed.isEmpty() && !this.delayed.first().dueAt.isAfter(now)) {
            StoredMessage due = this.delayed.pollFirst();
            due.sequence = sequence.getAsLong();
            this.ready.add(due);
        }
        while (!this.leases.isEmpty() && !this.leases.first().leaseExpiresAt().isAfter(now)) {
            StoredMessage lapsed = this.leases.pollFirst();
            lapsed.clearLease();
            this.ready.add(lapsed);
        }
    }

    /// When the next delayed message becomes due or the next lease lapses, or `null` if never.
    @Nullable Instant nextChange() {
        Instant due = this.delayed.isEmpty() ? null : this.delayed.first().dueAt;
        Instant lapse = this.leases.isEmpty() ? null : this.leases.first().leaseExpiresAt();
        if (due == null || (lapse != null && lapse.isBefore(due))) {
            return lapse;
        }
        return due;
    }

    /// The first ready message, left in line, or `null` if none is ready.
    @Nullable StoredMessage nextReady() {
        return this.ready.isEmpty() ? null : this.ready.first();
    }

    /// Leases the first ready message ([#nextReady()], which must exist) and returns it.
    StoredMessage leaseFirst(String receipt, Instant expiresAt) {
        StoredMessage next = this.ready.pollFirst();
        if (next == null) {
            throw new IllegalStateException("no ready message in queue " + this.name);
        }
        next.lease(receipt, expiresAt);
        this.leases.add(next);
        return next;
    }

    /// Moves a leased message's lease expiry.
    void extend(StoredMessage message, Instant expiresAt) {
        this.leases.remove(message);
        message.leaseExpiresAt = expiresAt;
        this.leases.add(message);
    }

    /// Removes a leased message from this queue.
    void removeLeased(StoredMessage message) {
        this.leases.remove(message);
        message.clearLease();
    }

    /// Puts a leased message back at its place in the ready line.
    void returnLeased(StoredMessage message) {
        removeLeased(message);
        this.ready.add(message);
    }

    /// Appends a dead letter; one that replaces an older dead letter of the same id goes last.
    void addDead(DeadLetter letter) {
        this.dead.remove(letter.id());
        this.dead.put(letter.id(), letter);
    }

    List<DeadLetter> deadLetters(int offset, int limit) {
        return this.dead.values().stream().skip(offset).limit(limit).toList();
    }

    @Nullable DeadLetter deadLetter(String id) {
        return this.dead.get(id);
    }

    @Nullable DeadLetter removeDead(String id) {
        return this.dead.remove(id);
    }

    long purgeDead() {
        long count = this.dead.size();
        this.dead.clear();
        return count;
    }

    /// Removes every ready and delayed message and returns them.
    List<StoredMessage> purgeWaiting() {
        List<StoredMessage> purged = new ArrayList<>(this.ready);
        purged.addAll(this.delayed);
        this.ready.clear();
        this.delayed.clear();
        return purged;
    }

    /// The due time of the oldest ready message, or `null` when none is ready.
    @Nullable Instant oldestReadyDue() {
        Instant oldest = null;
        for (StoredMessage message : this.ready) {
            if (oldest == null || message.dueAt.isBefore(oldest)) {
                oldest = message.dueAt;
            }
        }
        return oldest;
    }

    QueueStats stats() {
        return new QueueStats(this.name, this.ready.size(), this.delayed.size(), this.leases.size(),
                this.dead.size());
    }
}
