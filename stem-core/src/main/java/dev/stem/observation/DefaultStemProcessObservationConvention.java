package dev.stem.observation;

import io.micrometer.common.KeyValues;

import dev.stem.envelope.Envelope;

/// The default process convention: name `stem.task.process`, contextual name `<queue> process`,
/// low-cardinality keys `messaging.system`, `messaging.operation`, `messaging.destination.name`,
/// `stem.task.name` and `stem.outcome` (`success` or `failure`), high-cardinality keys
/// `messaging.message.id` and `stem.task.attempt`. The low-cardinality key values are built once per
/// queue, task and outcome and reused. Subclass it to add keys.
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

    private final TaskKeyValues success = new TaskKeyValues((queue, task) -> keyValues(queue, task, "success"));

    private final TaskKeyValues failure = new TaskKeyValues((queue, task) -> keyValues(queue, task, "failure"));

    @Override
    public KeyValues getLowCardinalityKeyValues(StemProcessContext context) {
        Envelope envelope = context.envelope();
        return (context.getError() == null ? this.success : this.failure).of(envelope.queue(), envelope.task());
    }

    private static KeyValues keyValues(String queue, String task, String outcome) {
        return KeyValues.of(StemObservation.LowCardinalityKeys.MESSAGING_SYSTEM.withValue("stem"),
                StemObservation.LowCardinalityKeys.MESSAGING_OPERATION.withValue("process"),
                StemObservation.LowCardinalityKeys.DESTINATION.withValue(queue),
                StemObservation.LowCardinalityKeys.TASK_NAME.withValue(task),
                StemObservation.LowCardinalityKeys.OUTCOME.withValue(outcome));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(StemProcessContext context) {
        Envelope envelope = context.envelope();
        return KeyValues.of(StemObservation.HighCardinalityKeys.MESSAGE_ID.withValue(envelope.id()),
                StemObservation.HighCardinalityKeys.ATTEMPT.withValue(Integer.toString(envelope.attempt())));
    }
}
