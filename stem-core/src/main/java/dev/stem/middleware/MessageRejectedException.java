package dev.stem.middleware;

import dev.stem.StemException;

/// Raised by a [ReceiveInterceptor] for a message that must never run; the worker dead-letters it
/// with [#reason()] as the dead letter reason code (`signature-invalid`, `decrypt-failed`). The
/// message must not contain secrets or the message's arguments: it is logged and stored.
public class MessageRejectedException extends StemException {

    private final String reason;

    public MessageRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /// The dead letter reason code.
    public String reason() {
        return this.reason;
    }
}
