package dev.stem.middleware;

import java.util.List;

import dev.stem.envelope.Envelope;

/// Applied to every message Stem publishes again in a changed form: a worker's retry (next
/// attempt), a postponement (new `eta`, by a rate limit or for a task not registered yet) and a
/// dead-letter replay. It sees the message as it was stored, never a decrypted copy, and returns
/// what is published: the changed message itself or a copy of it (signed again). Throwing refuses
/// the republication: nothing of it is published and the stored message stays where it is.
/// Interceptors run in their order.
@FunctionalInterface
public interface RepublishInterceptor {

    /// Returns the message to publish in place of `stored`: `next` itself or a changed copy.
    ///
    /// @param stored the message as stored until now (received by a worker, or a dead letter)
    /// @param next `stored` with what Stem changed (its `eta`, `attempt` or `maxRetries`)
    Envelope beforeRepublish(Envelope stored, Envelope next);

    /// Publishes `next` unchanged.
    static RepublishInterceptor identity() {
        return (stored, next) -> next;
    }

    /// `interceptors` applied in their order, each to what the one before returned.
    static RepublishInterceptor chain(List<RepublishInterceptor> interceptors) {
        List<RepublishInterceptor> all = List.copyOf(interceptors);
        return (stored, next) -> {
            Envelope envelope = next;
            for (RepublishInterceptor interceptor : all) {
                envelope = interceptor.beforeRepublish(stored, envelope);
            }
            return envelope;
        };
    }
}
