package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;

/**
 * Replicates what a (stateful) session's transaction changed, once it has committed: Hibernate calls
 * these methods only after a successful commit, on the committing thread. Entities that are not
 * {@link Syncable} are declined up front through {@link #requiresPostCommitHandling}. Each change carries
 * the stamp its transaction reserved for it just before committing ({@link TransactionStamps}).
 */
final class CommittedChangeListener
        implements PostCommitInsertEventListener, PostCommitUpdateEventListener, PostCommitDeleteEventListener {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final Replicator replicator;
    private final TransactionStamps stamps;

    CommittedChangeListener(Replicator replicator, TransactionStamps stamps) {
        this.replicator = replicator;
        this.stamps = stamps;
    }

    KvSync kvSync() {
        return replicator.kv();
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return Syncable.class.isAssignableFrom(persister.getMappedClass());
    }

    /**
     * The entity's next stamp; only for {@link Syncable} entities, whose statements joined: Hibernate may
     * call this listener for other entities too (when their after-commit work is kept for another reason).
     */
    private TransactionStamps.Stamped stampOf(SharedSessionContractImplementor session, EntityPersister persister,
                                              Object id) {
        return requiresPostCommitHandling(persister) ? stamps.next(session, persister.getEntityName(), id)
                : TransactionStamps.Stamped.NONE;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        replicator.inserted(event.getEntity(), event.getId(), event.getPersister(), stampOf(event.getSession(), event.getPersister(), event.getId()));
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        replicator.updated(event.getEntity(), event.getId(), event.getOldState(), event.getPersister(), event.getSession(),
                stampOf(event.getSession(), event.getPersister(), event.getId()));
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        replicator.deleted(event.getEntity(), event.getId(), event.getDeletedState(), event.getPersister(), event.getSession(),
                stampOf(event.getSession(), event.getPersister(), event.getId()));
    }

    @Override
    public void onPostInsertCommitFailed(PostInsertEvent event) {
        LOG.log(Level.DEBUG, () -> "commit failed; not replicating insert of " + event.getPersister().getEntityName());
    }

    @Override
    public void onPostUpdateCommitFailed(PostUpdateEvent event) {
        LOG.log(Level.DEBUG, () -> "commit failed; not replicating update of " + event.getPersister().getEntityName());
    }

    @Override
    public void onPostDeleteCommitFailed(PostDeleteEvent event) {
        LOG.log(Level.DEBUG, () -> "commit failed; not replicating delete of " + event.getPersister().getEntityName());
    }
}
