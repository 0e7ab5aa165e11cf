package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvWrite;
import org.hibernate.SessionFactory;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares every row of one entity with the store, by content (the row marshaled now against the stored
 * bytes), repairs each row that differs, and optionally removes stored keys that no row justifies.
 * For after a crash between commit and replication, or any doubt about the replica.
 */
final class Reconcile {

    private static final System.Logger LOG = System.getLogger("io.kvsync");

    private final KvSync kv;
    private final Class<?> entityType;
    private final ReconcileOptions options;
    private final RowStream stream;
    /** Every key some row justifies; kept only when orphans are searched for. */
    private final Set<String> justified = new HashSet<>();
    private long total;
    private long rows;
    private long keysChecked;
    private long missing;
    private long differing;
    private long orphans;
    private long repaired;
    private long failed;

    Reconcile(SessionFactory sessionFactory, KvSync kv, Class<?> entityType, ReconcileOptions options) {
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
        return new ReconcileResult(entityType, rows, keysChecked, missing, differing, orphans, repaired, failed, idle,
                Duration.ofNanos(System.nanoTime() - start));
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
                justified.addAll(keys.values());
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
                    kv.enqueue(row, options.overwrite() ? KvWrite.UNVERSIONED : EntityVersions.of(persister, row));
                    repaired++;
                }
            } catch (KvSyncException e) {
                failed++;
                LOG.log(Level.WARNING, "reconcile of " + persister.getEntityName() + " skipped a row: " + e.getMessage());
            }
        }
        options.progress().accept(new ReconcileProgress(entityType, "rows", rows, total));
    }

    private void removeOrphans(List<String> scanned) {
        List<String> candidates = new ArrayList<>();
        for (String key : scanned) {
            if (!justified.contains(key)) {
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
