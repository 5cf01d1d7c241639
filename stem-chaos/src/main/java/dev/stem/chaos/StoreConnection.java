package dev.stem.chaos;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.jdbc.JdbcResultBackend;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.jdbc.PostgresBrokerOptions;
import dev.stem.jdbc.StemJdbcSchema;
import dev.stem.jdbc.TablePrefix;
import dev.stem.redis.RedisResultBackend;
import dev.stem.redis.RedisStreamsBroker;

/// An open broker and result backend on one store, with the connections they use; closing it
/// closes them.
public final class StoreConnection implements AutoCloseable {

    private final Broker broker;

    private final ResultBackend backend;

    private final AutoCloseable connections;

    private StoreConnection(Broker broker, ResultBackend backend, AutoCloseable connections) {
        this.broker = broker;
        this.backend = backend;
        this.connections = connections;
    }

    /// The Redis Streams broker at `url` and the Redis result backend at `resultsUrl` (the same
    /// server or another), under `prefix`. The connections reconnect as Stem's Spring Boot wiring
    /// makes them (`stem.redis.reconnect-delay-max` at its default: a random delay up to a second),
    /// so a restart scenario measures what users get.
    static StoreConnection redis(String url, String resultsUrl, String prefix) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ZERO, Duration.ofSeconds(1), 10, TimeUnit.MILLISECONDS))
                .build();
        LettuceConnectionFactory messages = connect(url, resources);
        LettuceConnectionFactory results = resultsUrl.equals(url) ? messages : connect(resultsUrl, resources);
        return new StoreConnection(new RedisStreamsBroker(messages, prefix, new EnvelopeCodec(), Clock.systemUTC()),
                new RedisResultBackend(results, prefix), () -> {
                    messages.destroy();
                    if (results != messages) {
                        results.destroy();
                    }
                    resources.shutdown();
                });
    }

    private static LettuceConnectionFactory connect(String url, ClientResources resources) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(RedisURI.create(url)),
                LettuceClientConfiguration.builder().clientResources(resources).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /// The PostgreSQL broker and result backend at the JDBC `url`, on tables named with `prefix`,
    /// created when missing. The sessions carry `application_name` `stem-chaos-<prefix>`, so a
    /// scenario can find and terminate them. The system property `chaos.async-worker-commits`
    /// (default `true`) sets [PostgresBrokerOptions#asyncWorkerCommits()].
    static StoreConnection postgres(String url, String prefix) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(12);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("ApplicationName", applicationName(prefix));
        HikariDataSource dataSource = new HikariDataSource(config);
        TablePrefix tables = TablePrefix.of(prefix);
        new StemJdbcSchema(dataSource, tables).migrate();
        PostgresBrokerOptions options = new PostgresBrokerOptions(PostgresBrokerOptions.DEFAULTS.pollInterval(),
                PostgresBrokerOptions.DEFAULTS.reapInterval(), true,
                Boolean.parseBoolean(System.getProperty("chaos.async-worker-commits", "true")));
        return new StoreConnection(new PostgresBroker(dataSource, tables, new EnvelopeCodec(), options, null),
                new JdbcResultBackend(dataSource, tables), dataSource::close);
    }

    /// The `application_name` of every PostgreSQL session of a run with table prefix `prefix`.
    public static String applicationName(String prefix) {
        return "stem-chaos-" + prefix;
    }

    public Broker broker() {
        return this.broker;
    }

    public ResultBackend backend() {
        return this.backend;
    }

    @Override
    public void close() throws Exception {
        this.broker.close();
        this.backend.close();
        this.connections.close();
    }
}
