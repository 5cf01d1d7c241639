package dev.stem.backend;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.jspecify.annotations.Nullable;

/// A failure as stored with a result: enough to diagnose it without the worker's logs.
///
/// @param type exception class name
/// @param message exception message, or `null`
/// @param stack stack trace text, possibly shortened
/// @param retryable whether the retry policy considered it retryable
public record TaskError(String type, @Nullable String message, String stack, boolean retryable) {

    private static final int MAX_STACK_CHARS = 8_000;

    /// Describes `error`, keeping at most 8,000 characters of stack trace.
    public static TaskError of(Throwable error, boolean retryable) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String stack = out.toString();
        if (stack.length() > MAX_STACK_CHARS) {
            stack = stack.substring(0, MAX_STACK_CHARS) + "\n\t... (truncated)";
        }
        return new TaskError(error.getClass().getName(), error.getMessage(), stack, retryable);
    }
}
