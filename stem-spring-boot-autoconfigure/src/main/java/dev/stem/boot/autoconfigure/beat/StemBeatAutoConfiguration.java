package dev.stem.boot.autoconfigure.beat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.stem.annotation.AnnotatedSchedules;
import dev.stem.annotation.StemScheduleAnnotationBeanPostProcessor;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.broker.Broker;
import dev.stem.metrics.BeatMetrics;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.schedule.Beat;
import dev.stem.schedule.BeatListener;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;
import dev.stem.schedule.Schedules;
import dev.stem.schedule.TickOutcome;
import dev.stem.schedule.TickPublisher;

/// Auto-configuration of beat.
///
/// - [Schedules], the schedule-management API, whenever a [ScheduleStore] and a [Broker] exist,
///   whether or not this application runs beat (the shell and Actuator use it).
/// - With `stem.beat.enabled=true`: the [Beat] engine (a `SmartLifecycle`), the entries of
///   `stem.beat.schedules.*` (checked when the bean is created, so a bad entry fails the start) and
///   of `@StemSchedule` methods. On the same id an entry of `stem.beat.schedules` replaces one of
///   `@StemSchedule`, and both replace the store's when beat starts. The broker must be a
///   [TickPublisher] (the in-memory, Redis and PostgreSQL brokers are).
/// - Scheduled messages (ticks and run-now) pass through the application's [EnqueueInterceptor]s
///   in their order, as enqueued ones do: signed, encrypted and traced alike.
/// - With a `MeterRegistry`: [BeatMetrics] (`stem.beat.ticks`, `stem.beat.drift`); every
///   [BeatListener] bean is told what became of each tick.
///
/// Every bean backs off when the application defines its own.
@AutoConfiguration(after = StemAutoConfiguration.class)
@ConditionalOnClass(Schedules.class)
@EnableConfigurationProperties(StemBeatProperties.class)
public final class StemBeatAutoConfiguration {

    StemBeatAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ ScheduleStore.class, Broker.class })
    Schedules stemSchedules(ScheduleStore store, Broker broker, ObjectProvider<EnqueueInterceptor> interceptors) {
        return new Schedules(store, broker, Clock.systemUTC(), interceptors.orderedStream().toList());
    }

    /// Beat metrics ([BeatMetrics]) when Micrometer is there and the application has a `MeterRegistry`.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBooleanProperty("stem.beat.enabled")
    static class BeatMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BeatListener stemBeatMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters != null ? new BeatMetrics(meters) : BeatListener.NONE;
        }
    }

    /// The beat engine and its declared entries, on with `stem.beat.enabled=true`.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("stem.beat.enabled")
    static class BeatConfiguration {

        @Bean
        static StemScheduleAnnotationBeanPostProcessor stemScheduleAnnotationBeanPostProcessor() {
            return new StemScheduleAnnotationBeanPostProcessor();
        }

        @Bean
        @ConditionalOnMissingBean
        AnnotatedSchedules stemAnnotatedSchedules() {
            return new AnnotatedSchedules();
        }

        @Bean
        @ConditionalOnMissingBean
        Beat stemBeat(ScheduleStore store, Broker broker, Schedules schedules, AnnotatedSchedules annotated,
                StemBeatProperties properties, Environment environment,
                ObjectProvider<EnqueueInterceptor> interceptors, ObjectProvider<BeatListener> listeners) {
            if (!(broker instanceof TickPublisher publisher)) {
                throw new IllegalStateException("stem.beat.enabled=true needs a broker that claims and publishes a "
                        + "tick in one step (a TickPublisher), and " + broker.getClass().getName() + " does not");
            }
            Clock clock = Clock.systemUTC();
            List<ScheduleEntry> configured = ConfiguredSchedules.of(properties, environment, clock.instant());
            return new Beat(store, publisher, schedules, () -> merge(annotated.entries(), configured), clock,
                    properties.options(), interceptors.orderedStream().toList(),
                    composite(listeners.orderedStream().toList()));
        }

        private static BeatListener composite(List<BeatListener> listeners) {
            return new BeatListener() {

                @Override
                public void tickHandled(String entryId, Instant tick, TickOutcome outcome, @Nullable Duration drift) {
                    listeners.forEach((listener) -> listener.tickHandled(entryId, tick, outcome, drift));
                }

                @Override
                public void ticksSkipped(String entryId, long count) {
                    listeners.forEach((listener) -> listener.ticksSkipped(entryId, count));
                }
            };
        }

        private static List<ScheduleEntry> merge(List<ScheduleEntry> annotated, List<ScheduleEntry> configured) {
            Map<String, ScheduleEntry> byId = new LinkedHashMap<>();
            annotated.forEach((entry) -> byId.put(entry.id(), entry));
            configured.forEach((entry) -> byId.put(entry.id(), entry));
            return List.copyOf(byId.values());
        }
    }
}
