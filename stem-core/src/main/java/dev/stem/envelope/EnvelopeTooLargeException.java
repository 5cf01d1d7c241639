package dev.stem.envelope;

/// Raised when a message is larger than the codec's limits allow (its size, one string in it, or
/// its nesting depth), before it is parsed in full. A broker that meets it dead-letters the message
/// as `payload-too-large`.
public class EnvelopeTooLargeException extends InvalidEnvelopeException {

    public EnvelopeTooLargeException(String value, String rule) {
        super("message", value, rule);
    }
}
