package dev.stem.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.broker.Broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class StemStoreNotConfiguredFailureAnalyzerTests {

    private final StemStoreNotConfiguredFailureAnalyzer analyzer = new StemStoreNotConfiguredFailureAnalyzer();

    @Test
    void explainsAMissingRedisBrokerInsideABeanCreationFailure() {
        StemStoreNotConfiguredException cause = new StemStoreNotConfiguredException("broker", StemStoreType.REDIS);

        FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("stemBroker", "failed", cause));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getCause()).isSameAs(cause);
        assertThat(analysis.getDescription()).contains("broker is set to redis", "stem.broker.type", "stem.broker.url",
                "dev.stem.broker.Broker");
        assertThat(analysis.getAction()).contains("dev.stem:stem-redis",
                "org.springframework.boot:spring-boot-starter-data-redis", "remove stem.broker.type and stem.broker.url");
    }

    @Test
    void explainsAMissingPostgresResultBackend() {
        FailureAnalysis analysis = this.analyzer.analyze(
                new StemStoreNotConfiguredException("backend", StemStoreType.POSTGRES));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("backend is set to postgres", "stem.backend.url",
                "dev.stem.backend.ResultBackend");
        assertThat(analysis.getAction()).contains("dev.stem:stem-jdbc", "org.postgresql:postgresql");
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(this.analyzer.analyze(new IllegalStateException("stem.broker is set to redis"))).isNull();
    }

    @Test
    void exceptionMessageNamesThePropertyAndTheModule() {
        assertThat(new StemStoreNotConfiguredException("broker", StemStoreType.REDIS))
                .hasMessageStartingWith("stem.broker is set to redis but no redis broker was configured")
                .hasMessageContaining("dev.stem:stem-redis");
    }

    @Test
    void exceptionRefusesTheMemoryStoreAndUnknownParts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StemStoreNotConfiguredException("broker", StemStoreType.MEMORY))
                .withMessageContaining("memory");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StemStoreNotConfiguredException("queue", StemStoreType.REDIS))
                .withMessageContaining("'queue'");
    }

    @Test
    void startupFailureIsReportedWithTheAnalysis(CapturedOutput output) {
        SpringApplication application = new SpringApplication(RedisBrokerMissingConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> application.run());

        assertThat(output).contains("APPLICATION FAILED TO START", "Stem's broker is set to redis",
                "add dev.stem:stem-redis");
    }

    @Test
    void isRegisteredAsAFailureAnalyzer() {
        SpringFactoriesLoader loader = SpringFactoriesLoader.forDefaultResourceLocation();
        FailureHandler skipAnalyzersThatNeedArguments = FailureHandler.handleMessage((message, failure) -> {
        });

        assertThat(loader.load(FailureAnalyzer.class, ArgumentResolver.none(), skipAnalyzersThatNeedArguments))
                .hasAtLeastOneElementOfType(StemStoreNotConfiguredFailureAnalyzer.class);
    }

    /// Fails the way the auto-configuration does when Redis is selected but no Redis broker exists.
    @Configuration(proxyBeanMethods = false)
    static class RedisBrokerMissingConfiguration {

        @Bean
        Broker stemBroker() {
            throw new StemStoreNotConfiguredException("broker", StemStoreType.REDIS);
        }
    }
}
