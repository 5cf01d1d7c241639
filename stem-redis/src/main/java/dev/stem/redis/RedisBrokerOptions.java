package dev.stem.redis;

import java.time.Duration;

/// Tuning of [RedisStreamsBroker].
///
/// @param reclaimInterval longest time between two reclaim scans of a queue by one broker, before
///        it reads new entries (a fetch that leases nothing also scans, and a broker scans at most
///        every half lease of its request); also the longest a waiting fetch blocks before it looks
///        again
/// @param consumerIdleLimit how long a consumer that holds nothing may stay idle before a reclaim
///        scan removes it from the queue's consumer group, so the group does not collect one
///        consumer per worker ever started
/// @param publishMarkerTtl how long a published message's id is remembered, so that publishing the
///        same id again within it (a retry, or a command Lettuce re-sends after a reconnect) stores
///        nothing; each remembered id costs about 100 bytes of Redis memory
public record RedisBrokerOptions(Duration reclaimInterval, Duration consumerIdleLimit, Duration publishMarkerTtl) {

    /// Reclaim at least every second; remove consumers idle for an hour; remember published ids for
    /// an hour.
    public static final RedisBrokerOptions DEFAULTS = new RedisBrokerOptions(Duration.ofSeconds(1),
            Duration.ofHours(1));

    public RedisBrokerOptions {
        if (reclaimInterval.toMillis() < 1) {
            throw new IllegalArgumentException("reclaimInterval must be at least 1 ms, was " + reclaimInterval);
        }
        if (consumerIdleLimit.toMillis() < 1) {
            throw new IllegalArgumentException("consumerIdleLimit must be at least 1 ms, was " + consumerIdleLimit);
        }
        if (publishMarkerTtl.toMillis() < 1) {
            throw new IllegalArgumentException("publishMarkerTtl must be at least 1 ms, was " + publishMarkerTtl);
        }
    }

    /// Options that remember published ids for an hour.
    public RedisBrokerOptions(Duration reclaimInterval, Duration consumerIdleLimit) {
        this(reclaimInterval, consumerIdleLimit, Duration.ofHours(1));
    }
}
