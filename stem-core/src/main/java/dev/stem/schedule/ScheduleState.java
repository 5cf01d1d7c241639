package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/// What beat knows of an entry's runs, kept in the store beside its [ScheduleEntry].
///
/// @param nextRunAt the next tick to fire, or `null` when none is left (a fired one-shot)
/// @param lastRunAt the last tick beat handled, or `null` if none yet
/// @param lastOutcome what became of that tick, or `null` if none yet
/// @param lastMessageId id of the message published for it, or `null`
/// @param lastDrift actual publish time minus the tick, for the last published tick, or `null`
/// @param lastError why the last publish failed, or `null`
public record ScheduleState(@Nullable Instant nextRunAt, @Nullable Instant lastRunAt,
        @Nullable TickOutcome lastOutcome, @Nullable String lastMessageId, @Nullable Duration lastDrift,
        @Nullable String lastError) {

    /// The state of an entry that has not run yet and runs next at `nextRunAt`.
    public static ScheduleState first(@Nullable Instant nextRunAt) {
        return new ScheduleState(nextRunAt, null, null, null, null, null);
    }

    /// This state with `nextRunAt` replaced, the record of the last run kept.
    public ScheduleState withNextRunAt(@Nullable Instant next) {
        return new ScheduleState(next, this.lastRunAt, this.lastOutcome, this.lastMessageId, this.lastDrift,
                this.lastError);
    }
}
