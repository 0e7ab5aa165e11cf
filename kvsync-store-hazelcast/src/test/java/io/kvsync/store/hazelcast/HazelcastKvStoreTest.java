package io.kvsync.store.hazelcast;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.fail;

/** What the contract leaves to this store: the entry processor's ttl handling, batching, errors. */
class HazelcastKvStoreTest {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    private static final Duration SHORT_TTL = Duration.ofMillis(300);
    private static final Duration EXPIRY_DEADLINE = Duration.ofSeconds(30);

    private final String prefix = "store-test:" + UUID.randomUUID() + ":";

    private HazelcastKvStore store() {
        return HazelcastKvStore.builder().instance(CLUSTER.get().client()).mapName("kvsync-store-test").build();
    }

    @Test
    void a_versioned_put_with_a_ttl_expires() {
        try (HazelcastKvStore store = store()) {
            store.write(List.of(new KvWrite.Put(key("a"), bytes("v1"), SHORT_TTL, 1)));

            awaitAbsent(store, key("a"));
        }
    }

    @Test
    void a_versioned_put_without_a_ttl_clears_the_expiry_of_the_value_it_replaces() {
        try (HazelcastKvStore store = store()) {
            store.write(List.of(new KvWrite.Put(key("a"), bytes("v1"), SHORT_TTL, 1),
                    new KvWrite.Put(key("a"), bytes("v2"), null, 2)));
            // Written after "a"; once it has expired, "a" would have too had it kept its ttl.
            store.write(List.of(new KvWrite.Put(key("witness"), bytes("v1"), SHORT_TTL, 1)));

            awaitAbsent(store, key("witness"));
            assertThat(text(store.read(List.of(key("a"))))).containsExactly(entry(key("a"), "v2"));
        }
    }

    @Test
    void an_unversioned_write_inside_a_batch_resets_the_version_for_the_writes_after_it() {
        try (HazelcastKvStore store = store()) {
            store.write(List.of(new KvWrite.Put(key("a"), bytes("v5"), null, 5),
                    KvWrite.Delete.of(key("a")),
                    new KvWrite.Put(key("a"), bytes("v3"), null, 3)));

            assertThat(text(store.read(List.of(key("a"))))).containsExactly(entry(key("a"), "v3"));
        }
    }

    @Test
    void a_versioned_write_replaces_bytes_that_kvsync_did_not_write() {
        IMap<String, byte[]> map = CLUSTER.get().member(0).getMap("kvsync-store-test");
        map.set(key("foreign"), bytes("written by someone else"));
        try (HazelcastKvStore store = store()) {
            store.write(List.of(new KvWrite.Put(key("foreign"), bytes("v1"), null, 1)));

            assertThat(text(store.read(List.of(key("foreign"))))).containsExactly(entry(key("foreign"), "v1"));
        }
    }

    @Test
    void a_read_of_bytes_that_kvsync_did_not_write_names_the_key() {
        IMap<String, byte[]> map = CLUSTER.get().member(0).getMap("kvsync-store-test");
        map.set(key("foreign"), bytes("plain"));
        try (HazelcastKvStore store = store()) {
            assertThatThrownBy(() -> store.read(List.of(key("foreign"))))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessage("HazelcastKvStore[map=kvsync-store-test]: the value under key " + key("foreign")
                            + " (5 bytes) was not written by KVSync; is the map shared with another application?"
                            + " Give KVSync a map of its own");
        }
    }

    @Test
    void a_write_through_a_client_that_was_shut_down_names_the_operation_the_keys_and_the_cause() {
        HazelcastInstance client = CLUSTER.get().newClient();
        try (HazelcastKvStore store = HazelcastKvStore.builder().instance(client).build()) {
            client.shutdown();

            assertThatThrownBy(() -> store.write(List.of(KvWrite.Put.of(key("a"), bytes("x")),
                    new KvWrite.Delete(key("b"), 3))))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageStartingWith("HazelcastKvStore[map=kvsync]: write of 2 key(s), the first being \"" + key("a")
                            + "\", failed: " + HazelcastClientNotActiveException.class.getName())
                    .hasCauseInstanceOf(HazelcastClientNotActiveException.class);
            assertThatThrownBy(() -> store.read(List.of(key("a"))))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageStartingWith("HazelcastKvStore[map=kvsync]: read of 1 key(s), the first being \"" + key("a")
                            + "\", failed: ");
        }
    }

    @Test
    void a_closed_store_names_what_it_rejects() {
        HazelcastKvStore store = store();
        store.close();

        assertThatThrownBy(() -> store.write(List.of(KvWrite.Put.of(key("a"), bytes("x")))))
                .isInstanceOf(KvStoreException.class)
                .hasMessage("HazelcastKvStore[map=kvsync-store-test] is closed: cannot write 1 key(s), the first being \""
                        + key("a") + "\"; create a new store");
        assertThatThrownBy(() -> store.read(List.of()))
                .isInstanceOf(KvStoreException.class)
                .hasMessage("HazelcastKvStore[map=kvsync-store-test] is closed: cannot read 0 key(s); create a new store");
    }

    @Test
    void to_string_shows_the_settings() {
        try (HazelcastKvStore store = HazelcastKvStore.builder().instance(CLUSTER.get().member(0)).mapName("m")
                .tombstoneTtl(Duration.ofSeconds(5)).operationTimeout(Duration.ofSeconds(3)).build()) {
            assertThat(store).hasToString("HazelcastKvStore[map=m, member given, tombstoneTtl=PT5S, operationTimeout=PT3S]");
        }
    }

    private String key(String name) {
        return prefix + name;
    }

    private static void awaitAbsent(HazelcastKvStore store, String key) {
        long deadline = System.nanoTime() + EXPIRY_DEADLINE.toNanos();
        while (!store.read(List.of(key)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail(key + " still present " + EXPIRY_DEADLINE + " after a ttl of " + SHORT_TTL);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted", e);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> text(Map<String, byte[]> values) {
        Map<String, String> text = new HashMap<>();
        values.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        return text;
    }
}
