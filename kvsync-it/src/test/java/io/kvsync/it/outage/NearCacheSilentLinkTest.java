package io.kvsync.it.outage;

import io.kvsync.api.KvStoreException;
import io.kvsync.it.support.Cleanup;
import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.RedisProcess;
import io.kvsync.it.support.TcpProxy;
import io.kvsync.spi.KvWrite.Put;
import io.kvsync.store.redis.RedisKvStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache over a link that silently stops delivering (a black hole: no packet passes, no
 * connection closes), while another client changes a key the store holds: Redis's push cannot arrive, so
 * the cache must stop serving on its own, and be right again once the link heals.
 */
class NearCacheSilentLinkTest {

    /** The near cache's documented bound: entries are served until 3 s after the last answered heartbeat. */
    private static final Duration LIVENESS = Duration.ofSeconds(3);

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void cleanUp() {
        cleanup.close();
    }

    @Test
    void over_a_black_holed_link_no_read_starting_3_s_later_is_answered_from_memory_and_the_change_shows_once_healed() {
        RedisProcess redis = cleanup.add(RedisProcess.launch());
        TcpProxy link = cleanup.add(TcpProxy.to(redis.port()));
        RedisKvStore store = cleanup.add(RedisKvStore.builder().uri(link.redisUri()).timeout(Duration.ofMillis(500))
                .nearCache(100).build());
        RedisClient rawClient = RedisClient.create(redis.uri());
        cleanup.add(() -> rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        StatefulRedisConnection<String, String> raw = cleanup.add(rawClient.connect());

        store.write(List.of(Put.of("k", bytes("v1"))));
        assertThat(read(store)).isEqualTo("v1");
        long hitsBefore = store.nearCacheStats().hits();
        assertThat(read(store)).isEqualTo("v1");
        assertThat(store.nearCacheStats().hits() - hitsBefore).as("served from memory before the fault").isEqualTo(1);

        link.blackHole();
        long cutAt = System.nanoTime();
        raw.sync().set("kvsync:k", "v2");

        // Every heartbeat answered before the cut was sent before it, so from cut + LIVENESS on the cache is
        // out of use whatever the machine's load: a read starting then may fail (the link is dead), never
        // answer the old value from memory.
        List<String> lateOutcomes = new ArrayList<>();
        while (System.nanoTime() - cutAt < LIVENESS.plusSeconds(2).toNanos()) {
            long startedAt = System.nanoTime();
            String outcome;
            try {
                outcome = read(store);
            } catch (KvStoreException e) {
                outcome = "failed";
            }
            if (startedAt - cutAt >= LIVENESS.toNanos()) {
                lateOutcomes.add(outcome);
            }
            Eventually.pause(20);
        }
        assertThat(lateOutcomes).as("reads that started %s or more after the cut", LIVENESS).isNotEmpty()
                .doesNotContain("v1");

        link.heal();
        assertThat(Eventually.within(Duration.ofSeconds(30), () -> "v2".equals(readOrNull(store))))
                .as("the change made during the fault, read once the link healed").isTrue();
        read(store);
        raw.sync().set("kvsync:k", "v3");
        assertThat(Eventually.within(Duration.ofSeconds(30), () -> "v3".equals(readOrNull(store))))
                .as("a change after healing reaches the cache again").isTrue();
    }

    private static String read(RedisKvStore store) {
        byte[] value = store.read(List.of("k")).get("k");
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static String readOrNull(RedisKvStore store) {
        try {
            return read(store);
        } catch (KvStoreException e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
