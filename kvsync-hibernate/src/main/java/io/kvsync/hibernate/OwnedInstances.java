package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The KvSync instances the integrator built, so it can close each with its session factory. */
final class OwnedInstances {

    private static final Map<SessionFactoryImplementor, KvSync> OWNED = new ConcurrentHashMap<>();

    private OwnedInstances() {
    }

    static void remember(SessionFactoryImplementor sessionFactory, KvSync kv) {
        OWNED.put(sessionFactory, kv);
    }

    static KvSync forget(SessionFactoryImplementor sessionFactory) {
        return OWNED.remove(sessionFactory);
    }
}
