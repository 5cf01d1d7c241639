package dev.stem.memory;

import java.time.Instant;
import java.util.Comparator;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;

/// One message held by [InMemoryBroker], with its place in line and its current lease.
///
/// Mutable and guarded by the broker's lock. The fields a sorted set orders by are changed only
/// while the message is outside that set.
final class StoredMessage {

    /// Order of ready messages: higher priority first, then first in line.
    static final Comparator<StoredMessage> READY_ORDER = Comparator
            .comparingInt((StoredMessage message) -> -message.envelope.priority())
            .thenComparingLong((message) -> message.sequence);

    /// Order of delayed messages: earliest due first.
    static final Comparator<StoredMessage> DUE_ORDER = Comparator
            .comparing((StoredMessage message) -> message.dueAt)
            .thenComparingLong((message) -> message.sequence);

    /// Order of leased messages: earliest lease expiry first.
    static final Comparator<StoredMessage> LEASE_ORDER = Comparator
            .comparing((StoredMessage message) -> message.leaseExpiresAt())
            .thenComparingLong((message) -> message.sequence);

    final Envelope envelope;

    /// Place in line among ready messages of equal priority; smaller is earlier.
    long sequence;

    /// When the message becomes deliverable.
    final Instant dueAt;

    /// How many leases this message has had.
    int deliveries;

    @Nullable String receipt;

    @Nullable Instant leaseExpiresAt;

    StoredMessage(Envelope envelope, long sequence, Instant dueAt) {
        this.envelope = envelope;
        this.sequence = sequence;
        this.dueAt = dueAt;
    }

    String id() {
        return this.envelope.id();
    }

    Instant leaseExpiresAt() {
        if (this.leaseExpiresAt == null) {
            throw new IllegalStateException("message " + id() + " is not leased");
        }
        return this.leaseExpiresAt;
    }

    /// Leases the message under `newReceipt` until `expiresAt`, counting one more delivery.
    void lease(String newReceipt, Instant expiresAt) {
        this.deliveries++;
        this.receipt = newReceipt;
        this.leaseExpiresAt = expiresAt;
    }

    /// Whether an earlier lease of this message lapsed (a released lease is not counted): its next
    /// delivery is a recovered one.
    boolean wasLeasedBefore() {
        return this.deliveries > 0;
    }

    /// Drops the lease; the message keeps its delivery count.
    void clearLease() {
        this.receipt = null;
        this.leaseExpiresAt = null;
    }

    /// Whether `candidate` is the receipt of a lease that is still current at `now`.
    boolean isLeasedTo(String candidate, Instant now) {
        return candidate.equals(this.receipt) && this.leaseExpiresAt != null && this.leaseExpiresAt.isAfter(now);
    }
}
