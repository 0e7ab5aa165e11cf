package io.kvsync.hibernate;

import io.kvsync.engine.CommitClock;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams every row of one entity through a stateless session, in batches: nothing accumulates in a
 * persistence context, and lazy associations stay unloaded (the stateless session cannot load them and
 * the marshalers skip them). Shared by resync and reconcile.
 */
final class RowStream {

    private final SessionFactory sessionFactory;
    private final Class<?> entityType;
    private final EntityPersister persister;
    private long readStamp;

    RowStream(SessionFactory sessionFactory, Class<?> entityType) {
        this.sessionFactory = sessionFactory;
        this.entityType = entityType;
        this.persister = sessionFactory.unwrap(SessionFactoryImplementor.class)
                .getMappingMetamodel().getEntityDescriptor(entityType);
    }

    EntityPersister persister() {
        return persister;
    }

    /**
     * The commit stamp ({@link CommitClock}) drawn just before the rows were read: earlier than the read's
     * snapshot, so a row that takes one of these keys after the snapshot commits with a later stamp and wins
     * the key over what the read put. Valid once {@link #forEachBatch} has begun.
     */
    long readStamp() {
        return readStamp;
    }

    /**
     * Hands every row to {@code batches}, {@code batchSize} rows at a time.
     *
     * @param total told the row count before the first batch
     */
    void forEachBatch(int batchSize, Consumer<Long> total, Consumer<List<Object>> batches) {
        String entityName = persister.getEntityName();
        readStamp = CommitClock.next();
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            // A transaction lets drivers such as PostgreSQL's stream with a cursor instead of buffering all rows.
            Transaction tx = session.beginTransaction();
            total.accept(session.createSelectionQuery("select count(*) from " + entityName, Long.class).getSingleResult());
            try (ScrollableResults<?> results = session.createSelectionQuery("from " + entityName, entityType)
                    .setFetchSize(batchSize)
                    .setReadOnly(true)
                    .scroll(ScrollMode.FORWARD_ONLY)) {
                List<Object> batch = new ArrayList<>(batchSize);
                while (results.next()) {
                    batch.add(results.get());
                    if (batch.size() == batchSize) {
                        batches.accept(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    batches.accept(batch);
                }
            }
            tx.commit();
        }
    }
}
