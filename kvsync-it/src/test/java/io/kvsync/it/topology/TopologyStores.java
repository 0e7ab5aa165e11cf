package io.kvsync.it.topology;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.store.redis.RedisKvStoreBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Stores for this package's tests, and the versioned round trip they all make. Stateless. */
final class TopologyStores {

    /** Short, so the contract's tombstone tests stay fast. */
    static final Duration TOMBSTONE_TTL = Duration.ofSeconds(1);

    private TopologyStores() {
    }

    /** A store on {@code uri} through {@code library}, with the test's tombstone lifetime and short timeouts. */
    static RedisKvStoreBuilder builder(RedisClientLibrary library, String uri) {
        return RedisKvStore.builder().uri(uri).clientLibrary(library).tombstoneTtl(TOMBSTONE_TTL)
                .timeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2));
    }

    /** A key prefix no other test uses. */
    static String uniquePrefix() {
        return "kvsync-topology:" + UUID.randomUUID() + ":";
    }

    /**
     * Writes {@code key} through {@code store} as the engine does and reads it back after each step: a
     * versioned put, a stale put (ignored), a versioned delete, a put of the deleted version (blocked by the
     * tombstone), and a newer put, which is what the key finally holds.
     *
     * @return the value the key finally holds
     */
    static String versionedRoundTrip(KvStore store, String key) {
        store.write(List.of(new KvWrite.Put(key, bytes("v1"), null, 1)));
        assertThat(text(store, key)).as("after the versioned put").isEqualTo("v1");
        store.write(List.of(new KvWrite.Put(key, bytes("stale"), null, 0)));
        assertThat(text(store, key)).as("after a stale put").isEqualTo("v1");
        store.write(List.of(new KvWrite.Delete(key, 1)));
        assertThat(store.read(List.of(key))).as("after the versioned delete").isEmpty();
        store.write(List.of(new KvWrite.Put(key, bytes("late v1"), null, 1)));
        assertThat(store.read(List.of(key))).as("a put of the deleted version meets the tombstone").isEmpty();
        store.write(List.of(new KvWrite.Put(key, bytes("v2"), null, 2)));
        assertThat(text(store, key)).as("after a newer put").isEqualTo("v2");
        return "v2";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code key} as text, or {@code null} when absent. */
    static String text(KvStore store, String key) {
        Map<String, byte[]> values = store.read(List.of(key));
        byte[] value = values.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
