package dev.stem.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;

/// Observes every publish ([StemObservation#PUBLISH]) as a child of the current observation (an HTTP
/// request, say) and publishes the message with the trace context the tracing handler wrote, so
/// every attempt of the task joins the producer's trace.
public final class ObservationEnqueueInterceptor implements EnqueueInterceptor {

    private final ObservationRegistry registry;

    private final @Nullable StemPublishObservationConvention convention;

    /// An interceptor observing through `registry`, named by `convention` or the default one.
    public ObservationEnqueueInterceptor(ObservationRegistry registry,
            @Nullable StemPublishObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Envelope beforePublish(Envelope envelope) {
        if (this.registry.isNoop()) {
            return envelope;
        }
        StemPublishContext context = new StemPublishContext(envelope);
        Observation observation = StemObservation.PUBLISH.observation(this.convention,
                DefaultStemPublishObservationConvention.INSTANCE, () -> context, this.registry);
        observation.start();
        try {
            return context.headers().equals(envelope.headers()) ? envelope
                    : envelope.toBuilder().headers(context.headers()).build();
        }
        catch (RuntimeException ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }
}
