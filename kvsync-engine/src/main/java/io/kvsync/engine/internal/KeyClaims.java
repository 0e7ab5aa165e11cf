package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.spi.KvWrite;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two entities claiming one key: telling them apart when the queue merges two pending puts of the key, and
 * reporting the claim that was dropped.
 *
 * <p>Two puts come from different entities when their types are unrelated, or, when both carry an
 * identity (the row's identifier: the Hibernate integration always passes it, and
 * {@link io.kvsync.api.Syncable#syncId()} reads JPA's {@code @Id}), when their identities differ.
 * Without an identity on both sides, "another entity" is judged from the keys: the key has a different
 * key name in each, or, with the same type and key name, nothing else ties them: no other (key name,
 * key) pair is shared by the two key sets or by the earlier states the callers passed as previous keys,
 * while both have some other key name (whose keys then differ). What the key rule cannot tell apart is
 * taken for one entity: single-key entities of one type, and two key sets with no other key name in
 * common; and an entity whose every other key changed between two pending puts is taken for two unless
 * the change came with its previous keys.
 */
final class KeyClaims {

    private static final System.Logger LOG = System.getLogger(Loggers.ENGINE);

    private KeyClaims() {
    }

    /**
     * A claim dropped in favour of another entity's; built under the queue's lock, reported after it.
     *
     * @param waiters the dropped write's {@code sync()} callers, who must not take the kept write for theirs
     */
    record Conflict(PendingWrite kept, PendingWrite dropped, boolean keptLater, List<CompletableFuture<Void>> waiters) {
    }

    /** Whether two pending writes of one key are puts of two different entities; caller holds the queue's lock. */
    static boolean fromDifferentEntities(PendingWrite older, PendingWrite newer) {
        Map<String, String> a = older.claim();
        Map<String, String> b = newer.claim();
        if (a == null || b == null || older.change == newer.change) {
            return false;
        }
        Class<?> olderType = older.entityType();
        Class<?> newerType = newer.entityType();
        if (olderType != newerType && !related(olderType, newerType)) {
            return true;
        }
        Object olderId = older.change.identity;
        Object newerId = newer.change.identity;
        if (olderId != null && newerId != null) {
            return !olderId.equals(newerId);
        }
        String name = older.keyName;
        if (!name.equals(newer.keyName)) {
            return true;
        }
        Map<String, String> olderPrevious = older.change.previousKeys;
        Map<String, String> newerPrevious = newer.change.previousKeys;
        if (shareAnotherKey(a, b, name) || shareAnotherKey(a, newerPrevious, name)
                || shareAnotherKey(olderPrevious, b, name) || shareAnotherKey(olderPrevious, newerPrevious, name)) {
            return false;
        }
        return haveAnotherKeyName(a, b, name);
    }

    /** Adds a conflict to {@code found} (created when {@code null}); caller holds the queue's lock. */
    static List<Conflict> add(List<Conflict> found, PendingWrite kept, PendingWrite dropped, boolean keptLater) {
        List<Conflict> list = found == null ? new ArrayList<>(1) : found;
        list.add(new Conflict(kept, dropped, keptLater, dropped.takeWaiters()));
        return list;
    }

    /** Counts, logs and reports each conflict, and fails the dropped writes' waiters; without any lock held. */
    static void report(List<Conflict> conflicts, EngineStats stats, Reporter reporter) {
        if (conflicts == null) {
            return;
        }
        long now = System.nanoTime();
        for (Conflict conflict : conflicts) {
            KvSyncKeyConflictException error = errorOf(conflict);
            stats.conflicts.increment();
            LOG.log(Level.WARNING, error.getMessage());
            reporter.report(conflict.dropped(), error, now);
            conflict.waiters().forEach(waiter -> waiter.completeExceptionally(error));
        }
    }

    static KvSyncKeyConflictException errorOf(Conflict conflict) {
        PendingWrite kept = conflict.kept();
        PendingWrite dropped = conflict.dropped();
        String why;
        KvWrite.Claim keptClaim = kept.write.claim();
        KvWrite.Claim droppedClaim = dropped.write.claim();
        if (!kept.write.versioned() || !dropped.write.versioned()) {
            why = "the later write: without versions, the last writer wins";
        } else if (keptClaim != null && droppedClaim != null) {
            why = "the " + (conflict.keptLater() ? "later" : "earlier") + " write, which committed last (commit stamp "
                    + keptClaim.stamp() + " against " + droppedClaim.stamp() + ")";
        } else if (conflict.keptLater()) {
            why = "the later write: its version " + kept.write.version() + " is above " + dropped.write.version()
                    + ", though versions order the states of one entity, not of two";
        } else {
            why = "the earlier write: its version " + kept.write.version() + " is not below the later one's "
                    + dropped.write.version() + ", though versions order the states of one entity, not of two";
        }
        return new KvSyncKeyConflictException("two entities claim the key \"" + dropped.key() + "\": kept "
                + claimant(kept) + " (" + why + "); dropped " + claimant(dropped) + ", which is not stored under"
                + " this key. Keys must be unique across the store: build each key from a unique column, and give"
                + " each entity type a prefix of its own");
    }

    private static String claimant(PendingWrite write) {
        StringBuilder others = new StringBuilder();
        for (Map.Entry<String, String> entry : write.claim().entrySet()) {
            if (!entry.getKey().equals(write.keyName)) {
                others.append(others.isEmpty() ? "" : ", ").append(entry.getKey()).append('=').append(entry.getValue());
            }
        }
        Object identity = write.change.identity;
        return write.entityType().getName() + (identity == null ? "" : " id=" + identity) + " as key name \""
                + write.keyName + "\"" + (others.isEmpty() ? " with no other key" : " with other keys {" + others + "}");
    }

    /** Types of one hierarchy (an entity and its subclass, or a Hibernate proxy of it) may be one entity. */
    private static boolean related(Class<?> a, Class<?> b) {
        return a.isAssignableFrom(b) || b.isAssignableFrom(a);
    }

    /** Whether {@code a} and {@code b} hold the same key under some key name other than {@code skip}. */
    private static boolean shareAnotherKey(Map<String, String> a, Map<String, String> b, String skip) {
        if (a == null || b == null) {
            return false;
        }
        // Previous keys are not validated: skip null names and keys rather than trust them.
        for (Map.Entry<String, String> entry : a.entrySet()) {
            String name = entry.getKey();
            String key = entry.getValue();
            if (name != null && key != null && !name.equals(skip) && key.equals(b.get(name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean haveAnotherKeyName(Map<String, String> a, Map<String, String> b, String skip) {
        for (String name : a.keySet()) {
            if (!name.equals(skip) && b.containsKey(name)) {
                return true;
            }
        }
        return false;
    }
}
