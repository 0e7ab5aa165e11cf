package io.kvsync.store.redis;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvWrite.Put;
import io.kvsync.store.redis.internal.LettuceTracking;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The near cache against a real Redis: served from memory, and never left behind by a change. */
class RedisNearCacheTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(5);

    private String prefix;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> raw;
    private RedisKvStore store;

    @BeforeEach
    void connect() {
        prefix = RedisStores.uniquePrefix();
        rawClient = RedisClient.create(RedisServices.standaloneUri());
        raw = rawClient.connect(ByteArrayCodec.INSTANCE);
        store = RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(prefix).nearCache(1_000).build();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void a_second_read_of_a_key_is_answered_from_memory() {
        store.write(List.of(Put.of("k", bytes("v1"))));

        assertThat(text(store.read(List.of("k")).get("k"))).isEqualTo("v1");
        long hitsBefore = store.nearCacheStats().hits();
        assertThat(text(store.read(List.of("k")).get("k"))).isEqualTo("v1");

        assertThat(store.nearCacheStats().hits() - hitsBefore).isEqualTo(1);
    }

    @Test
    void a_change_by_another_client_is_read_once_redis_pushed_it() {
        store.write(List.of(Put.of("k", bytes("v1"))));
        store.read(List.of("k"));
        assertServedFromMemory("k");
        long invalidationsBefore = store.nearCacheStats().invalidations();

        raw.sync().set(key("k"), bytes("v2"));

        awaitTrue("the read to show the other client's value", () -> "v2".equals(readText("k")));
        assertThat(store.nearCacheStats().invalidations() - invalidationsBefore).as("dropped by Redis's push").isPositive();
    }

    @Test
    void a_push_drops_only_the_keys_it_names() {
        store.write(List.of(Put.of("changed", bytes("v1")), Put.of("untouched", bytes("u1"))));
        store.read(List.of("changed"));
        store.read(List.of("untouched"));

        raw.sync().set(key("changed"), bytes("v2"));
        awaitTrue("the read to show the other client's value", () -> "v2".equals(readText("changed")));

        assertServedFromMemory("untouched");
    }

    @Test
    void the_stores_own_write_is_read_right_after_it_returned() {
        store.write(List.of(Put.of("k", bytes("v1"))));
        store.read(List.of("k"));
        assertServedFromMemory("k");

        store.write(List.of(Put.of("k", bytes("v2"))));

        assertThat(readText("k")).isEqualTo("v2");
    }

    @Test
    void an_absent_key_is_remembered_until_another_client_writes_it() {
        assertThat(store.read(List.of("later"))).isEmpty();
        long hitsBefore = store.nearCacheStats().hits();
        assertThat(store.read(List.of("later"))).isEmpty();
        assertThat(store.nearCacheStats().hits() - hitsBefore).isEqualTo(1);

        raw.sync().set(key("later"), bytes("now"));

        awaitTrue("the read to show the key written meanwhile", () -> "now".equals(readText("later")));
    }

    @Test
    void reads_of_several_keys_mix_memory_and_redis_in_the_order_asked() {
        store.write(List.of(Put.of("a", bytes("A")), Put.of("b", bytes("B")), Put.of("c", bytes("C"))));
        store.read(List.of("b"));
        long hitsBefore = store.nearCacheStats().hits();

        Map<String, byte[]> read = store.read(List.of("a", "b", "c", "missing"));

        assertThat(store.nearCacheStats().hits() - hitsBefore).as("b from memory, the rest from Redis").isEqualTo(1);

        assertThat(read).hasSize(3);
        assertThat(text(read.get("a"))).isEqualTo("A");
        assertThat(text(read.get("b"))).isEqualTo("B");
        assertThat(text(read.get("c"))).isEqualTo("C");
    }

    @Test
    void after_the_tracked_connection_is_lost_tracking_comes_back_and_changes_are_seen_again() {
        store.write(List.of(Put.of("k", bytes("v1"))));
        store.read(List.of("k"));
        long trackedId = trackedConnectionId();

        raw.sync().clientKill(KillArgs.Builder.id(trackedId));
        raw.sync().set(key("k"), bytes("v2"));
        // Until the store has reconnected, its reads fail (commands are rejected while disconnected).
        awaitTrue("the read to show the value written while disconnected", () -> "v2".equals(readTextOrNull("k")));
        awaitTrue("a tracked connection again", () -> trackedConnectionIdOrZero() != 0);

        // Cached again over the new connection; a change must reach it, which needs tracking on there.
        readText("k");
        long hitsBefore = store.nearCacheStats().hits();
        readText("k");
        assertThat(store.nearCacheStats().hits() - hitsBefore).as("served from memory again").isEqualTo(1);
        raw.sync().set(key("k"), bytes("v3"));
        awaitTrue("the read to show the change after the reconnect", () -> "v3".equals(readText("k")));
    }

    @Test
    void racing_readers_never_see_a_value_go_back_and_end_on_the_last_one_written() throws Exception {
        int keys = 4;
        int writes = 3_000;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            names.add("n" + k);
            raw.sync().set(key("n" + k), bytes("0"));
        }

        String outcome = raceReaders(3, names, () -> {
            for (int i = 1; i <= writes; i++) {
                raw.sync().set(key("n" + (i % keys)), bytes(Long.toString(i)));
            }
        });

        assertThat(outcome).isEqualTo("ok");
        for (String name : names) {
            String expected = new String(raw.sync().get(key(name)), StandardCharsets.UTF_8);
            awaitTrue(name + " to read as the last value written, " + expected, () -> expected.equals(readText(name)));
        }
        assertThat(store.nearCacheStats().hits()).as("the race went through the cache").isPositive();
    }

    @Test
    void a_kept_key_is_no_longer_served_once_its_time_to_live_ran_out() throws Exception {
        try (RedisKvStore expiring = RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(prefix)
                .expiration(Duration.ofMillis(300)).nearCache(100).build()) {
            expiring.write(List.of(Put.of("short", bytes("lived"))));
            expiring.read(List.of("short"));
            long hitsBefore = expiring.nearCacheStats().hits();
            assertThat(expiring.read(List.of("short"))).containsKey("short");
            assertThat(expiring.nearCacheStats().hits() - hitsBefore).isEqualTo(1);

            Thread.sleep(350);

            assertThat(expiring.read(List.of("short"))).isEmpty();
        }
    }

    @Test
    void readers_racing_the_stores_own_writes_never_see_a_value_go_back_and_read_the_last_one_at_once() throws Exception {
        int writes = 2_000;
        store.write(List.of(Put.of("own", bytes("0"))));

        String outcome = raceReaders(2, List.of("own"), () -> {
            for (int i = 1; i <= writes; i++) {
                store.write(List.of(Put.of("own", bytes(Long.toString(i)))));
            }
        });

        assertThat(outcome).isEqualTo("ok");
        assertThat(readText("own")).isEqualTo(Long.toString(writes));
        assertThat(store.nearCacheStats().hits()).as("the race went through the cache").isPositive();
    }

    @Test
    void a_read_of_more_keys_than_one_timed_read_takes_is_answered_but_not_kept() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            keys.add("many-" + i);
        }
        store.write(List.of(Put.of("many-7", bytes("seven"))));

        assertThat(text(store.read(keys).get("many-7"))).isEqualTo("seven");
        assertThat(store.nearCacheStats().entries()).isZero();
        store.read(List.of("many-7"));
        assertServedFromMemory("many-7");
    }

    @Test
    void the_near_cache_is_refused_where_it_cannot_work() {
        assertThatThrownBy(() -> RedisKvStore.builder().uri(RedisServices.standaloneUri())
                .clientLibrary(RedisClientLibrary.JEDIS).nearCache(10).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.near-cache.max-entries=10")
                .hasMessageContaining("Lettuce only");
        assertThatThrownBy(() -> RedisKvStore.builder().uris("redis://127.0.0.1:7000", "redis://127.0.0.1:7001")
                .nearCache(10).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("not on a cluster");
        for (String sentinel : List.of("redis-sentinel://127.0.0.1:26379#mymaster", "rediss-sentinel://127.0.0.1:26379#mymaster")) {
            assertThatThrownBy(() -> RedisKvStore.builder().uri(sentinel).nearCache(10).build())
                    .as(sentinel)
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("not through Sentinel");
        }
        RedisClient resp2 = RedisClient.create(RedisServices.standaloneUri());
        try {
            resp2.setOptions(io.lettuce.core.ClientOptions.builder()
                    .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2).build());
            assertThatThrownBy(() -> RedisKvStore.builder().client(resp2).nearCache(10).build())
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("needs a RESP3 connection");
        } finally {
            resp2.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertThatThrownBy(() -> RedisKvStore.builder().nearCache(-1).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("must be 0 (none) or positive");
    }

    @Test
    void without_a_near_cache_every_read_goes_to_redis() {
        try (RedisKvStore plain = RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(prefix).build()) {
            plain.write(List.of(Put.of("k", bytes("v"))));
            plain.read(List.of("k"));
            plain.read(List.of("k"));

            assertThat(plain.nearCacheStats()).isEqualTo(new RedisKvStore.NearCacheStats(0, 0, 0, 0));
        }
    }

    private String readText(String key) {
        byte[] value = store.read(List.of(key)).get(key);
        return value == null ? null : text(value);
    }

    /**
     * Runs {@code writer} while {@code readerCount} threads read {@code names} through the store over and
     * over; each key's values are counters that only grow.
     *
     * @return "ok", or the first key a reader saw go back, with the two values
     */
    private String raceReaders(int readerCount, List<String> names, Runnable writer) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(readerCount);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int r = 0; r < readerCount; r++) {
                outcomes.add(readers.submit(() -> {
                    long[] seen = new long[names.size()];
                    while (writing.get()) {
                        for (int k = 0; k < names.size(); k++) {
                            long value = Long.parseLong(readText(names.get(k)));
                            if (value < seen[k]) {
                                return names.get(k) + " went back from " + seen[k] + " to " + value;
                            }
                            seen[k] = value;
                        }
                    }
                    return "ok";
                }));
            }
            writer.run();
            writing.set(false);
            for (Future<String> outcome : outcomes) {
                String result = outcome.get(30, TimeUnit.SECONDS);
                if (!"ok".equals(result)) {
                    return result;
                }
            }
            return "ok";
        } finally {
            writing.set(false);
            readers.shutdownNow();
        }
    }

    private void assertServedFromMemory(String key) {
        long hitsBefore = store.nearCacheStats().hits();
        store.read(List.of(key));
        assertThat(store.nearCacheStats().hits() - hitsBefore).as(key + " served from memory").isEqualTo(1);
    }

    private String readTextOrNull(String key) {
        try {
            return readText(key);
        } catch (KvStoreException e) {
            return null;
        }
    }

    private long trackedConnectionId() {
        long id = trackedConnectionIdOrZero();
        assertThat(id).as("a connection named " + LettuceTracking.CONNECTION_NAME + " with tracking on").isNotZero();
        return id;
    }

    /** The id of the one connection named like the near cache's with the tracking flag, or 0. */
    private long trackedConnectionIdOrZero() {
        for (String line : raw.sync().clientList().split("\n")) {
            if (line.contains(" name=" + LettuceTracking.CONNECTION_NAME + " ") && flags(line).contains("t")) {
                return Long.parseLong(line.substring(3, line.indexOf(' ')));
            }
        }
        return 0;
    }

    private static String flags(String clientListLine) {
        int at = clientListLine.indexOf(" flags=") + " flags=".length();
        return clientListLine.substring(at, clientListLine.indexOf(' ', at));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PUSH_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PUSH_WAIT + " for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private byte[] key(String name) {
        return bytes(prefix + name);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
