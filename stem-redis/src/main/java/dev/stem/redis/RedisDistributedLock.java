package dev.stem.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.control.DistributedLock;
import dev.stem.control.LockLease;
import dev.stem.envelope.Names;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemTemplates;

/// A [DistributedLock] on one Redis server: the key `<prefix>:lock:<name>` holds the holder's random
/// token, set with `SET NX PX`, so it lapses by itself; extending and releasing are scripts that
/// compare the token first, so only the holder can do either.
///
/// Like every single-server lock it is only as safe as the server: a failover that loses the key
/// lets a second holder in. Use it to save work, with a per-tick claim or idempotency as the guard.
public final class RedisDistributedLock implements DistributedLock {

    private static final RedisScript<Long> EXTEND = RedisScripts.load("lock_extend", Long.class);

    private static final RedisScript<Long> RELEASE = RedisScripts.load("lock_release", Long.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    /// Locks on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisDistributedLock(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public Optional<LockLease> tryAcquire(String name, Duration ttl) {
        requirePositive(ttl);
        String token = UUID.randomUUID().toString();
        Boolean acquired = this.redis.opsForValue().setIfAbsent(key(name), token, ttl);
        return Boolean.TRUE.equals(acquired) ? Optional.of(new LockLease(name, token)) : Optional.empty();
    }

    @Override
    public boolean extend(LockLease lease, Duration ttl) {
        requirePositive(ttl);
        Long extended = this.redis.execute(EXTEND, List.of(key(lease.name())), lease.token(),
                String.valueOf(ttl.toMillis()));
        return extended != null && extended == 1;
    }

    @Override
    public boolean release(LockLease lease) {
        Long released = this.redis.execute(RELEASE, List.of(key(lease.name())), lease.token());
        return released != null && released == 1;
    }

    private String key(String name) {
        return this.keys.key("lock:" + Names.requireKey("lock name", name));
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("lock ttl must be at least 1 ms, was " + ttl);
        }
    }
}
