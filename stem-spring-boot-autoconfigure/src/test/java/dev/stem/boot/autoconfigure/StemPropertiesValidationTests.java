package dev.stem.boot.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.stem.boot.autoconfigure.jdbc.StemJdbcProperties;
import dev.stem.boot.autoconfigure.redis.StemRedisProperties;

import static org.assertj.core.api.Assertions.assertThat;

/// A `stem.*` value out of range fails the start with Boot's report naming the key, the value and
/// the allowed range; the values at the edge of each range start.
class StemPropertiesValidationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class))
            .withUserConfiguration(AdapterProperties.class);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            stem.worker.concurrency             | -1     | must be greater than or equal to 1
            stem.worker.concurrency             | 0      | must be greater than or equal to 1
            stem.worker.prefetch                | -1     | must be greater than or equal to 0
            stem.worker.lease                   | 0s     | must be at least 1ms
            stem.worker.lease                   | -30s   | must be at least 1ms
            stem.worker.fetch-wait              | -1s    | must be at least 0s
            stem.worker.shutdown-timeout        | -1s    | must be at least 0s
            stem.worker.heartbeat-interval      | 0ms    | must be at least 1ms
            stem.worker.max-recoveries          | -1     | must be greater than or equal to 0
            stem.worker.unknown-task-grace      | -1s    | must be at least 0s
            stem.worker.max-abandoned-threads   | -1     | must be greater than or equal to 0
            stem.worker.queues[0]               | a b    | must be 1-100 characters of A-Z a-z 0-9 . _ -
            stem.backend.result-ttl             | 0s     | must be at least 1ms
            stem.client.revoke-ttl              | -1d    | must be at least 1ms
            stem.client.max-payload-size        | 0B     | must be at least 1B
            stem.redis.reclaim-interval         | 0s     | must be at least 1ms
            stem.redis.consumer-idle-limit      | -1h    | must be at least 1ms
            stem.redis.command-timeout          | 0s     | must be at least 1ms
            stem.redis.connect-timeout          | 0s     | must be at least 1ms
            stem.redis.reconnect-delay-max      | 0ms    | must be at least 1ms
            stem.jdbc.poll-interval             | 0s     | must be at least 1ms
            stem.jdbc.reap-interval             | -250ms | must be at least 1ms
            """)
    void valueOutOfRangeFailsTheStartNamingTheKeyTheValueAndTheRange(String key, String value, String range) {
        this.contextRunner.withPropertyValues(key + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.of(context.getStartupFailure()))
                    .contains("Property: " + key)
                    .contains("Value: \"" + value + "\"")
                    .contains("Origin: \"" + key + "\" from property source \"test\"")
                    .contains("Reason: " + range);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            stem.worker.concurrency      | abc       | NumberFormatException
            stem.worker.lease            | soon      | is not a valid duration
            stem.jdbc.initialize-schema  | sometimes | The following values are valid
            stem.redis.key-prefix        | my{app}   | Invalid Redis key prefix 'my{app}'
            stem.jdbc.table-prefix       | Stem-     | Invalid table prefix 'Stem-'
            """)
    void valueOfTheWrongFormFailsTheStartNamingTheKeyAndTheValue(String key, String value, String reason) {
        this.contextRunner.withPropertyValues(key + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.of(context.getStartupFailure()))
                    .contains("Property: " + key)
                    .contains("Value: \"" + value + "\"")
                    .contains(reason);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            stem.worker.concurrency        | 1
            stem.worker.prefetch           | 0
            stem.worker.fetch-wait         | 0s
            stem.worker.shutdown-timeout   | 0s
            stem.worker.max-recoveries     | 0
            stem.worker.lease              | 1ms
            stem.client.max-payload-size   | 1B
            stem.jdbc.poll-interval        | 1ms
            stem.redis.reclaim-interval    | 1ms
            """)
    void valueAtTheEdgeOfItsRangeStarts(String key, String value) {
        this.contextRunner.withPropertyValues(key + "=" + value)
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            stem.broker.type  | mongo
            stem.backend.type | mongo
            """)
    void unknownStoreTypeFailsNamingTheKeyTheValueAndTheValidTypes(String key, String value) {
        this.contextRunner.withPropertyValues(key + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.of(context.getStartupFailure()))
                    .contains("Property: " + key)
                    .contains("Value: \"" + value + "\"")
                    .contains("The following values are valid:")
                    .contains("MEMORY", "POSTGRES", "REDIS")
                    .doesNotContain("Error processing condition");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            stem.broker.url  | mongodb://db:27017/jobs
            stem.backend.url | mongodb://db:27017/jobs
            """)
    void unknownUrlSchemeFailsNamingTheKeyTheValueAndTheValidSchemes(String key, String value) {
        this.contextRunner.withPropertyValues(key + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.of(context.getStartupFailure()))
                    .contains("Property: " + key)
                    .contains("Value: \"" + value + "\"")
                    .contains("use redis://, rediss://, postgresql:// or jdbc:postgresql://")
                    .doesNotContain("Error processing condition");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ StemRedisProperties.class, StemJdbcProperties.class })
    static class AdapterProperties {
    }
}
