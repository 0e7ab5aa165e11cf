package io.kvsync.benchmarks;

import io.kvsync.api.SyncReport;
import org.HdrHistogram.SynchronizedHistogram;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The engine's report callback for the end-to-end report: counts failures, and while recording, keeps
 * the latency (enqueue → store acknowledged) of each successful write of a {@link Shipment}'s uuid key.
 * Thread-safe.
 */
final class ReportLatencies implements Consumer<SyncReport> {

    private final AtomicLong failures = new AtomicLong();
    private volatile SynchronizedHistogram recording;

    @Override
    public void accept(SyncReport report) {
        if (!report.ok()) {
            failures.incrementAndGet();
            return;
        }
        SynchronizedHistogram samples = recording;
        if (samples != null && report.entityType() == Shipment.class && "uuid".equals(report.keyName())) {
            samples.recordValue(report.latency().toNanos());
        }
    }

    /** Starts recording into {@code samples} (the engine's workers report concurrently); {@code null} stops. */
    void recordInto(SynchronizedHistogram samples) {
        this.recording = samples;
    }

    long failures() {
        return failures.get();
    }
}
