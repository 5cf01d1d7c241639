package dev.stem.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/// The meter handler of the process observation ([StemObservation#PROCESS]): it records nothing.
/// Put first among an application's meter handlers (Boot's first-matching group of them), it keeps
/// the default meter handler from timing every attempt a second time: the attempt's duration is
/// already the `stem.task.execution` timer of `TaskMetrics`, tagged with the same task, queue and
/// outcome, and the attempts in flight are the busy `stem.worker.slots`. Without it, the default
/// handler would look up and record a timer and a long-task timer per attempt on top of those. The
/// publish observation is still timed by the default handler, and tracing handlers still see both.
public final class StemProcessMeterObservationHandler implements MeterObservationHandler<StemProcessContext> {

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof StemProcessContext;
    }
}
