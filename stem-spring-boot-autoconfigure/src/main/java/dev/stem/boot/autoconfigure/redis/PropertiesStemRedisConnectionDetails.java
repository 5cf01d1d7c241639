package dev.stem.boot.autoconfigure.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.env.Environment;

import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.boot.autoconfigure.StemStores;

/// [StemRedisConnectionDetails] from `stem.broker.url` and `stem.backend.url`: a part on Redis with
/// a URL of its own gets a connection of its own; the backend shares the broker's when its URL is
/// missing or the same.
final class PropertiesStemRedisConnectionDetails implements StemRedisConnectionDetails {

    private final @Nullable DataRedisConnectionDetails broker;

    private final @Nullable DataRedisConnectionDetails backend;

    PropertiesStemRedisConnectionDetails(Environment environment) {
        String brokerUrl = StemStores.broker(environment) == StemStoreType.REDIS
                ? text(environment.getProperty("stem.broker.url")) : null;
        String backendUrl = StemStores.backend(environment) == StemStoreType.REDIS
                ? text(environment.getProperty("stem.backend.url")) : null;
        this.broker = brokerUrl != null ? RedisUrlConnectionDetails.parse("stem.broker.url", brokerUrl) : null;
        this.backend = backendUrl != null && !backendUrl.equals(brokerUrl)
                ? RedisUrlConnectionDetails.parse("stem.backend.url", backendUrl) : null;
    }

    @Override
    public @Nullable DataRedisConnectionDetails broker() {
        return this.broker;
    }

    @Override
    public @Nullable DataRedisConnectionDetails backend() {
        return this.backend;
    }

    private static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
