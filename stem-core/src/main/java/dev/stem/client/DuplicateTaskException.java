package dev.stem.client;

import dev.stem.StemException;

/// Raised by an enqueue with [Uniqueness.Policy#REJECT] whose key is already taken in its window;
/// nothing was published.
public class DuplicateTaskException extends StemException {

    private final String existingId;

    public DuplicateTaskException(String task, String existingId) {
        super("Task '" + task + "' is already enqueued in this uniqueness window as message " + existingId
                + "; nothing was published");
        this.existingId = existingId;
    }

    /// The id of the message that holds the key.
    public String existingId() {
        return this.existingId;
    }
}
