package dev.stem.bench.store;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.jdbc.JdbcResultBackend;
import dev.stem.jdbc.JdbcRevokeStore;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.jdbc.PostgresBrokerOptions;
import dev.stem.jdbc.PostgresListener;
import dev.stem.jdbc.StemJdbcSchema;
import dev.stem.jdbc.TablePrefix;

/// [PostgresBroker], [JdbcResultBackend] and [JdbcRevokeStore] on one HikariCP pool, sharing one `LISTEN` connection
/// (as the Boot auto-configuration does), on tables under one prefix. An owning store creates the
/// tables ([StemJdbcSchema]) when opened and drops every table starting with its prefix when closed.
final class PostgresBenchStore implements BenchStore {

    private static final Duration RESULT_POLL_INTERVAL = Duration.ofMillis(500);

    private final HikariDataSource dataSource;

    private final TablePrefix prefix;

    private final boolean owner;

    private final PostgresListener listener;

    private final PostgresBroker broker;

    private final JdbcResultBackend backend;

    private final JdbcRevokeStore revokes;

    private PostgresBenchStore(HikariDataSource dataSource, TablePrefix prefix, boolean owner) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.owner = owner;
        if (owner) {
            new StemJdbcSchema(dataSource, prefix).migrate();
        }
        this.listener = PostgresListener.started(dataSource);
        this.broker = new PostgresBroker(dataSource, prefix, new EnvelopeCodec(), PostgresBrokerOptions.DEFAULTS,
                this.listener);
        this.backend = new JdbcResultBackend(dataSource, prefix, this.listener, RESULT_POLL_INTERVAL);
        this.revokes = new JdbcRevokeStore(dataSource, prefix);
    }

    static PostgresBenchStore open(String url, String prefix, int connections, boolean owner) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(0);
        config.setPoolName("stem-bench");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            return new PostgresBenchStore(dataSource, TablePrefix.of(prefix), owner);
        }
        catch (RuntimeException ex) {
            dataSource.close();
            throw ex;
        }
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public String prefix() {
        return this.prefix.value();
    }

    @Override
    public Broker broker() {
        return this.broker;
    }

    @Override
    public RevokeStore revokes() {
        return this.revokes;
    }

    @Override
    public ResultBackend backend() {
        return this.backend;
    }

    @Override
    public OptionalLong serverCpuNanos() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        try {
            this.broker.close();
            this.backend.close();
            this.listener.close();
            if (this.owner) {
                dropTables();
            }
        }
        finally {
            this.dataSource.close();
        }
    }

    private void dropTables() {
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        List<String> tables = jdbc.queryForList("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND starts_with(tablename, ?)""", String.class, this.prefix.value());
        if (!tables.isEmpty()) {
            jdbc.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + " CASCADE");
        }
    }
}
