package io.kvsync.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Loads the {@link LazyLoadGuard}s once and combines them. */
final class LazyLoadGuards {

    /**
     * The SPI's logger, named after its package so it can be told from the engine's {@code io.kvsync}.
     * Declared before {@link #INSTALLED}, whose initializer may already log.
     */
    private static final System.Logger LOG = System.getLogger("io.kvsync.spi");

    static final LazyLoadGuard INSTALLED = combine(load());

    private LazyLoadGuards() {
    }

    private static List<LazyLoadGuard> load() {
        List<LazyLoadGuard> guards = new ArrayList<>();
        Iterator<LazyLoadGuard> it = ServiceLoader.load(LazyLoadGuard.class, LazyLoadGuard.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return guards;
                }
                guards.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A guard whose ORM is not on the class path cannot load, and has nothing to guard.
                LOG.log(System.Logger.Level.DEBUG, "lazy-load guard not loaded: " + e);
            }
        }
    }

    static LazyLoadGuard combine(List<LazyLoadGuard> guards) {
        if (guards.isEmpty()) {
            return new LazyLoadGuard() {
                @Override
                public boolean isUnloaded(Object value) {
                    return false;
                }

                @Override
                public Object unproxy(Object value) {
                    return value;
                }
            };
        }
        if (guards.size() == 1) {
            return guards.get(0);
        }
        List<LazyLoadGuard> all = List.copyOf(guards);
        return new LazyLoadGuard() {
            @Override
            public boolean isUnloaded(Object value) {
                for (LazyLoadGuard guard : all) {
                    if (guard.isUnloaded(value)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Object unproxy(Object value) {
                Object result = value;
                for (LazyLoadGuard guard : all) {
                    result = guard.unproxy(result);
                }
                return result;
            }
        };
    }
}
