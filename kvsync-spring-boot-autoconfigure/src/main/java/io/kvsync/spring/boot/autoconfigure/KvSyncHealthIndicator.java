package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code kvsync} health: UP when the store answers a read within the probe timeout
 * ({@code kvsync.health.probe-timeout}, 2 s) and has not failed every write for longer than
 * {@code kvsync.health.down-after} (30 s); DOWN otherwise, or once the bean is closed. Details: the store
 * and marshaler, the backlog (keys pending and how long the first in line has waited), how long the store
 * has been failing, and the outbox's depth and age when there is one.
 *
 * <p>The probe reads one key that is never written ({@code kvsync-health-probe}) on a thread of its own, so
 * that a store that hangs cannot hang the health endpoint past the timeout.
 */
public class KvSyncHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    /** The key the probe reads; never written, so the read answers "absent" and touches no data. */
    static final String PROBE_KEY = "kvsync-health-probe";

    private final KvSync kv;
    private final Duration probeTimeout;
    private final Duration downAfter;
    private final ExecutorService probes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kvsync-health-probe");
        thread.setDaemon(true);
        return thread;
    });

    public KvSyncHealthIndicator(KvSync kv, Duration probeTimeout, Duration downAfter) {
        super("KVSync health check failed");
        this.kv = kv;
        this.probeTimeout = probeTimeout;
        this.downAfter = downAfter;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KvSyncStats stats = kv.stats();
        builder.withDetail("store", kv.store().getClass().getSimpleName())
                .withDetail("marshaler", kv.marshaler().getClass().getSimpleName())
                .withDetail("pending", stats.pending())
                .withDetail("oldestPending", stats.oldestPending().toString())
                .withDetail("storeFailingFor", stats.storeFailingFor().toString())
                .withDetail("written", stats.written())
                .withDetail("failed", stats.failed());
        if (stats.outboxDepth() >= 0) {
            builder.withDetail("outboxDepth", stats.outboxDepth()).withDetail("outboxOldest", stats.outboxOldestAge().toString());
        }
        if (kv.isClosed()) {
            builder.down().withDetail("reason", "closed");
            return;
        }
        if (stats.storeFailingFor().compareTo(downAfter) > 0) {
            builder.down().withDetail("reason", "every write to the store has failed for " + stats.storeFailingFor()
                    + " (kvsync.health.down-after=" + downAfter + ")");
            return;
        }
        String unreachable = probe();
        if (unreachable != null) {
            builder.down().withDetail("reason", unreachable);
            return;
        }
        builder.up();
    }

    /** Reads the probe key; {@code null} when the store answered in time, else why not. */
    private String probe() {
        CompletableFuture<?> read = CompletableFuture.runAsync(() -> kv.fetchBytes(List.of(PROBE_KEY)), probes);
        try {
            read.get(probeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            read.cancel(true);
            return "the store did not answer a read within " + probeTimeout + " (kvsync.health.probe-timeout)";
        } catch (ExecutionException e) {
            return "the store refused a read: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while reading from the store";
        }
    }

    /** Stops the probe threads. */
    @Override
    public void close() {
        probes.shutdownNow();
    }
}
