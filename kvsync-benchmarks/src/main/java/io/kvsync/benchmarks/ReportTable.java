package io.kvsync.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows of the end-to-end report, printed as a Markdown table. Not thread-safe. */
final class ReportTable {

    private record Row(String scenario, String ours, String peer, String ratio) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String scenario, String ours, String peer, String ratio) {
        rows.add(new Row(scenario, ours, peer, ratio));
    }

    String toMarkdown() {
        StringBuilder table = new StringBuilder("| scenario | KVSync | peer (same run) | ratio |\n|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.scenario()).append(" | ").append(row.ours()).append(" | ")
                    .append(row.peer()).append(" | ").append(row.ratio()).append(" |\n");
        }
        return table.toString();
    }

    /** {@code "0.42x (target ≤ 0.5x: met)"}; a smaller ratio is better. */
    static String atMost(double ratio, double target) {
        return String.format(Locale.ROOT, "%.2fx (target ≤ %sx: %s)", ratio, plain(target), ratio <= target ? "met" : "**missed**");
    }

    /** {@code "0.62 (target ≥ 0.5: met)"}; a larger ratio is better. */
    static String atLeast(double ratio, double target) {
        return String.format(Locale.ROOT, "%.2f (target ≥ %s: %s)", ratio, plain(target), ratio >= target ? "met" : "**missed**");
    }

    /** A ratio without a target. */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** A fraction of the peer, without a target: {@code "0.41"}. */
    static String fraction(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
