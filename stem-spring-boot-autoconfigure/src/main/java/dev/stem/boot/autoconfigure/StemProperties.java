package dev.stem.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.stem.boot.autoconfigure.validation.MinDataSize;
import dev.stem.boot.autoconfigure.validation.MinDuration;
import dev.stem.boot.autoconfigure.validation.QueueName;

/// Configuration of Stem under `stem.*`. Every value is checked when it is bound, so a value out
/// of range fails the start with Boot's report naming the key, the value and the allowed range.
@ConfigurationProperties("stem")
@Validated
public class StemProperties {

    @Valid
    private final Broker broker = new Broker();

    @Valid
    private final Backend backend = new Backend();

    @Valid
    private final Client client = new Client();

    @Valid
    private final Worker worker = new Worker();

    public Broker getBroker() {
        return this.broker;
    }

    public Backend getBackend() {
        return this.backend;
    }

    public Client getClient() {
        return this.client;
    }

    public Worker getWorker() {
        return this.worker;
    }

    /// Where messages are queued.
    public static class Broker {

        /// Store of the broker and of the coordination stores (schedules, locks, rate limits,
        /// revokes, events, worker registry). Derived from the URL when unset; memory when both are unset.
        private @Nullable StemStoreType type;

        /// Connection URL of a dedicated broker store, such as redis://host:6379 or
        /// postgresql://host:5432/db. When unset, the application's own connection is used.
        private @Nullable String url;

        public @Nullable StemStoreType getType() {
            return this.type;
        }

        public void setType(@Nullable StemStoreType type) {
            this.type = type;
        }

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }
    }

    /// Where results are stored.
    public static class Backend {

        /// Store of the result backend. Derived from the URL when unset; the broker's store when both are unset.
        private @Nullable StemStoreType type;

        /// Connection URL of a dedicated result store. When unset, the broker's connection is used.
        private @Nullable String url;

        /// How long results are kept.
        @NotNull
        @MinDuration("1ms")
        private Duration resultTtl = Duration.ofDays(1);

        public @Nullable StemStoreType getType() {
            return this.type;
        }

        public void setType(@Nullable StemStoreType type) {
            this.type = type;
        }

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public Duration getResultTtl() {
            return this.resultTtl;
        }

        public void setResultTtl(Duration resultTtl) {
            this.resultTtl = resultTtl;
        }
    }

    /// How messages are produced.
    public static class Client {

        /// Largest encoded message accepted by enqueue; larger ones are refused before any I/O.
        @NotNull
        @MinDataSize("1B")
        private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

        /// How long a cancelled task id is remembered.
        @NotNull
        @MinDuration("1ms")
        private Duration revokeTtl = Duration.ofDays(1);

        /// How far in the future an eta, countdown or expiry may lie; a later one is refused at enqueue.
        @NotNull
        @MinDuration("1ms")
        private Duration maxEta = Duration.ofDays(365);

        public Duration getMaxEta() {
            return this.maxEta;
        }

        public void setMaxEta(Duration maxEta) {
            this.maxEta = maxEta;
        }

        public DataSize getMaxPayloadSize() {
            return this.maxPayloadSize;
        }

        public void setMaxPayloadSize(DataSize maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
        }

        public Duration getRevokeTtl() {
            return this.revokeTtl;
        }

        public void setRevokeTtl(Duration revokeTtl) {
            this.revokeTtl = revokeTtl;
        }
    }

    /// How this process consumes and runs tasks.
    public static class Worker {

        /// Whether this application runs a worker.
        private boolean enabled = true;

        /// Queues to consume, in order of preference.
        @NotEmpty
        private List<@NotNull @QueueName String> queues = new ArrayList<>(List.of("default"));

        /// Most tasks run at once.
        @Min(1)
        private int concurrency = 8;

        /// Most messages leased and waiting for a free slot, beyond the ones running. Defaults
        /// to the concurrency. 0 leases only what runs (fairest for long tasks); a larger value
        /// helps many very short tasks.
        @PositiveOrZero
        private @Nullable Integer prefetch;

        /// How long a fetched message stays leased (visibility timeout); extended while the task runs.
        @NotNull
        @MinDuration("1ms")
        private Duration lease = Duration.ofSeconds(30);

        /// Longest a fetch blocks waiting for messages.
        @NotNull
        @MinDuration("0s")
        private Duration fetchWait = Duration.ofSeconds(1);

        /// How long a graceful stop waits for running tasks before giving them back. Keep it below
        /// spring.lifecycle.timeout-per-shutdown-phase.
        @NotNull
        @MinDuration("0s")
        private Duration shutdownTimeout = Duration.ofSeconds(25);

        /// How often the worker announces itself.
        @NotNull
        @MinDuration("1ms")
        private Duration heartbeatInterval = Duration.ofSeconds(5);

        /// How many times a message may be recovered from a lost worker before it is dead-lettered as poison.
        @PositiveOrZero
        private int maxRecoveries = 3;

        /// Whether to store a STARTED state when a task begins.
        private boolean trackStarted;

        /// How long, from its creation, a message for a task no worker here knows is postponed and
        /// tried again before it is dead-lettered as unknown-task (covers a rolling deploy). 0 dead-letters at once.
        @NotNull
        @MinDuration("0s")
        private Duration unknownTaskGrace = Duration.ofMinutes(5);

        /// Most threads abandoned past their hard time limit and still running; one more and the
        /// worker stops fetching and exits the process with code 70 for its supervisor to restart it.
        @PositiveOrZero
        private int maxAbandonedThreads = 8;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getQueues() {
            return this.queues;
        }

        public void setQueues(List<String> queues) {
            this.queues = queues;
        }

        public int getConcurrency() {
            return this.concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public @Nullable Integer getPrefetch() {
            return this.prefetch;
        }

        public void setPrefetch(@Nullable Integer prefetch) {
            this.prefetch = prefetch;
        }

        public Duration getLease() {
            return this.lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getFetchWait() {
            return this.fetchWait;
        }

        public void setFetchWait(Duration fetchWait) {
            this.fetchWait = fetchWait;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getHeartbeatInterval() {
            return this.heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public int getMaxRecoveries() {
            return this.maxRecoveries;
        }

        public void setMaxRecoveries(int maxRecoveries) {
            this.maxRecoveries = maxRecoveries;
        }

        public boolean isTrackStarted() {
            return this.trackStarted;
        }

        public void setTrackStarted(boolean trackStarted) {
            this.trackStarted = trackStarted;
        }

        public Duration getUnknownTaskGrace() {
            return this.unknownTaskGrace;
        }

        public void setUnknownTaskGrace(Duration unknownTaskGrace) {
            this.unknownTaskGrace = unknownTaskGrace;
        }

        public int getMaxAbandonedThreads() {
            return this.maxAbandonedThreads;
        }

        public void setMaxAbandonedThreads(int maxAbandonedThreads) {
            this.maxAbandonedThreads = maxAbandonedThreads;
        }
    }
}
