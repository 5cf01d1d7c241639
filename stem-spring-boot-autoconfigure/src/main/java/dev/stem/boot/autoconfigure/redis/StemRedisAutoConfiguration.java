package dev.stem.boot.autoconfigure.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.lettuce.core.resource.ClientResources;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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
import dev.stem.redis.RedisDistributedLock;
import dev.stem.redis.RedisEventBus;
import dev.stem.redis.RedisRateLimiter;
import dev.stem.redis.RedisResultBackend;
import dev.stem.redis.RedisRevokeStore;
import dev.stem.redis.RedisScheduleStore;
import dev.stem.redis.RedisStreamsBroker;
import dev.stem.redis.RedisWorkerRegistry;
import dev.stem.schedule.ScheduleStore;

/// Auto-configuration of Stem's Redis stores (`stem-redis`), active when `stem.broker.*` or
/// `stem.backend.*` selects Redis. Every bean backs off when the application defines its own.
///
/// - Connections ([StemRedisConnections]): a Lettuce factory of Stem's own for a part with a
///   connection of its own ([StemRedisConnectionDetails]: from `stem.broker.url` /
///   `stem.backend.url`, `redis://` or `rediss://`, or the application's bean; `stem.redis.*` sets
///   its timeouts and SSL bundle; Boot's client resources and the application's Lettuce
///   customizers apply to it);
///   otherwise the application's `RedisConnectionFactory` (the unique or primary one), so
///   `spring.data.redis.*`, `@ServiceConnection` and SSL bundles apply with no Stem code.
/// - A `ClientResourcesBuilderCustomizer` that bounds and jitters Lettuce's reconnect delay
///   (`stem.redis.reconnect-delay-max`, default 1 s).
/// - The broker and the coordination stores (schedules, locks, rate limits, revokes, worker
///   registry, events) when the broker is on Redis; the result backend when results are.
/// - A [StemRedisServerCheck] that logs the servers' risks at startup without ever failing it
///   (`stem.redis.check-server=false` turns it off).
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisStreamsBroker.class, ClientResourcesBuilderCustomizer.class })
@Conditional(OnRedisStoreCondition.class)
@EnableConfigurationProperties(StemRedisProperties.class)
public final class StemRedisAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StemRedisAutoConfiguration.class);

    StemRedisAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    StemRedisConnectionDetails stemRedisConnectionDetails(Environment environment) {
        return new PropertiesStemRedisConnectionDetails(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    StemRedisConnections stemRedisConnections(Environment environment, StemRedisProperties properties,
            StemRedisConnectionDetails details, ObjectProvider<RedisConnectionFactory> application,
            ObjectProvider<SslBundles> sslBundles, ObjectProvider<ClientResources> clientResources,
            ObjectProvider<ClientResourcesBuilderCustomizer> resourcesCustomizers,
            ObjectProvider<LettuceClientConfigurationBuilderCustomizer> clientCustomizers) {
        StemRedisConnectionFactoryBuilder builder = new StemRedisConnectionFactoryBuilder(properties,
                sslBundles.getIfAvailable(), clientResources.getIfUnique(), resourcesCustomizers.orderedStream().toList(),
                clientCustomizers.orderedStream().toList());
        StemStoreType broker = StemStores.broker(environment);
        StemStoreType backend = StemStores.backend(environment);
        return StemRedisConnections.resolve(broker == StemStoreType.REDIS, details.broker(),
                backend == StemStoreType.REDIS, details.backend(), builder::build,
                () -> applicationFactory(application, properties, broker == StemStoreType.REDIS ? "broker" : "backend"),
                builder);
    }

    /// Bounds and jitters Lettuce's reconnect delay (`stem.redis.reconnect-delay-max`) on the client
    /// resources Spring Boot builds for the application's Redis connection (which Stem uses unless
    /// it has URLs of its own, and whose resources its own connections then share), so work
    /// resumes within about that long of a restarted Redis answering again, not after Lettuce's
    /// default backoff of up to 30 s.
    @Bean
    @ConditionalOnMissingBean(name = "stemRedisReconnectDelay")
    ClientResourcesBuilderCustomizer stemRedisReconnectDelay(StemRedisProperties properties) {
        Duration max = properties.getReconnectDelayMax();
        return builder -> builder.reconnectDelay(StemRedisConnectionFactoryBuilder.reconnectDelay(max));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "stem.redis.check-server", matchIfMissing = true)
    StemRedisServerCheck stemRedisServerCheck(StemRedisConnections connections, StemRedisProperties properties) {
        return new StemRedisServerCheck(connections.all(), properties.isAllowEvictingPolicy());
    }

    @Bean
    @ConditionalOnMissingBean(ResultBackend.class)
    @ConditionalOnStemStore(value = StemStoreType.REDIS, role = ConditionalOnStemStore.Role.BACKEND)
    RedisResultBackend stemResultBackend(StemRedisConnections connections, StemRedisProperties properties) {
        return new RedisResultBackend(Objects.requireNonNull(connections.backend()), properties.getKeyPrefix());
    }

    private static RedisConnectionFactory applicationFactory(ObjectProvider<RedisConnectionFactory> application,
            StemRedisProperties properties, String part) {
        RedisConnectionFactory factory = application.getIfUnique();
        if (factory == null) {
            long candidates = application.stream().count();
            throw new IllegalStateException("stem." + part + " is set to redis but there is "
                    + (candidates == 0 ? "no RedisConnectionFactory" : candidates
                            + " RedisConnectionFactory beans and none is @Primary")
                    + " for it: set stem." + part + ".url (redis://host:6379 or rediss://...), or configure "
                    + "spring.data.redis.* with org.springframework.boot:spring-boot-starter-data-redis");
        }
        if (properties.getSsl().getBundle() != null) {
            log.warn("stem.redis.ssl.bundle is ignored: it applies to connections from stem.broker.url and "
                    + "stem.backend.url, and the Stem {} uses the application's Redis connection "
                    + "(spring.data.redis.ssl.bundle configures that)", part);
        }
        if (factory instanceof LettuceConnectionFactory lettuce) {
            Duration timeout = lettuce.getClientConfiguration().getCommandTimeout();
            if (timeout.compareTo(properties.minimumCommandTimeout()) < 0) {
                log.warn("The application's Redis command timeout ({}, spring.data.redis.timeout) is shorter than "
                        + "stem.redis.reclaim-interval + 1s ({}): waiting fetches will time out; raise the timeout "
                        + "or lower the reclaim interval", timeout, properties.minimumCommandTimeout());
            }
        }
        return factory;
    }

    /// The broker and the coordination stores, which live where the broker does.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnStemStore(value = StemStoreType.REDIS, role = ConditionalOnStemStore.Role.BROKER)
    static class BrokerStores {

        @Bean
        @ConditionalOnMissingBean(Broker.class)
        RedisStreamsBroker stemBroker(StemRedisConnections connections, StemRedisProperties properties,
                ObjectProvider<EnvelopeCodec> codec) {
            return new RedisStreamsBroker(broker(connections), properties.getKeyPrefix(),
                    codec.getIfAvailable(EnvelopeCodec::new), Clock.systemUTC(), properties.brokerOptions());
        }

        @Bean
        @ConditionalOnMissingBean(EventBus.class)
        RedisEventBus stemEventBus(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisEventBus(broker(connections), properties.getKeyPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(ScheduleStore.class)
        RedisScheduleStore stemScheduleStore(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisScheduleStore(broker(connections), properties.getKeyPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(DistributedLock.class)
        RedisDistributedLock stemDistributedLock(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisDistributedLock(broker(connections), properties.getKeyPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(RateLimiter.class)
        RedisRateLimiter stemRateLimiter(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisRateLimiter(broker(connections), properties.getKeyPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(RevokeStore.class)
        RedisRevokeStore stemRevokeStore(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisRevokeStore(broker(connections), properties.getKeyPrefix());
        }

        @Bean
        @ConditionalOnMissingBean(WorkerRegistry.class)
        RedisWorkerRegistry stemWorkerRegistry(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisWorkerRegistry(broker(connections), properties.getKeyPrefix());
        }

        private static RedisConnectionFactory broker(StemRedisConnections connections) {
            return Objects.requireNonNull(connections.broker());
        }
    }
}
