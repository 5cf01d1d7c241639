package dev.stem.bench;

/// A scenario run passed its time limit; the message says what it was waiting for.
public final class ScenarioTimeoutException extends RuntimeException {

    public ScenarioTimeoutException(String message) {
        super(message);
    }
}
