package dev.stem.observation;

import io.micrometer.common.KeyValues;

import dev.stem.envelope.Envelope;

/// The default process convention: name `stem.task.process`, contextual name `<queue> process`,
/// low-cardinality keys `messaging.system`, `messaging.operation`, `messaging.destination.name`,
/// `stem.task.name` and `stem.outcome` (`success` or `failure`), high-cardinality keys
/// `messaging.message.id` and `stem.task.attempt`. Subclass it to add keys.
public class DefaultStemProcessObservationConvention implements StemProcessObservationConvention {

    /// The shared instance.
    public static final DefaultStemProcessObservationConvention INSTANCE = new DefaultStemProcessObservationConvention();

    @Override
    public String getName() {
        return "stem.task.process";
    }

    @Override
    public String getContextualName(StemProcessContext context) {
        return context.envelope().queue() + " process";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(StemProcessContext context) {
        Envelope envelope = context.envelope();
        return KeyValues.of(StemObservation.LowCardinalityKeys.MESSAGING_SYSTEM.withValue("stem"),
                StemObservation.LowCardinalityKeys.MESSAGING_OPERATION.withValue("process"),
                StemObservation.LowCardinalityKeys.DESTINATION.withValue(envelope.queue()),
                StemObservation.LowCardinalityKeys.TASK_NAME.withValue(envelope.task()),
                StemObservation.LowCardinalityKeys.OUTCOME.withValue(context.getError() == null ? "success" : "failure"));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(StemProcessContext context) {
        Envelope envelope = context.envelope();
        return KeyValues.of(StemObservation.HighCardinalityKeys.MESSAGE_ID.withValue(envelope.id()),
                StemObservation.HighCardinalityKeys.ATTEMPT.withValue(Integer.toString(envelope.attempt())));
    }
}
