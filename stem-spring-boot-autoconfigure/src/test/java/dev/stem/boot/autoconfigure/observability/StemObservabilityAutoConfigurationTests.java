package dev.stem.boot.autoconfigure.observability;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.health.StemStoresHealthAutoConfiguration;
import dev.stem.boot.health.StemBrokerHealthIndicator;
import dev.stem.broker.QueueMonitor;
import dev.stem.metrics.QueueMetrics;
import dev.stem.metrics.TaskMetrics;
import dev.stem.metrics.WorkerMetrics;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.observation.MdcExecutionInterceptor;
import dev.stem.observation.ObservationEnqueueInterceptor;
import dev.stem.observation.ObservationExecutionInterceptor;
import dev.stem.worker.StateChangeLoggingListener;

import static org.assertj.core.api.Assertions.assertThat;

/// Each part of the observability wiring: on with its registry, off with its property, replaced by
/// the application's own bean; the publish observation first and the metrics last among the
/// enqueue interceptors, the MDC outside the process observation.
class StemObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemObservabilityAutoConfiguration.class, StemStoresHealthAutoConfiguration.class))
            .withPropertyValues("stem.worker.fetch-wait=50ms", "stem.observability.queues.poll-interval=100ms");

    @Test
    void withoutRegistriesOnlyTheMonitorAndTheMdcAreThere() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(QueueMonitor.class).hasSingleBean(MdcExecutionInterceptor.class)
                    .hasSingleBean(StemBrokerHealthIndicator.class);
            assertThat(context).doesNotHaveBean(TaskMetrics.class).doesNotHaveBean(ObservationEnqueueInterceptor.class)
                    .doesNotHaveBean(StateChangeLoggingListener.class);
        });
    }

    @Test
    void registriesBringMetricsAndObservationsInTheirOrder() {
        this.contextRunner.withUserConfiguration(Registries.class).run(context -> {
            assertThat(context).hasSingleBean(TaskMetrics.class).hasSingleBean(WorkerMetrics.class)
                    .hasSingleBean(QueueMetrics.class).hasSingleBean(ObservationExecutionInterceptor.class);
            List<EnqueueInterceptor> enqueue = context.getBeanProvider(EnqueueInterceptor.class).orderedStream()
                    .toList();
            assertThat(enqueue.get(0)).isInstanceOf(ObservationEnqueueInterceptor.class);
            assertThat(enqueue.get(enqueue.size() - 1)).isInstanceOf(TaskMetrics.class);
            List<ExecutionInterceptor> execution = context.getBeanProvider(ExecutionInterceptor.class).orderedStream()
                    .toList();
            assertThat(execution.get(0)).isInstanceOf(MdcExecutionInterceptor.class);
            assertThat(execution.get(1)).isInstanceOf(ObservationExecutionInterceptor.class);
        });
    }

    @Test
    void propertiesSwitchEachPartOff() {
        this.contextRunner.withUserConfiguration(Registries.class)
                .withPropertyValues("stem.observability.metrics.enabled=false",
                        "stem.observability.observations.enabled=false", "stem.observability.log.mdc=false",
                        "stem.observability.log.state-changes=true")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(TaskMetrics.class).doesNotHaveBean(QueueMetrics.class)
                            .doesNotHaveBean(ObservationEnqueueInterceptor.class)
                            .doesNotHaveBean(MdcExecutionInterceptor.class)
                            .hasSingleBean(StateChangeLoggingListener.class);
                });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        this.contextRunner.withUserConfiguration(Registries.class, OwnMetrics.class).run(context -> {
            assertThat(context).hasSingleBean(TaskMetrics.class);
            assertThat(context.getBean(TaskMetrics.class)).isSameAs(context.getBean(OwnMetrics.class).metrics);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            return ObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetrics {

        final TaskMetrics metrics = new TaskMetrics(new SimpleMeterRegistry(), Clock.systemUTC(), List.of());

        @Bean
        TaskMetrics myTaskMetrics() {
            return this.metrics;
        }
    }
}
