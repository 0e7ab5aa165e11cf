package io.kvsync.store.memory;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract leaves to each store: the bound in bytes and the builder's validation. */
class MemoryKvStoreTest {

    private static final int KIB = 1024;

    @Test
    void writes_beyond_maximum_bytes_evict_entries_until_the_store_fits() {
        long maximumBytes = 1024L * KIB;
        List<String> keys = IntStream.range(0, 64).mapToObj(i -> "key-" + i).collect(Collectors.toList());
        try (MemoryKvStore store = MemoryKvStore.builder().maximumBytes(maximumBytes).build()) {
            for (String key : keys) {
                store.write(List.of(KvWrite.Put.of(key, new byte[64 * KIB])));
            }

            Map<String, byte[]> kept = store.read(keys);
            long keptBytes = kept.values().stream().mapToLong(value -> value.length).sum();
            assertThat(keptBytes).as("value bytes kept of %d written", 64L * 64 * KIB)
                    .isPositive().isLessThanOrEqualTo(maximumBytes);
        }
    }

    @Test
    void entries_within_maximum_bytes_are_all_kept() {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(KvWrite.Put.of("key-" + i, new byte[64 * KIB]));
        }
        try (MemoryKvStore store = MemoryKvStore.builder().maximumBytes(1024L * KIB).build()) {
            store.write(writes);

            assertThat(store.read(writes.stream().map(KvWrite::key).collect(Collectors.toList()))).hasSize(10);
        }
    }

    @Test
    void a_value_larger_than_maximum_bytes_is_not_kept() {
        try (MemoryKvStore store = MemoryKvStore.builder().maximumBytes(1000).build()) {
            store.write(List.of(KvWrite.Put.of("small", new byte[10]), KvWrite.Put.of("huge", new byte[2000])));

            assertThat(store.read(List.of("small", "huge"))).containsOnlyKeys("small");
        }
    }

    @Test
    void a_value_written_with_a_ttl_has_at_most_that_long_to_live() {
        try (MemoryKvStore store = MemoryKvStore.builder().build()) {
            store.write(List.of(new KvWrite.Put("expiring", new byte[1], Duration.ofSeconds(30), KvWrite.UNVERSIONED)));

            assertThat(store.timeToLive("expiring")).hasValueSatisfying(ttl ->
                    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        }
    }

    @Test
    void a_value_that_never_expires_and_a_key_without_a_value_have_no_time_to_live() {
        try (MemoryKvStore store = MemoryKvStore.builder().build()) {
            store.write(List.of(KvWrite.Put.of("forever", new byte[1]), new KvWrite.Delete("deleted", 1)));

            assertThat(store.timeToLive("forever")).as("a value without ttl").isEmpty();
            assertThat(store.timeToLive("deleted")).as("a tombstone").isEmpty();
            assertThat(store.timeToLive("absent")).as("an absent key").isEmpty();
        }
    }

    @Test
    void maximum_bytes_must_be_positive() {
        assertThatThrownBy(() -> MemoryKvStore.builder().maximumBytes(0).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("MemoryKvStore maximumBytes (setting kvsync.memory.maximum-bytes) must be positive but was 0");
    }

    @Test
    void tombstone_ttl_must_be_a_positive_duration() {
        assertThatThrownBy(() -> MemoryKvStore.builder().tombstoneTtl(Duration.ofSeconds(-1)).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("MemoryKvStore tombstoneTtl (setting kvsync.memory.tombstone-ttl) must be a positive"
                        + " duration but was PT-1S");
        assertThatThrownBy(() -> MemoryKvStore.builder().tombstoneTtl(Duration.ZERO).build())
                .isInstanceOf(KvSyncConfigurationException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> MemoryKvStore.builder().tombstoneTtl(null).build())
                .isInstanceOf(KvSyncConfigurationException.class).hasMessageContaining("but was null");
    }

    @Test
    void a_closed_store_names_the_keys_it_rejects() {
        MemoryKvStore store = MemoryKvStore.builder().build();
        store.close();

        assertThatThrownBy(() -> store.read(List.of("user:id:1", "user:id:2")))
                .hasMessage("MemoryKvStore is closed: cannot read 2 key(s), the first being \"user:id:1\"; create a new store");
    }

    @Test
    void to_string_shows_the_settings() {
        try (MemoryKvStore store = MemoryKvStore.builder().maximumBytes(1000).tombstoneTtl(Duration.ofSeconds(5)).build()) {
            assertThat(store).hasToString("MemoryKvStore[maximumBytes=1000, tombstoneTtl=PT5S]");
        }
    }

    @Test
    void scanning_lists_live_keys_with_the_prefix_in_batches_and_leaves_tombstones_out() {
        MemoryKvStore store = MemoryKvStore.builder().build();
        List<io.kvsync.spi.KvWrite> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(io.kvsync.spi.KvWrite.Put.of("a:" + i, new byte[]{1}));
        }
        writes.add(io.kvsync.spi.KvWrite.Put.of("b:1", new byte[]{1}));
        writes.add(new io.kvsync.spi.KvWrite.Delete("a:tombstone", 3));
        store.write(writes);

        List<List<String>> batches = new java.util.ArrayList<>();
        store.scanKeys("a:", 10, batches::add);

        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(10));
        assertThat(batches.stream().flatMap(List::stream)).hasSize(25).allMatch(k -> k.startsWith("a:"))
                .doesNotContain("a:tombstone");
        store.close();
    }
}
