package io.kvsync.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The median of a handful of per-round figures (rates, seconds), exact: the middle one, or the mean of
 * the two middle ones. Latencies go into a histogram instead.
 */
final class Median {

    private Median() {
    }

    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
