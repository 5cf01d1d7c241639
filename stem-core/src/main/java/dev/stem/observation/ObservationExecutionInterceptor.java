package dev.stem.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.task.TaskContext;

/// Observes every attempt ([StemObservation#PROCESS]) with the trace context of its message as the
/// parent, so the attempt's span is a child of the publish span; the observation is current
/// (in scope) while the task runs, so what the task does (HTTP calls, queries, further enqueues)
/// joins the trace.
public final class ObservationExecutionInterceptor implements ExecutionInterceptor {

    private final ObservationRegistry registry;

    private final @Nullable StemProcessObservationConvention convention;

    /// An interceptor observing through `registry`, named by `convention` or the default one.
    public ObservationExecutionInterceptor(ObservationRegistry registry,
            @Nullable StemProcessObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public @Nullable Object intercept(TaskContext context, Execution next) throws Exception {
        if (this.registry.isNoop()) {
            return next.proceed();
        }
        StemProcessContext processContext = new StemProcessContext(context);
        Observation observation = StemObservation.PROCESS.observation(this.convention,
                DefaultStemProcessObservationConvention.INSTANCE, () -> processContext, this.registry);
        observation.start();
        try (Observation.Scope scope = observation.openScope()) {
            return next.proceed();
        }
        catch (Exception | Error ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }
}
