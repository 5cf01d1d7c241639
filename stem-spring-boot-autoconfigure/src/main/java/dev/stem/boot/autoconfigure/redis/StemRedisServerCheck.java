package dev.stem.boot.autoconfigure.redis;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.stem.redis.RedisServerCheck;

/// Checks each Redis server Stem uses once the context's beans exist, on a background thread so
/// it never delays or fails the start: logs the server's version and persistence settings, a
/// warning for each risk [RedisServerCheck#problems()] names (too old, `maxmemory-policy` other
/// than `noeviction`, append-only file off), and a warning when the server cannot be reached
/// (Stem connects when it needs Redis, and the worker retries until it can).
public final class StemRedisServerCheck implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StemRedisServerCheck.class);

    private final Map<String, RedisConnectionFactory> factories;

    private @Nullable Thread thread;

    private volatile boolean closed;

    /// Checks `factories`, keyed by the part of Stem that uses them (`broker`, `backend`).
    public StemRedisServerCheck(Map<String, RedisConnectionFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.thread = Thread.ofVirtual().name("stem-redis-server-check").start(this::checkAll);
    }

    /// Checks every server now, on the calling thread.
    public void checkAll() {
        this.factories.forEach(this::check);
    }

    @Override
    public void destroy() {
        this.closed = true;
        Thread running = this.thread;
        if (running != null) {
            running.interrupt();
        }
    }

    private void check(String part, RedisConnectionFactory factory) {
        RedisServerCheck check;
        try {
            check = RedisServerCheck.of(factory);
        }
        catch (RuntimeException ex) {
            if (this.closed) {
                return;
            }
            log.warn("Could not check the Redis server of the Stem {} ({}); Stem connects when it needs Redis and "
                    + "the worker keeps retrying until the server is reachable", part, ex.toString());
            return;
        }
        log.info("Redis server of the Stem {}: version {}, maxmemory-policy {}, append-only file {}", part,
                check.version(), check.maxmemoryPolicy() != null ? check.maxmemoryPolicy() : "unknown",
                check.aofEnabled() ? "on" : "off");
        for (String problem : check.problems()) {
            log.warn("Redis server of the Stem {}: {}", part, problem);
        }
    }
}
