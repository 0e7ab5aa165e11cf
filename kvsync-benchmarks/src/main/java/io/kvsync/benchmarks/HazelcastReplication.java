package io.kvsync.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kvsync.spi.Marshaler;
import io.kvsync.store.hazelcast.HazelcastKvStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Row 1h: replication into Hazelcast through KVSync against a plain {@code IMap.putAll} of the same entries
 * in the same run, on one member embedded in this JVM (bound to 127.0.0.1, TCP-IP join, no multicast) and
 * through a client of it. KVSync runs as in row 1 (a fresh engine per run, defaults: 4 workers, batches
 * of 512), its store writing each batch with one entry processor per partition (its fencing); the peer puts
 * the same keys and marshaled values from one thread in {@code putAll} calls of 512 entries, the engine's
 * batch. Each run writes a map of its own, destroyed afterwards. Not thread-safe.
 */
final class HazelcastReplication implements AutoCloseable {

    /** The engine's default batch size: the peer's {@code putAll} calls carry as many entries. */
    private static final int PUT_ALL_BATCH = 512;
    private static final int PORT = 5931;

    private final HazelcastInstance member;
    private final HazelcastInstance client;
    private int runs;

    private HazelcastReplication(HazelcastInstance member, HazelcastInstance client) {
        this.member = member;
        this.client = client;
    }

    /** Starts the member and connects the client. */
    static HazelcastReplication start(String run) {
        String cluster = "kvsync-bench-" + run;
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMetricsConfig().setEnabled(false);
        config.getNetworkConfig().setPort(PORT).setPortAutoIncrement(true).getInterfaces().setEnabled(true)
                .addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1"));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        try {
            ClientConfig clientConfig = new ClientConfig().setClusterName(cluster);
            clientConfig.setProperty("hazelcast.logging.type", "jdk");
            clientConfig.getMetricsConfig().setEnabled(false);
            String address = member.getCluster().getLocalMember().getAddress().getHost() + ":"
                    + member.getCluster().getLocalMember().getAddress().getPort();
            clientConfig.getNetworkConfig().setAddresses(List.of(address));
            return new HazelcastReplication(member, HazelcastClient.newHazelcastClient(clientConfig));
        } catch (RuntimeException e) {
            member.shutdown();
            throw e;
        }
    }

    HazelcastInstance member() {
        return member;
    }

    HazelcastInstance client() {
        return client;
    }

    /** Key writes per second of row 1's replication through KVSync into {@code instance}. */
    double kvSync(HazelcastInstance instance, int entities) {
        String map = nextMap();
        try {
            return ReplicationRun.keyWritesPerSecond(HazelcastKvStore.builder().instance(instance).mapName(map).build(),
                    Map.of(), entities, false);
        } finally {
            instance.getMap(map).destroy();
        }
    }

    /** Key writes per second of {@code putAll} of the same entries (three keys per parcel, its marshaled value). */
    double putAll(HazelcastInstance instance, Marshaler marshaler, int entities) {
        String name = nextMap();
        IMap<String, byte[]> map = instance.getMap(name);
        ParcelFactory parcels = new ParcelFactory(marshaler, ReplicationRun.VALUE_BYTES);
        String run = Long.toString(System.nanoTime(), 36);
        try {
            long started = System.nanoTime();
            Map<String, byte[]> batch = new HashMap<>();
            for (long id = 0; id < entities; id++) {
                Parcel parcel = parcels.parcel(id, run);
                byte[] value = marshaler.marshal(parcel); // as the engine does, once per entity
                for (String key : parcel.syncKeys().values()) {
                    batch.put(key, value);
                }
                if (batch.size() >= PUT_ALL_BATCH) {
                    map.putAll(batch);
                    batch = new HashMap<>();
                }
            }
            if (!batch.isEmpty()) {
                map.putAll(batch);
            }
            long elapsed = System.nanoTime() - started;
            return 3.0 * entities / (elapsed / 1e9);
        } finally {
            map.destroy();
        }
    }

    private String nextMap() {
        return "kvsync-bench-" + runs++;
    }

    @Override
    public void close() {
        client.shutdown();
        member.shutdown();
    }
}
