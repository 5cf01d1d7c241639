package dev.stem.task;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.client.Uniqueness;
import dev.stem.control.RateLimit;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.Names;
import dev.stem.retry.BackOff;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.retry.RetryPolicy;

/// The defaults of one task: where its messages go and how they run.
///
/// @param queue queue its messages go to unless the caller picks another
/// @param priority priority of its messages, 0 to 9
/// @param retryPolicy retry budget, backoff and which errors are retried
/// @param softTimeLimit interrupt the task after this long, or `null`
/// @param hardTimeLimit fail the attempt and abandon its thread after this long, or `null`
/// @param rateLimit most starts per period across all workers, or `null`
/// @param ignoreResult whether to skip storing the result of successful runs
/// @param tenantRateLimit most starts per period across all workers for each tenant (the
///        [#TENANT_HEADER] header of a message), or `null`
/// @param unique the uniqueness every enqueue of the task gets unless the caller gives its own, or
///        `null`
public record TaskOptions(String queue, int priority, RetryPolicy retryPolicy, @Nullable Duration softTimeLimit,
        @Nullable Duration hardTimeLimit, @Nullable RateLimit rateLimit, boolean ignoreResult,
        @Nullable RateLimit tenantRateLimit, @Nullable Uniqueness unique) {

    /// The header naming a message's tenant, for [#tenantRateLimit()].
    public static final String TENANT_HEADER = "tenant";

    public TaskOptions {
        Names.requireQueueName(queue);
        if (priority < 0 || priority > Envelope.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between 0 and 9, was " + priority);
        }
    }

    /// Default queue, priority 0, [RetryPolicy#DEFAULT], no limits, results stored.
    public static TaskOptions defaults() {
        return new TaskOptions(Envelope.DEFAULT_QUEUE, 0, RetryPolicy.DEFAULT, null, null, null, false, null, null);
    }

    /// A builder starting from [#defaults()].
    public static Builder builder() {
        return new Builder();
    }

    /// Builds [TaskOptions].
    public static final class Builder {

        private String queue = Envelope.DEFAULT_QUEUE;
        private int priority;
        private int maxRetries = RetryPolicy.DEFAULT.maxRetries();
        private BackOff backOff = ExponentialBackOff.DEFAULT;
        private List<Class<? extends Throwable>> retryOn = List.of();
        private List<Class<? extends Throwable>> noRetryFor = List.of();
        private @Nullable Duration softTimeLimit;
        private @Nullable Duration hardTimeLimit;
        private @Nullable RateLimit rateLimit;
        private boolean ignoreResult;
        private @Nullable RateLimit tenantRateLimit;
        private @Nullable Uniqueness unique;

        private Builder() {
        }

        public Builder queue(String queue) { this.queue = queue; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }
        public Builder backOff(BackOff backOff) { this.backOff = backOff; return this; }
        public Builder retryOn(List<Class<? extends Throwable>> types) { this.retryOn = types; return this; }
        public Builder noRetryFor(List<Class<? extends Throwable>> types) { this.noRetryFor = types; return this; }
        public Builder softTimeLimit(@Nullable Duration limit) { this.softTimeLimit = limit; return this; }
        public Builder hardTimeLimit(@Nullable Duration limit) { this.hardTimeLimit = limit; return this; }
        public Builder rateLimit(@Nullable RateLimit rateLimit) { this.rateLimit = rateLimit; return this; }
        public Builder ignoreResult(boolean ignoreResult) { this.ignoreResult = ignoreResult; return this; }
        public Builder tenantRateLimit(@Nullable RateLimit limit) { this.tenantRateLimit = limit; return this; }
        public Builder unique(@Nullable Uniqueness unique) { this.unique = unique; return this; }

        public TaskOptions build() {
            return new TaskOptions(this.queue, this.priority,
                    new RetryPolicy(this.maxRetries, this.backOff, this.retryOn, this.noRetryFor),
                    this.softTimeLimit, this.hardTimeLimit, this.rateLimit, this.ignoreResult, this.tenantRateLimit,
                    this.unique);
        }
    }
}
