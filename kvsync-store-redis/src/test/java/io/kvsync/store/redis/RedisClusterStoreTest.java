package io.kvsync.store.redis;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Delete;
import io.kvsync.spi.KvWrite.Put;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What only a cluster shows: keys spread over every node, and a script cache flushed on every node. */
class RedisClusterStoreTest {

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void versioned_writes_to_keys_on_every_node_survive_a_script_cache_flush_on_every_node(RedisClientLibrary library) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add("k" + i); // 64 keys land on all three masters
        }
        try (RedisKvStore store = RedisKvStore.builder().uris(RedisServices.clusterUris()).clientLibrary(library)
                .prefix(RedisStores.uniquePrefix()).expiration(RedisStores.TEST_EXPIRATION).build()) {
            store.write(writes(keys, 1));
            flushScriptsOnEveryNode();

            store.write(writes(keys, 2));
            store.write(writes(keys, 1));
            List<KvWrite> deletes = new ArrayList<>();
            keys.subList(0, 32).forEach(key -> deletes.add(new Delete(key, 2)));
            store.write(deletes);
            store.write(writes(keys.subList(0, 32), 2));

            Map<String, byte[]> read = store.read(keys);
            assertThat(read).containsOnlyKeys(keys.subList(32, 64));
            read.forEach((key, value) -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(key + " v2"));
        }
    }

    private static List<KvWrite> writes(List<String> keys, long version) {
        List<KvWrite> writes = new ArrayList<>();
        keys.forEach(key -> writes.add(new Put(key, (key + " v" + version).getBytes(StandardCharsets.UTF_8), null, version)));
        return writes;
    }

    private static void flushScriptsOnEveryNode() {
        List<RedisURI> seeds = new ArrayList<>();
        RedisServices.clusterUris().forEach(uri -> seeds.add(RedisURI.create(uri)));
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            for (RedisClusterNode node : connection.getPartitions()) {
                connection.getConnection(node.getNodeId()).sync().scriptFlush();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
