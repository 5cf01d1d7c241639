package dev.stem.broker;

import org.jspecify.annotations.Nullable;

/// A stored message a broker could not read as an envelope and moved to the dead letters during a
/// fetch (reason `malformed`, or the size limit's reason), with what could still be read of it.
///
/// @param queue the queue it was stored on
/// @param messageId the envelope's `id` when it could be read and is a valid message id, else `null`
/// @param task the envelope's `task` when it could be read and is a valid task name, else `null`
/// @param reason why it was dead-lettered
public record UnreadableMessage(String queue, @Nullable String messageId, @Nullable String task,
        DeadLetterReason reason) {
}
