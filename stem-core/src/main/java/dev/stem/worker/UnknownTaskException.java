package dev.stem.worker;

import dev.stem.StemException;

/// A message names a task this worker has no handler for.
public class UnknownTaskException extends StemException {

    public UnknownTaskException(String task) {
        super("No task named '" + task + "' is registered in this worker");
    }
}
