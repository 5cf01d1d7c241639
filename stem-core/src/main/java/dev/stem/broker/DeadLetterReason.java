package dev.stem.broker;

import org.jspecify.annotations.Nullable;

/// Why a message went to the dead letter queue.
///
/// @param code a stable, machine-readable code (see the constants); used as a metric tag
/// @param message a human-readable explanation
/// @param errorType class name of the exception behind it, or `null`
public record DeadLetterReason(String code, String message, @Nullable String errorType) {

    /// No handler is registered for the task name.
    public static final String UNKNOWN_TASK = "unknown-task";
    /// Every allowed retry failed.
    public static final String MAX_RETRIES_EXCEEDED = "max-retries-exceeded";
    /// The task failed with an error its policy does not retry.
    public static final String NOT_RETRYABLE = "not-retryable";
    /// The arguments do not bind to the task's parameters.
    public static final String BAD_ARGUMENTS = "bad-arguments";
    /// The stored message is not a readable envelope.
    public static final String MALFORMED = "malformed";
    /// The message was delivered too often without finishing: it keeps killing workers.
    public static final String WORKER_LOST = "worker-lost";
    /// The store lost the message's body while it was leased (for example a stream entry deleted by hand).
    public static final String PAYLOAD_LOST = "payload-lost";

    /// The message's signature is missing, names an unknown key, or does not match its contents.
    public static final String SIGNATURE_INVALID = "signature-invalid";
    /// The message's encrypted arguments cannot be decrypted (tampered, or an unknown key).
    public static final String DECRYPT_FAILED = "decrypt-failed";

    /// A reason without an exception type.
    public static DeadLetterReason of(String code, String message) {
        return new DeadLetterReason(code, message, null);
    }
}
