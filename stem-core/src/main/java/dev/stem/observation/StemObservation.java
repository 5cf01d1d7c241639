package dev.stem.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/// The observations Stem makes, with their names and keys (see `docs/observability.md`).
///
/// Low-cardinality keys (metric tags and span attributes) are bounded: the task name, the queue,
/// the operation, the outcome. The task id and the attempt are high-cardinality (span attributes only).
public enum StemObservation implements ObservationDocumentation {

    /// Publishing a task message: made while the client prepares the message, it marks the enqueue
    /// and writes the trace context into the message; it ends before the broker call, so its
    /// duration is not the publish round trip. Its span is the parent of every attempt of the task.
    PUBLISH {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultStemPublishObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { LowCardinalityKeys.MESSAGING_SYSTEM, LowCardinalityKeys.MESSAGING_OPERATION,
                    LowCardinalityKeys.DESTINATION, LowCardinalityKeys.TASK_NAME };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { HighCardinalityKeys.MESSAGE_ID };
        }
    },

    /// One attempt of a task on a worker, through the execution interceptors to the handler's return.
    PROCESS {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultStemProcessObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { LowCardinalityKeys.MESSAGING_SYSTEM, LowCardinalityKeys.MESSAGING_OPERATION,
                    LowCardinalityKeys.DESTINATION, LowCardinalityKeys.TASK_NAME, LowCardinalityKeys.OUTCOME };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { HighCardinalityKeys.MESSAGE_ID, HighCardinalityKeys.ATTEMPT };
        }
    };

    /// Keys with a bounded set of values.
    public enum LowCardinalityKeys implements KeyName {

        /// Always `stem`.
        MESSAGING_SYSTEM {
            @Override
            public String asString() {
                return "messaging.system";
            }
        },

        /// `publish` or `process`.
        MESSAGING_OPERATION {
            @Override
            public String asString() {
                return "messaging.operation";
            }
        },

        /// The queue.
        DESTINATION {
            @Override
            public String asString() {
                return "messaging.destination.name";
            }
        },

        /// The task name.
        TASK_NAME {
            @Override
            public String asString() {
                return "stem.task.name";
            }
        },

        /// How an attempt ended: `success` or `failure`.
        OUTCOME {
            @Override
            public String asString() {
                return "stem.outcome";
            }
        }
    }

    /// Keys with a value per message: span attributes, never metric tags.
    public enum HighCardinalityKeys implements KeyName {

        /// The task id.
        MESSAGE_ID {
            @Override
            public String asString() {
                return "messaging.message.id";
            }
        },

        /// The attempt, from 0.
        ATTEMPT {
            @Override
            public String asString() {
                return "stem.task.attempt";
            }
        }
    }
}
