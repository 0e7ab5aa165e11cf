package io.kvsync.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What the demo found.
 *
 * @param settings        what was asked for
 * @param verified        rows and keys compared
 * @param mismatches      every difference between the database and the store
 * @param rowsPerSecond   inserted rows replicated per second (insert start to replication idle)
 * @param lagP50Nanos     commit-to-visible lag, median
 * @param lagP99Nanos     commit-to-visible lag, 99th percentile
 * @param lookup          median lookup times through KVSync and SQL
 * @param workload        the updates, key changes, deletes and rollbacks made
 */
record DemoReport(DemoSettings settings, Verifier.Result verified, List<String> mismatches, double rowsPerSecond,
                  long lagP50Nanos, long lagP99Nanos, LookupTimer.Result lookup, String workload) {

    private static final int SHOWN_MISMATCHES = 20;

    void print(PrintStream out) {
        out.println();
        out.println(workload);
        out.printf(Locale.ROOT, "verified: %d rows × %d keys (%d retired keys checked absent), %d mismatches%n",
                verified.rows(), verified.keys(), verified.retiredChecked(), mismatches.size());
        mismatches.stream().limit(SHOWN_MISMATCHES).forEach(m -> out.println("  mismatch: " + m));
        if (mismatches.size() > SHOWN_MISMATCHES) {
            out.println("  … and " + (mismatches.size() - SHOWN_MISMATCHES) + " more");
        }
        out.println();
        out.printf(Locale.ROOT, "| %-34s | %-28s |%n", "measure (store " + settings.store() + ", " + settings.marshaler() + ")", "value");
        out.printf(Locale.ROOT, "|%s|%s|%n", "-".repeat(36), "-".repeat(30));
        out.printf(Locale.ROOT, "| %-34s | %-28s |%n", "rows/s replicated", String.format(Locale.ROOT, "%,.0f", rowsPerSecond));
        out.printf(Locale.ROOT, "| %-34s | %-28s |%n", "commit→visible lag p50 / p99",
                millis(lagP50Nanos) + " / " + millis(lagP99Nanos));
        out.printf(Locale.ROOT, "| %-34s | %-28s |%n", "member by uuid p50: KVSync / SQL",
                micros(lookup.fetchNanos()) + " / " + micros(lookup.sqlNanos()) + String.format(Locale.ROOT, " (%.2fx)",
                        lookup.sqlNanos() == 0 ? 0.0 : (double) lookup.fetchNanos() / lookup.sqlNanos()));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
