package io.kvsync.store.redis;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Delete;
import io.kvsync.spi.KvWrite.Put;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.providers.ClusterConnectionProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Jedis cluster client sees right after a fail-over, on the shared cluster without failing it
 * over: a slot map that sends every key to a master that no longer serves it, until a {@code MOVED}
 * makes the client refresh it. Commands sent there are answered with redirections, which must stay
 * inside the store.
 */
class JedisStaleSlotMapTest {

    private static final int KEYS = 64; // spread over all three masters

    private StaleSlotMap slotMap;
    private RedisClusterClient jedis;
    private RedisKvStore store;

    @BeforeEach
    void connect() {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String uri : RedisServices.clusterUris()) {
            nodes.add(new HostAndPort(URI.create(uri).getHost(), URI.create(uri).getPort()));
        }
        slotMap = new StaleSlotMap(nodes, DefaultJedisClientConfig.builder().build());
        jedis = RedisClusterClient.builder().nodes(nodes).connectionProvider(slotMap).build();
    }

    /**
     * The store under test. {@link SetIfAbsent#NEVER} keeps every write of a batch on the write path, whose
     * redirections are what is tested; {@link SetIfAbsent#ALWAYS} sends the versioned puts first as
     * {@code SET … NX}, whose redirections are followed on their own path.
     */
    private RedisKvStore open(SetIfAbsent setIfAbsent) {
        store = RedisKvStore.builder().jedis(jedis).prefix(RedisStores.uniquePrefix())
                .expiration(RedisStores.TEST_EXPIRATION).setIfAbsent(setIfAbsent).build();
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (jedis != null) {
            jedis.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SetIfAbsent.class, names = {"NEVER", "ALWAYS"})
    void writes_sent_to_masters_that_lost_their_slots_reach_the_new_masters(SetIfAbsent setIfAbsent) {
        RedisKvStore store = open(setIfAbsent);
        List<String> keys = keys();
        store.write(puts(keys, 1, false));
        // The new masters' script caches are empty after a fail-over: EVALSHA must fall back to EVAL too.
        flushScriptsOnEveryMaster();
        slotMap.goStale();

        List<KvWrite> batch = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            batch.add(switch (i % 4) {
                case 0 -> new Put(key, value(key, 2), null, KvWrite.UNVERSIONED); // SET
                case 1 -> new Delete(key, KvWrite.UNVERSIONED); // DEL
                case 2 -> new Put(key, value(key, 2), null, 2); // the script
                default -> new Delete(key, 2); // the script, leaving a tombstone
            });
        }
        store.write(batch);

        assertThat(slotMap.isStale()).as("the slot map, refreshed after a MOVED").isFalse();
        Map<String, byte[]> read = store.read(keys);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += 2) {
            written.add(keys.get(i));
        }
        assertThat(read).containsOnlyKeys(written);
        read.forEach((key, value) -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(key + " v2"));
    }

    @Test
    void reads_sent_to_masters_that_lost_their_slots_return_what_the_new_masters_hold() {
        RedisKvStore store = open(SetIfAbsent.AUTO);
        List<String> keys = keys();
        store.write(puts(keys, 1, true));
        slotMap.goStale();

        Map<String, byte[]> read = store.read(keys);

        assertThat(slotMap.isStale()).as("the slot map, refreshed after a MOVED").isFalse();
        assertThat(read).containsOnlyKeys(keys);
        read.forEach((key, value) -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(key + " v1"));
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("k" + i);
        }
        return keys;
    }

    private static List<KvWrite> puts(List<String> keys, long version, boolean versioned) {
        List<KvWrite> puts = new ArrayList<>();
        long putVersion = versioned ? version : KvWrite.UNVERSIONED;
        keys.forEach(key -> puts.add(new Put(key, value(key, version), null, putVersion)));
        return puts;
    }

    private static byte[] value(String key, long version) {
        return (key + " v" + version).getBytes(StandardCharsets.UTF_8);
    }

    private void flushScriptsOnEveryMaster() {
        for (String node : slotMap.getPrimaryNodes().keySet()) {
            try (Jedis master = new Jedis(HostAndPort.from(node))) {
                master.scriptFlush();
            }
        }
    }

    /**
     * The client's slot map, which after {@link #goStale()} names for every slot another master than the
     * one serving it, as a map from before a fail-over would, until the client refreshes it on a
     * {@code MOVED}. Both the pipelines (by {@link #getNode}) and single commands (by
     * {@link #getConnectionFromSlot}) go by it.
     */
    private static final class StaleSlotMap extends ClusterConnectionProvider {

        private volatile boolean stale;

        StaleSlotMap(Set<HostAndPort> nodes, JedisClientConfig config) {
            super(nodes, config);
        }

        void goStale() {
            stale = true;
        }

        boolean isStale() {
            return stale;
        }

        @Override
        public HostAndPort getNode(int slot) {
            HostAndPort owner = super.getNode(slot);
            if (!stale) {
                return owner;
            }
            TreeSet<String> masters = new TreeSet<>(getPrimaryNodes().keySet());
            String next = masters.higher(owner.toString());
            return HostAndPort.from(next != null ? next : masters.first());
        }

        @Override
        public Connection getConnectionFromSlot(int slot) {
            return stale ? getConnection(getNode(slot)) : super.getConnectionFromSlot(slot);
        }

        @Override
        public void renewSlotCache() {
            super.renewSlotCache();
            stale = false;
        }

        @Override
        public void renewSlotCache(Connection connection) {
            super.renewSlotCache(connection);
            stale = false;
        }
    }
}
