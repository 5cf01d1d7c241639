package dev.stem.test.server;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/// Starts the `redis:7` container of [RedisTestServer]; Testcontainers stops it when the JVM exits.
final class RedisContainer {

    private RedisContainer() {
    }

    /// Starts a container and returns its `redis://` URL.
    static String start() {
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }
}
