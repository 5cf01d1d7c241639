package dev.stem.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.stem.client.Uniqueness;

/// The uniqueness of a [StemTask]'s enqueues (see [Uniqueness]): at most one message per key and
/// window, the key made of the task name and the values of the arguments [#by()] names (all of them
/// when empty). An enqueue option `unique` given by the caller replaces it. Unset (the default)
/// while [#window()] is empty.
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Unique {

    /// How long a key stays taken, as `500ms`, `30s`, `5m`, `1h`, `1d` or ISO-8601; empty means the
    /// task is not unique. Accepts `${...}` placeholders.
    String window() default "";

    /// Names of the arguments (of an args object) that make up the key; empty for all.
    String[] by() default {};

    /// What an enqueue of a key already taken in its window does.
    Uniqueness.Policy onDuplicate() default Uniqueness.Policy.RETURN_EXISTING;
}
