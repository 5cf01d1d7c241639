package dev.stem;

/// Root of the exceptions Stem raises itself. Unchecked, as in Spring.
public class StemException extends RuntimeException {

    public StemException(String message) {
        super(message);
    }

    public StemException(String message, Throwable cause) {
        super(message, cause);
    }
}
