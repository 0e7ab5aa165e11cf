package io.kvsync.store.redis;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Delete;
import io.kvsync.spi.KvWrite.Put;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.netty.util.HashedWheelTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract leaves to the Redis store: the stored layout, expiration, given clients, bounds, errors. */
class RedisKvStoreTest {

    private String prefix;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> raw;

    @BeforeEach
    void connectRaw() {
        prefix = RedisStores.uniquePrefix();
        rawClient = RedisClient.create(RedisServices.standaloneUri());
        raw = rawClient.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterEach
    void closeRaw() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void an_unversioned_put_is_stored_as_plain_bytes_under_the_prefixed_key(RedisClientLibrary library) {
        try (RedisKvStore store = store(library).build()) {
            store.write(List.of(Put.of("plain", bytes("{\"id\":1}"))));

            assertThat(raw.sync().get(bytes(prefix + "plain"))).isEqualTo(bytes("{\"id\":1}"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_store_left_at_the_default_prefix_stores_a_key_under_kvsync_colon_and_not_bare(RedisClientLibrary library) {
        // A key of this test's own on the shared server; the put's ttl removes it even if the test dies.
        String key = "default-prefix-test:" + UUID.randomUUID();
        try (RedisKvStore store = RedisKvStore.builder().uri(RedisServices.standaloneUri()).clientLibrary(library).build()) {
            store.write(List.of(new Put(key, bytes("v"), Duration.ofMinutes(30), KvWrite.UNVERSIONED)));

            assertThat(raw.sync().get(bytes("kvsync:" + key))).isEqualTo(bytes("v"));
            assertThat(raw.sync().exists(bytes(key))).as("the key without the prefix").isZero();
        } finally {
            raw.sync().del(bytes("kvsync:" + key));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void consecutive_unexpiring_puts_on_one_node_go_out_as_one_mset(RedisClientLibrary library) {
        List<KvWrite> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Put.of("k" + i, bytes("v" + i)));
        }
        try (RedisKvStore store = store(library).build()) {
            long msetsBefore = calls("mset");
            long setsBefore = calls("set");

            store.write(batch);

            // Other clients of the shared server may add a few calls; a SET per key would add 100.
            assertThat(calls("mset") - msetsBefore).isBetween(1L, 10L);
            assertThat(calls("set") - setsBefore).isLessThan(50L);
            assertThat(raw.sync().get(bytes(prefix + "k99"))).isEqualTo(bytes("v99"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void puts_combined_into_an_mset_keep_their_order_with_the_deletes_and_expiring_puts_between_them(
            RedisClientLibrary library) {
        try (RedisKvStore store = store(library).expiration(Duration.ofHours(1)).build()) {
            store.write(List.of(Put.of("a", bytes("a1")), Put.of("b", bytes("b1"))));
        }
        try (RedisKvStore store = store(library).build()) {
            store.write(List.of(
                    Put.of("a", bytes("a2")), Put.of("b", bytes("b2")), Put.of("a", bytes("a3")),
                    Delete.of("a"),
                    Put.of("c", bytes("c1")), Put.of("a", bytes("a4")), Put.of("c", bytes("c2")),
                    Delete.of("c"),
                    Put.of("d", bytes("d1")), new Put("d", bytes("d2"), Duration.ofHours(1), KvWrite.UNVERSIONED),
                    Put.of("e", bytes("e1"))));

            assertThat(raw.sync().get(bytes(prefix + "a"))).isEqualTo(bytes("a4"));
            assertThat(raw.sync().get(bytes(prefix + "b"))).isEqualTo(bytes("b2"));
            assertThat(raw.sync().get(bytes(prefix + "c"))).isNull();
            assertThat(raw.sync().get(bytes(prefix + "d"))).isEqualTo(bytes("d2"));
            assertThat(raw.sync().pttl(bytes(prefix + "d"))).isPositive();
            assertThat(raw.sync().get(bytes(prefix + "e"))).isEqualTo(bytes("e1"));
            // A plain SET clears an expiry; so must the MSET standing in for it.
            assertThat(raw.sync().pttl(bytes(prefix + "b"))).isEqualTo(-1L);
        }
    }

    /** How many times the server has run {@code command}, from {@code INFO commandstats}. */
    private long calls(String command) {
        for (String line : raw.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String rest = line.substring(("cmdstat_" + command + ":calls=").length());
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void the_default_expiration_applies_to_puts_without_a_ttl_only() {
        try (RedisKvStore store = store(RedisClientLibrary.LETTUCE).expiration(Duration.ofHours(1)).build()) {
            store.write(List.of(Put.of("default", bytes("a")),
                    new Put("own", bytes("b"), Duration.ofMinutes(5), KvWrite.UNVERSIONED),
                    new Put("versioned", bytes("c"), null, 3)));

            assertThat(raw.sync().pttl(bytes(prefix + "default"))).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
            assertThat(raw.sync().pttl(bytes(prefix + "own"))).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
            assertThat(raw.sync().pttl(bytes(prefix + "versioned"))).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        }
    }

    @Test
    void without_an_expiration_puts_do_not_expire() {
        try (RedisKvStore store = store(RedisClientLibrary.LETTUCE).build()) {
            store.write(List.of(Put.of("forever", bytes("a")), new Put("versioned", bytes("b"), null, 1)));

            assertThat(raw.sync().pttl(bytes(prefix + "forever"))).isEqualTo(-1);
            assertThat(raw.sync().pttl(bytes(prefix + "versioned"))).isEqualTo(-1);
            raw.sync().del(bytes(prefix + "forever"), bytes(prefix + "versioned"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void versions_are_compared_over_the_whole_range_of_long(RedisClientLibrary library) {
        long[] ascending = {Long.MIN_VALUE + 1, -5, 0, (1L << 53), (1L << 53) + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        try (RedisKvStore store = store(library).build()) {
            for (long version : ascending) {
                store.write(List.of(new Put("k", bytes("v" + version), null, version)));
            }
            for (long version : ascending) {
                store.write(List.of(new Put("k", bytes("late v" + version), null, version)));
            }

            assertThat(text(store.read(List.of("k")).get("k"))).isEqualTo("v" + Long.MAX_VALUE);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void versioned_writes_still_apply_after_the_script_cache_was_flushed(RedisClientLibrary library) {
        try (RedisKvStore store = store(library).build()) {
            store.write(List.of(new Put("k", bytes("v1"), null, 1)));
            raw.sync().scriptFlush();

            store.write(List.of(new Put("k", bytes("v2"), null, 2), new Put("k", bytes("v0"), null, 0)));

            assertThat(text(store.read(List.of("k")).get("k"))).isEqualTo("v2");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_value_that_starts_like_an_envelope_round_trips_unchanged(RedisClientLibrary library) {
        byte[] tricky = {(byte) 0xF5, 'k', 'v', 's', 'T', 0, 0, 0, 0, 0, 0, 0, 1};
        try (RedisKvStore store = store(library).build()) {
            store.write(List.of(Put.of("tricky", tricky)));

            assertThat(store.read(List.of("tricky")).get("tricky")).isEqualTo(tricky);
        }
    }

    @Test
    void a_versioned_delete_leaves_a_tombstone_that_expires_after_the_tombstone_ttl() {
        try (RedisKvStore store = store(RedisClientLibrary.LETTUCE).tombstoneTtl(Duration.ofSeconds(40)).build()) {
            store.write(List.of(new Put("k", bytes("v1"), null, 1), new Delete("k", 1)));

            assertThat(store.read(List.of("k"))).isEmpty();
            assertThat(raw.sync().pttl(bytes(prefix + "k"))).isBetween(1L, Duration.ofSeconds(40).toMillis());
        }
    }

    @Test
    void a_lettuce_client_given_by_the_application_stays_open_after_close() {
        try (RedisKvStore store = RedisKvStore.builder().client(rawClient).prefix(prefix).build()) {
            store.write(List.of(Put.of("k", bytes("given"))));
            assertThat(text(store.read(List.of("k")).get("k"))).isEqualTo("given");
        }

        try (StatefulRedisConnection<byte[], byte[]> again = rawClient.connect(ByteArrayCodec.INSTANCE)) {
            assertThat(again.sync().get(bytes(prefix + "k"))).isEqualTo(bytes("given"));
        }
    }

    /**
     * Lettuce times out a command with a timer that the command's completion cancels. A batch's commands
     * must cancel theirs too: a timer left running pins its command and value for the whole timeout
     * (measured before: about 750,000 commands, over 1 GB, during a replication benchmark).
     */
    @Test
    void a_batch_through_a_client_with_command_timeouts_leaves_no_timer_running_once_written() throws Exception {
        HashedWheelTimer timer = new HashedWheelTimer();
        ClientResources resources = ClientResources.builder().timer(timer).build();
        RedisClient client = RedisClient.create(resources, RedisServices.standaloneUri());
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(Duration.ofMinutes(5))).build());
        try (RedisKvStore store = RedisKvStore.builder().client(client).prefix(prefix).build()) {
            List<KvWrite> batch = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                batch.add(Put.of("timed-" + i, bytes("v" + i)));
            }
            store.write(batch);

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (timer.pendingTimeouts() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(timer.pendingTimeouts()).as("command timers still running after the batch was written").isZero();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_jedis_client_given_by_the_application_stays_open_after_close() {
        try (UnifiedJedis jedis = redis.clients.jedis.RedisClient.create(java.net.URI.create(RedisServices.standaloneUri()))) {
            try (RedisKvStore store = RedisKvStore.builder().jedis(jedis).prefix(prefix).build()) {
                store.write(List.of(Put.of("k", bytes("given"))));
                assertThat(text(store.read(List.of("k", "absent")).get("k"))).isEqualTo("given");
            }

            assertThat(jedis.get(bytes(prefix + "k"))).isEqualTo(bytes("given"));
        }
    }

    @Test
    void a_batch_larger_than_the_request_queue_fails_instead_of_queueing_without_bound() {
        // Deletes, because consecutive unexpiring puts would go out as a single MSET command.
        List<KvWrite> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(Delete.of("k" + i));
        }
        try (RedisKvStore store = store(RedisClientLibrary.LETTUCE).requestQueueSize(100).build()) {
            assertThatThrownBy(() -> store.write(batch))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageContaining("could not write 1000 key(s)")
                    .hasMessageContaining("queue");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void with_redis_unreachable_the_store_builds_and_its_calls_fail_with_a_message_that_hides_the_password(
            RedisClientLibrary library) throws Exception {
        String uri = "redis://kvsync:s3cret-password@127.0.0.1:" + unusedPort();
        try (RedisKvStore store = RedisKvStore.builder().uri(uri).clientLibrary(library)
                .timeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(1)).build()) {

            assertThatThrownBy(() -> store.write(List.of(Put.of("a", bytes("1")), Put.of("b", bytes("2")))))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageContaining("could not write 2 key(s), the first being \"a\"")
                    .hasMessageNotContaining("s3cret");
            assertThatThrownBy(() -> store.read(List.of("a")))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageContaining("could not read 1 key(s)")
                    .hasMessageNotContaining("s3cret");
            assertThat(store.toString()).contains("redis://kvsync:****@127.0.0.1:").doesNotContain("s3cret");
        }
    }

    @Test
    void a_password_given_apart_from_the_uri_never_shows_in_to_string() {
        try (RedisKvStore store = store(RedisClientLibrary.LETTUCE).password("s3cret-password").build()) {
            assertThat(store.toString()).startsWith("RedisKvStore[lettuce redis://").doesNotContain("s3cret");
        }
    }

    private RedisKvStoreBuilder store(RedisClientLibrary library) {
        return RedisKvStore.builder().uri(RedisServices.standaloneUri()).clientLibrary(library).prefix(prefix);
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
