package io.kvsync.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one replication attempt for one key, delivered to the report callback.
 *
 * <p>A successful write produces one report with {@code error == null}. A failed attempt produces one
 * report with the cause; the write stays pending and is retried, so a key that fails three times and
 * then succeeds yields three failure reports and one success report. A write that is dropped rather
 * than attempted is reported once, as failed, and not retried: refused by back-pressure, not marshalable,
 * abandoned at shutdown, or the losing claim when two entities claim one key
 * ({@link KvSyncKeyConflictException}; the key then holds the other entity). A write whose hand-over of a
 * key between two instances' claims the store could not be sure of gets one more report, failed with a
 * {@link KvSyncUncertainOrderException}, besides its own.
 *
 * @param operation  what was attempted
 * @param entityType the entity's class, or {@code null} when unknown (a write enqueued by raw key)
 * @param keyName    the key name from {@link Syncable#syncKeys()}, or {@code null} when unknown
 * @param key        the store key (without any store-side prefix)
 * @param error      the failure, or {@code null} on success
 * @param latency    time from enqueueing the write to this outcome
 * @param attempt    1 for the first attempt, incremented on every retry
 */
public record SyncReport(SyncOperation operation, Class<?> entityType, String keyName, String key,
                         Throwable error, Duration latency, int attempt) {

    public SyncReport {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(latency, "latency");
    }

    /** Returns {@code true} when the write reached the store. */
    public boolean ok() {
        return error == null;
    }

    @Override
    public String toString() {
        String type = entityType == null ? "?" : entityType.getName();
        String outcome = ok() ? "ok" : "failed: " + error;
        return "SyncReport[" + operation + " " + type + " " + keyName + "=" + key
                + " attempt " + attempt + " after " + latency.toMillis() + " ms, " + outcome + "]";
    }
}
