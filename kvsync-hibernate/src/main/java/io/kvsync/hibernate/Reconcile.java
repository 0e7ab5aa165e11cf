package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import jakarta.persistence.PersistenceUnitUtil;
import org.hibernate.SessionFactory;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares every row of one entity with the store, by content (the row marshaled now against the stored
 * bytes), repairs each row that differs, and optionally removes stored keys that no row justifies; while
 * doing so it counts the keys that two rows justify (key conflicts, which no repair can settle).
 * For after a crash between commit and replication, or any doubt about the replica.
 */
final class Reconcile {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");
    /** Conflicts logged one by one; the rest are counted in one line at the end. */
    private static final int LOGGED_CONFLICTS = 100;

    private final KvSync kv;
    private final Class<?> entityType;
    private final ReconcileOptions options;
    private final RowStream stream;
    /** Every key some row justifies, with the first such row's id; kept only when orphans are searched for. */
    private final Map<String, Object> justified = new HashMap<>();
    private final PersistenceUnitUtil ids;
    private long total;
    private long rows;
    private long keysChecked;
    private long missing;
    private long differing;
    private long orphans;
    private long conflicts;
    private long repaired;
    private long failed;

    Reconcile(SessionFactory sessionFactory, KvSync kv, Class<?> entityType, ReconcileOptions options) {
        this.ids = sessionFactory.getPersistenceUnitUtil();
        this.kv = kv;
        this.entityType = entityType;
        this.options = options;
        this.stream = new RowStream(sessionFactory, entityType);
    }

    ReconcileResult run() {
        long start = System.nanoTime();
        stream.forEachBatch(options.batchSize(), count -> total = count, this::compare);
        // Repairs first, so that a key a repaired row still has is never taken for an orphan's.
        kv.awaitIdle(options.timeout());
        for (String prefix : options.orphanPrefixes()) {
            long[] scanned = {0};
            kv.scanKeys(prefix, options.batchSize(), keys -> {
                removeOrphans(keys);
                scanned[0] += keys.size();
                options.progress().accept(new ReconcileProgress(entityType, "orphans", scanned[0], 0));
            });
        }
        boolean idle = kv.awaitIdle(options.timeout());
        if (conflicts > LOGGED_CONFLICTS) {
            LOG.log(Level.WARNING, "reconcile of " + stream.persister().getEntityName() + ": "
                    + (conflicts - LOGGED_CONFLICTS) + " more keys justified by two rows were not logged ("
                    + conflicts + " in all)");
        }
        return new ReconcileResult(entityType, rows, keysChecked, missing, differing, orphans, conflicts, repaired,
                failed, idle, Duration.ofNanos(System.nanoTime() - start));
    }

    private void compare(List<Object> batch) {
        EntityPersister persister = stream.persister();
        List<Map<String, String>> keysPerRow = new ArrayList<>(batch.size());
        List<String> allKeys = new ArrayList<>();
        for (Object row : batch) {
            Map<String, String> keys = ((Syncable) row).syncKeys();
            keysPerRow.add(keys);
            allKeys.addAll(keys.values());
        }
        Map<String, byte[]> stored = kv.fetchBytes(allKeys);
        for (int i = 0; i < batch.size(); i++) {
            Object row = batch.get(i);
            Map<String, String> keys = keysPerRow.get(i);
            rows++;
            keysChecked += keys.size();
            if (!options.orphanPrefixes().isEmpty()) {
                justify(persister, row, keys);
            }
            try {
                byte[] expected = kv.marshaler().marshal(row);
                boolean diverges = false;
                for (String key : keys.values()) {
                    byte[] bytes = stored.get(key);
                    if (bytes == null) {
                        missing++;
                        diverges = true;
                    } else if (!Arrays.equals(bytes, expected)) {
                        differing++;
                        diverges = true;
                    }
                }
                if (diverges) {
                    kv.enqueue(EntityVersions.putRow(persister, row, options.overwrite(), stream.readStamp()));
                    repaired++;
                }
            } catch (KvSyncException e) {
                failed++;
                LOG.log(Level.WARNING, "reconcile of " + persister.getEntityName() + " skipped a row: " + e.getMessage());
            }
        }
        options.progress().accept(new ReconcileProgress(entityType, "rows", rows, total));
    }

    /** Records the row's keys as justified, and counts (and logs) each key another row justified already. */
    private void justify(EntityPersister persister, Object row, Map<String, String> keys) {
        Object id = ids.getIdentifier(row);
        for (String key : keys.values()) {
            Object first = justified.putIfAbsent(key, id);
            if (first != null && !first.equals(id)) {
                // The key can hold only one of the rows: every reconcile finds it differing for the other.
                if (++conflicts <= LOGGED_CONFLICTS) {
                    String entity = persister.getEntityName();
                    LOG.log(Level.WARNING, "reconcile: the key \"" + key + "\" is justified by two rows, "
                            + entity + "#" + first + " and " + entity + "#" + id + "; keys must be unique across the store,"
                            + " so it holds only one of them");
                }
            }
        }
    }

    private void removeOrphans(List<String> scanned) {
        List<String> candidates = new ArrayList<>();
        for (String key : scanned) {
            if (!justified.containsKey(key)) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        // Reading leaves tombstones out: only live entries count as orphans.
        Set<String> live = kv.fetchBytes(candidates).keySet();
        orphans += live.size();
        kv.enqueueDeleteKeys(entityType, live);
    }
}
