package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.stem.envelope.Names;

/// One periodic (or one-shot) task in a schedule store.
///
/// @param id unique entry name
/// @param task task name to enqueue
/// @param args arguments for every run
/// @param queue queue to enqueue to
/// @param schedule the timing rule, as written: `cron:<expression>`, `every:<ISO-8601 duration>` or
///        `once:<ISO-8601 instant>`; the beat engine interprets it
/// @param zone time zone id for cron rules, such as `UTC` or `Europe/Berlin`
/// @param jitter largest random delay added to each run, or `null`
/// @param enabled whether the entry fires
/// @param nextRunAt the next tick to fire, or `null` when none is left
/// @param lastRunAt the last tick fired, or `null`
public record ScheduleEntry(String id, String task, JsonNode args, String queue, String schedule, String zone,
        @Nullable Duration jitter, boolean enabled, @Nullable Instant nextRunAt, @Nullable Instant lastRunAt) {

    public ScheduleEntry {
        Names.requireId("id", id);
        Names.requireTaskName(task);
        Names.requireQueueName(queue);
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(zone, "zone");
    }

    /// This entry after firing the tick `firedAt`, with `next` as the following tick.
    public ScheduleEntry fired(Instant firedAt, @Nullable Instant next) {
        return new ScheduleEntry(this.id, this.task, this.args, this.queue, this.schedule, this.zone, this.jitter,
                this.enabled, next, firedAt);
    }
}
