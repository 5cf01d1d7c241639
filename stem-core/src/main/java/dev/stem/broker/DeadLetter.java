package dev.stem.broker;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;

/// A message that will not run again unless replayed, with why it stopped.
///
/// @param id the message id (for a malformed message, the id the broker gave its entry)
/// @param queue the queue it died on
/// @param payload the stored message text exactly as it was, readable or not
/// @param envelope the decoded message, or `null` when the payload is not a valid envelope
/// @param reason why it was dead-lettered
/// @param deadAt when it was moved to the dead letter queue
public record DeadLetter(String id, String queue, String payload, @Nullable Envelope envelope,
        DeadLetterReason reason, Instant deadAt) {
}
