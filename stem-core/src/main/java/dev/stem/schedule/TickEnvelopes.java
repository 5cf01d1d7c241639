package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;

/// Builds the message of one tick of an entry. Its headers say which entry and which tick it is
/// for ([#ENTRY_HEADER], [#TICK_HEADER]), so a handler (or a test) can tell ticks apart, and which
/// beat instance published it ([#INSTANCE_HEADER]).
public final class TickEnvelopes {

    /// Header holding the id of the schedule entry that published the message.
    public static final String ENTRY_HEADER = "stem-beat-entry";

    /// Header holding the scheduled instant of the tick (ISO-8601, UTC), or of the run-now request.
    public static final String TICK_HEADER = "stem-beat-tick";

    /// Header holding the id of the beat instance that published the message (`<host>-<pid>-<random>`).
    public static final String INSTANCE_HEADER = "stem-beat-instance";

    private TickEnvelopes() {
    }

    /// `envelope` as the application's enqueue interceptors return it, in their order (signing,
    /// encryption, trace context), so a scheduled message is published as an enqueued one is.
    public static Envelope intercepted(Envelope envelope, List<EnqueueInterceptor> interceptors) {
        Envelope result = envelope;
        for (EnqueueInterceptor interceptor : interceptors) {
            result = interceptor.beforePublish(result);
        }
        return result;
    }

    /// The message of tick `tick` of `entry`, created at `now` by beat instance `instance`: the
    /// entry's task, args, queue, priority and options; it expires `expires` after the tick, and
    /// starts a random delay of up to the entry's jitter after the tick.
    public static Envelope envelope(ScheduleEntry entry, Instant tick, Instant now, String instance) {
        ScheduledTaskOptions options = entry.options();
        Envelope.Builder builder = Envelope.builder(entry.task())
                .queue(entry.queue())
                .args(entry.args())
                .priority(entry.priority())
                .headers(Map.of(ENTRY_HEADER, entry.id(), TICK_HEADER, tick.toString(), INSTANCE_HEADER, instance))
                .softTimeLimit(options.softTimeLimit())
                .hardTimeLimit(options.hardTimeLimit())
                .createdAt(now);
        if (options.maxRetries() != null) {
            builder.maxRetries(options.maxRetries());
        }
        if (options.expires() != null) {
            builder.expiresAt(tick.plus(options.expires()));
        }
        Duration jitter = entry.jitter();
        if (jitter != null && jitter.toMillis() > 0) {
            builder.eta(tick.plusMillis(ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1)));
        }
        return builder.build();
    }
}
