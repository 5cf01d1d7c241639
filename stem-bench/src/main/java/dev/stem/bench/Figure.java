package dev.stem.bench;

import java.util.Objects;

/// One measured figure of a scenario run, such as `process.results_stored.to_last_end` in jobs/s.
///
/// @param name dotted name, `<scenario>.<what>`
/// @param value the measurement
/// @param unit `jobs/s`, `ms`, `us` (microseconds) or `bytes`
/// @param n how many tasks the figure was measured over
/// @param concurrency worker concurrency (tasks at once per worker), or producer threads for `enqueue`
public record Figure(String name, double value, String unit, int n, int concurrency) {

    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    /// `count` jobs in `nanos` nanoseconds, as jobs per second.
    public static Figure rate(String name, int count, long nanos, int concurrency) {
        if (nanos <= 0) {
            throw new IllegalStateException("Figure " + name + ": elapsed time must be positive, was " + nanos + " ns");
        }
        return new Figure(name, count * 1e9 / nanos, "jobs/s", count, concurrency);
    }

    /// A copy with another value (for the median of several runs).
    public Figure withValue(double value) {
        return new Figure(this.name, value, this.unit, this.n, this.concurrency);
    }
}
