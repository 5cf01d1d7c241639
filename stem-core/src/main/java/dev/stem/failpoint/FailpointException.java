package dev.stem.failpoint;

/// Thrown by a failpoint armed with the `throw` action.
public class FailpointException extends RuntimeException {

    public FailpointException(String name) {
        super("Failpoint '" + name + "' fired");
    }
}
