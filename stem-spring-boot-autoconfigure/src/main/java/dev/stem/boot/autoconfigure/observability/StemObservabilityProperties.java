package dev.stem.boot.autoconfigure.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.stem.boot.autoconfigure.validation.MinDuration;

/// `stem.observability.*`: what Stem measures, traces and logs.
@ConfigurationProperties("stem.observability")
@Validated
public class StemObservabilityProperties {

    private final Metrics metrics = new Metrics();

    private final Observations observations = new Observations();

    private final Queues queues = new Queues();

    private final Log log = new Log();

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Observations getObservations() {
        return this.observations;
    }

    public Queues getQueues() {
        return this.queues;
    }

    public Log getLog() {
        return this.log;
    }

    /// `stem.observability.metrics.*`
    public static class Metrics {

        /// Whether to register Stem's task, queue and worker meters (when a MeterRegistry is present).
        private boolean enabled = true;

        /// Percentiles the execution and queue-wait timers publish; empty for none.
        private List<Double> percentiles = new ArrayList<>(List.of(0.5, 0.95, 0.99));

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<Double> getPercentiles() {
            return this.percentiles;
        }

        public void setPercentiles(List<Double> percentiles) {
            this.percentiles = percentiles;
        }
    }

    /// `stem.observability.observations.*`
    public static class Observations {

        /// Whether to observe publish and process (spans with a tracing bridge; the trace context
        /// travels in the message headers), when an ObservationRegistry is present.
        private boolean enabled = true;

        /// When to observe each attempt: `auto` when the application has an observation handler
        /// other than the meter handlers (a tracing bridge, or one of its own), `always`, or
        /// `never`. With only meter handlers the process observation records nothing (the attempt
        /// is timed by `stem.task.execution`), so `auto` spares its cost.
        private ProcessObservation process = ProcessObservation.AUTO;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public ProcessObservation getProcess() {
            return this.process;
        }

        public void setProcess(ProcessObservation process) {
            this.process = process;
        }
    }

    /// When each attempt is observed.
    public enum ProcessObservation {

        /// When an observation handler other than the meter handlers is registered as a bean.
        AUTO,

        /// Always.
        ALWAYS,

        /// Never.
        NEVER
    }

    /// `stem.observability.queues.*`
    public static class Queues {

        /// How often the queue monitor reads every queue's counts from the broker (for the queue
        /// gauges, the broker health and readiness).
        @MinDuration("100ms")
        private Duration pollInterval = Duration.ofSeconds(15);

        public Duration getPollInterval() {
            return this.pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    /// `stem.observability.log.*`
    public static class Log {

        /// Whether to put the task id, name, queue, attempt and trace id in the MDC while a task runs.
        private boolean mdc = true;

        /// Whether to log one INFO line per state change of every task on `dev.stem.task.state`.
        private boolean stateChanges = false;

        /// Whether the state-change lines include the task's args.
        private boolean args = false;

        public boolean isMdc() {
            return this.mdc;
        }

        public void setMdc(boolean mdc) {
            this.mdc = mdc;
        }

        public boolean isStateChanges() {
            return this.stateChanges;
        }

        public void setStateChanges(boolean stateChanges) {
            this.stateChanges = stateChanges;
        }

        public boolean isArgs() {
            return this.args;
        }

        public void setArgs(boolean args) {
            this.args = args;
        }
    }
}
