package dev.stem.middleware;

import dev.stem.envelope.Envelope;

/// Sees (and may replace) every message before it is published: add headers, sign, validate.
/// Interceptors run in their order; throwing stops the publish and nothing is sent.
@FunctionalInterface
public interface EnqueueInterceptor {

    /// Returns the message to publish, `envelope` itself or a changed copy. Also called for a
    /// message that is only validated or prepared ([dev.stem.Stem#validate]), not published.
    Envelope beforePublish(Envelope envelope);

    /// Called once the broker accepted `envelope` (as [#beforePublish] returned it) from an enqueue
    /// of the client; not for a validated message, nor for one the caller publishes itself. Must
    /// not throw.
    default void published(Envelope envelope) {
    }
}
