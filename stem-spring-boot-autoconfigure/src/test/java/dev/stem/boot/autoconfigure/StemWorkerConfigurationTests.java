package dev.stem.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.Ordered;

import dev.stem.Stem;
import dev.stem.broker.Broker;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StemWorkerConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class));

    @Test
    void workerIsOffWhenDisabled() {
        this.contextRunner.withPropertyValues("stem.worker.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Worker.class);
            assertThat(context).doesNotHaveBean(WorkerOptions.class);
            assertThat(context).hasSingleBean(Stem.class);
            assertThat(context).hasSingleBean(Broker.class);
        });
    }

    @Test
    void defaultOptionsConsumeTheDefaultQueue() {
        this.contextRunner.run(context -> {
            WorkerOptions options = context.getBean(WorkerOptions.class);
            assertThat(options.queues()).containsExactly("default");
            assertThat(options.concurrency()).isEqualTo(8);
            assertThat(options.prefetch()).isEqualTo(8);
            assertThat(options.lease()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(25));
            assertThat(options.resultTtl()).isEqualTo(Duration.ofDays(1));
            assertThat(options.trackStarted()).isFalse();
        });
    }

    @Test
    void workerPropertiesReachTheWorkerOptions() {
        this.contextRunner.withPropertyValues("stem.worker.queues=mail,default", "stem.worker.concurrency=3",
                "stem.worker.lease=10s", "stem.worker.fetch-wait=200ms", "stem.worker.shutdown-timeout=5s",
                "stem.worker.heartbeat-interval=2s", "stem.worker.max-recoveries=1", "stem.worker.track-started=true",
                "stem.backend.result-ttl=1h").run(context -> {
                    WorkerOptions options = context.getBean(WorkerOptions.class);
                    assertThat(options.queues()).isEqualTo(List.of("mail", "default"));
                    assertThat(options.concurrency()).isEqualTo(3);
                    assertThat(options.prefetch()).isEqualTo(3);
                    assertThat(options.lease()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(options.fetchWait()).isEqualTo(Duration.ofMillis(200));
                    assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.maxRecoveries()).isEqualTo(1);
                    assertThat(options.trackStarted()).isTrue();
                    assertThat(options.resultTtl()).isEqualTo(Duration.ofHours(1));
                    assertThat(context.getBean(Worker.class).options()).isSameAs(options);
                });
    }

    @Test
    void explicitPrefetchWinsOverConcurrency() {
        this.contextRunner.withPropertyValues("stem.worker.concurrency=6", "stem.worker.prefetch=2").run(context ->
                assertThat(context.getBean(WorkerOptions.class).prefetch()).isEqualTo(2));
    }

    @Test
    void aPrefetchOfZeroLeasesOnlyWhatRuns() {
        this.contextRunner.withPropertyValues("stem.worker.prefetch=0").run(context ->
                assertThat(context.getBean(WorkerOptions.class).prefetch()).isZero());
    }

    @Test
    void customizersAdjustTheBoundOptionsInOrder() {
        this.contextRunner.withPropertyValues("stem.worker.concurrency=3", "stem.worker.fetch-wait=200ms")
                .withBean("doubling", WorkerOptionsCustomizer.class, () -> new OrderedCustomizer(2,
                        (options) -> options.withConcurrency(options.concurrency() * 2)))
                .withBean("five", WorkerOptionsCustomizer.class, () -> new OrderedCustomizer(1,
                        (options) -> options.withConcurrency(5)))
                .run(context -> {
                    WorkerOptions options = context.getBean(WorkerOptions.class);
                    assertThat(options.concurrency()).isEqualTo(10);
                    assertThat(options.fetchWait()).isEqualTo(Duration.ofMillis(200));
                    assertThat(context.getBean(Worker.class).options()).isSameAs(options);
                });
    }

    @Test
    void customizersDoNotTouchTheApplicationsOwnOptions() {
        WorkerOptions own = WorkerOptions.defaults("mail").withShutdownTimeout(Duration.ofSeconds(5));
        this.contextRunner.withBean(WorkerOptions.class, () -> own)
                .withBean(WorkerOptionsCustomizer.class, () -> (options) -> options.withConcurrency(1))
                .run(context -> assertThat(context.getBean(WorkerOptions.class)).isSameAs(own));
    }

    @Test
    void shutdownTimeoutAtThePhaseTimeoutIsReported(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.worker.shutdown-timeout=30s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("stem.worker.shutdown-timeout (30s) is not below "
                    + "spring.lifecycle.timeout-per-shutdown-phase (30s)");
        });
    }

    @Test
    void shutdownTimeoutAboveAConfiguredPhaseTimeoutIsReported(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.worker.shutdown-timeout=20s",
                "spring.lifecycle.timeout-per-shutdown-phase=15s").run(context ->
                        assertThat(output).contains("stem.worker.shutdown-timeout (20s) is not below "
                                + "spring.lifecycle.timeout-per-shutdown-phase (15s)"));
    }

    @Test
    void shutdownTimeoutSetByACustomizerIsChecked(CapturedOutput output) {
        this.contextRunner.withBean(WorkerOptionsCustomizer.class,
                () -> (options) -> options.withShutdownTimeout(Duration.ofMillis(30500))).run(context ->
                        assertThat(output).contains("stem.worker.shutdown-timeout (30500ms) is not below"));
    }

    @Test
    void shutdownTimeoutBelowThePhaseTimeoutIsNotReported(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.worker.shutdown-timeout=45s",
                "spring.lifecycle.timeout-per-shutdown-phase=60s").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).doesNotContain("stem.worker.shutdown-timeout (");
                });
    }

    /// A customizer with an order.
    private record OrderedCustomizer(int order, WorkerOptionsCustomizer customizer)
            implements WorkerOptionsCustomizer, Ordered {

        @Override
        public WorkerOptions customize(WorkerOptions options) {
            return this.customizer.customize(options);
        }

        @Override
        public int getOrder() {
            return this.order;
        }
    }
}
