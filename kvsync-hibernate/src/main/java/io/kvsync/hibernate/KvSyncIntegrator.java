package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers KVSync on every session factory whose settings ask for it, so that no code is needed:
 * <ul>
 *   <li>{@value #INSTANCE} holding a {@link KvSync}: that instance is used (and left open when the
 *       session factory closes: its owner closes it);</li>
 *   <li>otherwise, any {@code kvsync.*} settings given to Hibernate (not merely inherited from system
 *       properties): a {@code KvSync} is built from them (and from the usual system properties,
 *       environment and {@code kvsync.properties}) and closed with the session factory.</li>
 * </ul>
 * Without either, it does nothing (and says so at debug level). Found by Hibernate through
 * {@code META-INF/services/org.hibernate.integrator.spi.Integrator}.
 */
public final class KvSyncIntegrator implements Integrator {

    /** The setting that hands a ready {@link KvSync} to the integrator. */
    public static final String INSTANCE = "kvsync.instance";

    private static final System.Logger LOG = System.getLogger("io.kvsync");

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Map<String, Object> settings = sessionFactory.getProperties();
        if (settings.get(INSTANCE) instanceof KvSync kv) {
            KvSyncHibernate.register(sessionFactory, kv);
            LOG.log(Level.INFO, "KVSync registered on the session factory from the " + INSTANCE + " setting");
            return;
        }
        Map<String, String> kvsyncSettings = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            // Hibernate copies system properties into its settings; those configure a KvSync the
            // application builds itself and must not make the integrator build a second one.
            if (key.startsWith("kvsync.") && value instanceof String text && !text.equals(System.getProperty(key))) {
                kvsyncSettings.put(key, text);
            }
        });
        if (kvsyncSettings.isEmpty()) {
            LOG.log(Level.DEBUG, "KVSync not active on this session factory: no " + INSTANCE + " or kvsync.* settings");
            return;
        }
        KvSync kv = KvSync.builder().properties(kvsyncSettings).build();
        KvSyncHibernate.register(sessionFactory, kv);
        OwnedInstances.remember(sessionFactory, kv);
        LOG.log(Level.INFO, "KVSync built from kvsync.* settings and registered on the session factory");
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        KvSync owned = OwnedInstances.forget(sessionFactory);
        if (owned != null) {
            owned.close();
        }
    }
}
