package dev.stem.boot.autoconfigure.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.health.StemStoresHealthAutoConfiguration;
import dev.stem.boot.health.StemBrokerHealthIndicator;
import dev.stem.broker.QueueMonitor;
import dev.stem.envelope.Envelope;
import dev.stem.metrics.QueueMetrics;
import dev.stem.metrics.TaskMetrics;
import dev.stem.metrics.WorkerMetrics;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.observation.MdcExecutionInterceptor;
import dev.stem.observation.ObservationEnqueueInterceptor;
import dev.stem.observation.ObservationExecutionInterceptor;
import dev.stem.observation.StemProcessMeterObservationHandler;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;
import dev.stem.worker.StateChangeLoggingListener;

import static org.assertj.core.api.Assertions.assertThat;

/// Each part of the observability wiring: on with its registry, off with its property, replaced by
/// the application's own bean; the publish observation first and the metrics last among the
/// enqueue interceptors, the MDC outside the process observation; under Boot's own observation and
/// metrics wiring the publish observation is timed as meters and the attempt is not timed twice.
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

    @Test
    void bootTimesThePublishObservationAndLeavesTheAttemptToTheExecutionTimer() {
        this.contextRunner
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
                .withUserConfiguration(MeterRegistryOnly.class).run(context -> {
                    assertThat(context).hasSingleBean(StemProcessMeterObservationHandler.class);
                    Envelope envelope = Envelope.builder("mail.send").createdAt(Instant.now()).build();
                    context.getBean(ObservationEnqueueInterceptor.class).beforePublish(envelope);
                    context.getBean(ObservationExecutionInterceptor.class).intercept(new Attempt(envelope), () -> "done");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.find("stem.task.publish").tag("stem.task.name", "mail.send").timer()).isNotNull();
                    assertThat(meters.find("stem.task.process").timer()).isNull();
                    assertThat(meters.find("stem.task.process.active").longTaskTimer()).isNull();
                });
    }

    @Test
    void withOnlyMeterHandlersAnAttemptIsNotObservedUnlessAsked() {
        ApplicationContextRunner boot = this.contextRunner
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
                .withUserConfiguration(MeterRegistryOnly.class);
        boot.run(context -> assertThat(observedAttempts(context)).isEmpty());
        boot.withPropertyValues("stem.observability.observations.process=always")
                .run(context -> assertThat(observedAttempts(context)).containsExactly("stem.task.process"));
    }

    @Test
    void aHandlerBesideTheMeterHandlersGetsEveryAttemptUnlessTurnedOff() {
        ApplicationContextRunner boot = this.contextRunner
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
                .withUserConfiguration(MeterRegistryOnly.class, RecordingHandler.class);
        boot.run(context -> {
            context.getBean(ObservationExecutionInterceptor.class)
                    .intercept(new Attempt(Envelope.builder("mail.send").createdAt(Instant.now()).build()), () -> "done");
            assertThat(context.getBean(RecordingHandlerBean.class).names).containsExactly("stem.task.process");
        });
        boot.withPropertyValues("stem.observability.observations.process=never").run(context -> {
            context.getBean(ObservationExecutionInterceptor.class)
                    .intercept(new Attempt(Envelope.builder("mail.send").createdAt(Instant.now()).build()), () -> "done");
            assertThat(context.getBean(RecordingHandlerBean.class).names).isEmpty();
        });
    }

    /// The observations an attempt makes, seen by a handler added to the registry directly (not as
    /// a bean, so the auto-configuration does not know of it).
    private static List<String> observedAttempts(ApplicationContext context)
            throws Exception {
        RecordingHandlerBean handler = new RecordingHandlerBean();
        context.getBean(ObservationRegistry.class).observationConfig().observationHandler(handler);
        context.getBean(ObservationExecutionInterceptor.class)
                .intercept(new Attempt(Envelope.builder("mail.send").createdAt(Instant.now()).build()), () -> "done");
        return handler.names;
    }

    /// Records the name of every observation it sees start.
    static final class RecordingHandlerBean implements ObservationHandler<Observation.Context> {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            this.names.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingHandler {

        @Bean
        RecordingHandlerBean recordingHandler() {
            return new RecordingHandlerBean();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MeterRegistryOnly {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /// A task context of `envelope` that does nothing else.
    private record Attempt(Envelope envelope) implements TaskContext {

        @Override
        public void progress(Map<String, Object> meta) {
        }

        @Override
        public boolean isSoftTimeLimitExceeded() {
            return false;
        }

        @Override
        public void checkSoftTimeLimit() {
        }

        @Override
        public RetryRequestedException retry(Duration countdown) {
            return new RetryRequestedException(countdown);
        }
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
