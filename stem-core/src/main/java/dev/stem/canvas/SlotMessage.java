package dev.stem.canvas;

import dev.stem.envelope.Names;

/// An encoded message with one slot for a value known only later: the payload is `prefix`, then the
/// value's JSON text, then `suffix`. A [ChordStore] fills the slot and publishes the message in the
/// same atomic step that decides the chord.
///
/// @param messageId the message id (publishing is idempotent by it)
/// @param queue the queue it is published to
/// @param priority its priority
/// @param prefix the encoded message before the slot
/// @param suffix the encoded message after the slot
public record SlotMessage(String messageId, String queue, int priority, String prefix, String suffix) {

    /// How every slot token starts: a chord body's first argument is such a string until its
    /// [ChordStore] fills it (message signing and encryption keep it outside what they protect).
    public static final String TOKEN_PREFIX = "stem-canvas-slot-";

    public SlotMessage {
        Names.requireId("messageId", messageId);
        Names.requireQueueName(queue);
    }

    /// The payload with `value` (JSON text) in the slot.
    public String fill(String value) {
        return this.prefix + value + this.suffix;
    }
}
