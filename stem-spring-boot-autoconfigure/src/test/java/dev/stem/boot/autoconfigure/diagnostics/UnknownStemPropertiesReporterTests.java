package dev.stem.boot.autoconfigure.diagnostics;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class UnknownStemPropertiesReporterTests {

    private static final String UNKNOWN = "Unknown property";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StemConfigurationDiagnosticsAutoConfiguration.class));

    @Test
    void misspelledKeyIsReportedOnceWithTheClosestKey(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.worker.concurency=4").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("Unknown property 'stem.worker.concurency' (from \"stem.worker.concurency\" "
                    + "from property source \"test\") is ignored: did you mean 'stem.worker.concurrency'?");
            assertThat(output.getOut().split("'stem.worker.concurency'", -1)).hasSize(2);
        });
    }

    @Test
    void keysOfEveryStemPropertiesClassAreSuggested(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.redis.key-prefx=app", "stem.jdbc.poll-intervall=1s",
                "stem.broker.uri=redis://localhost").run(context -> assertThat(output)
                        .contains("did you mean 'stem.redis.key-prefix'?")
                        .contains("did you mean 'stem.jdbc.poll-interval'?")
                        .contains("did you mean 'stem.broker.url'?"));
    }

    @Test
    void keyLikeNoOtherIsReportedWithoutASuggestion(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.colour=blue").run(context -> assertThat(output)
                .contains("Unknown property 'stem.colour'")
                .contains("no Stem property has a similar name"));
    }

    @Test
    void relaxedFormsOfKnownKeysAreNotReported(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.worker.fetchWait=1s", "stem.worker.Concurrency=4",
                "stem.worker.max_recoveries=2", "stem.worker.queues=mail,default", "stem.worker.queues[2]=reports",
                "stem.redis.ssl.bundle=client", "stem.jdbc.tablePrefix=jobs_", "stem.broker.type=memory",
                "stem.worker=", "stem.redis.ssl=").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).doesNotContain(UNKNOWN);
                });
    }

    @Test
    void environmentVariablesAreCheckedInStemGroupsOnly(CapturedOutput output) {
        Map<String, Object> variables = Map.of("STEM_WORKER_CONCURRENCY", "4", "STEM_WORKER_FETCHWAIT", "1s",
                "STEM_WORKER_FETCH_WAIT", "1s", "STEM_WORKER_QUEUES_0_", "mail", "STEM_REDIS_KEY_PREFIX", "app",
                "STEM_TEST_REDIS_URL", "redis://localhost", "STEM_HOME", "/opt/stem",
                "STEM_WORKER_CONCURENCY", "4");
        this.contextRunner.withInitializer((context) -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
                .run(context -> {
                    assertThat(output).contains("Unknown property 'stem.worker.concurency'")
                            .contains("did you mean 'stem.worker.concurrency'?");
                    assertThat(output.getOut().split(UNKNOWN, -1)).hasSize(2);
                });
    }

    @Test
    void systemPropertiesAreCheckedInStemGroupsOnly(CapturedOutput output) {
        this.contextRunner.withSystemProperties("stem.build.dir=target-x", "stem.worker.concurency=4")
                .run(context -> {
                    assertThat(output).contains("Unknown property 'stem.worker.concurency'")
                            .doesNotContain("'stem.build.dir'");
                });
    }
}
