package dev.stem.boot.autoconfigure.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/// The Redis connection factories Stem's stores use: one for the broker and the coordination
/// stores, one for the result backend (often the same one), each `null` when that part is not on
/// Redis.
///
/// Guarantees: a part with a connection of its own ([StemRedisConnectionDetails]: from
/// `stem.broker.url`, `stem.backend.url`, or the application's bean) gets a factory built for Stem alone, which is not a bean (so the application's `RedisConnectionFactory`
/// injection points stay unambiguous) and which [#close()] destroys; every other part uses the
/// shared factory (the application's), which Stem never closes. The backend uses the broker's
/// factory when it has no connection of its own or the same one.
public final class StemRedisConnections implements AutoCloseable {

    private final @Nullable RedisConnectionFactory broker;

    private final @Nullable RedisConnectionFactory backend;

    private final List<LettuceConnectionFactory> owned;

    private final AutoCloseable resources;

    /// Connections the application manages itself: `broker` for the broker and the coordination
    /// stores, `backend` for results; either may be `null` when that part is not on Redis. Stem
    /// never closes them.
    public StemRedisConnections(@Nullable RedisConnectionFactory broker, @Nullable RedisConnectionFactory backend) {
        this(broker, backend, List.of(), () -> {
        });
    }

    private StemRedisConnections(@Nullable RedisConnectionFactory broker, @Nullable RedisConnectionFactory backend,
            List<LettuceConnectionFactory> owned, AutoCloseable resources) {
        this.broker = broker;
        this.backend = backend;
        this.owned = owned;
        this.resources = resources;
    }

    /// Resolves the factories. `brokerDetails` and `backendDetails` are the parts' own connections
    /// ([StemRedisConnectionDetails], only read for a part that is on Redis); `build` makes a
    /// factory of Stem's own from a part's name and its details; `shared` supplies the factory of a
    /// part without details, and is only called when one is needed; `resources` (the client
    /// resources `build` made) is closed after the factories.
    static StemRedisConnections resolve(boolean brokerOnRedis, @Nullable DataRedisConnectionDetails brokerDetails,
            boolean backendOnRedis, @Nullable DataRedisConnectionDetails backendDetails,
            BiFunction<String, DataRedisConnectionDetails, LettuceConnectionFactory> build,
            Supplier<RedisConnectionFactory> shared, AutoCloseable resources) {
        List<LettuceConnectionFactory> owned = new ArrayList<>();
        try {
            RedisConnectionFactory broker = null;
            if (brokerOnRedis) {
                broker = brokerDetails != null ? own("broker", brokerDetails, build, owned) : shared.get();
            }
            RedisConnectionFactory backend = null;
            if (backendOnRedis) {
                if (backendDetails != null && !(broker != null && backendDetails == brokerDetails)) {
                    backend = own("backend", backendDetails, build, owned);
                }
                else {
                    backend = broker != null ? broker : shared.get();
                }
            }
            return new StemRedisConnections(broker, backend, List.copyOf(owned), resources);
        }
        catch (RuntimeException ex) {
            owned.forEach(LettuceConnectionFactory::destroy);
            closeQuietly(resources);
            throw ex;
        }
    }

    /// The broker's and coordination stores' factory, or `null` when the broker is not on Redis.
    public @Nullable RedisConnectionFactory broker() {
        return this.broker;
    }

    /// The result backend's factory, or `null` when results are not on Redis.
    public @Nullable RedisConnectionFactory backend() {
        return this.backend;
    }

    /// Every distinct factory in use by part (`broker`, `backend`), the broker's first.
    public Map<String, RedisConnectionFactory> all() {
        Map<String, RedisConnectionFactory> all = new LinkedHashMap<>();
        if (this.broker != null) {
            all.put("broker", this.broker);
        }
        if (this.backend != null && this.backend != this.broker) {
            all.put("backend", this.backend);
        }
        return all;
    }

    /// Whether `factory` was built by Stem from a URL (and is closed with this object).
    public boolean isOwned(RedisConnectionFactory factory) {
        return this.owned.stream().anyMatch(candidate -> candidate == factory);
    }

    /// Destroys the factories built from `stem.broker.url` and `stem.backend.url`, then the client
    /// resources made for them; a shared factory is left to its owner.
    @Override
    public void close() {
        this.owned.forEach(LettuceConnectionFactory::destroy);
        closeQuietly(this.resources);
    }

    private static void closeQuietly(AutoCloseable resources) {
        try {
            resources.close();
        }
        catch (Exception ex) {
            // Shutting down: the client resources' threads are daemons and die with the JVM.
        }
    }

    private static LettuceConnectionFactory own(String part, DataRedisConnectionDetails details,
            BiFunction<String, DataRedisConnectionDetails, LettuceConnectionFactory> build,
            List<LettuceConnectionFactory> owned) {
        LettuceConnectionFactory factory = build.apply(part, details);
        owned.add(factory);
        return factory;
    }
}
