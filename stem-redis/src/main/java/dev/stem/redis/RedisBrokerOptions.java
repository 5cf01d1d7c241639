package dev.stem.redis;

import java.time.Duration;

import dev.stem.client.DefaultStem;

/// Tuning of [RedisStreamsBroker].
///
/// @param reclaimInterval longest time between two reclaim scans of a queue by one broker, before
///        it reads new entries (a fetch that leases nothing also scans, and a broker scans at most
///        every half lease of its request); also the longest a waiting fetch blocks before it looks
///        again
/// @param consumerIdleLimit how long a consumer that holds nothing may stay idle before a reclaim
///        scan removes it from the queue's consumer group, so the group does not collect one
///        consumer per worker ever started
/// @param maxPayloadBytes the largest stream entry payload a fetch leases; a larger one is moved to
///        the dead letters with reason [RedisStreamsBroker#PAYLOAD_TOO_LARGE] without being decoded.
///        Keep it at least the producers' limit (`stem.client.max-payload-size`)
/// @param publishMarkerTtl how long a published message's id is remembered, so that publishing the
///        same id again within it (a retry, or a command Lettuce re-sends after a reconnect) stores
///        nothing; each remembered id costs about 100 bytes of Redis memory
public record RedisBrokerOptions(Duration reclaimInterval, Duration consumerIdleLimit, long maxPayloadBytes,
        Duration publishMarkerTtl) {

    /// Reclaim at least every second; remove consumers idle for an hour; payloads up to the client's
    /// default limit (1 MiB); ids remembered for an hour.
    public static final RedisBrokerOptions DEFAULTS = new RedisBrokerOptions(Duration.ofSeconds(1),
            Duration.ofHours(1));

    public RedisBrokerOptions {
        if (reclaimInterval.toMillis() < 1) {
            throw new IllegalArgumentException("reclaimInterval must be at least 1 ms, was " + reclaimInterval);
        }
        if (consumerIdleLimit.toMillis() < 1) {
            throw new IllegalArgumentException("consumerIdleLimit must be at least 1 ms, was " + consumerIdleLimit);
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1, was " + maxPayloadBytes);
        }
        if (publishMarkerTtl.toMillis() < 1) {
            throw new IllegalArgumentException("publishMarkerTtl must be at least 1 ms, was " + publishMarkerTtl);
        }
    }

    /// Options with the default payload limit (the client's, 1 MiB) and publish marker time to live
    /// (1 hour).
    public RedisBrokerOptions(Duration reclaimInterval, Duration consumerIdleLimit) {
        this(reclaimInterval, consumerIdleLimit, DefaultStem.ClientOptions.DEFAULT.maxPayloadBytes(),
                Duration.ofHours(1));
    }

    /// These options with `maxPayloadBytes` as the payload limit.
    public RedisBrokerOptions withMaxPayloadBytes(long maxPayloadBytes) {
        return new RedisBrokerOptions(this.reclaimInterval, this.consumerIdleLimit, maxPayloadBytes,
                this.publishMarkerTtl);
    }
}
