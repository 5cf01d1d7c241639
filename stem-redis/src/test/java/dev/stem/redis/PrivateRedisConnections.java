package dev.stem.redis;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;

import dev.stem.test.server.PrivateRedisServer;

/// Started Lettuce connection factories on a [PrivateRedisServer], with a command timeout of the
/// test's choosing; the caller destroys them.
final class PrivateRedisConnections {

    private PrivateRedisConnections() {
    }

    static LettuceConnectionFactory connect(PrivateRedisServer server, Duration commandTimeout) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .commandTimeout(commandTimeout)
                .clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", server.port()), client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
