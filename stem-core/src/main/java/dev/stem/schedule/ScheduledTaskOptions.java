package dev.stem.schedule;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/// Options of the task messages an entry publishes; `null` fields take the message defaults.
///
/// @param maxRetries retries after the first run, or `null` for the default (3)
/// @param softTimeLimit time after which the running task is interrupted, or `null`
/// @param hardTimeLimit time after which the attempt fails and its thread is abandoned, or `null`
/// @param expires how long after its scheduled tick a message may still start, or `null` for no expiry
public record ScheduledTaskOptions(@Nullable Integer maxRetries, @Nullable Duration softTimeLimit,
        @Nullable Duration hardTimeLimit, @Nullable Duration expires) {

    /// No option set: every message takes the defaults.
    public static final ScheduledTaskOptions DEFAULTS = new ScheduledTaskOptions(null, null, null, null);
}
