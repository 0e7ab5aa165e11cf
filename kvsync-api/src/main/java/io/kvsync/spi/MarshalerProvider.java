package io.kvsync.spi;

/**
 * Creates a {@link Marshaler} from configuration. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kvsync.spi.MarshalerProvider}); chosen like {@link KvStoreProvider},
 * by the {@code kvsync.marshaler} setting or else by the highest {@link #priority()}.
 */
public interface MarshalerProvider {

    /** The name matched against {@code kvsync.marshaler}, e.g. {@code "json"}. */
    String name();

    /** Rank among providers when none is named; higher wins. */
    default int priority() {
        return 0;
    }

    /**
     * Creates a marshaler.
     *
     * @throws io.kvsync.api.KvSyncConfigurationException when a setting is missing or invalid
     */
    Marshaler create(KvSyncConfig config);
}
