package io.kvsync.store.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Builds Hazelcast configurations from the store's settings and starts members and clients. */
public final class InstanceFactory {

    private InstanceFactory() {
    }

    /**
     * A member that joins {@code members} over TCP/IP, or stands alone when there are none. Multicast
     * and cloud auto-detection are off: a replica must join the cluster it was told to, never whatever
     * it happens to find on the network.
     *
     * @param port the first port to try; the next ones are tried when it is taken
     */
    public static Config memberConfig(String clusterName, List<String> members, int port) {
        Config config = new Config().setClusterName(clusterName);
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    /**
     * A client of the cluster at {@code members} (Hazelcast's default, the local host, when empty)
     * that gives up connecting after {@code connectTimeout}.
     */
    public static ClientConfig clientConfig(String clusterName, List<String> members, Duration connectTimeout) {
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        if (!members.isEmpty()) {
            config.getNetworkConfig().setAddresses(members);
        }
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
        return config;
    }

    /**
     * A member configuration read from an XML or YAML file.
     *
     * @param setting the setting that named the file, for the error message
     * @throws KvSyncConfigurationException when the file is missing or invalid
     */
    public static Config memberConfigFile(Path file, String setting) {
        requireReadable(file, setting);
        try {
            return Config.loadFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw invalidFile(file, setting, "a Hazelcast member", e);
        }
    }

    /**
     * A client configuration read from an XML or YAML file ({@code .yaml}/{@code .yml}, else XML).
     *
     * @param setting the setting that named the file, for the error message
     * @throws KvSyncConfigurationException when the file is missing or invalid
     */
    public static ClientConfig clientConfigFile(Path file, String setting) {
        requireReadable(file, setting);
        File f = file.toFile();
        String name = f.getName().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new YamlClientConfigBuilder(f).build()
                    : new XmlClientConfigBuilder(f).build();
        } catch (IOException | RuntimeException e) {
            throw invalidFile(file, setting, "a Hazelcast client", e);
        }
    }

    /**
     * Starts a member.
     *
     * @throws KvStoreException when it cannot start (a port or address it cannot bind, say)
     */
    public static HazelcastInstance startMember(Config config) {
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new KvStoreException("could not start an embedded Hazelcast member of cluster \""
                    + config.getClusterName() + "\": " + e, e);
        }
    }

    /**
     * Starts a client and connects it.
     *
     * @throws KvStoreException when it cannot reach the cluster within its connect timeout
     */
    public static HazelcastInstance startClient(ClientConfig config) {
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (RuntimeException e) {
            throw new KvStoreException("could not connect a Hazelcast client to cluster \"" + config.getClusterName()
                    + "\" at " + config.getNetworkConfig().getAddresses() + ": " + e, e);
        }
    }

    private static void requireReadable(Path file, String setting) {
        if (!Files.isReadable(file)) {
            throw new KvSyncConfigurationException("setting " + setting + "=" + file + " names no readable file");
        }
    }

    private static KvSyncConfigurationException invalidFile(Path file, String setting, String what, Exception e) {
        return new KvSyncConfigurationException("setting " + setting + "=" + file + " is not a valid configuration of "
                + what + " (XML, or YAML with a .yaml/.yml name): " + e.getMessage(), e);
    }
}
