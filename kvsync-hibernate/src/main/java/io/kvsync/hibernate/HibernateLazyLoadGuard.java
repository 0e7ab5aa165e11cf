package io.kvsync.hibernate;

import io.kvsync.spi.LazyLoadGuard;
import org.hibernate.Hibernate;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/**
 * Keeps marshalers away from Hibernate's uninitialized proxies and lazy collections, so that
 * replicating an entity never runs a query. Registered in {@code META-INF/services}; it cannot load,
 * and is not needed, when Hibernate is absent.
 */
public final class HibernateLazyLoadGuard implements LazyLoadGuard {

    /**
     * Touches Hibernate at construction, so that without Hibernate on the class path this service fails
     * to load (and is skipped) instead of loading and then failing on every marshal.
     */
    public HibernateLazyLoadGuard() {
        Hibernate.class.getName();
    }

    @Override
    public boolean isUnloaded(Object value) {
        return !Hibernate.isInitialized(value);
    }

    @Override
    public Object unproxy(Object value) {
        if (value instanceof HibernateProxy proxy) {
            LazyInitializer initializer = proxy.getHibernateLazyInitializer();
            // Never initialize here: an uninitialized proxy is returned as it is, for isUnloaded to catch.
            return initializer.isUninitialized() ? value : initializer.getImplementation();
        }
        return value;
    }
}
