package dev.stem.boot.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.jdbc.PostgresListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The `LISTEN` connection is the context's to start: none is taken while beans are created, the
/// listener starts with the context and stops with it, never with `stem.jdbc.listen=false`; and
/// `stemJdbcDataSources` backs off for the application's own.
class StemPostgresListenersTests {

    /// How long nothing may connect (a started listener connects at once, within milliseconds).
    private static final Duration QUIET = Duration.ofMillis(1500);

    private final CountingDataSource dataSource = new CountingDataSource();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemJdbcAutoConfiguration.class,
                    StemAutoConfiguration.class))
            .withPropertyValues("stem.jdbc.initialize-schema=never", "stem.worker.enabled=false",
                    "stem.broker.type=postgres")
            .withBean(DataSource.class, () -> this.dataSource);

    @Test
    void aNewListenerHoldsNoThreadAndNoConnection() {
        PostgresListener listener = new PostgresListener(this.dataSource);

        assertThat(listener.isRunning()).isFalse();
        await().during(QUIET).atMost(QUIET.plusSeconds(30)).until(() -> this.dataSource.connections.get() == 0);
        listener.close();
    }

    @Test
    void theListenerStartsWithTheContextAndStopsWithIt() {
        this.contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            PostgresListener listener = context.getBean(PostgresListener.class);
            assertThat(context.getBean(StemPostgresListeners.class).isRunning()).isTrue();
            assertThat(listener.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> this.dataSource.connections.get() > 0);

            context.stop();

            assertThat(listener.isRunning()).isFalse();
        });
    }

    @Test
    void listenFalseNeverStartsTheListener() {
        this.contextRunner.withPropertyValues("stem.jdbc.listen=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PostgresListener.class).isRunning()).isFalse();
            assertThat(context).hasSingleBean(PostgresBroker.class);
            await().during(QUIET).atMost(QUIET.plusSeconds(30)).until(() -> this.dataSource.connections.get() == 0);
        });
    }

    @Test
    void stemJdbcDataSourcesBacksOffForTheApplicationsOwn() {
        DataSource stemOnly = new CountingDataSource();
        this.contextRunner.withBean(StemJdbcDataSources.class, () -> new StemJdbcDataSources(stemOnly, stemOnly))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(StemJdbcDataSources.class);
                    assertThat(context.getBean(StemJdbcDataSources.class).broker()).isSameAs(stemOnly);
                });
    }

    /// A `DataSource` on a port nothing listens on that counts the connections asked of it.
    static final class CountingDataSource extends DelegatingDataSource {

        final AtomicInteger connections = new AtomicInteger();

        CountingDataSource() {
            super(new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://127.0.0.1:1/nowhere"));
        }

        @Override
        public Connection getConnection() throws SQLException {
            this.connections.incrementAndGet();
            return super.getConnection();
        }
    }
}
