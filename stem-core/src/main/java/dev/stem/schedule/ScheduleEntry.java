package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.envelope.Envelope;

/// The definition of one periodic (or one-shot) task: what to publish and when. The state beat
/// keeps for it (next and last run, last outcome, drift) is a [ScheduleState] beside it.
///
/// Exactly one of `cron`, `every` and `at` is set. Construction checks only that required fields
/// are present; [ScheduleValidator] checks every rule, naming the entry id, the field and the value.
///
/// @param id unique entry name (1-128 characters of `A-Z a-z 0-9 . _ : -`)
/// @param task task name to publish
/// @param args arguments of every message: a JSON object (by name) or array (by position)
/// @param queue queue to publish to
/// @param priority message priority, 0 (lowest) to 9
/// @param cron a cron expression (6-field Spring form, 5-field crontab form or `@hourly`-style
///        macro, see [ScheduleRule]), or `null`
/// @param every a fixed interval, or `null`; ticks fall on whole multiples of it since the epoch
/// @param at the one instant of a one-shot entry, or `null`
/// @param zone time zone id the cron expression is read in, such as `UTC` or `Europe/Berlin`
/// @param jitter largest random delay added to each message's start (the tick stays the same), or `null`
/// @param enabled whether the entry fires
/// @param missedRunPolicy what ticks that passed while no beat ran do
/// @param catchUpLimit most missed ticks [MissedRunPolicy#CATCH_UP] fires, at least 1
/// @param options options of the published messages
public record ScheduleEntry(String id, String task, JsonNode args, String queue, int priority, @Nullable String cron,
        @Nullable Duration every, @Nullable Instant at, String zone, @Nullable Duration jitter, boolean enabled,
        MissedRunPolicy missedRunPolicy, int catchUpLimit, ScheduledTaskOptions options) {

    /// The zone of an entry that names none.
    public static final String DEFAULT_ZONE = "UTC";

    /// The missed-run policy of an entry that names none.
    public static final MissedRunPolicy DEFAULT_MISSED_RUN_POLICY = MissedRunPolicy.FIRE_ONCE;

    /// The catch-up bound of an entry that names none.
    public static final int DEFAULT_CATCH_UP_LIMIT = 100;

    public ScheduleEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(missedRunPolicy, "missedRunPolicy");
        Objects.requireNonNull(options, "options");
    }

    /// Starts an entry `id` that publishes `task`, with every default (no timing rule yet).
    public static Builder builder(String id, String task) {
        return new Builder(id, task);
    }

    /// A builder holding every field of this entry, to derive a changed copy.
    public Builder toBuilder() {
        return new Builder(this);
    }

    /// This entry with `enabled` set as given.
    public ScheduleEntry withEnabled(boolean enabled) {
        return toBuilder().enabled(enabled).build();
    }

    /// Builds [ScheduleEntry]s; unset fields take the documented defaults.
    public static final class Builder {

        private String id;
        private String task;
        private JsonNode args = JsonNodeFactory.instance.arrayNode();
        private String queue = Envelope.DEFAULT_QUEUE;
        private int priority;
        private @Nullable String cron;
        private @Nullable Duration every;
        private @Nullable Instant at;
        private String zone = DEFAULT_ZONE;
        private @Nullable Duration jitter;
        private boolean enabled = true;
        private MissedRunPolicy missedRunPolicy = DEFAULT_MISSED_RUN_POLICY;
        private int catchUpLimit = DEFAULT_CATCH_UP_LIMIT;
        private ScheduledTaskOptions options = ScheduledTaskOptions.DEFAULTS;

        private Builder(String id, String task) {
            this.id = id;
            this.task = task;
        }

        private Builder(ScheduleEntry e) {
            this.id = e.id;
            this.task = e.task;
            this.args = e.args;
            this.queue = e.queue;
            this.priority = e.priority;
            this.cron = e.cron;
            this.every = e.every;
            this.at = e.at;
            this.zone = e.zone;
            this.jitter = e.jitter;
            this.enabled = e.enabled;
            this.missedRunPolicy = e.missedRunPolicy;
            this.catchUpLimit = e.catchUpLimit;
            this.options = e.options;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder task(String task) { this.task = task; return this; }
        public Builder args(JsonNode args) { this.args = args; return this; }
        public Builder queue(String queue) { this.queue = queue; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder zone(String zone) { this.zone = zone; return this; }
        public Builder jitter(@Nullable Duration jitter) { this.jitter = jitter; return this; }
        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        public Builder missedRunPolicy(MissedRunPolicy policy) { this.missedRunPolicy = policy; return this; }
        public Builder catchUpLimit(int limit) { this.catchUpLimit = limit; return this; }
        public Builder options(ScheduledTaskOptions options) { this.options = options; return this; }

        /// Fires on the ticks of a cron expression (clears `every` and `at`).
        public Builder cron(@Nullable String cron) {
            this.cron = cron;
            if (cron != null) {
                this.every = null;
                this.at = null;
            }
            return this;
        }

        /// Fires every `every` (clears `cron` and `at`).
        public Builder every(@Nullable Duration every) {
            this.every = every;
            if (every != null) {
                this.cron = null;
                this.at = null;
            }
            return this;
        }

        /// Fires once at `at` (clears `cron` and `every`).
        public Builder at(@Nullable Instant at) {
            this.at = at;
            if (at != null) {
                this.cron = null;
                this.every = null;
            }
            return this;
        }

        /// The entry, not yet validated (see [ScheduleValidator]).
        public ScheduleEntry build() {
            return new ScheduleEntry(this.id, this.task, this.args, this.queue, this.priority, this.cron, this.every,
                    this.at, this.zone, this.jitter, this.enabled, this.missedRunPolicy, this.catchUpLimit,
                    this.options);
        }
    }
}
