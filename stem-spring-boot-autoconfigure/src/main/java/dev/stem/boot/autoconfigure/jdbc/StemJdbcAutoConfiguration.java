package dev.stem.boot.autoconfigure.jdbc;

import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.stem.backend.ResultBackend;
import dev.stem.boot.autoconfigure.ConditionalOnStemStore;
import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.boot.autoconfigure.StemStores;
import dev.stem.broker.Broker;
import dev.stem.control.DistributedLock;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.jdbc.JdbcDistributedLock;
import dev.stem.jdbc.JdbcEventBus;
import dev.stem.jdbc.JdbcRateLimiter;
import dev.stem.jdbc.JdbcResultBackend;
import dev.stem.jdbc.JdbcRevokeStore;
import dev.stem.jdbc.JdbcScheduleStore;
import dev.stem.jdbc.JdbcWorkerRegistry;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.jdbc.PostgresListener;
import dev.stem.schedule.ScheduleStore;

/// Auto-configuration of Stem's PostgreSQL stores (`stem-jdbc`), active when `stem.broker.*` or
/// `stem.backend.*` selects PostgreSQL. Every store, the listener and the schema initializer back
/// off when the application defines its own (a [StemJdbcDataSources] bean of the application's
/// replaces the `DataSource` choice); the `DataSource` choice is steered with `stem.*.url` and
/// [StemDataSource].
///
/// - `DataSource`: a pool of Stem's own for a part with a connection of its own
///   ([StemJdbcConnectionDetails]: from `stem.broker.url` / `stem.backend.url`,
///   `postgresql://user:password@host:5432/db` or `jdbc:postgresql://...`, or the application's
///   bean); otherwise the
///   `@StemDataSource` bean; otherwise the application's `DataSource` (the unique or primary one),
///   which is what makes transactional enqueue work.
/// - Schema: a [StemJdbcSchemaInitializer] applies Stem's scripts at startup
///   (`stem.jdbc.initialize-schema`, default `always`); every store bean is
///   `@DependsOnDatabaseInitialization`, so it waits for that initializer and for Flyway or Liquibase.
/// - One [PostgresListener] (one `LISTEN` connection) shared by the broker, the result backend and
///   the event bus (the backend has its own on a `DataSource` of its own), started by
///   [StemPostgresListeners] with the context, never with `stem.jdbc.listen=false`.
/// - The broker and the coordination stores when the broker is on PostgreSQL; the result backend
///   when results are.
/// - A [TransactionalEnqueueCheck] that warns once when an enqueue inside a Spring transaction
///   cannot join it (the broker is on another `DataSource`).
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ PostgresBroker.class, DataSourceBuilder.class })
@Conditional(OnPostgresStoreCondition.class)
@EnableConfigurationProperties(StemJdbcProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class StemJdbcAutoConfiguration {

    StemJdbcAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    StemJdbcConnectionDetails stemJdbcConnectionDetails(Environment environment) {
        return new PropertiesStemJdbcConnectionDetails(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    StemJdbcDataSources stemJdbcDataSources(Environment environment, StemJdbcConnectionDetails details,
            @StemDataSource ObjectProvider<DataSource> stemDataSource, ObjectProvider<DataSource> dataSource,
            StemJdbcProperties properties, ObjectProvider<SslBundles> sslBundles) {
        StemStoreType broker = StemStores.broker(environment);
        StemStoreType backend = StemStores.backend(environment);
        String bundle = properties.getSsl().getBundle();
        JdbcConnectionDetails brokerDetails = PostgresSslDetails.of(details.broker(), bundle,
                sslBundles.getIfAvailable());
        JdbcConnectionDetails backendDetails = details.backend() == details.broker() ? brokerDetails
                : PostgresSslDetails.of(details.backend(), bundle, sslBundles.getIfAvailable());
        return StemJdbcDataSources.resolve(broker == StemStoreType.POSTGRES, brokerDetails,
                backend == StemStoreType.POSTGRES, backendDetails, () -> {
                    DataSource shared = stemDataSource.getIfAvailable(dataSource::getIfUnique);
                    if (shared == null) {
                        String part = broker == StemStoreType.POSTGRES ? "broker" : "backend";
                        throw new IllegalStateException("stem." + part + " is set to postgres but there is no "
                                + "DataSource for it: set stem." + part + ".url (postgresql://user:password@host:5432/"
                                + "database), configure spring.datasource.url, or mark one DataSource bean "
                                + "@StemDataSource");
                    }
                    return shared;
                });
    }

    @Bean
    @ConditionalOnMissingBean
    StemJdbcSchemaInitializer stemJdbcSchemaInitializer(StemJdbcDataSources dataSources,
            StemJdbcProperties properties) {
        return new StemJdbcSchemaInitializer(dataSources.all(), properties.prefix(), properties.getInitializeSchema());
    }

    @Bean
    @ConditionalOnMissingBean
    StemPostgresListeners stemPostgresListeners(StemJdbcProperties properties) {
        return new StemPostgresListeners(properties.isListen());
    }

    @Bean
    @ConditionalOnMissingBean
    PostgresListener stemPostgresListener(StemJdbcDataSources dataSources, StemPostgresListeners listeners) {
        return listeners.on(dataSources.primary());
    }

    @Bean
    @ConditionalOnMissingBean(ResultBackend.class)
    @ConditionalOnStemStore(value = StemStoreType.POSTGRES, role = ConditionalOnStemStore.Role.BACKEND)
    @DependsOnDatabaseInitialization
    JdbcResultBackend stemResultBackend(StemJdbcDataSources dataSources, PostgresListener listener,
            StemPostgresListeners listeners, StemJdbcProperties properties) {
        DataSource backend = Objects.requireNonNull(dataSources.backend());
        PostgresListener shared = backend == dataSources.primary() ? listener : listeners.on(backend);
        return new JdbcResultBackend(backend, properties.prefix(), shared, properties.getPollInterval());
    }

    /// The broker and the coordination stores, which live where the broker does.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnStemStore(value = StemStoreType.POSTGRES, role = ConditionalOnStemStore.Role.BROKER)
    static class BrokerStores {

        @Bean
        @ConditionalOnMissingBean(Broker.class)
        @DependsOnDatabaseInitialization
        PostgresBroker stemBroker(StemJdbcDataSources dataSources, PostgresListener listener,
                StemJdbcProperties properties, ObjectProvider<EnvelopeCodec> codec) {
            EnvelopeCodec envelopeCodec = codec.getIfAvailable(EnvelopeCodec::new);
            return new PostgresBroker(broker(dataSources), properties.prefix(), envelopeCodec,
                    properties.brokerOptions().withMaxPayloadBytes(envelopeCodec.maxMessageBytes()), listener);
        }

        @Bean
        @ConditionalOnMissingBean
        TransactionalEnqueueCheck stemTransactionalEnqueueCheck(StemJdbcDataSources dataSources) {
            DataSource broker = broker(dataSources);
            return new TransactionalEnqueueCheck(broker, dataSources.isOwned(broker)
                    ? "its own pool from stem.broker.url" : "a DataSource the transaction does not use");
        }

        @Bean
        @ConditionalOnMissingBean(EventBus.class)
        @DependsOnDatabaseInitialization
        JdbcEventBus stemEventBus(StemJdbcDataSources dataSources, PostgresListener listener,
                StemJdbcProperties properties) {
            return new JdbcEventBus(broker(dataSources), properties.prefix(), listener);
        }

        @Bean
        @ConditionalOnMissingBean(ScheduleStore.class)
        @DependsOnDatabaseInitialization
        JdbcScheduleStore stemScheduleStore(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcScheduleStore(broker(dataSources), properties.prefix());
        }

        @Bean
        @ConditionalOnMissingBean(DistributedLock.class)
        @DependsOnDatabaseInitialization
        JdbcDistributedLock stemDistributedLock(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcDistributedLock(broker(dataSources), properties.prefix());
        }

        @Bean
        @ConditionalOnMissingBean(RateLimiter.class)
        @DependsOnDatabaseInitialization
        JdbcRateLimiter stemRateLimiter(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcRateLimiter(broker(dataSources), properties.prefix());
        }

        @Bean
        @ConditionalOnMissingBean(RevokeStore.class)
        @DependsOnDatabaseInitialization
        JdbcRevokeStore stemRevokeStore(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcRevokeStore(broker(dataSources), properties.prefix());
        }

        @Bean
        @ConditionalOnMissingBean(WorkerRegistry.class)
        @DependsOnDatabaseInitialization
        JdbcWorkerRegistry stemWorkerRegistry(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcWorkerRegistry(broker(dataSources), properties.prefix());
        }

        private static DataSource broker(StemJdbcDataSources dataSources) {
            return Objects.requireNonNull(dataSources.broker());
        }
    }
}
