package io.kvsync.benchmarks;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The least any replication after the commit costs a committing thread, for {@link CommitCpuReport}'s floor
 * arms: Hibernate's after-commit events for every entity, handed to listeners that either do nothing, or
 * only hand the entity to a thread of their own (one wake-up of a parked thread per commit, as a replicator
 * that starts writing at once needs). Neither marshals, stamps or writes anything: what KVSync's arm costs
 * above them is KVSync's own work.
 */
final class FloorListener implements PostCommitInsertEventListener, PostCommitUpdateEventListener,
        PostCommitDeleteEventListener {

    /** Where a handing-off listener puts the entities; {@code null} for the listener that does nothing. */
    private final LinkedBlockingQueue<Object> handOff;

    private FloorListener(LinkedBlockingQueue<Object> handOff) {
        this.handOff = handOff;
    }

    /** Registers a listener that does nothing with the after-commit events of {@code factory}. */
    static void registerIdle(SessionFactory factory) {
        register(factory, new FloorListener(null));
    }

    /**
     * Registers a listener that hands each committed entity to a daemon thread, which takes it and drops it
     * (it parks between commits, so each commit wakes it).
     */
    static void registerHandingOff(SessionFactory factory) {
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Thread taker = new Thread(() -> {
            try {
                while (true) {
                    queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "floor-hand-off");
        taker.setDaemon(true);
        taker.start();
        register(factory, new FloorListener(queue));
    }

    private static void register(SessionFactory factory, FloorListener listener) {
        EventListenerRegistry registry = factory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(EventListenerRegistry.class);
        registry.appendListeners(EventType.POST_COMMIT_INSERT, listener);
        registry.appendListeners(EventType.POST_COMMIT_UPDATE, listener);
        registry.appendListeners(EventType.POST_COMMIT_DELETE, listener);
    }

    private void committed(Object entity) {
        if (handOff != null) {
            handOff.offer(entity);
        }
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return true;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        committed(event.getEntity());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        committed(event.getEntity());
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        committed(event.getEntity());
    }

    @Override
    public void onPostInsertCommitFailed(PostInsertEvent event) {
    }

    @Override
    public void onPostUpdateCommitFailed(PostUpdateEvent event) {
    }

    @Override
    public void onPostDeleteCommitFailed(PostDeleteEvent event) {
    }
}
