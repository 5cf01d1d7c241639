package dev.stem.boot.autoconfigure.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/// Where Stem's Redis stores connect when they do not use the application's
/// `RedisConnectionFactory`: a connection of the broker's own and one of the result backend's, each
/// described as Spring Boot describes a Redis connection ([DataRedisConnectionDetails], standalone).
///
/// The auto-configured bean reads `stem.broker.url` and `stem.backend.url`. Define a bean of this
/// type to point the stores elsewhere, for example at a `@ServiceConnection` container or a Docker
/// Compose service: `StemRedisConnectionDetails.of(redis, null)` with the `DataRedisConnectionDetails`
/// Boot made for it (the part must still be on Redis: `stem.broker.type=redis`).
public interface StemRedisConnectionDetails extends ConnectionDetails {

    /// The broker's and coordination stores' own connection; `null` to use the application's.
    @Nullable DataRedisConnectionDetails broker();

    /// The result backend's own connection; `null` to use the broker's (or the application's when
    /// the broker has none or is not on Redis).
    @Nullable DataRedisConnectionDetails backend();

    /// Details with the given connections.
    static StemRedisConnectionDetails of(@Nullable DataRedisConnectionDetails broker,
            @Nullable DataRedisConnectionDetails backend) {
        return new StemRedisConnectionDetails() {

            @Override
            public @Nullable DataRedisConnectionDetails broker() {
                return broker;
            }

            @Override
            public @Nullable DataRedisConnectionDetails backend() {
                return backend;
            }
        };
    }
}
