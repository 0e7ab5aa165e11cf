package io.kvsync.hibernate;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link KvSyncHibernate#resync} works through a table.
 *
 * @param batchSize rows fetched per round trip, and rows between two progress reports
 * @param progress  called after each batch and once at the end, on the calling thread
 * @param timeout   how long to wait, after the last row, for the store to have every write
 * @param overwrite write without version fencing, replacing whatever the store holds — also entries
 *                  of a <em>higher</em> version, as a database that was recreated or restored leaves
 *                  behind. Use it only while nothing else writes these entities: a concurrent newer
 *                  write could be replaced by the state this resync read.
 */
public record ResyncOptions(int batchSize, Consumer<ResyncProgress> progress, Duration timeout, boolean overwrite) {

    public ResyncOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Batches of 1,000, no progress callback, ten minutes to finish writing, version-fenced writes. */
    public static ResyncOptions defaults() {
        return new ResyncOptions(1_000, p -> { }, Duration.ofMinutes(10), false);
    }

    public ResyncOptions withBatchSize(int size) {
        return new ResyncOptions(size, progress, timeout, overwrite);
    }

    public ResyncOptions withProgress(Consumer<ResyncProgress> callback) {
        return new ResyncOptions(batchSize, callback, timeout, overwrite);
    }

    public ResyncOptions withTimeout(Duration wait) {
        return new ResyncOptions(batchSize, progress, wait, overwrite);
    }

    /** See {@link #overwrite()}. */
    public ResyncOptions withOverwrite(boolean replaceEverything) {
        return new ResyncOptions(batchSize, progress, timeout, replaceEverything);
    }
}
