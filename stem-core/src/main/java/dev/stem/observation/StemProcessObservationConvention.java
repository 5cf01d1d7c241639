package dev.stem.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/// Names and keys of the [StemObservation#PROCESS] observation; declare a bean of this type to
/// replace or extend [DefaultStemProcessObservationConvention].
public interface StemProcessObservationConvention extends ObservationConvention<StemProcessContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof StemProcessContext;
    }
}
