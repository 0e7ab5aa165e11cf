package io.kvsync.spi;

/**
 * Creates a {@link KvStore} from configuration. Found with {@link java.util.ServiceLoader}: a store
 * module lists its provider in {@code META-INF/services/io.kvsync.spi.KvStoreProvider}.
 *
 * <p>The engine picks, in order: a store given to its builder; the provider whose {@link #name()}
 * equals the {@code kvsync.store} setting; the provider with the highest {@link #priority()}.
 * Implementations must have a public no-argument constructor and be cheap to construct: the engine
 * instantiates every provider on the classpath but calls {@link #create} on the chosen one only.
 */
public interface KvStoreProvider {

    /** The name matched against {@code kvsync.store}, e.g. {@code "redis"}. */
    String name();

    /** Rank among providers when none is named; higher wins. */
    default int priority() {
        return 0;
    }

    /**
     * Creates a store, reading the provider's own settings (e.g. {@code kvsync.redis.*}) from
     * {@code config}.
     *
     * @throws io.kvsync.api.KvSyncConfigurationException when a setting is missing or invalid
     */
    KvStore create(KvSyncConfig config);
}
