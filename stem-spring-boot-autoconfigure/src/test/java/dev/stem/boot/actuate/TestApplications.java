package dev.stem.boot.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RedisTestServer;

/// Properties of the [ObservedApplication] on Redis or on PostgreSQL: a random port, the Stem
/// endpoint and Prometheus exposed, fast fetches and queue readings, and a private key or table prefix.
final class TestApplications {

    private TestApplications() {
    }

    static String[] redis(String prefix, String... more) {
        List<String> properties = common();
        properties.add("stem.broker.url=" + RedisTestServer.url());
        properties.add("spring.data.redis.url=" + RedisTestServer.url());
        properties.add("stem.redis.key-prefix=" + prefix);
        properties.add("spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    static String[] postgres(String prefix, String... more) {
        List<String> properties = common();
        properties.addAll(PostgresTestServer.dataSourceProperties());
        properties.add("stem.broker.type=postgres");
        properties.add("stem.jdbc.table-prefix=" + prefix);
        properties.add("spring.flyway.enabled=false");
        properties.add("spring.autoconfigure.exclude="
                + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    private static List<String> common() {
        return new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=health,info,prometheus,stem",
                "management.endpoint.health.show-details=always",
                "stem.worker.fetch-wait=200ms", "stem.worker.shutdown-timeout=2s",
                "stem.worker.heartbeat-interval=500ms", "stem.observability.queues.poll-interval=200ms"));
    }
}
