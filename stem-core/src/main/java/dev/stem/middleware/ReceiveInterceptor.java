package dev.stem.middleware;

import dev.stem.envelope.Envelope;

/// Sees every message a worker received before anything of it is used: before its task is looked
/// up and before its arguments are bound. Verifies (a signature) and may replace the message the
/// task sees (decrypted arguments); the stored message is not changed, so retries and dead letters
/// keep what was stored. Throwing [MessageRejectedException] dead-letters the message with its
/// reason, unrun. Interceptors run in their order.
@FunctionalInterface
public interface ReceiveInterceptor {

    /// Returns the message the task sees: `envelope` itself or a changed copy.
    ///
    /// @throws MessageRejectedException when the message must not run
    Envelope afterReceive(Envelope envelope);
}
