package dev.stem.retry;

import java.util.List;

import dev.stem.task.ArgumentBindingException;

/// Decides which failures are worth another attempt and when it runs.
///
/// A failure is retryable unless it is (or is caused by) an [ArgumentBindingException] or a type
/// in `noRetryFor`; when `retryOn` is not empty, only those types (and their subtypes) are retryable.
///
/// @param maxRetries retries allowed after the first run
/// @param backOff delay before each retry
/// @param retryOn the only exception types that are retried, or empty for all
/// @param noRetryFor exception types never retried; wins over `retryOn`
public record RetryPolicy(int maxRetries, BackOff backOff, List<Class<? extends Throwable>> retryOn,
        List<Class<? extends Throwable>> noRetryFor) {

    /// Three retries with [ExponentialBackOff#DEFAULT], any exception.
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, ExponentialBackOff.DEFAULT, List.of(), List.of());

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        retryOn = List.copyOf(retryOn);
        noRetryFor = List.copyOf(noRetryFor);
    }

    /// Whether `error` may be retried (ignoring the retry budget).
    public boolean isRetryable(Throwable error) {
        if (matches(error, List.of(ArgumentBindingException.class)) || matches(error, this.noRetryFor)) {
            return false;
        }
        return this.retryOn.isEmpty() || matches(error, this.retryOn);
    }

    private static boolean matches(Throwable error, List<Class<? extends Throwable>> types) {
        for (Throwable t = error; t != null; t = (t.getCause() == t ? null : t.getCause())) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
