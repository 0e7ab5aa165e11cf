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
 * ({@link TransactionStamps}), one per change in statement order: Hibernate calls these methods when it
 * executes a statement (at flush), which is before the commit, unlike the post-commit events that
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
        join(event.getSession(), event.getPersister(), event.getId(), true);
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        join(event.getSession(), event.getPersister(), event.getId(), false);
    }

    @Override
    public void onPostUpsert(PostUpsertEvent event) {
        join(event.getSession(), event.getPersister(), event.getId(), true);
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        join(event.getSession(), event.getPersister(), event.getId(), false);
    }

    private void join(SharedSessionContractImplementor session, EntityPersister persister, Object id, boolean insert) {
        // Stateless sessions join in StatelessChangeListener, which keeps each change's ticket itself.
        if (!session.isStateless() && Syncable.class.isAssignableFrom(persister.getMappedClass())) {
            stamps.join(session, persister.getEntityName(), id, insert);
        }
    }
}
