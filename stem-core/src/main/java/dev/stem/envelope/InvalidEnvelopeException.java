package dev.stem.envelope;

import dev.stem.StemException;

/// Raised when a message field holds a value the wire format does not allow. The message names
/// the field, the value and the rule, so the producer can fix it.
public class InvalidEnvelopeException extends StemException {

    private final String field;

    public InvalidEnvelopeException(String field, String value, String rule) {
        super("Invalid " + field + " '" + value + "': " + rule);
        this.field = field;
    }

    public InvalidEnvelopeException(String message, Throwable cause) {
        super(message, cause);
        this.field = "";
    }

    /// The offending field, or an empty string when the whole document is unreadable.
    public String field() {
        return this.field;
    }
}
