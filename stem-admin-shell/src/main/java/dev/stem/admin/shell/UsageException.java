package dev.stem.admin.shell;

/// Bad input to a command (a value that does not parse, a missing `--yes`): the command changed
/// nothing, and a one-shot run exits with status 2.
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
