package dev.stem.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Callbacks on what a worker does with each message, for logs and metrics. Called on the task's
/// thread, except [#succeeded] and [#skipped] (and [#leaseLost] when the batched ack failed), which
/// are called on the worker's settling thread once the message's batch is acked; implementations
/// must be fast and must not throw.
public interface WorkerListener {

    /// An attempt is about to run.
    default void started(Envelope envelope) {
    }

    /// An attempt finished with a result.
    default void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
    }

    /// An attempt ended with `error` after `duration` (called on the task's thread before the
    /// worker decides between a retry and the dead letter queue, which [#retried] or
    /// [#deadLettered] then report).
    default void failed(Envelope envelope, Duration duration, Throwable error) {
    }

    /// An attempt failed and another is scheduled after `delay`.
    default void retried(Envelope envelope, Throwable error, Duration delay) {
    }

    /// The message went to the dead letter queue.
    default void deadLettered(Envelope envelope, DeadLetterReason reason) {
    }

    /// The message was dropped without running: revoked or expired (an expired message has an
    /// `expiresAt` that has passed; expiry is checked first).
    default void skipped(Envelope envelope, String why) {
    }

    /// A task ran past its hard time limit and its thread was abandoned.
    default void abandoned(Envelope envelope, Duration limit) {
    }

    /// A settle step (ack, retry, dead-letter) found the lease already lost: another worker may run the message again.
    default void leaseLost(Envelope envelope) {
    }
}
