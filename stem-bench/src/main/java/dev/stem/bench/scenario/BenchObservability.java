package dev.stem.bench.scenario;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import dev.stem.metrics.TaskMetrics;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.observation.MdcExecutionInterceptor;
import dev.stem.observation.ObservationEnqueueInterceptor;
import dev.stem.observation.ObservationExecutionInterceptor;
import dev.stem.observation.StemProcessMeterObservationHandler;
import dev.stem.worker.CompositeWorkerListener;
import dev.stem.worker.WorkerListener;

/// With `-Dstem.bench.observe=true` (through `BENCH_JAVA_OPTS`), the client and worker of a run get
/// what a Boot application with a meter registry and no tracing bridge gets by default:
/// [TaskMetrics] (counters and timers with percentiles), the publish observation on a registry
/// whose meter handlers are grouped as Boot groups them (first matching: Stem's process handler,
/// then Micrometer's default one, which times the publish observation as meters), the process
/// observation as the auto-configuration wires it when only meter handlers are registered (not
/// started: nothing would see it), and the MDC interceptor. With
/// `-Dstem.bench.observe=attempts` the process observation is started for every attempt too,
/// as with a tracing bridge but without a tracer. Without either, none of these (the figures of
/// `docs/performance.md` unless it says so).
final class BenchObservability {

    private static final String MODE = System.getProperty("stem.bench.observe", "false");

    private static final boolean ENABLED = !MODE.equals("false");

    private static final boolean ATTEMPTS_OBSERVED = MODE.equals("attempts");

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static final ObservationRegistry observations = ObservationRegistry.create();

    private static final TaskMetrics metrics = new TaskMetrics(meters, Clock.systemUTC(), List.of(0.5, 0.95, 0.99));

    static {
        observations.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new StemProcessMeterObservationHandler(), new DefaultMeterObservationHandler(meters)));
    }

    private BenchObservability() {
    }

    /// Whether runs are observed.
    static boolean enabled() {
        return ENABLED;
    }

    /// The client's enqueue interceptors: the publish observation first, the metrics last.
    static List<EnqueueInterceptor> enqueueInterceptors() {
        return ENABLED ? List.of(new ObservationEnqueueInterceptor(observations, null), metrics) : List.of();
    }

    /// The worker's execution interceptors: the MDC outermost, then the process observation.
    static List<ExecutionInterceptor> executionInterceptors() {
        return ENABLED ? List.of(new MdcExecutionInterceptor(), new ObservationExecutionInterceptor(
                ATTEMPTS_OBSERVED ? observations : ObservationRegistry.NOOP, null)) : List.of();
    }

    /// `listener`, and the task metrics after it when runs are observed.
    static WorkerListener listener(WorkerListener listener) {
        return ENABLED ? new CompositeWorkerListener(List.of(listener, metrics)) : listener;
    }
}
