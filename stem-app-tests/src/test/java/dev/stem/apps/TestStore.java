package dev.stem.apps;

import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RedisTestServer;

/// A Stem store of its own on one of the shared test servers: a random Redis key prefix or
/// PostgreSQL table prefix, so tests never see each other's queues, and [#close()] deletes what the
/// processes left there. The servers are stem-test's [RedisTestServer] and [PostgresTestServer];
/// without one, the test is skipped with the reason, or fails when `STEM_REQUIRE_SERVICES=true` or
/// `CI=true`.
/// The jars get PostgreSQL as `postgresql://user@host:port/db`, the form `stem.broker.url` takes.
final class TestStore implements AutoCloseable {

    /// The two servers the jars are tested against.
    enum Kind {
        REDIS, POSTGRES
    }

    private final Kind kind;

    private final String serverUrl;

    private final String brokerUrl;

    private final String prefix;

    private TestStore(Kind kind, String serverUrl, String brokerUrl, String prefix) {
        this.kind = kind;
        this.serverUrl = serverUrl;
        this.brokerUrl = brokerUrl;
        this.prefix = prefix;
    }

    /// A fresh store on the `kind` server; skips or fails the calling test when there is none.
    static TestStore open(Kind kind) {
        String url = switch (kind) {
            case REDIS -> RedisTestServer.url();
            case POSTGRES -> PostgresTestServer.jdbcUrlWithCredentials();
        };
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        String random = HexFormat.of().formatHex(bytes);
        return switch (kind) {
            case REDIS -> new TestStore(kind, url.trim(), url.trim(), "stem-apps-" + random);
            case POSTGRES -> new TestStore(kind, url.trim(), postgresUrl(url.trim()), "apps" + random + "_");
        };
    }

    Kind kind() {
        return this.kind;
    }

    /// `--stem.broker.url=...` and the prefix setting, as program arguments.
    List<String> arguments() {
        String prefixSetting = this.kind == Kind.REDIS ? "--stem.redis.key-prefix=" : "--stem.jdbc.table-prefix=";
        return List.of("--stem.broker.url=" + this.brokerUrl, prefixSetting + this.prefix);
    }

    /// The same settings as `key=value` properties, for the tests' own client.
    List<String> properties() {
        return arguments().stream().map(argument -> argument.substring(2)).toList();
    }

    /// Deletes the store's keys or tables.
    @Override
    public void close() {
        if (this.kind == Kind.REDIS) {
            deleteRedisKeys();
        }
        else {
            dropPostgresTables();
        }
    }

    /// The `postgresql://user[:password]@host:port/db?params` form of a `jdbc:postgresql://` URL whose
    /// `user` and `password` are query parameters; other parameters stay in the query.
    static String postgresUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            return jdbcUrl;
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = null;
        String password = null;
        List<String> rest = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                if (parameter.startsWith("user=")) {
                    user = parameter.substring("user=".length());
                }
                else if (parameter.startsWith("password=")) {
                    password = parameter.substring("password=".length());
                }
                else if (!parameter.isEmpty()) {
                    rest.add(parameter);
                }
            }
        }
        String userInfo = user == null ? "" : user + (password == null ? "" : ":" + password) + "@";
        String query = rest.isEmpty() ? "" : "?" + String.join("&", rest);
        return "postgresql://" + userInfo + uri.getRawAuthority() + uri.getRawPath() + query;
    }

    private void deleteRedisKeys() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(this.serverUrl));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            List<String> keys = new ArrayList<>();
            try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(this.prefix + ":*").count(1_000)
                    .build())) {
                cursor.forEachRemaining(keys::add);
            }
            if (!keys.isEmpty()) {
                redis.unlink(keys);
            }
        }
        finally {
            factory.destroy();
        }
    }

    private void dropPostgresTables() {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.serverUrl));
        List<String> tables = jdbc.queryForList("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND starts_with(tablename, ?)""", String.class, this.prefix);
        if (!tables.isEmpty()) {
            jdbc.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + " CASCADE");
        }
    }
}
