package dev.stem.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/// Marks a bean method as a Stem task. Its arguments are bound from the message's JSON args (by
/// parameter name, or the whole object into a single parameter), a [dev.stem.task.TaskContext]
/// parameter receives the running task's context, and the return value is stored as the result.
///
/// String attributes accept `${...}` placeholders. Durations accept `500ms`, `30s`, `5m`, `1h`,
/// `1d` or ISO-8601 (`PT30S`); an empty string means "not set".
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StemTask {

    /// Task name; defaults to `<SimpleClassName>.<methodName>`. Set it explicitly for a name that
    /// survives refactoring.
    String name() default "";

    /// Queue the task's messages go to; defaults to `default`.
    String queue() default "";

    /// Priority of the task's messages, 0 (lowest) to 9; -1 keeps the default of 0.
    int priority() default -1;

    /// Retries after the first run; -1 keeps the default of 3.
    int maxRetries() default -1;

    /// Delay before the first retry; grows by [#retryBackoffMultiplier()] up to [#retryBackoffMax()].
    String retryBackoff() default "1s";

    /// Growth factor of the retry delay.
    double retryBackoffMultiplier() default 2.0;

    /// Longest retry delay.
    String retryBackoffMax() default "10m";

    /// Only these exceptions (and subtypes, also as causes) are retried; empty means all.
    Class<? extends Throwable>[] retryOn() default {};

    /// These exceptions are never retried.
    Class<? extends Throwable>[] noRetryFor() default {};

    /// Interrupt the task after this long and raise a catchable
    /// [dev.stem.task.SoftTimeLimitExceededException].
    String softTimeLimit() default "";

    /// Fail the attempt and abandon its thread after this long.
    String timeLimit() default "";

    /// Most starts across all workers, as `10/s`, `100/m` or `1000/h`.
    String rateLimit() default "";

    /// Most starts of this task per tenant across all workers, as `10/s`, `100/m` or `1000/h`: the
    /// tenant is the message's `tenant` header; a message without one is limited by
    /// [#rateLimit()] only.
    String tenantRateLimit() default "";

    /// At most one message per key and window (see [Unique]); not unique by default.
    Unique unique() default @Unique;

    /// Whether to skip storing the result.
    boolean ignoreResult() default false;
}
