package dev.stem.observation;

import io.micrometer.common.KeyValues;

import dev.stem.envelope.Envelope;

/// The default publish convention: name `stem.task.publish`, contextual name `<queue> publish`,
/// low-cardinality keys `messaging.system`, `messaging.operation`, `messaging.destination.name`,
/// `stem.task.name`, high-cardinality key `messaging.message.id`. The low-cardinality key values are built once per
/// queue and task and reused. Subclass it to add keys.
public class DefaultStemPublishObservationConvention implements StemPublishObservationConvention {

    /// The shared instance.
    public static final DefaultStemPublishObservationConvention INSTANCE = new DefaultStemPublishObservationConvention();

    @Override
    public String getName() {
        return "stem.task.publish";
    }

    @Override
    public String getContextualName(StemPublishContext context) {
        return context.envelope().queue() + " publish";
    }

    private final TaskKeyValues lowCardinality = new TaskKeyValues(
            (queue, task) -> KeyValues.of(StemObservation.LowCardinalityKeys.MESSAGING_SYSTEM.withValue("stem"),
                    StemObservation.LowCardinalityKeys.MESSAGING_OPERATION.withValue("publish"),
                    StemObservation.LowCardinalityKeys.DESTINATION.withValue(queue),
                    StemObservation.LowCardinalityKeys.TASK_NAME.withValue(task)));

    @Override
    public KeyValues getLowCardinalityKeyValues(StemPublishContext context) {
        Envelope envelope = context.envelope();
        return this.lowCardinality.of(envelope.queue(), envelope.task());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(StemPublishContext context) {
        return KeyValues.of(StemObservation.HighCardinalityKeys.MESSAGE_ID.withValue(context.envelope().id()));
    }
}
