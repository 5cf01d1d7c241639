package dev.stem.redis.support;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/// What kind of Redis deployment a connection factory talks to, where a script's reach depends on it.
public final class RedisDeployment {

    private RedisDeployment() {
    }

    /// Whether `connectionFactory` talks to a Redis Cluster, where one script may only touch keys of
    /// one hash slot.
    public static boolean isCluster(RedisConnectionFactory connectionFactory) {
        return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
    }
}
