package io.kvsync.store.hazelcast;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Provides a {@link HazelcastKvStore} under the name {@value #NAME}, configured by the
 * {@code kvsync.hazelcast.*} settings below; a setting left unset keeps the builder's default. The
 * store creates its own member or client and shuts it down on close. Priority 50: above the memory
 * store (0), below Redis (100). Thread-safe and stateless.
 */
public final class HazelcastKvStoreProvider implements KvStoreProvider {

    /** The name matched against {@code kvsync.store}. */
    public static final String NAME = "hazelcast";
    /** {@code client} (default) or {@code embedded}: see {@link HazelcastMode}. */
    public static final String MODE = "kvsync.hazelcast.mode";
    /** The cluster name; default {@value HazelcastKvStoreBuilder#DEFAULT_CLUSTER_NAME}. */
    public static final String CLUSTER_NAME = "kvsync.hazelcast.cluster-name";
    /** Comma-separated member addresses ({@code host} or {@code host:port}). */
    public static final String MEMBERS = "kvsync.hazelcast.members";
    /** The first port of an embedded member; default {@value HazelcastKvStoreBuilder#DEFAULT_PORT}. */
    public static final String PORT = "kvsync.hazelcast.port";
    /** A Hazelcast member or client configuration file (XML or YAML), instead of the three settings above. */
    public static final String CONFIG_FILE = "kvsync.hazelcast.config-file";
    /** How long a client waits for the cluster at start; default 30s. */
    public static final String CONNECT_TIMEOUT = "kvsync.hazelcast.connect-timeout";
    /** The map name; default {@value HazelcastKvStore#DEFAULT_MAP_NAME}. */
    public static final String MAP = "kvsync.hazelcast.map";
    /** The lifetime of a versioned delete's tombstone; default 1m. */
    public static final String TOMBSTONE_TTL = "kvsync.hazelcast.tombstone-ttl";
    /** How long a batch waits for the cluster's answers; default 30s. */
    public static final String OPERATION_TIMEOUT = "kvsync.hazelcast.operation-timeout";

    /** Called by {@link java.util.ServiceLoader}. */
    public HazelcastKvStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 50: chosen over the memory store, but Redis, the reference backend, wins when both are present. */
    @Override
    public int priority() {
        return 50;
    }

    /**
     * {@inheritDoc}
     *
     * @throws KvSyncConfigurationException when a setting cannot be parsed, is out of range, or
     *         contradicts another
     * @throws KvStoreException when the member cannot start or the client cannot reach the cluster
     */
    @Override
    public KvStore create(KvSyncConfig config) {
        HazelcastKvStoreBuilder builder = HazelcastKvStore.builder()
                .mapName(config.getString(MAP, HazelcastKvStore.DEFAULT_MAP_NAME))
                .tombstoneTtl(config.getDuration(TOMBSTONE_TTL, HazelcastKvStore.DEFAULT_TOMBSTONE_TTL))
                .operationTimeout(config.getDuration(OPERATION_TIMEOUT, HazelcastKvStore.DEFAULT_OPERATION_TIMEOUT));
        config.get(MODE).ifPresent(mode -> builder.mode(parseMode(mode)));
        config.get(CLUSTER_NAME).ifPresent(builder::clusterName);
        List<String> members = config.getList(MEMBERS);
        if (!members.isEmpty()) {
            builder.members(members);
        }
        if (config.get(PORT).isPresent()) {
            builder.port(config.getInt(PORT, HazelcastKvStoreBuilder.DEFAULT_PORT));
        }
        config.get(CONFIG_FILE).ifPresent(file -> builder.configFile(Path.of(file.trim())));
        config.getDuration(CONNECT_TIMEOUT).ifPresent(builder::connectTimeout);
        return builder.build();
    }

    private static HazelcastMode parseMode(String value) {
        String mode = value.trim().toLowerCase(Locale.ROOT);
        if (mode.equals("client")) {
            return HazelcastMode.CLIENT;
        }
        if (mode.equals("embedded")) {
            return HazelcastMode.EMBEDDED;
        }
        throw new KvSyncConfigurationException("setting " + MODE + "=" + value + " is not client or embedded");
    }
}
