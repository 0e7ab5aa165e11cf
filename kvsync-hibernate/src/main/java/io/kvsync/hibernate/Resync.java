package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;

/** Enqueues every row of one entity, streamed by {@link RowStream}, then waits for the store. */
final class Resync {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final KvSync kv;
    private final Class<?> entityType;
    private final ResyncOptions options;
    private final RowStream rows;
    private long total;
    private long done;
    private long failed;

    Resync(SessionFactory sessionFactory, KvSync kv, Class<?> entityType, ResyncOptions options) {
        this.kv = kv;
        this.entityType = entityType;
        this.options = options;
        this.rows = new RowStream(sessionFactory, entityType);
    }

    ResyncResult run() {
        long start = System.nanoTime();
        EntityPersister persister = rows.persister();
        rows.forEachBatch(options.batchSize(), count -> total = count, batch -> {
            for (Object entity : batch) {
                try {
                    kv.enqueue(EntityVersions.putRow(persister, entity, options.overwrite(), rows.readStamp()));
                } catch (KvSyncException e) {
                    failed++;
                    LOG.log(Level.WARNING, "resync of " + persister.getEntityName() + " skipped a row: " + e.getMessage());
                }
                done++;
            }
            options.progress().accept(new ResyncProgress(entityType, done, total));
        });
        if (done == 0) {
            options.progress().accept(new ResyncProgress(entityType, 0, total));
        }
        boolean idle = kv.awaitIdle(options.timeout());
        return new ResyncResult(entityType, done, failed, idle, Duration.ofNanos(System.nanoTime() - start));
    }
}
