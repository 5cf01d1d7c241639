package dev.stem.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcConnectionDetails;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcDataSources;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisConnectionDetails;
import dev.stem.boot.autoconfigure.redis.StemRedisConnections;

import static org.assertj.core.api.Assertions.assertThat;

/// Stem's dedicated stores are described by connection details beans, as Boot's own connections
/// are: the auto-configured ones read `stem.broker.url`, an application's bean (for example from a
/// `@ServiceConnection` container's details) replaces them; the dedicated Redis connection gets
/// Boot's client resources (with Stem's bounded reconnect delay) and the application's Lettuce
/// customizers. Nothing connects: every address is a port nothing listens on.
class StemConnectionDetailsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
                    StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false", "stem.redis.check-server=false",
                    "stem.jdbc.initialize-schema=never", "stem.jdbc.listen=false");

    @Test
    void brokerUrlIsReadIntoConnectionDetails() {
        this.contextRunner.withPropertyValues("stem.broker.url=redis://stem:s3cret@127.0.0.1:1/4").run(context -> {
            assertThat(context).hasNotFailed();
            DataRedisConnectionDetails broker = context.getBean(StemRedisConnectionDetails.class).broker();
            assertThat(broker.getStandalone().getHost()).isEqualTo("127.0.0.1");
            assertThat(broker.getStandalone().getPort()).isEqualTo(1);
            assertThat(broker.getStandalone().getDatabase()).isEqualTo(4);
            assertThat(broker.getUsername()).isEqualTo("stem");
            assertThat(broker.getPassword()).isEqualTo("s3cret");
            assertThat(broker.toString()).doesNotContain("s3cret");
            assertThat(context.getBean(StemRedisConnectionDetails.class).backend()).isNull();
        });
    }

    @Test
    void anApplicationsRedisDetailsBeanGivesTheBrokerItsOwnConnection() {
        DataRedisConnectionDetails container = new DataRedisConnectionDetails() {

            @Override
            public Standalone getStandalone() {
                return Standalone.of("127.0.0.1", 2, 5);
            }
        };
        this.contextRunner.withPropertyValues("stem.broker.type=redis")
                .withBean(StemRedisConnectionDetails.class, () -> StemRedisConnectionDetails.of(container, null))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LettuceConnectionFactory broker = (LettuceConnectionFactory) context
                            .getBean(StemRedisConnections.class).broker();
                    assertThat(broker.getPort()).isEqualTo(2);
                    assertThat(broker.getDatabase()).isEqualTo(5);
                    assertThat(context.getBean(StemRedisConnections.class).isOwned(broker)).isTrue();
                });
    }

    @Test
    void theDedicatedConnectionSharesBootsClientResourcesAndRunsTheApplicationsCustomizers() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("stem.broker.url=redis://127.0.0.1:1", "spring.data.redis.url=redis://127.0.0.1:3")
                .withBean(LettuceClientConfigurationBuilderCustomizer.class,
                        () -> builder -> builder.clientName("customized"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ClientResources boot = context.getBean(ClientResources.class);
                    LettuceConnectionFactory broker = (LettuceConnectionFactory) context
                            .getBean(StemRedisConnections.class).broker();
                    assertThat(broker.getClientConfiguration().getClientResources()).containsSame(boot);
                    assertThat(broker.getClientConfiguration().getClientName()).contains("customized");
                    assertThat(boot.reconnectDelay().createDelay(64).toMillis())
                            .as("Stem's bounded reconnect delay on Boot's client resources").isLessThanOrEqualTo(1000);
                });
    }

    @Test
    void anApplicationsJdbcDetailsBeanGivesTheBrokerItsOwnPool() {
        JdbcConnectionDetails container = new JdbcConnectionDetails() {

            @Override
            public String getUsername() {
                return "app";
            }

            @Override
            public String getPassword() {
                return "pw";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://127.0.0.1:1/container";
            }
        };
        this.contextRunner.withPropertyValues("stem.broker.type=postgres")
                .withBean(StemJdbcConnectionDetails.class, () -> StemJdbcConnectionDetails.of(container, null))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HikariDataSource pool = (HikariDataSource) context.getBean(StemJdbcDataSources.class).broker();
                    assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/container");
                    assertThat(pool.getUsername()).isEqualTo("app");
                    assertThat(pool.getPoolName()).isEqualTo("stem-broker");
                });
    }
}
