package io.kvsync.it.support;

import io.kvsync.api.SyncReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Keeps every {@link SyncReport} an engine delivers, in delivery order, so a test can look at the reports
 * of one phase ({@link #mark()}, then {@link #since(int)}). Thread-safe: workers append while the test
 * reads.
 */
public final class ReportLog implements Consumer<SyncReport> {

    private final List<SyncReport> reports = new ArrayList<>();

    @Override
    public synchronized void accept(SyncReport report) {
        reports.add(report);
    }

    /** A position in the log: {@link #since(int)} returns what arrives after it. */
    public synchronized int mark() {
        return reports.size();
    }

    /** Every report delivered after {@code mark}, in delivery order. */
    public synchronized List<SyncReport> since(int mark) {
        return new ArrayList<>(reports.subList(mark, reports.size()));
    }

    /** Every report so far. */
    public List<SyncReport> all() {
        return since(0);
    }

    /** Reports after {@code mark} that match {@code filter}. */
    public List<SyncReport> since(int mark, Predicate<SyncReport> filter) {
        return since(mark).stream().filter(filter).toList();
    }

    /** Failed reports after {@code mark}. */
    public List<SyncReport> failedSince(int mark) {
        return since(mark, report -> !report.ok());
    }
}
