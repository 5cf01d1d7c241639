package dev.stem.middleware;

import dev.stem.envelope.Envelope;

/// Sees (and may replace) every message before it is published: add headers, sign, validate.
/// Interceptors run in their order; throwing stops the publish and nothing is sent.
@FunctionalInterface
public interface EnqueueInterceptor {

    /// Returns the message to publish, `envelope` itself or a changed copy.
    Envelope beforePublish(Envelope envelope);
}
