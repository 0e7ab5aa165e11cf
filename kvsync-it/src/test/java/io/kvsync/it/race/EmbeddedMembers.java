package io.kvsync.it.race;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kvsync.spi.KvStore;
import io.kvsync.store.hazelcast.HazelcastKvStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast members in this JVM that form one cluster of their own: bound to 127.0.0.1 on free ports,
 * joined over TCP/IP only (no multicast, no auto-detection), under a random cluster name, so they
 * neither join nor disturb anything else on the machine. Not thread-safe.
 */
final class EmbeddedMembers implements AutoCloseable {

    /** Away from Hazelcast's default 5701 and the store module's tests (5801 up). */
    private static final int FIRST_PORT = 5901;
    /** Hazelcast logs every join and migration at INFO; a strong reference keeps the level set. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final AtomicInteger storesMade = new AtomicInteger();

    private EmbeddedMembers() {
    }

    /**
     * Two members for the test class that registers it ({@code @RegisterExtension static}): started before
     * its first test, shut down after its last.
     */
    static final class Pair implements BeforeAllCallback, AfterAllCallback {
        private EmbeddedMembers members;

        @Override
        public void beforeAll(ExtensionContext context) {
            members = start(2);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (members != null) {
                members.close();
            }
        }

        /** See {@link EmbeddedMembers#nextStore}. */
        KvStore nextStore(String mapName, Duration tombstoneTtl) {
            return members.nextStore(mapName, tombstoneTtl);
        }
    }

    /** Starts {@code count} members and returns once they see each other. */
    static EmbeddedMembers start(int count) {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        String clusterName = "kvsync-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = new ArrayList<>();
        int port = FIRST_PORT;
        for (int i = 0; i < count; i++) {
            port = freePortFrom(port);
            addresses.add("127.0.0.1:" + port);
            port++;
        }
        EmbeddedMembers started = new EmbeddedMembers();
        try {
            for (String address : addresses) {
                int memberPort = Integer.parseInt(address.substring(address.indexOf(':') + 1));
                started.members.add(Hazelcast.newHazelcastInstance(config(clusterName, memberPort, addresses)));
            }
            // newHazelcastInstance returns once the member has joined; every member then sees all started before it.
            int seen = started.members.get(count - 1).getCluster().getMembers().size();
            if (seen != count) {
                throw new IllegalStateException("the members formed a cluster of " + seen + ", expected " + count);
            }
            return started;
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    HazelcastInstance member(int index) {
        return members.get(index);
    }

    /**
     * A store on the members' map {@code mapName}, through each member in turn (as each application JVM
     * would use its own), keeping tombstones for {@code tombstoneTtl}.
     */
    KvStore nextStore(String mapName, Duration tombstoneTtl) {
        return HazelcastKvStore.builder()
                .instance(member(storesMade.getAndIncrement() % members.size()))
                .mapName(mapName)
                .tombstoneTtl(tombstoneTtl)
                .build();
    }

    /** Shuts the cluster down as a whole (no data hand-over); whatever still runs after that is terminated. */
    @Override
    public void close() {
        members.stream().filter(member -> member.getLifecycleService().isRunning()).findFirst().ifPresent(member -> {
            try {
                member.getCluster().shutdown();
            } catch (RuntimeException e) {
                // Terminated below.
            }
        });
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    private static Config config(String clusterName, int port, List<String> addresses) {
        Config config = new Config().setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
        return config;
    }

    private static int freePortFrom(int first) {
        for (int port = first; port < first + 1000; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 from " + first + " up");
    }
}
