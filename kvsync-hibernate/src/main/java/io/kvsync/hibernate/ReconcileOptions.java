package io.kvsync.hibernate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link KvSyncHibernate#reconcile} compares a table with the store.
 *
 * @param batchSize      rows (and scanned keys) handled per round trip
 * @param progress       called after each batch, on the calling thread
 * @param timeout        how long to wait, at the end, for the repairs to reach the store
 * @param orphanPrefixes key prefixes under which entries that no row justifies are looked for and removed
 *                       (the keys of rows deleted, and old key values, while replication was down); empty:
 *                       no such search. Needs a store that can list its keys ({@code KvStore.scanKeys}).
 * @param overwrite      repair without version fencing (see {@link ResyncOptions#overwrite()})
 */
public record ReconcileOptions(int batchSize, Consumer<ReconcileProgress> progress, Duration timeout,
                               List<String> orphanPrefixes, boolean overwrite) {

    public ReconcileOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(timeout, "timeout");
        orphanPrefixes = List.copyOf(orphanPrefixes);
    }

    /** Batches of 1,000, no progress callback, ten minutes to finish repairing, no orphan search, fenced repairs. */
    public static ReconcileOptions defaults() {
        return new ReconcileOptions(1_000, p -> { }, Duration.ofMinutes(10), List.of(), false);
    }

    public ReconcileOptions withBatchSize(int size) {
        return new ReconcileOptions(size, progress, timeout, orphanPrefixes, overwrite);
    }

    public ReconcileOptions withProgress(Consumer<ReconcileProgress> callback) {
        return new ReconcileOptions(batchSize, callback, timeout, orphanPrefixes, overwrite);
    }

    public ReconcileOptions withTimeout(Duration wait) {
        return new ReconcileOptions(batchSize, progress, wait, orphanPrefixes, overwrite);
    }

    /** Also removes entries under these key prefixes that no row justifies. */
    public ReconcileOptions withOrphanPrefixes(String... prefixes) {
        return new ReconcileOptions(batchSize, progress, timeout, List.of(prefixes), overwrite);
    }

    public ReconcileOptions withOverwrite(boolean replaceEverything) {
        return new ReconcileOptions(batchSize, progress, timeout, orphanPrefixes, replaceEverything);
    }
}
