package dev.stem.task;

import dev.stem.StemException;

/// The message arguments do not fit the task's parameters. Never retried: the same arguments would fail again.
public class ArgumentBindingException extends StemException {

    public ArgumentBindingException(String message) {
        super(message);
    }

    public ArgumentBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
