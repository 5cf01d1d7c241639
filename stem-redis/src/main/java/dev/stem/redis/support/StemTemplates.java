package dev.stem.redis.support;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/// The string template every Redis adapter of Stem talks through.
///
/// It exposes the connection to callbacks and scripts as it is, instead of a close-suppressing proxy
/// made per call: Stem's own callbacks never close their connection, and the proxy's reflective
/// dispatch was a measurable part of each hot script call (docs/performance.md).
public final class StemTemplates {

    private StemTemplates() {
    }

    /// A ready template on `connectionFactory`.
    public static StringRedisTemplate of(RedisConnectionFactory connectionFactory) {
        StringRedisTemplate template = new StringRedisTemplate(connectionFactory);
        template.setExposeConnection(true);
        return template;
    }
}
