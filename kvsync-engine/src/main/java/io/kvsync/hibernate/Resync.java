package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvWrite;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Streams every row of one entity through a stateless session (nothing accumulates in a persistence
 * context) and enqueues it. Lazy associations stay unloaded: the stateless session cannot load them and
 * the marshalers skip them.
 */
final class Resync {

    private static final System.Logger LOG = System.getLogger("io.kvsync");

    private final SessionFactory sessionFactory;
    private final KvSync kv;
    private final Class<?> entityType;
    private final ResyncOptions options;

    Resync(SessionFactory sessionFactory, KvSync kv, Class<?> entityType, ResyncOptions options) {
        this.sessionFactory = sessionFactory;
        this.kv = kv;
        this.entityType = entityType;
        this.options = options;
    }

    ResyncResult run() {
        long start = System.nanoTime();
        EntityPersister persister = sessionFactory.unwrap(SessionFactoryImplementor.class)
                .getMappingMetamodel().getEntityDescriptor(entityType);
        String entityName = persister.getEntityName();
        long rows = 0;
        long failed = 0;
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            // A transaction lets drivers such as PostgreSQL's stream with a cursor instead of buffering all rows.
            Transaction tx = session.beginTransaction();
            long total = session.createSelectionQuery("select count(*) from " + entityName, Long.class).getSingleResult();
            try (ScrollableResults<?> results = session.createSelectionQuery("from " + entityName, entityType)
                    .setFetchSize(options.batchSize())
                    .setReadOnly(true)
                    .scroll(ScrollMode.FORWARD_ONLY)) {
                while (results.next()) {
                    Object entity = results.get();
                    try {
                        kv.enqueue(entity, options.overwrite() ? KvWrite.UNVERSIONED : EntityVersions.of(persister, entity));
                    } catch (KvSyncException e) {
                        failed++;
                        LOG.log(Level.WARNING, "resync of " + entityName + " skipped a row: " + e.getMessage());
                    }
                    rows++;
                    if (rows % options.batchSize() == 0) {
                        options.progress().accept(new ResyncProgress(entityType, rows, total));
                    }
                }
            }
            tx.commit();
            options.progress().accept(new ResyncProgress(entityType, rows, total));
        }
        boolean idle = kv.awaitIdle(options.timeout());
        return new ResyncResult(entityType, rows, failed, idle, Duration.ofNanos(System.nanoTime() - start));
    }
}
