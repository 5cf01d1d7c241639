package dev.stem.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/// Names and keys of the [StemObservation#PUBLISH] observation; declare a bean of this type to
/// replace or extend [DefaultStemPublishObservationConvention].
public interface StemPublishObservationConvention extends ObservationConvention<StemPublishContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof StemPublishContext;
    }
}
