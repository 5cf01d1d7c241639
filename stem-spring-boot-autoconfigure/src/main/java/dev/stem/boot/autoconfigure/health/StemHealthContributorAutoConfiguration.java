package dev.stem.boot.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.health.StemWorkerHealthIndicator;
import dev.stem.worker.Worker;

/// Contributes the `stem` health indicator when Actuator's health support is on the classpath and
/// this application runs a worker. Switch it off with `management.health.stem.enabled=false`.
@AutoConfiguration(after = StemAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Worker.class)
@ConditionalOnEnabledHealthIndicator("stem")
public final class StemHealthContributorAutoConfiguration {

    StemHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "stemHealthIndicator")
    StemWorkerHealthIndicator stemHealthIndicator(Worker worker) {
        return new StemWorkerHealthIndicator(worker);
    }
}
