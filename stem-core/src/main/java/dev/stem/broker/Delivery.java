package dev.stem.broker;

import java.time.Instant;

import dev.stem.envelope.Envelope;

/// A message leased to one consumer.
///
/// @param envelope the message
/// @param receipt adapter-specific token that identifies this lease (a stream entry id and
///        consumer, a row id and lock token, an SQS receipt handle); opaque to the engine
/// @param deliveryCount how many times this message has been leased, counting this one (a message
///        given back with [Broker#release] does not count that lease); more than 1 means a previous
///        holder lost its lease (crashed or stalled). It only grows for one attempt of one message,
///        so it also fences result writes ([dev.stem.backend.TaskResult#delivery()])
/// @param leaseExpiresAt when the lease lapses unless extended
/// @param revoked whether the fetch found the message revoked; meaningful only from a broker that
///        [checks revokes][Broker#checksRevokesOf] of the worker's revoke store, `false` otherwise
public record Delivery(Envelope envelope, String receipt, int deliveryCount, Instant leaseExpiresAt,
        boolean revoked) {

    /// A delivery whose revocation the fetch did not look up.
    public Delivery(Envelope envelope, String receipt, int deliveryCount, Instant leaseExpiresAt) {
        this(envelope, receipt, deliveryCount, leaseExpiresAt, false);
    }

    /// Whether an earlier holder lost this message's lease: such a delivery is fetched alone and
    /// run in isolation, so a worker that dies while running it can be blamed on it alone.
    public boolean recovered() {
        return this.deliveryCount > 1;
    }

    /// Shortcut for the message id.
    public String id() {
        return this.envelope.id();
    }

    /// Shortcut for the queue the message was fetched from.
    public String queue() {
        return this.envelope.queue();
    }
}
