package dev.stem.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.RateLimiter;
import dev.stem.envelope.Names;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemTemplates;

/// A [RateLimiter] on Redis: one token bucket per key in the hash `<prefix>:rate:<key>`, refilled
/// continuously by the Redis server clock and taken from by one Lua script, so every worker on the
/// server shares it and no caller's clock matters. An idle bucket expires once it would be full.
public final class RedisRateLimiter implements RateLimiter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TOKEN_BUCKET = RedisScripts.load("token_bucket", List.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    /// Buckets on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisRateLimiter(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Names.requireKey("rate limit key", key);
        List<?> decision = this.redis.execute(TOKEN_BUCKET, List.of(this.keys.key("rate:" + key)),
                String.valueOf(limit.permits()), String.valueOf(Math.max(1, limit.period().toMillis())));
        if (((Number) decision.get(0)).longValue() == 1) {
            return RateLimitDecision.grant();
        }
        return RateLimitDecision.deny(Duration.ofMillis(Math.max(1, ((Number) decision.get(1)).longValue())));
    }
}
