package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncException;
import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.MarshalException;
import io.kvsync.api.PartialFetchException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.api.Syncable;
import io.kvsync.engine.internal.Dispatcher;
import io.kvsync.engine.internal.EngineSettings;
import io.kvsync.engine.internal.EngineStats;
import io.kvsync.engine.internal.EntityChange;
import io.kvsync.engine.internal.EntityKeys;
import io.kvsync.engine.internal.Reporter;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.Marshaler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replicates {@link io.kvsync.api.Syncable} objects into a {@link KvStore} under each of their keys,
 * and reads them back by any key.
 *
 * <p>Writes go through one queue that its workers take batches from: a key has at most one write in
 * flight, so its writes reach the store in the order they were enqueued, and the queue keeps only the
 * newest pending write per key. Objects are marshaled on the
 * calling thread, so later changes to an object do not leak into what is written. A failed write stays
 * pending and is retried with exponential backoff until it succeeds or {@link #close()} gives up; every
 * attempt is reported to the {@linkplain KvSyncBuilder#onReport report callback}.
 *
 * <p><b>Thread safety.</b> All methods are safe to call from any thread. The report callback runs on
 * worker threads and must not block for long.
 *
 * <p><b>Errors.</b> Usage errors (an object that is not {@code Syncable}, a null or blank key, an unknown
 * key name, a call after close) throw {@link KvSyncUsageException}; marshaling errors, and an object
 * that marshals to more than {@code kvsync.max-value-size} bytes, throw {@link MarshalException} (also
 * reported for each of its keys, none of which is written); a store failure during a synchronous call
 * or a read throws {@link KvStoreException}; a full queue throws
 * {@link io.kvsync.api.KvSyncBackpressureException}. Two entities claiming one key while both writes are
 * pending are reported (the dropped claim, as a failed {@link SyncReport} with a
 * {@link KvSyncKeyConflictException}), not thrown, except to a {@code sync} whose claim was dropped.
 */
public final class KvSync implements AutoCloseable {

    private final KvStore store;
    private final Marshaler marshaler;
    private final KvSyncConfig config;
    private final EngineSettings settings;
    private final EngineStats stats;
    private final Dispatcher dispatcher;
    private final Reporter reporter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile OutboxGauge outbox;

    KvSync(KvStore store, Marshaler marshaler, KvSyncConfig config, EngineSettings settings, EngineStats stats,
           Reporter reporter) {
        this.store = store;
        this.marshaler = marshaler;
        this.config = config;
        this.settings = settings;
        this.stats = stats;
        this.reporter = reporter;
        this.dispatcher = new Dispatcher(store, settings, stats, reporter);
    }

    /** A builder; every setting is optional (discovery and {@code kvsync.*} configuration fill the rest). */
    public static KvSyncBuilder builder() {
        return new KvSyncBuilder();
    }

    // ---- writes -------------------------------------------------------------------------------

    /**
     * Writes {@code entity} under every key and waits until the store has them, fenced by its
     * {@link Syncable#syncVersion()} (by default its JPA {@code @Version}, when it has one).
     *
     * @throws KvStoreException when an attempt fails or the sync timeout passes; the writes stay
     *                          pending and are retried in the background
     * @throws KvSyncKeyConflictException when another entity claimed one of its keys while both writes
     *                          were pending, and the other entity's write was kept
     *                          (see {@link KvSyncStats#conflicts()})
     */
    public void sync(Object entity) {
        sync(Change.put(entity));
    }

    /**
     * Like {@link #sync(Object)}, fenced by {@code version} (see {@link KvWrite});
     * {@link Syncable#UNVERSIONED} writes unfenced.
     */
    public void sync(Object entity, long version) {
        sync(Change.put(entity).version(version));
    }

    /**
     * Applies {@code change} and waits until the store has every write of it (its puts, and the deletes
     * of keys it retires).
     *
     * @throws KvStoreException as {@link #sync(Object)}
     * @throws KvSyncKeyConflictException as {@link #sync(Object)}
     */
    public void sync(Change change) {
        await(change.entity() != null ? change.entity().getClass() : change.retiredType(), submit(change, true));
    }

    /**
     * Snapshots {@code entity} now and writes it under every key in the background, fenced by its
     * {@link Syncable#syncVersion()} (by default its JPA {@code @Version}, when it has one).
     */
    public void enqueue(Object entity) {
        enqueue(Change.put(entity));
    }

    /**
     * Like {@link #enqueue(Object)}, fenced by {@code version} (see {@link KvWrite});
     * {@link Syncable#UNVERSIONED} writes unfenced.
     */
    public void enqueue(Object entity, long version) {
        enqueue(Change.put(entity).version(version));
    }

    /**
     * Snapshots {@code entity} now and writes it under every key in the background, and removes each
     * key of {@code previousKeys} that the entity no longer has (a field that forms a key changed).
     *
     * @param previousKeys the entity's {@code syncKeys()} before the change; may be empty
     */
    public void enqueue(Object entity, long version, Map<String, String> previousKeys) {
        enqueue(Change.put(entity).version(version).previousKeys(previousKeys));
    }

    /** Applies {@code change} in the background; the entity is snapshotted (marshaled) now. */
    public void enqueue(Change change) {
        dispatcher.enqueue(changeOf(change, null));
    }

    /**
     * Like {@link #enqueue(Change)}, but waits at most {@code timeout} for room in the queue (rather than
     * {@code kvsync.queue.offer-timeout}) and does not throw when there is none: for a caller that can deliver
     * the change later by other means (the Hibernate integration re-reads the row). Writes that found no room
     * are counted as {@linkplain KvSyncStats#rejected() rejected} and reported as failed.
     *
     * @return whether every write of the change was enqueued; when not, the others were
     */
    public boolean offer(Change change, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return dispatcher.tryEnqueue(changeOf(change, null), Math.max(0, timeout.toNanos()));
    }

    /**
     * Delivers {@code report} to the report callback (and logs it when it failed), as the engine does with
     * its own: for an integration that refuses or defers work itself, such as the Hibernate integration when
     * it marks an entity type for a reconcile ({@link io.kvsync.api.KvSyncOverflowException}).
     */
    public void report(SyncReport report) {
        reporter.report(Objects.requireNonNull(report, "report"));
    }

    /**
     * Removes every key of {@code entity} and waits until the store has applied it; the delete is fenced
     * by the entity's {@link Syncable#syncVersion()} and leaves tombstones when it has one.
     *
     * @throws KvStoreException when an attempt fails or the sync timeout passes
     */
    public void delete(Object entity) {
        sync(Change.delete(entity));
    }

    /** Like {@link #delete(Object)}; a versioned delete leaves tombstones (see {@link KvWrite}). */
    public void delete(Object entity, long version) {
        sync(Change.delete(entity).version(version));
    }

    /** Removes every key of {@code entity} in the background, fenced as {@link #delete(Object)}. */
    public void enqueueDelete(Object entity) {
        enqueue(Change.delete(entity));
    }

    /** Like {@link #enqueueDelete(Object)}; a versioned delete leaves tombstones (see {@link KvWrite}). */
    public void enqueueDelete(Object entity, long version) {
        enqueue(Change.delete(entity).version(version));
    }

    /**
     * Removes every key of {@code entity} in the background, and also each key of {@code previousKeys}
     * (the keys of an earlier state, e.g. the one in the database when the object was changed before
     * being deleted).
     */
    public void enqueueDelete(Object entity, long version, Map<String, String> previousKeys) {
        enqueue(Change.delete(entity).version(version).previousKeys(previousKeys));
    }

    /**
     * Turns a change into one {@link EntityChange} (a put or delete per key, and a delete per retired
     * previous key, all of one version and identity) and hands it to the dispatcher in one call; with
     * {@code wait}, returns a future per write.
     */
    private List<CompletableFuture<Void>> submit(Change change, boolean wait) {
        List<CompletableFuture<Void>> waiters = wait ? new ArrayList<>(4) : null;
        dispatcher.enqueue(changeOf(change, waiters));
        return waiters == null ? List.of() : waiters;
    }

    /** The engine's record of {@code change}; with {@code waiters}, a future per write is added to it. */
    private EntityChange changeOf(Change change, List<CompletableFuture<Void>> waiters) {
        requireOpen();
        Object entity = change.entity();
        Class<?> type = entity == null ? change.retiredType() : entity.getClass();
        if (type == null) {
            throw new KvSyncUsageException("cannot replicate a null entity");
        }
        Map<String, String> keys = entity == null ? change.retiredKeys() : EntityKeys.of(entity);
        Syncable syncable = (Syncable) entity;
        long version = change.versionOf(syncable);
        Object identity = change.identityOf(syncable);
        Map<String, String> previousKeys = usable(change.previousKeys());
        EntityChange queued;
        if (change.isDelete()) {
            queued = EntityChange.ofDelete(type, identity, version, change.stamp(),
                    keys.size() + previousKeys.size());
            whenWritten(queued, change);
            keys.forEach((name, key) -> queued.retire(name, key, waiter(waiters)));
        } else {
            byte[] bytes = marshal(entity, keys);
            Duration ttl = settings.expiration();
            queued = EntityChange.ofPut(type, identity, version, change.stamp(), keys,
                    previousKeys.isEmpty() ? null : previousKeys);
            whenWritten(queued, change);
            keys.forEach((name, key) -> queued.put(name, key, bytes, ttl, waiter(waiters)));
        }
        previousKeys.forEach((name, key) -> {
            if (!keys.containsValue(key)) {
                queued.retire(name, key, waiter(waiters));
            }
        });
        return queued;
    }

    private static void whenWritten(EntityChange queued, Change change) {
        if (change.whenWritten() != null) {
            queued.whenWritten(change.whenWritten());
        }
    }

    /**
     * The previous keys that can be keys. They come from an old state and are not validated: a null or blank
     * name or key is skipped, and so is a key that throws when read (built by {@code Keys} from a part that
     * was null then, e.g. an email set only by this update), rather than costing the change its other writes.
     */
    private static Map<String, String> usable(Map<String, String> previousKeys) {
        boolean allFit = true;
        for (String name : previousKeys.keySet()) {
            allFit &= usableKey(previousKeys, name) != null;
        }
        if (allFit) {
            return previousKeys; // the common case: no copy
        }
        Map<String, String> usable = new LinkedHashMap<>();
        for (String name : previousKeys.keySet()) {
            String key = usableKey(previousKeys, name);
            if (key != null) {
                usable.put(name, key);
            }
        }
        return usable;
    }

    /** The key of {@code name} when both can be used, else {@code null}. */
    private static String usableKey(Map<String, String> keys, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            String key = keys.get(name);
            return key == null || key.isBlank() ? null : key;
        } catch (KvSyncUsageException e) {
            return null;
        }
    }

    private static CompletableFuture<Void> waiter(List<CompletableFuture<Void>> waiters) {
        if (waiters == null) {
            return null;
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    /**
     * Marshals on the calling thread and checks the size; a failure is reported for every key, then thrown,
     * naming the keys too (a marshaler knows the type and field, but not which entity it was given).
     */
    private byte[] marshal(Object entity, Map<String, String> keys) {
        MarshalException failure;
        try {
            byte[] bytes = marshaler.marshal(entity);
            if (bytes.length <= settings.maxValueSize()) {
                return bytes;
            }
            // Refused here rather than by the store: a batch the store rejects would be retried forever.
            failure = new MarshalException(subject(entity, keys) + " is " + bytes.length + " bytes marshaled with the "
                    + marshaler.name() + " marshaler, over " + EngineSettings.MAX_VALUE_SIZE + "="
                    + settings.maxValueSize() + "; nothing of it was written (keep large data out of the entity,"
                    + " or raise the setting)");
        } catch (MarshalException e) {
            failure = new MarshalException("cannot marshal " + subject(entity, keys) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = new MarshalException("cannot marshal " + subject(entity, keys) + " with the " + marshaler.name()
                    + " marshaler: " + e, e);
        }
        MarshalException error = failure;
        keys.forEach((name, key) -> reporter.report(new SyncReport(SyncOperation.PUT, entity.getClass(), name, key,
                error, Duration.ZERO, 1)));
        throw error;
    }

    /** Names an entity in an error; built only on failure (it was 9% of the enqueue path when built eagerly). */
    private static String subject(Object entity, Map<String, String> keys) {
        return entity.getClass().getName() + " with keys " + keys;
    }

    private void await(Class<?> type, List<CompletableFuture<Void>> waiters) {
        try {
            CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new))
                    .get(settings.syncTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KvSyncKeyConflictException conflict) {
                // Not a store failure: nothing of this claim is pending any more, the key holds the other entity.
                throw new KvSyncKeyConflictException(conflict.getMessage(), conflict);
            }
            throw new KvStoreException("could not write " + type.getName() + " to the store: "
                    + e.getCause() + "; its writes stay pending and are retried", e.getCause());
        } catch (TimeoutException e) {
            throw new KvStoreException("writes of " + type.getName() + " were not confirmed within "
                    + settings.syncTimeout() + " (" + EngineSettings.SYNC_TIMEOUT + "); they stay pending", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvSyncException("interrupted while waiting for the writes of " + type.getName(), e);
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    /**
     * Reads the object stored under {@code probe}'s key named {@code keyName}.
     *
     * @param probe   an instance of the wanted type with the fields its {@code keyName} key is built from
     * @param keyName a key name from the type's {@code syncKeys()}
     * @return a new instance of the probe's class, or empty when the key is absent
     * @throws KvSyncUsageException when the probe is not {@code Syncable}, has no such key name, or the
     *                              key is null or blank
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> fetch(T probe, String keyName) {
        String key = EntityKeys.keyOf(probe, keyName);
        return fetchByKey((Class<T>) probe.getClass(), key);
    }

    /** Reads the object stored under {@code key} as a {@code type}; empty when the key is absent. */
    public <T> Optional<T> fetchByKey(Class<T> type, String key) {
        requireKey(type, key);
        byte[] bytes = read(List.of(key)).get(key);
        return bytes == null ? Optional.empty() : Optional.of(unmarshal(type, key, bytes));
    }

    /**
     * Reads several keys in one store call.
     *
     * @return the objects found, by key, in the order of {@code keys}; absent keys are missing
     * @throws PartialFetchException when the stored bytes of some keys cannot be read as {@code type}:
     *         it names them, and carries every object that could be read and each key's error
     */
    public <T> Map<String, T> fetchAll(Class<T> type, Collection<String> keys) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(keys);
        distinct.forEach(key -> requireKey(type, key));
        Map<String, byte[]> found = read(distinct);
        Map<String, T> result = new LinkedHashMap<>();
        Map<String, MarshalException> failures = null;
        for (String key : distinct) {
            byte[] bytes = found.get(key);
            if (bytes == null) {
                continue;
            }
            try {
                result.put(key, unmarshal(type, key, bytes));
            } catch (MarshalException e) {
                // Read on: one unreadable key must not cost the caller the others.
                if (failures == null) {
                    failures = new LinkedHashMap<>();
                }
                failures.put(key, e);
            }
        }
        if (failures != null) {
            throw new PartialFetchException(type, result, failures);
        }
        return result;
    }

    /**
     * Reads the bytes stored under {@code keys} as they are, in one store call, without unmarshaling:
     * for tools that compare the store with the database (see {@code KvSyncHibernate.reconcile}).
     *
     * @return the bytes of every present key; absent keys are missing
     */
    public Map<String, byte[]> fetchBytes(Collection<String> keys) {
        keys.forEach(key -> requireKey(Object.class, key));
        return read(new LinkedHashSet<>(keys));
    }

    /**
     * Lists the stored keys that start with {@code prefix}, in batches (see {@link KvStore#scanKeys}).
     *
     * @throws UnsupportedOperationException when the store cannot list its keys
     */
    public void scanKeys(String prefix, int batchSize, java.util.function.Consumer<List<String>> batches) {
        requireOpen();
        store.scanKeys(prefix, batchSize, batches);
    }

    /**
     * Removes {@code keys} in the background, unversioned (they go whatever version they hold): for
     * repairing entries that no row justifies any more, such as the keys of a row deleted while the
     * application was down.
     */
    public void enqueueDeleteKeys(Class<?> entityType, Collection<String> keys) {
        requireOpen();
        keys.forEach(key -> requireKey(entityType, key));
        EntityChange removal = EntityChange.ofDelete(entityType, null, KvWrite.UNVERSIONED, null, keys.size());
        keys.forEach(removal::remove);
        dispatcher.enqueue(removal);
    }

    private Map<String, byte[]> read(Collection<String> keys) {
        requireOpen();
        return store.read(keys);
    }

    private <T> T unmarshal(Class<T> type, String key, byte[] bytes) {
        try {
            return marshaler.unmarshal(bytes, type);
        } catch (RuntimeException e) {
            throw new MarshalException("cannot read " + type.getName() + " from key \"" + key + "\" with the "
                    + marshaler.name() + " marshaler (" + bytes.length + " bytes; corrupted, or written by another "
                    + "marshaler or an incompatible version of the class?): " + e.getMessage(), e);
        }
    }

    private static void requireKey(Class<?> type, String key) {
        if (type == null) {
            throw new KvSyncUsageException("type must not be null");
        }
        if (key == null || key.isBlank()) {
            throw new KvSyncUsageException("cannot fetch " + type.getName() + " by a " + (key == null ? "null" : "blank") + " key");
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Waits until every enqueued write has been written (or reported as failed and abandoned).
     *
     * @return {@code false} if writes were still pending when {@code timeout} passed
     */
    public boolean awaitIdle(Duration timeout) {
        try {
            return dispatcher.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The engine's counters now, and the attached outbox's figures ({@link #attachOutbox}). */
    public KvSyncStats stats() {
        OutboxGauge gauge = outbox;
        return new KvSyncStats(stats.enqueued(), stats.coalesced(), stats.written(), stats.failed(), stats.retried(),
                stats.rejected(), stats.conflicts(), stats.pending(), stats.pendingHighWater(),
                gauge == null ? -1 : gauge.depth(), gauge == null ? Duration.ZERO : gauge.oldestAge(),
                Duration.ofNanos(dispatcher.oldestPendingNanos()), Duration.ofNanos(stats.storeFailingNanos()));
    }

    /**
     * Adds an observer of every report and every store call ({@link KvSyncListener}), after the instance is
     * built: what metrics and health checks attach to. Listeners run on worker threads, in the order added.
     */
    public void addListener(KvSyncListener listener) {
        reporter.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addListener}; nothing happens when it was not added. */
    public void removeListener(KvSyncListener listener) {
        reporter.removeListener(listener);
    }

    /** The store this instance writes to and reads from, e.g. to name it in a health check. */
    public KvStore store() {
        return store;
    }

    /**
     * Shows an integration's outbox in {@link #stats()} (the Hibernate integration attaches its own with
     * {@code kvsync.delivery=outbox}); replaces one attached before.
     */
    public void attachOutbox(OutboxGauge gauge) {
        this.outbox = gauge;
    }

    /** The merged configuration this instance was built from (secrets are masked in its {@code toString}). */
    public KvSyncConfig config() {
        return config;
    }

    /** The marshaler in use. */
    public Marshaler marshaler() {
        return marshaler;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops accepting writes, drains the pending ones within the shutdown timeout
     * ({@code kvsync.shutdown.timeout}), reports every write it could not make (each as a failed
     * {@link SyncReport}), then closes the store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            dispatcher.shutdown();
        } finally {
            store.close();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new KvSyncUsageException("this KvSync is closed");
        }
    }
}
