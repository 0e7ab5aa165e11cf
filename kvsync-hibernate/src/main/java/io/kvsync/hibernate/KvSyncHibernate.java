package io.kvsync.hibernate;

import io.kvsync.api.KvSyncUsageException;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connects a {@link KvSync} to a Hibernate {@link SessionFactory}: from then on every committed insert,
 * update and delete of a {@link io.kvsync.api.Syncable} entity is replicated, and entities that are not
 * {@code Syncable} are ignored.
 *
 * <p>Two ways to connect: call {@link #register} once after building the session factory, or let the
 * {@link KvSyncIntegrator} do it at boot from the {@code kvsync.instance} setting (a {@code KvSync}) or,
 * with {@code kvsync.hibernate.auto-register=true}, from {@code kvsync.*} settings; {@link #instance}
 * returns the registered instance either way.
 *
 * <p>Bulk HQL/SQL statements ({@code update User set …}, native queries) bypass entity events and are
 * not replicated: call {@link #resync} after them.
 *
 * <p>Thread-safe.
 */
public final class KvSyncHibernate {

    /** The instance registered on each session factory; weak, so a closed factory can be collected. */
    private static final Map<SessionFactoryImplementor, Registration> REGISTERED = new WeakHashMap<>();

    /** A registration, and whether the integrator built its instance (and so closes it with the factory). */
    private record Registration(KvSync kv, boolean owned, AtomicReference<Delivery> delivery) {
    }

    /**
     * How a registration delivers: its settings, and its outbox (with {@code kvsync.delivery=outbox}) or its
     * overflow memory (with {@code memory}), whose threads stop when the session factory closes.
     */
    private record Delivery(DeliverySettings settings, Outbox outbox, Overflow overflow) {

        static Delivery start(SessionFactoryImplementor factory, KvSync kv) {
            DeliverySettings settings = DeliverySettings.of(kv.config());
            Outbox outbox = settings.outbox() ? new Outbox(factory, kv, settings) : null;
            Overflow overflow = settings.outbox() ? null : new Overflow(factory, kv, settings);
            if (outbox != null) {
                if (factory.getRuntimeMetamodels() == null) {
                    // Hibernate before 7.4 runs its integrators (KvSyncIntegrator, and so Spring Boot's registration)
                    // before it builds its metamodel, which the outbox's start reads: start once the factory is built,
                    // before any session can commit.
                    factory.addObserver(new SessionFactoryObserver() {
                        @Override
                        public void sessionFactoryCreated(SessionFactory created) {
                            outbox.start();
                        }
                    });
                } else {
                    outbox.start();
                }
            }
            factory.addObserver(new SessionFactoryObserver() {
                @Override
                public void sessionFactoryClosing(SessionFactory closing) {
                    if (outbox != null) {
                        outbox.close();
                    }
                    if (overflow != null) {
                        overflow.close();
                    }
                }
            });
            return new Delivery(settings, outbox, overflow);
        }
    }

    private KvSyncHibernate() {
    }

    /**
     * Registers the replication listeners on {@code sessionFactory}.
     *
     * @throws KvSyncUsageException when a KvSync is already registered on it
     */
    public static void register(SessionFactory sessionFactory, KvSync kv) {
        register(sessionFactory, kv, false);
    }

    /** Registers an instance the integrator built: {@link #unregister} hands it back to be closed. */
    static void registerOwned(SessionFactory sessionFactory, KvSync kv) {
        register(sessionFactory, kv, true);
    }

    private static void register(SessionFactory sessionFactory, KvSync kv, boolean owned) {
        Objects.requireNonNull(kv, "kv");
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        Registration registration = new Registration(kv, owned, new AtomicReference<>());
        synchronized (REGISTERED) {
            if (REGISTERED.containsKey(factory)) {
                throw new KvSyncUsageException("a KvSync is already registered on this SessionFactory"
                        + (REGISTERED.get(factory).owned() ? " (built by the integrator, as "
                        + KvSyncIntegrator.AUTO_REGISTER + "=true asked)" : "") + "; register once, or use "
                        + "KvSyncHibernate.instance(sessionFactory) to reach the registered one");
            }
            REGISTERED.put(factory, registration);
        }
        Delivery delivery;
        try {
            delivery = Delivery.start(factory, kv);
            registration.delivery().set(delivery);
        } catch (RuntimeException e) {
            synchronized (REGISTERED) {
                REGISTERED.remove(factory);
            }
            throw e;
        }
        EventListenerRegistry registry = factory.getEventListenerRegistry();
        TransactionStamps stamps = new TransactionStamps(delivery.outbox());
        Replicator replicator = new Replicator(kv, stamps, delivery.settings().offerTimeout(), delivery.outbox(),
                delivery.overflow());
        CommitStampListener stamping = new CommitStampListener(stamps);
        registry.appendListeners(EventType.POST_INSERT, stamping);
        registry.appendListeners(EventType.POST_UPDATE, stamping);
        registry.appendListeners(EventType.POST_UPSERT, stamping);
        registry.appendListeners(EventType.POST_DELETE, stamping);
        CommittedChangeListener committed = new CommittedChangeListener(replicator, stamps);
        registry.appendListeners(EventType.POST_COMMIT_INSERT, committed);
        registry.appendListeners(EventType.POST_COMMIT_UPDATE, committed);
        registry.appendListeners(EventType.POST_COMMIT_DELETE, committed);
        StatelessChangeListener stateless = new StatelessChangeListener(replicator, stamps);
        registry.appendListeners(EventType.POST_INSERT, stateless);
        registry.appendListeners(EventType.POST_UPDATE, stateless);
        registry.appendListeners(EventType.POST_UPSERT, stateless);
        registry.appendListeners(EventType.POST_DELETE, stateless);
    }

    /**
     * The KvSync registered on {@code sessionFactory}, by {@link #register} or by the
     * {@link KvSyncIntegrator}: how an application configured by settings reaches the instance the
     * integrator built, to {@code fetch}, {@link #resync} or {@link #reconcile}.
     *
     * @return the instance, or empty when none is registered
     */
    public static Optional<KvSync> instance(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        synchronized (REGISTERED) {
            Registration registration = REGISTERED.get(factory);
            return registration == null ? Optional.empty() : Optional.of(registration.kv());
        }
    }

    /**
     * The changes a full queue refused that the memory delivery still holds to read again (see {@link Overflow});
     * {@code 0} with the outbox or without a registration. For tests that wait for quiescence.
     */
    static int rememberedOverflow(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        synchronized (REGISTERED) {
            Registration registration = REGISTERED.get(factory);
            Delivery delivery = registration == null ? null : registration.delivery().get();
            return delivery == null || delivery.overflow() == null ? 0 : delivery.overflow().size();
        }
    }

    /** Forgets the registration; returns the instance when the integrator built it (to be closed), else null. */
    static KvSync unregister(SessionFactoryImplementor factory) {
        synchronized (REGISTERED) {
            Registration registration = REGISTERED.remove(factory);
            return registration != null && registration.owned() ? registration.kv() : null;
        }
    }

    /**
     * Re-replicates every row of {@code entityType} (streamed through a stateless session, in batches),
     * then waits until the store has it all. For backfills, and after bulk statements that bypass entity
     * events.
     *
     * @return what was done
     */
    public static ResyncResult resync(SessionFactory sessionFactory, KvSync kv, Class<?> entityType) {
        return resync(sessionFactory, kv, entityType, ResyncOptions.defaults());
    }

    /** Like {@link #resync(SessionFactory, KvSync, Class)}, with a batch size, progress callback and timeout. */
    public static ResyncResult resync(SessionFactory sessionFactory, KvSync kv, Class<?> entityType, ResyncOptions options) {
        return new Resync(sessionFactory, kv, entityType, options).run();
    }

    /**
     * Compares every row of {@code entityType} with the store and repairs what differs: a key missing or
     * holding other bytes than the row marshaled now makes the row be written again; with
     * {@link ReconcileOptions#withOrphanPrefixes}, stored keys under those prefixes that no row justifies
     * are removed, and keys that two rows justify are counted and logged as
     * {@linkplain ReconcileResult#conflicts() conflicts}. Waits for the repairs. For after a crash between
     * commit and replication (a {@code kill -9}), or whenever the replica is in doubt; run it again to see
     * a divergence of zero (with conflicts, the key held for one of the rows keeps differing for the other).
     */
    public static ReconcileResult reconcile(SessionFactory sessionFactory, KvSync kv, Class<?> entityType,
                                            ReconcileOptions options) {
        return new Reconcile(sessionFactory, kv, entityType, options).run();
    }
}
