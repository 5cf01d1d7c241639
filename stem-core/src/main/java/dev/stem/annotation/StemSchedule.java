package dev.stem.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.stem.schedule.MissedRunPolicy;
import dev.stem.schedule.ScheduleEntry;

/// Declares a schedule entry for the [StemTask] method it sits on: beat (`stem.beat.enabled=true`
/// in the same application) publishes that task on the entry's ticks. Set exactly one of `cron`
/// and `every`.
///
/// String attributes accept `${...}` placeholders. Durations accept `500ms`, `30s`, `5m`, `1h`, or
/// ISO-8601 (`PT30S`). A bad value fails the application start with an error naming the entry id,
/// the attribute and the value. The messages take the task's retries and time limits. An entry
/// of the same id under `stem.beat.schedules` replaces this one.
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StemSchedule {

    /// The entry id; the task name when empty.
    String id() default "";

    /// A cron expression: 6-field Spring form, 5-field crontab form, or a macro such as `@hourly`.
    String cron() default "";

    /// A fixed interval such as `30s`.
    String every() default "";

    /// The time zone the cron expression is read in.
    String zone() default ScheduleEntry.DEFAULT_ZONE;

    /// The arguments of every message, as JSON: an array (by position) or an object (by name).
    String args() default "[]";

    /// The queue; the task's own queue when empty.
    String queue() default "";

    /// The priority, 0 to 9; the task's own priority when -1.
    int priority() default -1;

    /// The largest random delay added to each message's start, such as `5s`; none when empty.
    String jitter() default "";

    /// Whether the entry fires.
    boolean enabled() default true;

    /// What ticks that passed while no beat ran do.
    MissedRunPolicy missedRunPolicy() default MissedRunPolicy.FIRE_ONCE;

    /// Most missed ticks [MissedRunPolicy#CATCH_UP] fires.
    int catchUpLimit() default ScheduleEntry.DEFAULT_CATCH_UP_LIMIT;

    /// How long after its tick a message may still start, such as `10m`; no expiry when empty.
    String expires() default "";
}
