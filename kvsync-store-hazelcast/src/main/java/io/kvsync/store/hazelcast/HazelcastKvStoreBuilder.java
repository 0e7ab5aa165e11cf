package io.kvsync.store.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.store.hazelcast.internal.InstanceFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.CLUSTER_NAME;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.CONFIG_FILE;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.CONNECT_TIMEOUT;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.MAP;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.MEMBERS;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.MODE;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.OPERATION_TIMEOUT;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.PORT;
import static io.kvsync.store.hazelcast.HazelcastKvStoreProvider.TOMBSTONE_TTL;

/**
 * Settings of a {@link HazelcastKvStore}; validated by {@link #build()}. Not thread-safe.
 *
 * <p>The store's Hazelcast instance comes from exactly one place: an {@link #instance} the caller
 * owns; or one the store creates, and shuts down on close, from a {@link #memberConfig}, a
 * {@link #clientConfig}, a {@link #configFile}, or else from the simple settings {@link #mode},
 * {@link #clusterName}, {@link #members}, {@link #port} and {@link #connectTimeout}.
 */
public final class HazelcastKvStoreBuilder {

    private static final System.Logger LOG = System.getLogger("io.kvsync.store.hazelcast");
    private static final AtomicBoolean WARNED_OF_COMMON_POOL = new AtomicBoolean();

    /** The cluster name used when none is set; Hazelcast's own default. */
    public static final String DEFAULT_CLUSTER_NAME = "dev";
    /** The first port an embedded member tries when none is set; Hazelcast's own default. */
    public static final int DEFAULT_PORT = 5701;
    /** How long a client the store creates tries to reach the cluster, when not set: 30 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private HazelcastInstance instance;
    private Config memberConfig;
    private ClientConfig clientConfig;
    private Path configFile;
    private HazelcastMode mode;
    private String clusterName;
    private List<String> members;
    private Integer port;
    private Duration connectTimeout;
    private String mapName = HazelcastKvStore.DEFAULT_MAP_NAME;
    private Duration tombstoneTtl = HazelcastKvStore.DEFAULT_TOMBSTONE_TTL;
    private Duration operationTimeout = HazelcastKvStore.DEFAULT_OPERATION_TIMEOUT;

    HazelcastKvStoreBuilder() {
    }

    /** A running member or client to use; the store never shuts it down. */
    public HazelcastKvStoreBuilder instance(HazelcastInstance instance) {
        this.instance = instance;
        return this;
    }

    /** Starts an embedded member with this configuration; the store shuts it down on close. */
    public HazelcastKvStoreBuilder memberConfig(Config memberConfig) {
        this.memberConfig = memberConfig;
        return this;
    }

    /** Starts a client with this configuration; the store shuts it down on close. */
    public HazelcastKvStoreBuilder clientConfig(ClientConfig clientConfig) {
        this.clientConfig = clientConfig;
        return this;
    }

    /**
     * Starts a member or client, as {@link #mode} says, from a Hazelcast XML or YAML file (setting
     * {@value HazelcastKvStoreProvider#CONFIG_FILE}); it replaces the cluster name, members, port and
     * connect timeout settings.
     */
    public HazelcastKvStoreBuilder configFile(Path configFile) {
        this.configFile = configFile;
        return this;
    }

    /** Whether a store that creates its instance starts a client (default) or a member. */
    public HazelcastKvStoreBuilder mode(HazelcastMode mode) {
        this.mode = mode;
        return this;
    }

    /** The cluster to join or connect to; default {@value #DEFAULT_CLUSTER_NAME}. */
    public HazelcastKvStoreBuilder clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    /**
     * Addresses ({@code host} or {@code host:port}) of the cluster's members: where a client connects
     * (default: the local host), or whom an embedded member joins over TCP/IP (default: no one, a
     * cluster of one). Multicast and auto-detection stay off.
     */
    public HazelcastKvStoreBuilder members(List<String> members) {
        this.members = members == null ? null : List.copyOf(members);
        return this;
    }

    /** Same as {@link #members(List)}. */
    public HazelcastKvStoreBuilder members(String... members) {
        return members(List.of(members));
    }

    /** The first port an embedded member binds, trying the next ones when taken; default {@value #DEFAULT_PORT}. */
    public HazelcastKvStoreBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** How long a client the store creates tries to reach the cluster; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public HazelcastKvStoreBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** The map that holds the entries; default {@value HazelcastKvStore#DEFAULT_MAP_NAME}. Give KVSync a map of its own. */
    public HazelcastKvStoreBuilder mapName(String mapName) {
        this.mapName = mapName;
        return this;
    }

    /**
     * How long the tombstone of a versioned delete keeps blocking older writes. It should outlast the
     * longest delay with which a stale write can arrive. Default
     * {@link HazelcastKvStore#DEFAULT_TOMBSTONE_TTL}; must be positive.
     */
    public HazelcastKvStoreBuilder tombstoneTtl(Duration tombstoneTtl) {
        this.tombstoneTtl = tombstoneTtl;
        return this;
    }

    /** How long a batch may wait for the cluster's answers; default {@link HazelcastKvStore#DEFAULT_OPERATION_TIMEOUT}. */
    public HazelcastKvStoreBuilder operationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
        return this;
    }

    /**
     * Creates the store, starting its Hazelcast instance unless one was given.
     *
     * @throws KvSyncConfigurationException when a setting is invalid or settings contradict each
     *         other; the message names them
     * @throws KvStoreException when the store's own member cannot start or its client cannot reach the
     *         cluster
     */
    public HazelcastKvStore build() {
        warnOfAOneThreadCommonPool();
        requireText(mapName, "mapName", MAP);
        requirePositive(tombstoneTtl, "tombstoneTtl", TOMBSTONE_TTL);
        requirePositive(operationTimeout, "operationTimeout", OPERATION_TIMEOUT);
        HazelcastMode effectiveMode = checkInstanceSource();
        if (instance != null) {
            return new HazelcastKvStore(instance, false, mapName, tombstoneTtl, operationTimeout);
        }
        HazelcastInstance created = start(effectiveMode);
        try {
            return new HazelcastKvStore(created, true, mapName, tombstoneTtl, operationTimeout);
        } catch (RuntimeException e) {
            created.shutdown();
            throw e;
        }
    }

    /**
     * Hazelcast completes its asynchronous calls on the common fork-join pool, or, when that pool has one
     * thread (machines with two cores or fewer), on a new thread per completion: every write batch then
     * costs the creation of a thread per partition it touches. Measured on two cores (row 1h of
     * docs/benchmarks.md): 7,270 key writes/s into an embedded member, 92,317 with the setting named here.
     */
    private static void warnOfAOneThreadCommonPool() {
        if (ForkJoinPool.getCommonPoolParallelism() < 2 && !WARNED_OF_COMMON_POOL.getAndSet(true)) {
            LOG.log(System.Logger.Level.WARNING, "the common fork-join pool of this JVM has one thread ("
                    + Runtime.getRuntime().availableProcessors() + " processors), so Hazelcast completes each "
                    + "asynchronous call, and each write batch of the KVSync store, on a new thread; start the JVM "
                    + "with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (about ten times the write rate "
                    + "on two cores)");
        }
    }

    /** Rejects contradictory sources of the instance; returns the mode to start in. */
    private HazelcastMode checkInstanceSource() {
        int sources = count(instance, memberConfig, clientConfig, configFile);
        if (sources > 1) {
            throw invalid("give at most one of instance, memberConfig, clientConfig and configFile (setting "
                    + CONFIG_FILE + ")");
        }
        boolean simpleSettings = count(clusterName, members, port, connectTimeout) > 0;
        if (count(instance, memberConfig, clientConfig) > 0 && (simpleSettings || mode != null)) {
            throw invalid("mode, clusterName, members, port and connectTimeout (settings " + MODE + ", " + CLUSTER_NAME
                    + ", " + MEMBERS + ", " + PORT + ", " + CONNECT_TIMEOUT + ") apply only when the store creates its"
                    + " instance from them, not with a given instance, memberConfig or clientConfig");
        }
        if (configFile != null && simpleSettings) {
            throw invalid("configFile (setting " + CONFIG_FILE + "=" + configFile + ") replaces clusterName, members,"
                    + " port and connectTimeout (settings " + CLUSTER_NAME + ", " + MEMBERS + ", " + PORT + ", "
                    + CONNECT_TIMEOUT + "); set them in the file instead");
        }
        HazelcastMode effective = mode == null ? HazelcastMode.CLIENT : mode;
        if (effective == HazelcastMode.CLIENT && port != null) {
            throw invalid("port (setting " + PORT + "=" + port + ") applies to an embedded member; a client's addresses"
                    + " go in members (setting " + MEMBERS + ")");
        }
        if (effective == HazelcastMode.EMBEDDED && connectTimeout != null) {
            throw invalid("connectTimeout (setting " + CONNECT_TIMEOUT + ") applies to a client, not to an embedded"
                    + " member");
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw invalid("port (setting " + PORT + ") must be between 1 and 65535 but was " + port);
        }
        if (clusterName != null) {
            requireText(clusterName, "clusterName", CLUSTER_NAME);
        }
        if (members != null && members.stream().anyMatch(m -> m == null || m.isBlank())) {
            throw invalid("members (setting " + MEMBERS + ") must not contain a blank address but was " + members);
        }
        if (connectTimeout != null) {
            requirePositive(connectTimeout, "connectTimeout", CONNECT_TIMEOUT);
        }
        return effective;
    }

    private HazelcastInstance start(HazelcastMode effectiveMode) {
        if (memberConfig != null) {
            return InstanceFactory.startMember(memberConfig);
        }
        if (clientConfig != null) {
            return InstanceFactory.startClient(clientConfig);
        }
        boolean embedded = effectiveMode == HazelcastMode.EMBEDDED;
        if (configFile != null) {
            return embedded
                    ? InstanceFactory.startMember(InstanceFactory.memberConfigFile(configFile, CONFIG_FILE))
                    : InstanceFactory.startClient(InstanceFactory.clientConfigFile(configFile, CONFIG_FILE));
        }
        String cluster = clusterName == null ? DEFAULT_CLUSTER_NAME : clusterName;
        List<String> addresses = members == null ? List.of() : members;
        return embedded
                ? InstanceFactory.startMember(InstanceFactory.memberConfig(cluster, addresses, port == null ? DEFAULT_PORT : port))
                : InstanceFactory.startClient(InstanceFactory.clientConfig(cluster, addresses,
                        connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout));
    }

    private static int count(Object... values) {
        int n = 0;
        for (Object value : values) {
            if (value != null) {
                n++;
            }
        }
        return n;
    }

    private static void requireText(String value, String name, String setting) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " (setting " + setting + ") must not be blank but was "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
    }

    private static void requirePositive(Duration value, String name, String setting) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(name + " (setting " + setting + ") must be a positive duration but was " + value);
        }
    }

    private static KvSyncConfigurationException invalid(String problem) {
        return new KvSyncConfigurationException("HazelcastKvStore " + problem);
    }
}
