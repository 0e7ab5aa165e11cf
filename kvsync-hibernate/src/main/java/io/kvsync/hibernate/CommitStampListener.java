package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PostUpsertEvent;
import org.hibernate.event.spi.PostUpsertEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Has every transaction of a stateful session that writes a {@link Syncable} reserve its commit stamps
 * ({@link TransactionStamps}), one per change in statement order, and, with {@code kvsync.delivery=outbox},
 * record what each change retires in the transaction's outbox draft: Hibernate calls these methods when
 * it executes a statement (at flush), which is before the commit, unlike the post-commit events that
 * replicate the change.
 */
final class CommitStampListener
        implements PostInsertEventListener, PostUpdateEventListener, PostUpsertEventListener, PostDeleteEventListener {

    private final TransactionStamps stamps;

    CommitStampListener(TransactionStamps stamps) {
        this.stamps = stamps;
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        if (joins(event.getSession(), event.getPersister())) {
            stamps.join(event.getSession(), event.getPersister().getEntityName(), event.getId(), true,
                    stamps.recording() ? OutboxDrafts.insert(event.getPersister(), event.getEntity()) : null);
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        if (joins(event.getSession(), event.getPersister())) {
            stamps.join(event.getSession(), event.getPersister().getEntityName(), event.getId(), false,
                    stamps.recording() ? OutboxDrafts.update(event.getPersister(), event.getEntity(), event.getId(),
                            event.getOldState(), event.getSession()) : null);
        }
    }

    @Override
    public void onPostUpsert(PostUpsertEvent event) {
        if (joins(event.getSession(), event.getPersister())) {
            stamps.join(event.getSession(), event.getPersister().getEntityName(), event.getId(), true,
                    stamps.recording() ? OutboxDrafts.insert(event.getPersister(), event.getEntity()) : null);
        }
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        if (joins(event.getSession(), event.getPersister())) {
            stamps.join(event.getSession(), event.getPersister().getEntityName(), event.getId(), false,
                    stamps.recording() ? OutboxDrafts.delete(event.getPersister(), event.getEntity(), event.getId(),
                            event.getDeletedState(), event.getSession()) : null);
        }
    }

    /** Stateless sessions join in StatelessChangeListener, which keeps each change's ticket itself. */
    private static boolean joins(SharedSessionContractImplementor session, EntityPersister persister) {
        return !session.isStateless() && Syncable.class.isAssignableFrom(persister.getMappedClass());
    }
}
