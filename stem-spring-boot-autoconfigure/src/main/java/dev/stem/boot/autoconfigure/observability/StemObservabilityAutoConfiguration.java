package dev.stem.boot.autoconfigure.observability;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.StemProperties;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueMonitor;
import dev.stem.metrics.QueueMetrics;
import dev.stem.metrics.TaskMetrics;
import dev.stem.metrics.WorkerMetrics;
import dev.stem.observation.MdcExecutionInterceptor;
import dev.stem.observation.ObservationEnqueueInterceptor;
import dev.stem.observation.ObservationExecutionInterceptor;
import dev.stem.observation.StemProcessMeterObservationHandler;
import dev.stem.observation.StemProcessObservationConvention;
import dev.stem.observation.StemPublishObservationConvention;
import dev.stem.worker.StateChangeLoggingListener;
import dev.stem.worker.Worker;

/// Stem's observability, each part switched by a `stem.observability.*` property and each bean
/// replaceable:
///
/// - the [QueueMonitor], reading every queue's counts on a schedule (gauges, health, readiness);
/// - with a `MeterRegistry`: [TaskMetrics] (counters and timers, registered as worker listener and
///   as the last enqueue interceptor), [WorkerMetrics] and [QueueMetrics] gauges, and the
///   [StemProcessMeterObservationHandler] that keeps the process observation from being timed
///   twice;
/// - with an `ObservationRegistry`: the publish and process observations, the publish one first
///   among the enqueue interceptors so the trace context is in the headers before any interceptor
///   signs them; the process one only when an observation handler other than the meter handlers
///   (tracing) would see it, unless `stem.observability.observations.process` says otherwise;
///   conventions from [StemPublishObservationConvention] and [StemProcessObservationConvention]
///   beans;
/// - the MDC of a running task, and the opt-in INFO line per state change.
@AutoConfiguration(after = StemAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(Stem.class)
@ConditionalOnBean(Broker.class)
@EnableConfigurationProperties(StemObservabilityProperties.class)
public final class StemObservabilityAutoConfiguration {

    StemObservabilityAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    QueueMonitor stemQueueMonitor(Broker broker, StemObservabilityProperties observability,
            StemProperties properties) {
        return new QueueMonitor(broker, observability.getQueues().getPollInterval(),
                properties.getWorker().getQueues(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "stem.observability.log.mdc", matchIfMissing = true)
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MdcExecutionInterceptor stemMdcExecutionInterceptor() {
        return new MdcExecutionInterceptor();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "stem.observability.log.state-changes")
    @ConditionalOnMissingBean
    StateChangeLoggingListener stemStateChangeLoggingListener(StemObservabilityProperties observability) {
        return new StateChangeLoggingListener(observability.getLog().isArgs());
    }

    /// Task, worker and queue meters.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "stem.observability.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.LOWEST_PRECEDENCE)
        TaskMetrics stemTaskMetrics(MeterRegistry registry, StemObservabilityProperties observability) {
            return new TaskMetrics(registry, Clock.systemUTC(), observability.getMetrics().getPercentiles());
        }

        @Bean
        @ConditionalOnMissingBean
        QueueMetrics stemQueueMetrics(QueueMonitor monitor) {
            return new QueueMetrics(monitor);
        }

        @Bean
        @ConditionalOnBean(Worker.class)
        @ConditionalOnMissingBean
        WorkerMetrics stemWorkerMetrics(Worker worker) {
            return new WorkerMetrics(worker);
        }

        /// First among the meter observation handlers, so the process observation is not timed a
        /// second time beside `stem.task.execution`.
        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        StemProcessMeterObservationHandler stemProcessMeterObservationHandler() {
            return new StemProcessMeterObservationHandler();
        }
    }

    /// Publish and process observations.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = "stem.observability.observations.enabled", matchIfMissing = true)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ObservationEnqueueInterceptor stemObservationEnqueueInterceptor(ObservationRegistry registry,
                ObjectProvider<StemPublishObservationConvention> convention) {
            return new ObservationEnqueueInterceptor(registry, convention.getIfUnique());
        }

        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.HIGHEST_PRECEDENCE + 1)
        ObservationExecutionInterceptor stemObservationExecutionInterceptor(ObservationRegistry registry,
                ObjectProvider<StemProcessObservationConvention> convention,
                ObjectProvider<ObservationHandler<?>> handlers, StemObservabilityProperties observability) {
            boolean observed = switch (observability.getObservations().getProcess()) {
                case ALWAYS -> true;
                case NEVER -> false;
                case AUTO -> handlers.stream().anyMatch(handler -> !(handler instanceof MeterObservationHandler));
            };
            return new ObservationExecutionInterceptor(observed ? registry : ObservationRegistry.NOOP,
                    convention.getIfUnique());
        }
    }
}
