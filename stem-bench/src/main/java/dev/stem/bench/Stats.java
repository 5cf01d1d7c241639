package dev.stem.bench;

import java.util.Arrays;
import java.util.List;

/// Order statistics of measurements.
public final class Stats {

    private Stats() {
    }

    /// The median: the middle value, or the mean of the two middle values.
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// The `p`-th percentile (0 < p <= 100) by the nearest-rank method; `values` is sorted in place.
    public static long percentile(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile p must be in (0, 100], was " + p);
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100 * values.length);
        return values[Math.max(0, rank - 1)];
    }
}
