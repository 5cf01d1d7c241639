package dev.stem.failpoint;

import java.time.Duration;

/// What an armed failpoint does when the engine passes it.
///
/// Written in the `stem.failpoints` property as `halt` (or `halt(<status>)`), `sleep(<millis>)` or `throw`.
public sealed interface FailpointAction {

    /// Does what the action says at failpoint `name`.
    void fire(String name);

    /// Reads an action as written in the property; a clear [IllegalArgumentException] otherwise.
    static FailpointAction parse(String name, String text) {
        String action = text.strip();
        if (action.equals("throw")) {
            return new Throw();
        }
        if (action.equals("halt")) {
            return new Halt(Halt.DEFAULT_STATUS);
        }
        if (action.startsWith("halt(") && action.endsWith(")")) {
            return new Halt(number(name, action, action.substring(5, action.length() - 1)));
        }
        if (action.startsWith("sleep(") && action.endsWith(")")) {
            return new Sleep(Duration.ofMillis(number(name, action, action.substring(6, action.length() - 1))));
        }
        throw new IllegalArgumentException("Invalid action '" + action + "' of failpoint '" + name
                + "': use halt, halt(<status>), sleep(<millis>) or throw");
    }

    private static int number(String name, String action, String digits) {
        try {
            int value = Integer.parseInt(digits.strip());
            if (value >= 0) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid action '" + action + "' of failpoint '" + name
                + "': the number must be a whole number, 0 or more");
    }

    /// Ends the JVM at once with `status`, as a crash would: no shutdown hook runs, nothing is flushed.
    ///
    /// @param status the process exit status
    record Halt(int status) implements FailpointAction {

        /// The status of a bare `halt`: 137, as for a process killed by SIGKILL.
        public static final int DEFAULT_STATUS = 137;

        @Override
        public void fire(String name) {
            Runtime.getRuntime().halt(this.status);
        }
    }

    /// Sleeps, as a stalled process would; an interrupt ends the sleep and is kept.
    ///
    /// @param pause how long
    record Sleep(Duration pause) implements FailpointAction {

        @Override
        public void fire(String name) {
            try {
                Thread.sleep(this.pause);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /// Throws [FailpointException].
    record Throw() implements FailpointAction {

        @Override
        public void fire(String name) {
            throw new FailpointException(name);
        }
    }
}
