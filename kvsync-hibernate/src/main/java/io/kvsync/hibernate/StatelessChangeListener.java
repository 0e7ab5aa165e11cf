package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractEvent;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PostUpsertEvent;
import org.hibernate.event.spi.PostUpsertEventListener;
import org.hibernate.persister.entity.EntityPersister;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Replicates what a {@link org.hibernate.StatelessSession} writes. Hibernate fires no post-commit
 * events for stateless sessions, only post-statement ones; this listener defers each change to the
 * end of the transaction and replicates it only if the transaction committed. Outside a transaction
 * the statement has already committed, so the change is replicated at once. Changes in a transaction
 * carry the stamps it reserved, in statement order, before committing ({@link TransactionStamps}). Stateful sessions are
 * left to {@link CommittedChangeListener}.
 */
final class StatelessChangeListener
        implements PostInsertEventListener, PostUpdateEventListener, PostUpsertEventListener, PostDeleteEventListener {

    private final Replicator replicator;
    private final TransactionStamps stamps;

    StatelessChangeListener(Replicator replicator, TransactionStamps stamps) {
        this.replicator = replicator;
        this.stamps = stamps;
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        afterCommit(event, event.getPersister(), event.getId(), true,
                () -> OutboxDrafts.insert(event.getPersister(), event.getEntity()),
                stamped -> replicator.inserted(event.getEntity(), event.getId(), event.getPersister(), stamped));
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        // Stateless updates carry no old state, so a changed key field leaves its old key until a resync.
        afterCommit(event, event.getPersister(), event.getId(), false,
                () -> OutboxDrafts.update(event.getPersister(), event.getEntity(), event.getId(), event.getOldState(),
                        event.getSession()),
                stamped -> replicator.updated(event.getEntity(), event.getId(), event.getOldState(), event.getPersister(),
                        event.getSession(), stamped));
    }

    @Override
    public void onPostUpsert(PostUpsertEvent event) {
        afterCommit(event, event.getPersister(), event.getId(), true,
                () -> OutboxDrafts.insert(event.getPersister(), event.getEntity()),
                stamped -> replicator.upserted(event.getEntity(), event.getId(), event.getPersister(), stamped));
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        afterCommit(event, event.getPersister(), event.getId(), false,
                () -> OutboxDrafts.delete(event.getPersister(), event.getEntity(), event.getId(), event.getDeletedState(),
                        event.getSession()),
                stamped -> replicator.deleted(event.getEntity(), event.getId(), event.getDeletedState(), event.getPersister(),
                        event.getSession(), stamped));
    }

    private void afterCommit(AbstractEvent event, EntityPersister persister, Object id, boolean insert,
                             Supplier<TransactionStamps.Draft> draft, Consumer<TransactionStamps.Stamped> replication) {
        SharedSessionContractImplementor session = event.getSession();
        if (!session.isStateless() || !Syncable.class.isAssignableFrom(persister.getMappedClass())) {
            return;
        }
        if (!session.isTransactionInProgress()) {
            // The statement committed on its own, just now: the engine draws the stamp, and there is no
            // transaction to record an outbox row in.
            replication.accept(TransactionStamps.Stamped.NONE);
            return;
        }
        TransactionStamps.Ticket ticket = stamps.ticket(session, persister.getEntityName(), id, insert,
                stamps.recording() ? draft.get() : null);
        session.getTransactionCompletionCallbacks().registerCallback(
                (org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback) (success, s) -> {
                    if (success) {
                        replication.accept(new TransactionStamps.Stamped(ticket.stamp(), ticket.outboxId()));
                    }
                });
    }
}
