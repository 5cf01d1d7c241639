package dev.stem.boot.autoconfigure.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.broker.Broker;
import dev.stem.client.TaskHandle;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/// The PostgreSQL auto-configuration against a real server (see [PostgresTestServer]): a task
/// runs end to end on the application's `DataSource` and on a pool built from `stem.broker.url`,
/// an enqueue through the Boot-wired client commits or rolls back with the caller's transaction, and
/// the stores wait for Flyway when it runs Stem's scripts instead of Stem.
/// Each test uses a random table prefix of its own (so every context starts on an empty schema);
/// the tables are dropped afterwards.
@RequiresPostgres
class StemJdbcAutoConfigurationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = PostgresTestServer.randomPrefix();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, JacksonAutoConfiguration.class,
                    StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.jdbc.table-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                    "stem.worker.fetch-wait=200ms");

    StemJdbcAutoConfigurationIntegrationTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void dropTables() {
        prefixes.forEach(PostgresTestServer::dropTables);
    }

    @Test
    void taskRunsEndToEndOnTheApplicationDataSource() {
        this.contextRunner.withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
                .withPropertyValues("stem.broker.type=postgres")
                .withUserConfiguration(MathTasks.class, ReadsStemTablesAtStartup.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StemJdbcDataSources.class).broker())
                            .isSameAs(context.getBean(DataSource.class));
                    assertThat(context.getBean(ReadsStemTablesAtStartup.class).jobsAtStartup).isZero();

                    TaskHandle<Object> handle = context.getBean(Stem.class)
                            .enqueue("math.add", Map.of("a", 2, "b", 3));

                    assertThat(handle.result(WAIT)).isEqualTo(5);
                    String stateSql = "SELECT state FROM " + this.prefix + "results WHERE task_id = ?";
                    String state = PostgresTestServer.jdbc().queryForObject(stateSql, String.class, handle.id());
                    assertThat(state).isEqualTo("SUCCESS");
                });
    }

    @Test
    void brokerUrlBuildsADataSourceOfItsOwn() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues("stem.jdbc.table-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                        "stem.broker.url=" + PostgresTestServer.postgresqlUrl())
                .withUserConfiguration(MathTasks.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DataSource.class);
                    assertThat(context.getBean(StemJdbcDataSources.class).broker())
                            .asInstanceOf(InstanceOfAssertFactories.type(HikariDataSource.class))
                            .extracting(HikariDataSource::getPoolName).isEqualTo("stem-broker");

                    TaskHandle<Object> handle = context.getBean(Stem.class)
                            .enqueue("math.add", Map.of("a", 40, "b", 2));

                    assertThat(handle.result(WAIT)).isEqualTo(42);
                });
    }

    @Test
    void enqueueInsideATransactionCommitsOrRollsBackWithIt() {
        this.contextRunner.withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
                .withPropertyValues("stem.broker.type=postgres", "stem.worker.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Stem stem = context.getBean(Stem.class);
                    Broker broker = context.getBean(Broker.class);
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
                    String orders = this.prefix + "orders";
                    jdbc.execute("CREATE TABLE IF NOT EXISTS " + orders + " (id text PRIMARY KEY)");

                    assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult(status -> {
                        jdbc.update("INSERT INTO " + orders + " (id) VALUES ('o-1')");
                        stem.enqueue("orders.confirm", Map.of("orderId", "o-1"));
                        throw new IllegalStateException("payment declined");
                    }));
                    assertThat(broker.stats("default").ready()).isZero();
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM " + orders, Long.class)).isZero();

                    transactions.executeWithoutResult(status -> {
                        jdbc.update("INSERT INTO " + orders + " (id) VALUES ('o-2')");
                        stem.enqueue("orders.confirm", Map.of("orderId", "o-2"));
                        assertThat(PostgresTestServer.jdbc().queryForObject(
                                "SELECT count(*) FROM " + this.prefix + "jobs", Long.class))
                                .as("not visible to others before the commit").isZero();
                    });
                    assertThat(broker.stats("default").ready()).isEqualTo(1);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM " + orders, Long.class)).isEqualTo(1);
                    broker.purge("default");
                });
    }

    @Test
    void storesWaitForFlywayRunningStemsScriptsWhenStemsOwnInitializationIsOff() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.initialize-schema=never",
                        "spring.flyway.locations=classpath:dev/stem/jdbc",
                        "spring.flyway.table=" + this.prefix + "flyway_history",
                        "spring.flyway.placeholders.prefix=" + this.prefix,
                        "spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=0")
                .withUserConfiguration(MathTasks.class, ReadsStemTablesAtStartup.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ReadsStemTablesAtStartup.class).jobsAtStartup).isZero();
                    assertThat(PostgresTestServer.jdbc().queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
                            this.prefix + "schema_version")).as("Stem's own migration did not run").isTrue();

                    TaskHandle<Object> handle = context.getBean(Stem.class)
                            .enqueue("math.add", Map.of("a", 1, "b", 1));

                    assertThat(handle.result(WAIT)).isEqualTo(2);
                });
    }

    @Test
    void initializeSchemaNeverCreatesNoTables() {
        this.contextRunner.withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
                .withPropertyValues("stem.broker.type=postgres", "stem.worker.enabled=false",
                        "stem.jdbc.initialize-schema=never")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(PostgresBroker.class);
                    assertThat(PostgresTestServer.jdbc().queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
                            this.prefix + "jobs")).isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class MathTasks {

        @StemTask(name = "math.add")
        public int add(int a, int b) {
            return a + b;
        }
    }

    /// An application bean that reads Stem's tables while the context starts: marked
    /// `@DependsOnDatabaseInitialization`, it is created after Stem's schema initializer although
    /// it is registered before it.
    @Configuration(proxyBeanMethods = false)
    @DependsOnDatabaseInitialization
    static class ReadsStemTablesAtStartup {

        final long jobsAtStartup;

        ReadsStemTablesAtStartup(DataSource dataSource, StemJdbcProperties properties) {
            Long jobs = new JdbcTemplate(dataSource)
                    .queryForObject("SELECT count(*) FROM " + properties.getTablePrefix() + "jobs", Long.class);
            this.jobsAtStartup = jobs != null ? jobs : -1;
        }
    }
}
