package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
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
 * Registers KVSync on a session factory whose settings ask for it explicitly, so that no code is needed:
 * <ul>
 *   <li>{@value #INSTANCE} holding a {@link KvSync}: that instance is used (and left open when the
 *       session factory closes: its owner closes it);</li>
 *   <li>otherwise {@value #AUTO_REGISTER}{@code =true}: a {@code KvSync} is built from the
 *       {@code kvsync.*} settings Hibernate holds (which include the system properties Hibernate copies
 *       in) and the usual environment and {@code kvsync.properties}, and closed with the session factory.</li>
 * </ul>
 * Without either it does nothing, whatever other {@code kvsync.*} settings are present, so that an
 * application that builds its own {@code KvSync} (configured with {@code -Dkvsync.…}) and calls
 * {@link KvSyncHibernate#register} is never second-guessed. Either way the registered instance is
 * reachable through {@link KvSyncHibernate#instance}. Found by Hibernate through
 * {@code META-INF/services/org.hibernate.integrator.spi.Integrator}.
 */
public final class KvSyncIntegrator implements Integrator {

    /** The setting that hands a ready {@link KvSync} to the integrator. */
    public static final String INSTANCE = "kvsync.instance";

    /** The switch ({@code true} or {@code false}, the default) that makes the integrator build a KvSync of its own. */
    public static final String AUTO_REGISTER = "kvsync.hibernate.auto-register";

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Map<String, Object> settings = sessionFactory.getProperties();
        Object instance = settings.get(INSTANCE);
        if (instance != null) {
            if (!(instance instanceof KvSync kv)) {
                throw new KvSyncConfigurationException(INSTANCE + " must hold an io.kvsync.engine.KvSync, not a "
                        + instance.getClass().getName());
            }
            KvSyncHibernate.register(sessionFactory, kv);
            LOG.log(Level.INFO, "KVSync registered on the session factory from the " + INSTANCE + " setting");
            return;
        }
        if (!autoRegister(settings.get(AUTO_REGISTER))) {
            if (settings.keySet().stream().anyMatch(key -> key.startsWith("kvsync."))) {
                // Said once per session factory, for whoever upgraded from when settings alone sufficed.
                LOG.log(Level.INFO, "kvsync.* settings are present, but the integrator registers a KvSync only with "
                        + AUTO_REGISTER + "=true or " + INSTANCE + "; without them, register one with "
                        + "KvSyncHibernate.register(sessionFactory, kv)");
            } else {
                LOG.log(Level.DEBUG, () -> "KVSync not registered by the integrator: neither " + INSTANCE + " nor "
                        + AUTO_REGISTER + "=true is set");
            }
            return;
        }
        Map<String, String> kvsyncSettings = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("kvsync.") && !key.equals(AUTO_REGISTER) && value instanceof String text) {
                kvsyncSettings.put(key, text);
            }
        });
        KvSync kv = KvSync.builder().properties(kvsyncSettings).build();
        try {
            KvSyncHibernate.registerOwned(sessionFactory, kv);
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
        LOG.log(Level.INFO, "KVSync built from kvsync.* settings (" + AUTO_REGISTER + "=true) and registered on "
                + "the session factory; it closes with it");
    }

    private static boolean autoRegister(Object value) {
        if (value == null || value instanceof Boolean flag && !flag) {
            return false;
        }
        if (value instanceof Boolean || "true".equalsIgnoreCase(value.toString().trim())) {
            return true;
        }
        if ("false".equalsIgnoreCase(value.toString().trim())) {
            return false;
        }
        throw new KvSyncConfigurationException(AUTO_REGISTER + " must be true or false, not \"" + value + "\"");
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        KvSync owned = KvSyncHibernate.unregister(sessionFactory);
        if (owned != null) {
            owned.close();
        }
    }
}
