package dev.stem.boot.autoconfigure.redis;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.stem.redis.RedisServerCheck;

/// Checks each Redis server Stem uses once the context's beans exist, before anything starts (the
/// worker included), on the calling thread: logs the server's version and persistence settings and
/// a warning for each risk [RedisServerCheck#problems()] names (too old, `maxmemory-policy` other
/// than `noeviction`, append-only file off, an eviction policy it could not read because the server
/// refused `CONFIG GET`).
///
/// A server whose eviction policy can evict keys ([RedisServerCheck#evictsKeys()]) fails the start
/// with an [IllegalStateException] naming the policy, unless `allowEvictingPolicy`
/// (`stem.redis.allow-evicting-policy=true`), which turns the refusal into a warning. A server that
/// cannot be reached does not fail the start: Stem connects when it needs Redis, and the worker
/// retries until it can; the check then logs that it could not check.
public final class StemRedisServerCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StemRedisServerCheck.class);

    private final Map<String, RedisConnectionFactory> factories;

    private final boolean allowEvictingPolicy;

    /// Checks `factories`, keyed by the part of Stem that uses them (`broker`, `backend`); refuses an
    /// evicting policy unless `allowEvictingPolicy`.
    public StemRedisServerCheck(Map<String, RedisConnectionFactory> factories, boolean allowEvictingPolicy) {
        this.factories = Map.copyOf(factories);
        this.allowEvictingPolicy = allowEvictingPolicy;
    }

    @Override
    public void afterSingletonsInstantiated() {
        checkAll();
    }

    /// Checks every server now, on the calling thread; throws [IllegalStateException] for a server
    /// whose eviction policy can evict keys, unless allowed.
    public void checkAll() {
        this.factories.forEach(this::check);
    }

    private void check(String part, RedisConnectionFactory factory) {
        RedisServerCheck check;
        try {
            check = RedisServerCheck.of(factory);
        }
        catch (RuntimeException ex) {
            log.warn("Could not check the Redis server of the Stem {} ({}); Stem connects when it needs Redis and "
                    + "the worker keeps retrying until the server is reachable", part, ex.toString());
            return;
        }
        log.info("Redis server of the Stem {}: version {}, maxmemory-policy {}, append-only file {}", part,
                check.version(), check.maxmemoryPolicy() != null ? check.maxmemoryPolicy() : "unknown",
                check.aofEnabled() ? "on" : "off");
        if (check.evictsKeys() && !this.allowEvictingPolicy) {
            throw new IllegalStateException("The Redis server of the Stem " + part + " has maxmemory-policy '"
                    + check.maxmemoryPolicy() + "', which lets Redis evict keys under memory pressure and lose "
                    + "queued jobs and results; set maxmemory-policy noeviction on the server, or set "
                    + "stem.redis.allow-evicting-policy=true to start anyway");
        }
        for (String problem : check.problems()) {
            log.warn("Redis server of the Stem {}: {}", part, problem);
        }
    }
}
