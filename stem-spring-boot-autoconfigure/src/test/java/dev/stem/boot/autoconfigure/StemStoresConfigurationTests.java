package dev.stem.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.stem.broker.Broker;
import dev.stem.memory.InMemoryBroker;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StemStoresConfigurationTests {

    private static final String IN_MEMORY_WARNING = "Stem is running on the in-memory broker";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class));

    @Test
    void inMemoryWarningIsLoggedExactlyOnce(CapturedOutput output) {
        this.contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output.getOut().split(IN_MEMORY_WARNING, -1)).hasSize(2);
        });
    }

    @Test
    void noInMemoryWarningWhenTheApplicationDefinesItsBroker(CapturedOutput output) {
        this.contextRunner.withBean(Broker.class, InMemoryBroker::new).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).doesNotContain(IN_MEMORY_WARNING);
        });
    }

    @Test
    void explicitMemoryTypeRunsInMemory() {
        this.contextRunner.withPropertyValues("stem.broker.type=memory").run(context ->
                assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class));
    }

    @Test
    void redisBrokerTypeWithoutARedisBrokerFailsNamingTheModule() {
        this.contextRunner.withPropertyValues("stem.broker.type=redis").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("stem.broker is set to redis")
                    .hasMessageContaining("stem-redis");
        });
    }

    @Test
    void redisBrokerUrlWithoutARedisBrokerFailsNamingTheModule() {
        this.contextRunner.withPropertyValues("stem.broker.url=redis://x:6379").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("stem.broker is set to redis")
                    .hasMessageContaining("stem-redis");
        });
    }

    @Test
    void postgresBrokerUrlWithoutAPostgresBrokerFailsNamingTheModule() {
        this.contextRunner.withPropertyValues("stem.broker.url=postgresql://x:5432/jobs").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("stem.broker is set to postgres")
                    .hasMessageContaining("stem-jdbc");
        });
    }

    @Test
    void redisBackendTypeWithoutARedisBackendFailsNamingTheModule() {
        this.contextRunner.withPropertyValues("stem.backend.type=redis").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("stem.backend is set to redis")
                    .hasMessageContaining("stem-redis");
        });
    }

    @Test
    void unknownBrokerTypeFailsNamingThePropertyAndValue() {
        this.contextRunner.withPropertyValues("stem.broker.type=mongo").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("stem.broker.type")
                    .hasStackTraceContaining("mongo");
        });
    }

    @Test
    void unknownBrokerUrlSchemeFailsNamingTheUrl() {
        this.contextRunner.withPropertyValues("stem.broker.url=mongodb://x/jobs").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().hasMessageContaining("mongodb://x/jobs");
        });
    }
}
