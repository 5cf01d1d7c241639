package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryScheduleStore;
import dev.stem.redis.RedisDistributedLock;
import dev.stem.redis.RedisEventBus;
import dev.stem.redis.RedisRateLimiter;
import dev.stem.redis.RedisResultBackend;
import dev.stem.redis.RedisRevokeStore;
import dev.stem.redis.RedisScheduleStore;
import dev.stem.redis.RedisStreamsBroker;
import dev.stem.redis.RedisWorkerRegistry;
import dev.stem.schedule.ScheduleStore;
import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Wiring of the Redis auto-configuration, without a server: every connection points at a port
/// nothing listens on and no worker runs (except where a test says so), so nothing connects.
class StemRedisAutoConfigurationTests {

    private static final String NOWHERE = "redis://127.0.0.1:1";

    private final ApplicationContextRunner defaults = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
                    StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false");

    private final ApplicationContextRunner contextRunner = this.defaults
            .withPropertyValues("stem.redis.check-server=false");

    @Test
    void nothingIsConfiguredUnlessRedisIsSelected() {
        this.contextRunner.withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StemRedisConnections.class);
                    assertThat(context).doesNotHaveBean(StemRedisProperties.class);
                    assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
                });
    }

    @Test
    void brokerTypeRedisPutsEveryStoreOnTheApplicationConnectionFactory() {
        LettuceConnectionFactory appFactory = unreachable();
        this.contextRunner.withBean(RedisConnectionFactory.class, () -> appFactory)
                .withPropertyValues("stem.broker.type=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(RedisStreamsBroker.class);
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(RedisResultBackend.class);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(RedisEventBus.class);
                    assertThat(context).getBean(ScheduleStore.class).isInstanceOf(RedisScheduleStore.class);
                    assertThat(context).getBean(DistributedLock.class).isInstanceOf(RedisDistributedLock.class);
                    assertThat(context).getBean(RateLimiter.class).isInstanceOf(RedisRateLimiter.class);
                    assertThat(context).getBean(RevokeStore.class).isInstanceOf(RedisRevokeStore.class);
                    assertThat(context.getBean(Broker.class).checksRevokesOf(context.getBean(RevokeStore.class)))
                            .as("the fetch checks revokes, sparing the worker a lookup").isTrue();
                    assertThat(context).getBean(WorkerRegistry.class).isInstanceOf(RedisWorkerRegistry.class);
                    assertThat(context).hasSingleBean(Stem.class);
                    StemRedisConnections connections = context.getBean(StemRedisConnections.class);
                    assertThat(connections.broker()).isSameAs(appFactory);
                    assertThat(connections.backend()).isSameAs(appFactory);
                    assertThat(connections.isOwned(appFactory)).isFalse();
                    connections.close();
                    assertThat(appFactory.isRunning()).as("Stem never closes the application's factory").isTrue();
                });
    }

    @Test
    void springDataRedisUrlConfiguresTheConnectionStemReuses() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("stem.broker.type=redis", "spring.data.redis.url=redis://127.0.0.1:1/3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(RedisConnectionFactory.class);
                    LettuceConnectionFactory boot = context.getBean(LettuceConnectionFactory.class);
                    assertThat(context.getBean(StemRedisConnections.class).broker()).isSameAs(boot);
                    assertThat(boot.getDatabase()).isEqualTo(3);
                });
    }

    @Test
    void redisBackendAloneLeavesTheBrokerAndCoordinationStoresInMemory() {
        this.contextRunner.withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.backend.type=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(RedisResultBackend.class);
                    assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(InMemoryEventBus.class);
                    assertThat(context).getBean(ScheduleStore.class).isInstanceOf(InMemoryScheduleStore.class);
                    assertThat(context.getBean(StemRedisConnections.class).broker()).isNull();
                });
    }

    @Test
    void redisBrokerWithAnotherBackendKeepsResultsOutOfRedis() {
        this.contextRunner.withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=redis", "stem.backend.type=memory")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(RedisStreamsBroker.class);
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(InMemoryResultBackend.class);
                    assertThat(context.getBean(StemRedisConnections.class).backend()).isNull();
                });
    }

    @Test
    void brokerUrlBuildsAFactoryOfItsOwnThatIsNoBeanAndIsDestroyedWithTheContext() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=redis://stem:s3cret@127.0.0.1:1/2?clientName=stem-test",
                        "stem.redis.command-timeout=7s", "stem.redis.connect-timeout=250ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
                    StemRedisConnections connections = context.getBean(StemRedisConnections.class);
                    LettuceConnectionFactory own = (LettuceConnectionFactory) connections.broker();
                    assertThat(connections.isOwned(own)).isTrue();
                    assertThat(connections.backend()).isSameAs(own);
                    assertThat(own.getHostName()).isEqualTo("127.0.0.1");
                    assertThat(own.getPort()).isEqualTo(1);
                    assertThat(own.getDatabase()).isEqualTo(2);
                    assertThat(own.getPassword()).isEqualTo("s3cret");
                    assertThat(own.getClientConfiguration().isUseSsl()).isFalse();
                    assertThat(own.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(own.getClientConfiguration().getClientName()).hasValue("stem-test");
                    assertThat(own.getClientConfiguration().getClientOptions().orElseThrow().getSocketOptions()
                            .getConnectTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(own.isRunning()).isTrue();
                    context.close();
                    assertThat(own.isRunning()).isFalse();
                });
    }

    @Test
    void brokerUrlWinsOverTheApplicationConnectionFactory() {
        LettuceConnectionFactory appFactory = unreachable();
        this.contextRunner.withBean(RedisConnectionFactory.class, () -> appFactory)
                .withPropertyValues("stem.broker.url=" + NOWHERE + "/5")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisConnectionFactory broker = context.getBean(StemRedisConnections.class).broker();
                    assertThat(broker).isNotSameAs(appFactory);
                    assertThat(((LettuceConnectionFactory) broker).getDatabase()).isEqualTo(5);
                });
        appFactory.destroy();
    }

    @Test
    void aBackendUrlOfItsOwnGetsASecondFactory() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=" + NOWHERE + "/0", "stem.backend.url=" + NOWHERE + "/1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StemRedisConnections connections = context.getBean(StemRedisConnections.class);
                    LettuceConnectionFactory backend = (LettuceConnectionFactory) connections.backend();
                    assertThat(backend).isNotSameAs(connections.broker());
                    assertThat(backend.getDatabase()).isEqualTo(1);
                    assertThat(connections.isOwned(backend)).isTrue();
                    assertThat(connections.all()).containsOnlyKeys("broker", "backend");
                    context.close();
                    assertThat(backend.isRunning()).isFalse();
                });
    }

    @Test
    void theSameBackendUrlSharesTheBrokersFactory() {
        this.contextRunner.withPropertyValues("stem.broker.url=" + NOWHERE, "stem.backend.url= " + NOWHERE + " ")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StemRedisConnections connections = context.getBean(StemRedisConnections.class);
                    assertThat(connections.backend()).isSameAs(connections.broker());
                    assertThat(connections.all()).containsOnlyKeys("broker");
                });
    }

    @Test
    void redissTurnsTlsOnWithPeerVerification() {
        this.contextRunner.withPropertyValues("stem.broker.url=rediss://127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed();
            LettuceConnectionFactory own = (LettuceConnectionFactory) context.getBean(StemRedisConnections.class)
                    .broker();
            assertThat(own.getClientConfiguration().isUseSsl()).isTrue();
            assertThat(own.getClientConfiguration().isVerifyPeer()).isTrue();
        });
    }

    @Test
    void anSslBundleTurnsTlsOnAndSuppliesTheKeyAndTrustMaterial() {
        CountingBundle bundle = new CountingBundle(SslBundle.systemDefault());
        this.contextRunner.withBean(SslBundles.class, () -> new DefaultSslBundleRegistry("stem-tls", bundle))
                .withPropertyValues("stem.broker.url=" + NOWHERE, "stem.redis.ssl.bundle=stem-tls")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LettuceConnectionFactory own = (LettuceConnectionFactory) context
                            .getBean(StemRedisConnections.class).broker();
                    assertThat(own.getClientConfiguration().isUseSsl()).isTrue();
                    assertThat(bundle.managersRead.get()).isPositive();
                    assertThat(bundle.optionsRead.get()).isPositive();
                });
    }

    @Test
    void anUnknownSslBundleFailsTheStartNamingTheProperty() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("stem.broker.url=" + NOWHERE, "stem.redis.ssl.bundle=missing")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("stem.redis.ssl.bundle: SSL bundle name 'missing' cannot be found")
                        .hasStackTraceContaining("spring.ssl.bundle.pem.missing"));
    }

    @Test
    void anSslBundleWithoutAnySslBundlesFailsTheStart() {
        this.contextRunner.withPropertyValues("stem.broker.url=" + NOWHERE, "stem.redis.ssl.bundle=stem-tls")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("stem.redis.ssl.bundle is 'stem-tls' but there are no SSL bundles"));
    }

    @Test
    void aCommandTimeoutThatAWaitingFetchWouldOutlastFailsTheStart() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=" + NOWHERE, "stem.redis.command-timeout=1500ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("Invalid stem.redis.command-timeout 'PT1.5S'")
                        .hasMessageContaining("stem.redis.reclaim-interval (PT1S)"));
    }

    @Test
    void aUrlThatIsNotRedisFailsTheStartWithoutShowingThePassword() {
        this.contextRunner
                .withPropertyValues("stem.broker.type=redis", "stem.broker.url=postgresql://app:t0psecret@db/x")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("Invalid stem.broker.url 'postgresql://app:******@db/x'")
                        .hasMessageNotContaining("t0psecret"));
    }

    @Test
    void anInvalidKeyPrefixFailsTheStartNamingTheProperty() {
        this.contextRunner.withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=redis", "stem.redis.key-prefix=my{app}")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("stem.redis.key-prefix: Invalid Redis key prefix 'my{app}'"));
    }

    @Test
    void redisWithoutAnyConnectionFailsTheStartSayingWhatToSet() {
        this.contextRunner.withPropertyValues("stem.broker.type=redis")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("stem.broker is set to redis but there is no RedisConnectionFactory")
                        .hasMessageContaining("stem.broker.url")
                        .hasMessageContaining("spring.data.redis"));
    }

    @Test
    void backsOffWithoutStemRedisOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(RedisStreamsBroker.class))
                .withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StemRedisConnections.class);
                    assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
                });
        this.contextRunner.withClassLoader(new FilteredClassLoader(RedisStreamsBroker.class))
                .withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .withPropertyValues("stem.broker.type=redis")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(StemStoreNotConfiguredException.class)
                        .hasMessageContaining("dev.stem:stem-redis"));
    }

    @Test
    void anApplicationBrokerReplacesOnlyTheBroker() {
        this.contextRunner.withBean(RedisConnectionFactory.class, StemRedisAutoConfigurationTests::unreachable)
                .withBean(Broker.class, InMemoryBroker::new)
                .withPropertyValues("stem.broker.type=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
                    assertThat(context).getBean(ResultBackend.class).isInstanceOf(RedisResultBackend.class);
                    assertThat(context).getBean(EventBus.class).isInstanceOf(RedisEventBus.class);
                });
    }

    @Test
    void anApplicationStemRedisConnectionsDecidesTheConnections() {
        LettuceConnectionFactory brokerFactory = unreachable();
        LettuceConnectionFactory backendFactory = unreachable();
        this.contextRunner
                .withBean(StemRedisConnections.class, () -> new StemRedisConnections(brokerFactory, backendFactory))
                .withPropertyValues("stem.broker.url=" + NOWHERE)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StemRedisConnections.class).broker()).isSameAs(brokerFactory);
                    assertThat(context.getBean(StemRedisConnections.class).isOwned(brokerFactory)).isFalse();
                });
        brokerFactory.destroy();
        backendFactory.destroy();
    }

    @Test
    void theServerCheckIsOnByDefaultAndCanBeSwitchedOff() {
        this.defaults.withPropertyValues("stem.broker.url=" + NOWHERE)
                .run(context -> assertThat(context).hasSingleBean(StemRedisServerCheck.class));
        this.contextRunner.withPropertyValues("stem.broker.url=" + NOWHERE)
                .run(context -> assertThat(context).doesNotHaveBean(StemRedisServerCheck.class));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRedisThatIsDownAtStartupIsLoggedAndTheWorkerStartsAnyway(CapturedOutput output) {
        this.defaults
                .withPropertyValues("stem.broker.url=" + NOWHERE, "stem.redis.connect-timeout=200ms", "stem.worker.enabled=true",
                        "stem.worker.shutdown-timeout=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Worker.class).isRunning()).isTrue();
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
                            .contains("Could not check the Redis server of the Stem broker"));
                });
    }

    private static LettuceConnectionFactory unreachable() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /// Boot's system-default bundle, counting how often its managers and options are read.
    private static final class CountingBundle implements SslBundle {

        private final SslBundle delegate;

        final AtomicInteger managersRead = new AtomicInteger();

        final AtomicInteger optionsRead = new AtomicInteger();

        CountingBundle(SslBundle delegate) {
            this.delegate = delegate;
        }

        @Override
        public SslStoreBundle getStores() {
            return this.delegate.getStores();
        }

        @Override
        public SslBundleKey getKey() {
            return this.delegate.getKey();
        }

        @Override
        public SslOptions getOptions() {
            this.optionsRead.incrementAndGet();
            return this.delegate.getOptions();
        }

        @Override
        public String getProtocol() {
            return this.delegate.getProtocol();
        }

        @Override
        public SslManagerBundle getManagers() {
            this.managersRead.incrementAndGet();
            return this.delegate.getManagers();
        }
    }
}
