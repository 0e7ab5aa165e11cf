package io.kvsync.store.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.fail;

/**
 * Real Hazelcast members in this JVM, bound to 127.0.0.1 on free ports from 5801 up (away from
 * Hazelcast's default 5701, so that nothing else running here is joined), found by TCP/IP join only,
 * with a cluster name of their own, tuned to start in about a second.
 */
final class TestCluster implements AutoCloseable {

    private static final int FIRST_PORT = 5801;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(FIRST_PORT);
    private static final Duration FORMATION_DEADLINE = Duration.ofSeconds(60);

    private final String name = "kvsync-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> addresses = new ArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<HazelcastInstance> clients = new CopyOnWriteArrayList<>();
    private HazelcastInstance sharedClient;

    private TestCluster() {
    }

    /** Starts {@code size} members and waits until they form one cluster. */
    static TestCluster start(int size) {
        TestCluster cluster = new TestCluster();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int port = freePort();
                ports.add(port);
                cluster.addresses.add("127.0.0.1:" + port);
            }
            for (int port : ports) {
                cluster.members.add(Hazelcast.newHazelcastInstance(memberConfig(cluster.name, port, cluster.addresses)));
            }
            cluster.awaitSize(size);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** A member configuration with the settings that make tests start fast and stay on the loopback. */
    static Config memberConfig(String clusterName, int port, List<String> addresses) {
        Config config = new Config().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A terminated member is declared dead within seconds instead of the default minute.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.getMetricsConfig().setEnabled(false);
        config.getMapConfig("default").setBackupCount(1).setAsyncBackupCount(0);
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(addresses);
        return config;
    }

    /** A client configuration for this cluster. */
    ClientConfig clientConfig() {
        ClientConfig config = new ClientConfig().setClusterName(name);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.getMetricsConfig().setEnabled(false);
        config.getNetworkConfig().setAddresses(addresses);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return config;
    }

    /** A port on 127.0.0.1 that nothing listens on now, from {@value #FIRST_PORT} up. */
    static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = NEXT_PORT.getAndIncrement();
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // Someone else has it: try the next one.
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 from " + FIRST_PORT + " up");
    }

    String name() {
        return name;
    }

    List<String> addresses() {
        return List.copyOf(addresses);
    }

    HazelcastInstance member(int index) {
        return members.get(index);
    }

    /** One client shared by the tests that use this cluster; closed with it. */
    synchronized HazelcastInstance client() {
        if (sharedClient == null) {
            sharedClient = newClient();
        }
        return sharedClient;
    }

    /** A new client, shut down with the cluster unless the test shuts it down first. */
    HazelcastInstance newClient() {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig());
        clients.add(client);
        return client;
    }

    /** Kills member {@code index} without a graceful hand-over of its partitions, as a crash would. */
    void terminate(int index) {
        members.get(index).getLifecycleService().terminate();
    }

    /** Waits until a running member sees {@code size} members. */
    void awaitSize(int size) {
        long deadline = System.nanoTime() + FORMATION_DEADLINE.toNanos();
        while (true) {
            HazelcastInstance running = members.stream()
                    .filter(m -> m.getLifecycleService().isRunning()).findFirst().orElseThrow();
            int seen = running.getCluster().getMembers().size();
            if (seen == size) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("cluster " + name + " has " + seen + " members after " + FORMATION_DEADLINE + ", expected " + size);
            }
            sleep();
        }
    }

    /**
     * Stops clients and members. The cluster is shut down as a whole, which hands no data over, once
     * its migrations are done (the failover test leaves some running); members it could not stop are
     * terminated.
     */
    @Override
    public void close() {
        clients.forEach(client -> client.getLifecycleService().terminate());
        members.stream().filter(m -> m.getLifecycleService().isRunning()).findFirst().ifPresent(running -> {
            try {
                long deadline = System.nanoTime() + FORMATION_DEADLINE.toNanos();
                while (!running.getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
                    sleep();
                }
                running.getCluster().shutdown();
            } catch (RuntimeException e) {
                // The members still running are terminated below.
            }
        });
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
