package dev.stem.annotation;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

import dev.stem.client.Uniqueness;
import dev.stem.control.RateLimit;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.Names;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.TaskOptions;

/// Reads the [TaskOptions] a [StemTask] annotation declares. Every bad value fails with a message
/// naming the task, the attribute and the value.
public final class AnnotatedTaskOptions {

    private AnnotatedTaskOptions() {
    }

    /// The options of `task` named `name`, with placeholders resolved by `resolver`.
    public static TaskOptions of(String name, StemTask task, UnaryOperator<String> resolver) {
        String queue = resolver.apply(task.queue());
        if (StringUtils.hasText(queue) && !Names.isValidQueueName(queue)) {
            throw invalid(name, "queue", queue, "queue names are 1-100 characters of A-Z a-z 0-9 . _ -");
        }
        if (task.priority() > Envelope.MAX_PRIORITY || task.priority() < -1) {
            throw invalid(name, "priority", String.valueOf(task.priority()), "must be between 0 and 9");
        }
        if (task.maxRetries() < -1) {
            throw invalid(name, "maxRetries", String.valueOf(task.maxRetries()), "must not be negative");
        }
        Duration initial = duration(name, "retryBackoff", resolver.apply(task.retryBackoff()));
        Duration max = duration(name, "retryBackoffMax", resolver.apply(task.retryBackoffMax()));
        ExponentialBackOff backOff;
        try {
            backOff = new ExponentialBackOff(initial != null ? initial : ExponentialBackOff.DEFAULT.initial(),
                    task.retryBackoffMultiplier(), max != null ? max : ExponentialBackOff.DEFAULT.max(),
                    ExponentialBackOff.DEFAULT.jitter());
        }
        catch (IllegalArgumentException ex) {
            throw invalid(name, "retryBackoff", task.retryBackoff(), ex.getMessage());
        }
        RateLimit rateLimit = rateLimit(name, "rateLimit", resolver.apply(task.rateLimit()));
        RateLimit tenantRateLimit = rateLimit(name, "tenantRateLimit", resolver.apply(task.tenantRateLimit()));
        return TaskOptions.builder()
                .queue(StringUtils.hasText(queue) ? queue : Envelope.DEFAULT_QUEUE)
                .priority(Math.max(0, task.priority()))
                .maxRetries(task.maxRetries() >= 0 ? task.maxRetries() : Envelope.DEFAULT_MAX_RETRIES)
                .backOff(backOff)
                .retryOn(List.of(task.retryOn()))
                .noRetryFor(List.of(task.noRetryFor()))
                .softTimeLimit(duration(name, "softTimeLimit", resolver.apply(task.softTimeLimit())))
                .hardTimeLimit(duration(name, "timeLimit", resolver.apply(task.timeLimit())))
                .rateLimit(rateLimit)
                .tenantRateLimit(tenantRateLimit)
                .ignoreResult(task.ignoreResult())
                .unique(unique(name, task.unique(), resolver))
                .build();
    }

    private static @Nullable Uniqueness unique(String name, Unique unique, UnaryOperator<String> resolver) {
        Duration window = duration(name, "unique.window", resolver.apply(unique.window()));
        if (window == null) {
            if (unique.by().length > 0) {
                throw invalid(name, "unique.by", String.join(",", unique.by()), "needs a unique.window");
            }
            return null;
        }
        for (String argument : unique.by()) {
            if (!StringUtils.hasText(argument)) {
                throw invalid(name, "unique.by", "'" + argument + "'", "argument names must not be blank");
            }
        }
        try {
            return new Uniqueness(List.of(unique.by()), window, unique.onDuplicate());
        }
        catch (RuntimeException ex) {
            throw invalid(name, "unique.window", unique.window(), ex.getMessage());
        }
    }

    private static @Nullable RateLimit rateLimit(String name, String attribute, @Nullable String rate) {
        try {
            return StringUtils.hasText(rate) ? RateLimit.parse(rate) : null;
        }
        catch (IllegalArgumentException ex) {
            throw invalid(name, attribute, rate, ex.getMessage());
        }
    }

    private static @Nullable Duration duration(String name, String attribute, @Nullable String value) {
        if (!StringUtils.hasText(value)) {
            return null;
        }
        Duration duration;
        try {
            duration = DurationFormatterUtils.detectAndParse(value.trim());
        }
        catch (RuntimeException ex) {
            throw invalid(name, attribute, value, "must be a duration such as 500ms, 30s, 5m, 1h or PT30S");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(name, attribute, value, "must be positive");
        }
        return duration;
    }

    private static IllegalStateException invalid(String name, String attribute, String value, @Nullable String rule) {
        return new IllegalStateException("@StemTask '" + name + "': invalid " + attribute + " '" + value + "': " + rule);
    }
}
