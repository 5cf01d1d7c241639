package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.envelope.Names;

/// The one check of schedule entries, used for every source: configuration and annotations at
/// startup, and the store API ([Schedules]) at run time. Each refusal is an
/// [InvalidScheduleException] naming the entry id, the field and the value.
public final class ScheduleValidator {

    private ScheduleValidator() {
    }

    /// Checks every rule of `entry` that does not depend on the time, and returns its timing rule.
    public static ScheduleRule validate(ScheduleEntry entry) {
        String id = entry.id();
        rename(id, "id", () -> Names.requireId("id", id));
        rename(id, "task", () -> Names.requireTaskName(entry.task()));
        rename(id, "queue", () -> Names.requireQueueName(entry.queue()));
        if (!entry.args().isObject() && !entry.args().isArray()) {
            throw new InvalidScheduleException(id, "args", entry.args().toString(),
                    "must be a JSON object (arguments by name) or array (by position)");
        }
        if (entry.priority() < 0 || entry.priority() > Envelope.MAX_PRIORITY) {
            throw new InvalidScheduleException(id, "priority", String.valueOf(entry.priority()),
                    "must be between 0 and " + Envelope.MAX_PRIORITY);
        }
        ScheduleRule.zone(id, entry.zone());
        ScheduleRule rule = ScheduleRule.of(entry);
        if (entry.jitter() != null && entry.jitter().isNegative()) {
            throw new InvalidScheduleException(id, "jitter", entry.jitter().toString(), "must not be negative");
        }
        if (entry.catchUpLimit() < 1) {
            throw new InvalidScheduleException(id, "catch-up-limit", String.valueOf(entry.catchUpLimit()),
                    "must be at least 1");
        }
        ScheduledTaskOptions options = entry.options();
        Integer maxRetries = options.maxRetries();
        if (maxRetries != null && maxRetries < 0) {
            throw new InvalidScheduleException(id, "max-retries", maxRetries.toString(), "must not be negative");
        }
        requirePositive(id, "soft-time-limit", options.softTimeLimit());
        requirePositive(id, "hard-time-limit", options.hardTimeLimit());
        requirePositive(id, "expires", options.expires());
        return rule;
    }

    /// Checks `entry` as [#validate(ScheduleEntry)] does and, for a one-shot entry, that its
    /// instant is not before `now`: the check for an entry that is new or changed.
    public static ScheduleRule validate(ScheduleEntry entry, Instant now) {
        ScheduleRule rule = validate(entry);
        Instant at = entry.at();
        if (at != null && at.isBefore(now)) {
            throw new InvalidScheduleException(entry.id(), "at", at.toString(), "is in the past (now is " + now + ")");
        }
        return rule;
    }

    private static void requirePositive(String id, String field, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidScheduleException(id, field, value.toString(), "must be positive");
        }
    }

    private static void rename(String id, String field, Runnable check) {
        try {
            check.run();
        }
        catch (InvalidEnvelopeException ex) {
            throw new InvalidScheduleException(id, field, valueOf(ex.getMessage()), ruleOf(ex.getMessage()));
        }
    }

    private static String valueOf(String message) {
        int start = message.indexOf('\'');
        int end = message.indexOf("': ");
        return start >= 0 && end > start ? message.substring(start + 1, end) : message;
    }

    private static String ruleOf(String message) {
        int end = message.indexOf("': ");
        return end >= 0 ? "is not allowed: " + message.substring(end + 3) : message;
    }
}
