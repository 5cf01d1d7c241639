package dev.stem.boot.autoconfigure.jdbc;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.diagnostics.StemStoreNotConfiguredException;
import dev.stem.broker.Broker;
import dev.stem.control.DistributedLock;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.jdbc.JdbcDistributedLock;
import dev.stem.jdbc.JdbcEventBus;
import dev.stem.jdbc.JdbcRateLimiter;
import dev.stem.jdbc.JdbcResultBackend;
import dev.stem.jdbc.JdbcRevokeStore;
import dev.stem.jdbc.JdbcScheduleStore;
import dev.stem.jdbc.JdbcWorkerRegistry;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.jdbc.PostgresBrokerOptions;
import dev.stem.jdbc.PostgresListener;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryScheduleStore;
import dev.stem.schedule.ScheduleStore;

import static org.assertj.core.api.Assertions.assertThat;

/// Wiring of the PostgreSQL auto-configuration, without a server: the data sources point at a port
/// nothing listens on, the schema is not applied and no worker runs, so nothing connects (the
/// listener's attempts fail and are retried in the background).
class StemJdbcAutoConfigurationTests {

    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/nowhere";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemJdbcAutoConfiguration.class,
                    StemAutoConfiguration.class))
            .withPropertyValues("stem.jdbc.initialize-schema=never", "stem.worker.enabled=false");

    @Test
    void nothingIsConfiguredUnlessPostgresIsSelected() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StemJdbcDataSources.class);
            assertThat(context).doesNotHaveBean(PostgresListener.class);
            assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
        });
    }

    @Test
    void brokerTypePostgresPutsEveryStoreOnTheApplicationDataSource() {
        DataSource appDataSource = unreachable();
        this.contextRunner.withBean(DataSource.class, () -> appDataSource)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(PostgresBroker.class);
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(JdbcResultBackend.class);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(JdbcEventBus.class);
                    assertThat(context).getBean(ScheduleStore.class).isInstanceOf(JdbcScheduleStore.class);
                    assertThat(context).getBean(DistributedLock.class).isInstanceOf(JdbcDistributedLock.class);
                    assertThat(context).getBean(RateLimiter.class).isInstanceOf(JdbcRateLimiter.class);
                    assertThat(context).getBean(RevokeStore.class).isInstanceOf(JdbcRevokeStore.class);
                    assertThat(context).getBean(WorkerRegistry.class).isInstanceOf(JdbcWorkerRegistry.class);
                    assertThat(context).hasSingleBean(PostgresListener.class);
                    assertThat(context).hasSingleBean(Stem.class);
                    StemJdbcDataSources dataSources = context.getBean(StemJdbcDataSources.class);
                    assertThat(dataSources.broker()).isSameAs(appDataSource);
                    assertThat(dataSources.backend()).isSameAs(appDataSource);
                    assertThat(dataSources.all()).containsExactly(appDataSource);
                });
    }

    @Test
    void postgresBackendAloneLeavesTheBrokerAndCoordinationStoresInMemory() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.backend.type=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(JdbcResultBackend.class);
                    assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(InMemoryEventBus.class);
                    assertThat(context).getBean(ScheduleStore.class).isInstanceOf(InMemoryScheduleStore.class);
                    assertThat(context.getBean(StemJdbcDataSources.class).broker()).isNull();
                });
    }

    @Test
    void postgresBrokerWithAnotherBackendKeepsResultsOutOfPostgres() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.backend.type=memory")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(PostgresBroker.class);
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(InMemoryResultBackend.class);
                    assertThat(context.getBean(StemJdbcDataSources.class).backend()).isNull();
                });
    }

    @Test
    void stemDataSourceWinsOverThePrimaryDataSource() {
        this.contextRunner.withUserConfiguration(TwoDataSources.class)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StemJdbcDataSources.class).broker())
                            .isSameAs(context.getBean("stemOnly"));
                });
    }

    @Test
    void brokerUrlBuildsAPoolOfItsOwnAndClosesIt() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=postgresql://stem:s3cret@127.0.0.1:1/jobs?connectTimeout=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DataSource.class);
                    HikariDataSource pool = (HikariDataSource) context.getBean(StemJdbcDataSources.class).broker();
                    assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/jobs?connectTimeout=1");
                    assertThat(pool.getUsername()).isEqualTo("stem");
                    assertThat(pool.getPassword()).isEqualTo("s3cret");
                    assertThat(pool.getPoolName()).isEqualTo("stem-broker");
                    assertThat(context.getBean(StemJdbcDataSources.class).backend()).isSameAs(pool);
                    context.close();
                    assertThat(pool.isClosed()).isTrue();
                });
    }

    @Test
    void brokerUrlWinsOverTheApplicationDataSource() {
        DataSource appDataSource = unreachable();
        this.contextRunner.withBean(DataSource.class, () -> appDataSource)
                .withPropertyValues("stem.broker.url=jdbc:postgresql://127.0.0.1:1/jobs")
                .run(context -> assertThat(context.getBean(StemJdbcDataSources.class).broker())
                        .isInstanceOf(HikariDataSource.class)
                        .isNotSameAs(appDataSource));
    }

    @Test
    void backendUrlOfItsOwnGetsASecondPool() {
        this.contextRunner.withPropertyValues("stem.broker.url=postgresql://127.0.0.1:1/jobs",
                "stem.backend.url=postgresql://127.0.0.1:1/results").run(context -> {
                    StemJdbcDataSources dataSources = context.getBean(StemJdbcDataSources.class);
                    HikariDataSource backend = (HikariDataSource) dataSources.backend();
                    assertThat(backend.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/results");
                    assertThat(backend.getPoolName()).isEqualTo("stem-backend");
                    assertThat(dataSources.all()).hasSize(2);
                });
    }

    @Test
    void postgresWithoutAnyDataSourceFailsSayingWhatToSet() {
        this.contextRunner.withPropertyValues("stem.broker.type=postgres").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("stem.broker is set to postgres but there is no DataSource")
                    .hasMessageContaining("stem.broker.url")
                    .hasMessageContaining("spring.datasource.url")
                    .hasMessageContaining("@StemDataSource");
        });
    }

    @Test
    void nonPostgresUrlForAPostgresBrokerFailsNamingTheProperty() {
        this.contextRunner.withPropertyValues("stem.broker.type=postgres", "stem.broker.url=redis://localhost:6379")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure().rootCause()
                            .hasMessageStartingWith("Invalid stem.broker.url 'redis://localhost:6379'");
                });
    }

    @Test
    void invalidTablePrefixFailsNamingTheProperty() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.table-prefix=Stem-")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure()
                            .hasStackTraceContaining("stem.jdbc.table-prefix: Invalid table prefix 'Stem-'");
                });
    }

    @Test
    void zeroPollIntervalFailsNamingTheProperty() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.poll-interval=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure().hasStackTraceContaining("stem.jdbc.poll-interval")
                            .hasStackTraceContaining("must be at least 1ms");
                });
    }

    @Test
    void propertiesReachTheBeans() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.table-prefix=jobs_",
                        "stem.jdbc.poll-interval=2s", "stem.jdbc.reap-interval=1s", "stem.jdbc.listen=false")
                .run(context -> {
                    StemJdbcProperties properties = context.getBean(StemJdbcProperties.class);
                    assertThat(properties.prefix().table("jobs")).isEqualTo("jobs_jobs");
                    assertThat(properties.brokerOptions().pollInterval()).hasSeconds(2);
                    assertThat(properties.brokerOptions().reapInterval()).hasSeconds(1);
                    assertThat(properties.brokerOptions().listen()).isFalse();
                });
    }

    @Test
    void timeoutsAndThePayloadLimitReachTheBroker() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.claim-timeout=3s",
                        "stem.jdbc.lease-extension-timeout=2s", "stem.client.max-payload-size=2MB")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PostgresBrokerOptions options = context.getBean(PostgresBroker.class).options();
                    assertThat(options.claimTimeout()).hasSeconds(3);
                    assertThat(options.leaseExtensionTimeout()).hasSeconds(2);
                    assertThat(options.maxPayloadBytes()).isEqualTo(2 * 1024 * 1024);
                });
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    PostgresBrokerOptions options = context.getBean(PostgresBroker.class).options();
                    assertThat(options.claimTimeout()).isEqualTo(PostgresBrokerOptions.DEFAULT_CLAIM_TIMEOUT);
                    assertThat(options.leaseExtensionTimeout())
                            .isEqualTo(PostgresBrokerOptions.DEFAULT_LEASE_EXTENSION_TIMEOUT);
                    assertThat(options.maxPayloadBytes()).isEqualTo(1024 * 1024);
                });
    }

    @Test
    void zeroTimeoutsFailNamingTheProperty() {
        for (String property : List.of("stem.jdbc.claim-timeout", "stem.jdbc.lease-extension-timeout")) {
            this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                    .withPropertyValues("stem.broker.type=postgres", property + "=0s")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context).getFailure().hasStackTraceContaining(property)
                                .hasStackTraceContaining("must be at least 1ms");
                    });
        }
    }

    @Test
    void workerCommitsAreAsynchronousUnlessTurnedOff() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> assertThat(context.getBean(StemJdbcProperties.class).brokerOptions()
                        .asyncWorkerCommits()).isTrue());
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.async-worker-commits=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StemJdbcProperties.class).brokerOptions().asyncWorkerCommits())
                            .isFalse();
                });
    }

    @Test
    void everyStoreWaitsForDatabaseInitialization() {
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (String store : List.of("stemBroker", "stemResultBackend", "stemEventBus", "stemScheduleStore",
                            "stemDistributedLock", "stemRateLimiter", "stemRevokeStore", "stemWorkerRegistry")) {
                        assertThat(context.getBeanFactory().getBeanDefinition(store).getDependsOn())
                                .as(store).contains("stemJdbcSchemaInitializer");
                    }
                });
    }

    @Test
    void storesBackOffWhenTheApplicationDefinesItsOwn() {
        InMemoryBroker broker = new InMemoryBroker();
        InMemoryResultBackend backend = new InMemoryResultBackend();
        this.contextRunner.withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withBean(Broker.class, () -> broker)
                .withBean(ResultBackend.class, () -> backend)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isSameAs(broker);
                    assertThat(context).getBean(ResultBackend.class).isSameAs(backend);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(JdbcEventBus.class);
                });
    }

    @Test
    void backsOffWithoutStemJdbcSoTheStartFailsNamingTheModule() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(PostgresBroker.class))
                .withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure().rootCause().isInstanceOf(StemStoreNotConfiguredException.class)
                            .hasMessageContaining("stem-jdbc");
                });
    }

    @Test
    void backsOffWithoutSpringBootJdbc() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(DataSourceBuilder.class))
                .withBean(DataSource.class, StemJdbcAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=postgres")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure().rootCause().isInstanceOf(StemStoreNotConfiguredException.class)
                            .hasMessageContaining("spring-boot-starter-jdbc");
                });
    }

    private static DataSource unreachable() {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), NOWHERE);
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        @Bean
        @Primary
        DataSource appDataSource() {
            return unreachable();
        }

        @Bean
        @StemDataSource
        DataSource stemOnly() {
            return unreachable();
        }
    }
}
