package dev.stem.boot.autoconfigure.beat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.stem.boot.autoconfigure.validation.MinDuration;
import dev.stem.envelope.Envelope;
import dev.stem.schedule.BeatOptions;
import dev.stem.schedule.MissedRunPolicy;
import dev.stem.schedule.ScheduleEntry;

/// Configuration of beat under `stem.beat.*`: whether this application runs it, how, and the
/// schedule entries it declares (`stem.beat.schedules.<id>.*`). Engine settings are checked when
/// bound; each entry is checked by the one schedule validation when beat's beans are created, and
/// a field name no entry has fails the start, naming the entry id, the field and the value.
@ConfigurationProperties("stem.beat")
@Validated
public class StemBeatProperties {

    /// Whether this application runs beat, publishing the ticks of the schedule entries. Any
    /// number of applications may run it against the same store: each tick is published once.
    private boolean enabled;

    /// Pause between two passes over the due entries.
    @NotNull
    @MinDuration("1ms")
    private Duration pollInterval = BeatOptions.DEFAULTS.pollInterval();

    /// How late a tick may be and still count as on time; older due ticks are missed and follow
    /// the entry's missed-run-policy.
    @NotNull
    @MinDuration("0ms")
    private Duration missedAfter = BeatOptions.DEFAULTS.missedAfter();

    /// How long a claimed tick stays claimed; must exceed any clock difference between beat instances.
    @NotNull
    @MinDuration("1s")
    private Duration claimTtl = BeatOptions.DEFAULTS.claimTtl();

    /// Most due entries one pass reads.
    @Min(1)
    private int batchSize = BeatOptions.DEFAULTS.batchSize();

    /// Schedule entries by id. They replace entries of the same id from `@StemSchedule` and, when
    /// beat starts, those of the store.
    private Map<String, Schedule> schedules = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getPollInterval() {
        return this.pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getMissedAfter() {
        return this.missedAfter;
    }

    public void setMissedAfter(Duration missedAfter) {
        this.missedAfter = missedAfter;
    }

    public Duration getClaimTtl() {
        return this.claimTtl;
    }

    public void setClaimTtl(Duration claimTtl) {
        this.claimTtl = claimTtl;
    }

    public int getBatchSize() {
        return this.batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Map<String, Schedule> getSchedules() {
        return this.schedules;
    }

    public void setSchedules(Map<String, Schedule> schedules) {
        this.schedules = schedules;
    }

    /// The engine options these properties describe.
    BeatOptions options() {
        return new BeatOptions(this.pollInterval, this.missedAfter, this.claimTtl, this.batchSize);
    }

    /// One schedule entry. Set exactly one of `cron`, `every` and `at`.
    public static class Schedule {

        /// Task name to publish.
        private @Nullable String task;

        /// Cron expression: 6-field Spring form (seconds first), 5-field crontab form, or a macro
        /// (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly).
        private @Nullable String cron;

        /// Fixed interval (at least 1s); ticks fall on whole multiples of it since the epoch.
        private @Nullable Duration every;

        /// The one instant of a one-shot entry, ISO-8601 (2026-05-01T10:00:00Z).
        private @Nullable String at;

        /// Time zone the cron expression is read in.
        private String zone = ScheduleEntry.DEFAULT_ZONE;

        /// Arguments of every message as JSON: an array (by position) or an object (by name).
        private String args = "[]";

        /// Queue to publish to.
        private String queue = Envelope.DEFAULT_QUEUE;

        /// Message priority, 0 (lowest) to 9.
        private int priority;

        /// Largest random delay added to each message's start.
        private @Nullable Duration jitter;

        /// Whether the entry fires.
        private boolean enabled = true;

        /// What ticks that passed while no beat ran do: skip, fire-once or catch-up.
        private MissedRunPolicy missedRunPolicy = ScheduleEntry.DEFAULT_MISSED_RUN_POLICY;

        /// Most missed ticks the catch-up policy fires.
        private int catchUpLimit = ScheduleEntry.DEFAULT_CATCH_UP_LIMIT;

        /// Retries after the first run; the message default (3) when unset.
        private @Nullable Integer maxRetries;

        /// Time after which the running task is interrupted.
        private @Nullable Duration softTimeLimit;

        /// Time after which the attempt fails and its thread is abandoned.
        private @Nullable Duration hardTimeLimit;

        /// How long after its tick a message may still start.
        private @Nullable Duration expires;

        public @Nullable String getTask() {
            return this.task;
        }

        public void setTask(@Nullable String task) {
            this.task = task;
        }

        public @Nullable String getCron() {
            return this.cron;
        }

        public void setCron(@Nullable String cron) {
            this.cron = cron;
        }

        public @Nullable Duration getEvery() {
            return this.every;
        }

        public void setEvery(@Nullable Duration every) {
            this.every = every;
        }

        public @Nullable String getAt() {
            return this.at;
        }

        public void setAt(@Nullable String at) {
            this.at = at;
        }

        public String getZone() {
            return this.zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public String getArgs() {
            return this.args;
        }

        public void setArgs(String args) {
            this.args = args;
        }

        public String getQueue() {
            return this.queue;
        }

        public void setQueue(String queue) {
            this.queue = queue;
        }

        public int getPriority() {
            return this.priority;
        }

        public void setPriority(int priority) {
            this.priority = priority;
        }

        public @Nullable Duration getJitter() {
            return this.jitter;
        }

        public void setJitter(@Nullable Duration jitter) {
            this.jitter = jitter;
        }

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public MissedRunPolicy getMissedRunPolicy() {
            return this.missedRunPolicy;
        }

        public void setMissedRunPolicy(MissedRunPolicy missedRunPolicy) {
            this.missedRunPolicy = missedRunPolicy;
        }

        public int getCatchUpLimit() {
            return this.catchUpLimit;
        }

        public void setCatchUpLimit(int catchUpLimit) {
            this.catchUpLimit = catchUpLimit;
        }

        public @Nullable Integer getMaxRetries() {
            return this.maxRetries;
        }

        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public @Nullable Duration getSoftTimeLimit() {
            return this.softTimeLimit;
        }

        public void setSoftTimeLimit(@Nullable Duration softTimeLimit) {
            this.softTimeLimit = softTimeLimit;
        }

        public @Nullable Duration getHardTimeLimit() {
            return this.hardTimeLimit;
        }

        public void setHardTimeLimit(@Nullable Duration hardTimeLimit) {
            this.hardTimeLimit = hardTimeLimit;
        }

        public @Nullable Duration getExpires() {
            return this.expires;
        }

        public void setExpires(@Nullable Duration expires) {
            this.expires = expires;
        }
    }
}
