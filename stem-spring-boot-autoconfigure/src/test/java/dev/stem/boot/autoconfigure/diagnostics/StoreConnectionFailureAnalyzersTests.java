package dev.stem.boot.autoconfigure.diagnostics;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.broker.BrokerUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/// A store URL that cannot be used, and a store that cannot be reached while the application
/// starts, end in Boot's failure report naming the property or the server, never the password.
class StoreConnectionFailureAnalyzersTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
                    StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false", "stem.redis.check-server=false",
                    "stem.jdbc.initialize-schema=never");

    @Test
    void anInvalidRedisUrlIsReportedWithItsPropertyAndNoPassword() {
        this.contextRunner.withPropertyValues("stem.broker.url=redis://stem:s3cret@127.0.0.1:6379/notadatabase")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new InvalidStoreUrlFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("stem.broker.url")
                            .contains("redis://stem:******@127.0.0.1:6379/notadatabase").doesNotContain("s3cret");
                    assertThat(analysis.getAction()).contains("redis://[user:password@]host:6379");
                });
    }

    @Test
    void anInvalidPostgresUrlIsReportedWithItsProperty() {
        this.contextRunner.withPropertyValues("stem.backend.url=postgresql://stem:s3cret@/jobs").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidStoreUrlFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("stem.backend.url").contains("the host is missing")
                    .doesNotContain("s3cret");
        });
    }

    @Test
    void anUnreachableBrokerDuringStartIsReportedWithTheServer() {
        BrokerUnavailableException unavailable = new BrokerUnavailableException("Redis at 127.0.0.1:1 cannot be "
                + "reached: could not publish message 42 to queue 'default'", new ConnectException("refused"));
        BeanCreationException failure = new BeanCreationException("orderRunner", "run failed", unavailable);

        FailureAnalysis analysis = new BrokerUnavailableFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).startsWith("Redis at 127.0.0.1:1 cannot be reached");
        assertThat(analysis.getAction()).contains("stem.broker.url");
    }
}
