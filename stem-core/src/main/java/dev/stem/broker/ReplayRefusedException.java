package dev.stem.broker;

import dev.stem.StemException;

/// A dead letter this process must not replay (it is signed and this process cannot sign it
/// again, or its signature does not hold); it stays in the dead letters, and so does every other
/// dead letter of the same replay call.
public class ReplayRefusedException extends StemException {

    private final String messageId;

    public ReplayRefusedException(String messageId, String message) {
        super(message);
        this.messageId = messageId;
    }

    /// The id of the refused dead letter.
    public String messageId() {
        return this.messageId;
    }
}
