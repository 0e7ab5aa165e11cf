package io.kvsync.store.redis;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Claim;
import io.kvsync.spi.KvWrite.Put;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versioned puts first sent as {@code SET … NX} ({@link SetIfAbsent}), on a real Redis server: over an empty key
 * they leave exactly what the fencing would, over a held key the fencing decides as before.
 */
class SetIfAbsentTest {

    private static final Duration TTL = Duration.ofMinutes(30);

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
    void new_keys_get_by_set_if_absent_the_very_bytes_and_lifetime_the_fencing_leaves(RedisClientLibrary library) {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(new Put("k" + i, bytes("row " + i), TTL, 1, Claim.ofInsert("Row:" + i, 1_000 + i)));
        }
        try (RedisKvStore first = store(library, SetIfAbsent.ALWAYS, "nx:");
             RedisKvStore fenced = store(library, SetIfAbsent.NEVER, "fenced:")) {
            first.write(writes);
            fenced.write(writes);

            assertThat(first.setIfAbsentCounts()).containsExactly(10, 0);
            assertThat(fenced.setIfAbsentCounts()).containsExactly(0, 0);
            for (int i = 0; i < 10; i++) {
                assertThat(raw("nx:k" + i)).isEqualTo(raw("fenced:k" + i)).isNotNull();
                assertThat(raw.sync().pttl(bytes(prefix + "nx:k" + i))).isBetween(1L, TTL.toMillis());
            }
            assertThat(first.read(List.of("k3"))).containsEntry("k3", bytes("row 3"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void new_unexpiring_keys_go_together_and_a_run_with_one_held_key_is_fenced_whole_with_the_same_outcome(
            RedisClientLibrary library) {
        try (RedisKvStore store = store(library, SetIfAbsent.ALWAYS, "")) {
            List<KvWrite> fresh = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fresh.add(new Put("n" + i, bytes("n" + i), null, 1, Claim.ofInsert("Row:n" + i, 1_000)));
            }
            store.write(fresh);
            assertThat(store.setIfAbsentCounts()).containsExactly(10, 0);
            assertThat(raw.sync().pttl(bytes(prefix + "n0"))).as("no time to live").isEqualTo(-1L);

            // n4 is held at version 1: its stale write is refused, the others of its run are new and written.
            List<KvWrite> mixed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                mixed.add(new Put("m" + i, bytes("m" + i), null, 1, Claim.ofInsert("Row:m" + i, 2_000)));
            }
            mixed.add(new Put("n4", bytes("stale"), null, 1, new Claim("Row:n4", 900, 0)));
            store.write(mixed);

            // The run's MSETNX was refused, and its puts were asked again one by one: only n4 met a held key.
            assertThat(store.setIfAbsentCounts()).containsExactly(15, 1);
            for (int i = 0; i < 5; i++) {
                assertThat(store.read(List.of("m" + i))).containsEntry("m" + i, bytes("m" + i));
            }
            assertThat(store.read(List.of("n4"))).containsEntry("n4", bytes("n4"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void in_auto_a_large_batch_with_one_held_key_still_counts_its_new_keys_as_new_and_the_next_batch_goes_first(
            RedisClientLibrary library) {
        try (RedisKvStore store = store(library, SetIfAbsent.AUTO, "")) {
            store.write(List.of(new Put("k0", bytes("k0 v1"), null, 1, new Claim("Row:k0", 101, 50))));
            List<KvWrite> mostlyNew = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                mostlyNew.add(new Put("k" + i, bytes("k" + i + " v2"), null, 2, new Claim("Row:k" + i, 102, 50)));
            }
            store.write(mostlyNew);
            assertThat(store.setIfAbsentCounts()).containsExactly(63, 1);

            List<KvWrite> fresh = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                fresh.add(new Put("fresh" + i, bytes("f"), null, 1, new Claim("Row:fresh" + i, 103, 50)));
            }
            store.write(fresh);

            assertThat(store.setIfAbsentCounts()).containsExactly(127, 1);
            assertThat(store.read(List.of("k0"))).containsEntry("k0", bytes("k0 v2"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void on_a_cluster_new_keys_are_written_key_by_key_with_their_lifetime_and_held_ones_are_fenced(
            RedisClientLibrary library) {
        RawRedis cluster = RawRedis.cluster();
        try (RedisKvStore store = RedisKvStore.builder().uris(RedisServices.clusterUris()).clientLibrary(library)
                .prefix(prefix).setIfAbsent(SetIfAbsent.ALWAYS).build()) {
            List<KvWrite> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                writes.add(new Put("c" + i, bytes("c" + i), TTL, 1, Claim.ofInsert("Row:c" + i, 1_000)));
            }
            store.write(writes);
            store.write(List.of(new Put("c3", bytes("stale"), TTL, 1, new Claim("Row:c3", 900, 0)),
                    new Put("c4", bytes("c4 v2"), TTL, 2, new Claim("Row:c4", 2_000, 1_000))));

            assertThat(store.setIfAbsentCounts()).containsExactly(10, 2);
            assertThat(store.read(List.of("c3", "c4", "c9"))).containsEntry("c3", bytes("c3"))
                    .containsEntry("c4", bytes("c4 v2")).containsEntry("c9", bytes("c9"));
            assertThat(cluster.remainingTtl(prefix + "c9")).hasValueSatisfying(
                    left -> assertThat(left).isPositive().isLessThanOrEqualTo(TTL));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_user_without_msetnx_gets_every_put_fenced_instead_of_a_batch_that_fails_forever(RedisClientLibrary library) {
        String user = "kvsync-test-no-msetnx-" + library.name().toLowerCase(java.util.Locale.ROOT);
        raw.sync().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCommand(io.lettuce.core.protocol.CommandType.MSETNX));
        try (RedisKvStore store = RedisKvStore.builder().uri(RedisServices.standaloneUri()).clientLibrary(library)
                .username(user).password("pw").prefix(prefix).setIfAbsent(SetIfAbsent.ALWAYS).build()) {
            List<KvWrite> fresh = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fresh.add(new Put("p" + i, bytes("p" + i), null, 1, Claim.ofInsert("Row:p" + i, 1_000)));
            }

            store.write(fresh);
            store.write(List.of(new Put("q", bytes("q"), null, 1, Claim.ofInsert("Row:q", 2_000)),
                    new Put("r", bytes("r"), null, 1, Claim.ofInsert("Row:r", 2_000))));

            assertThat(store.read(List.of("p0", "p9", "q", "r"))).containsOnlyKeys("p0", "p9", "q", "r");
            assertThat(store.setIfAbsentCounts()).as("the refused batch handed on whole, the next not sent first")
                    .containsExactly(0, 10);
        } finally {
            raw.sync().aclDeluser(user);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_put_over_a_newer_version_of_its_row_is_refused_by_the_fencing_after_set_if_absent_found_the_key_held(
            RedisClientLibrary library) {
        try (RedisKvStore store = store(library, SetIfAbsent.ALWAYS, "")) {
            store.write(List.of(new Put("row", bytes("v2"), TTL, 2, new Claim("Row:1", 200, 100))));

            store.write(List.of(new Put("row", bytes("v1"), TTL, 1, new Claim("Row:1", 150, 100))));

            assertThat(store.read(List.of("row"))).containsEntry("row", bytes("v2"));
            assertThat(store.setIfAbsentCounts()).containsExactly(1, 1);

            store.write(List.of(new Put("row", bytes("v3"), TTL, 3, new Claim("Row:1", 300, 100))));

            assertThat(store.read(List.of("row"))).containsEntry("row", bytes("v3"));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void an_insert_meeting_a_tombstone_or_another_rows_claim_is_decided_by_the_fencing(RedisClientLibrary library) {
        try (RedisKvStore store = store(library, SetIfAbsent.AUTO, "")) {
            store.write(List.of(new KvWrite.Delete("gone", 4, new Claim("Row:1", 500, 100)),
                    new Put("email", bytes("old owner"), TTL, 1, new Claim("Customer:1", 500, 100))));

            // The row's earlier incarnation, delivered late: the tombstone keeps it out.
            store.write(List.of(new Put("gone", bytes("late"), TTL, 0, Claim.ofInsert("Row:1", 100))));
            // Another customer's insert, committed before the holder took the key: refused; after it: applied.
            store.write(List.of(new Put("email", bytes("earlier"), TTL, 0, Claim.ofInsert("Customer:2", 400))));
            assertThat(store.read(List.of("gone", "email"))).containsOnlyKeys("email")
                    .containsEntry("email", bytes("old owner"));

            store.write(List.of(new Put("email", bytes("new owner"), TTL, 0, Claim.ofInsert("Customer:3", 600))));

            assertThat(store.read(List.of("email"))).containsEntry("email", bytes("new owner"));
            assertThat(store.setIfAbsentCounts()).as("every insert met a held key").containsExactly(0, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void in_auto_a_small_batch_of_updates_is_fenced_directly(RedisClientLibrary library) {
        try (RedisKvStore store = store(library, SetIfAbsent.AUTO, "")) {
            store.write(List.of(new Put("a", bytes("a1"), TTL, 1, new Claim("Row:a", 200, 100)),
                    new Put("b", bytes("b1"), TTL, 1, new Claim("Row:b", 200, 100))));

            assertThat(store.read(List.of("a", "b"))).containsEntry("a", bytes("a1")).containsEntry("b", bytes("b1"));
            assertThat(store.setIfAbsentCounts()).containsExactly(0, 0);
        }
    }

    private RedisKvStore store(RedisClientLibrary library, SetIfAbsent mode, String subPrefix) {
        return RedisKvStore.builder().uri(RedisServices.standaloneUri()).clientLibrary(library).prefix(prefix + subPrefix)
                .setIfAbsent(mode).build();
    }

    private byte[] raw(String key) {
        return raw.sync().get(bytes(prefix + key));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
