package dev.stem.client;

import org.jspecify.annotations.Nullable;

import dev.stem.StemException;

/// The task succeeded but its stored result cannot be decrypted: it is not encrypted although
/// encryption is on, it names a key this process does not hold (unknown, or retired by a key
/// rotation), or it was altered or moved from another result. The message names the task and the
/// key, never the value.
public class ResultDecryptionException extends StemException {

    private final String taskId;

    private final @Nullable String keyId;

    public ResultDecryptionException(String taskId, String taskName, @Nullable String keyId, String why) {
        super("Result of task '" + taskName + "' [" + taskId + "] cannot be decrypted: " + why);
        this.taskId = taskId;
        this.keyId = keyId;
    }

    /// The id of the task whose result it is.
    public String taskId() {
        return this.taskId;
    }

    /// The key id the stored result names, or `null` when it names none (not encrypted, malformed).
    public @Nullable String keyId() {
        return this.keyId;
    }
}
