package io.kvsync.tck;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Put;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.kvsync.tck.StoreWrites.delete;
import static io.kvsync.tck.StoreWrites.put;
import static io.kvsync.tck.StoreWrites.putExpiring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The contract every {@link KvStore} must meet, as a JUnit 5 suite. A store module extends it once
 * per deployment (for example standalone and cluster) and supplies the two hooks:
 *
 * <pre>{@code
 * class MyKvStoreContractTest extends KvStoreContract {
 *     protected KvStore createStore() { return MyKvStore.builder().tombstoneTtl(Duration.ofSeconds(1)).build(); }
 *     protected Duration tombstoneTtl() { return Duration.ofSeconds(1); }
 * }
 * }</pre>
 *
 * <p>Each test gets a store from {@link #createStore()}, uses keys under a prefix no other test
 * uses (so stores backed by one shared server need no flushing between tests), and closes the store
 * afterwards. Expiry is awaited by polling with a generous deadline, never by asserting a duration;
 * configure the store's tombstone lifetime short (about a second) to keep the suite fast.
 *
 * <p>Tests run one at a time on one store; the concurrency tests start their own threads.
 */
public abstract class KvStoreContract {

    /** How long any expected expiry may take beyond its nominal lifetime on a loaded CI machine. */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(30);
    private static final Duration SHORT_TTL = Duration.ofMillis(300);

    private KvStore store;
    private String keyPrefix;

    /**
     * Creates the store under test. Called before every test; the suite closes it afterwards. The
     * store may share a backend with earlier tests: the suite never reuses a key.
     */
    protected abstract KvStore createStore();

    /** The tombstone lifetime the stores from {@link #createStore()} are configured with. */
    protected abstract Duration tombstoneTtl();

    /**
     * Whether the store implements the optional {@link KvStore#scanKeys}. The built-in stores all do; a
     * store that returns {@code false} is checked to refuse with {@link UnsupportedOperationException}.
     */
    protected boolean listsKeys() {
        return true;
    }

    /**
     * Whether the store tells {@link io.kvsync.spi.UncertainOrders} of hand-overs between two instances'
     * claims ({@link KvStore#write(List, io.kvsync.spi.UncertainOrders)}). The built-in stores all do; a
     * store that returns {@code false} is checked to report nothing.
     */
    protected boolean reportsUncertainOrders() {
        return true;
    }

    @BeforeEach
    final void openStore() {
        keyPrefix = StoreTestData.uniquePrefix();
        store = createStore();
        assertThat(store).as("createStore()").isNotNull();
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Nested
    @DisplayName("puts, reads and deletes")
    class BasicOperations {

        @Test
        @DisplayName("a put value is read back")
        void put_value_is_read_back() {
            write(put(key("a"), "alpha"));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "alpha"));
        }

        @Test
        @DisplayName("a key never written is missing from the read map")
        void absent_key_is_missing() {
            assertThat(store.read(List.of(key("never-written")))).isEmpty();
        }

        @Test
        @DisplayName("a read of several keys returns only the present ones")
        void read_returns_present_keys_only() {
            write(put(key("a"), "alpha"), put(key("b"), "beta"));

            assertThat(readText(key("a"), key("missing"), key("b")))
                    .containsOnly(entry(key("a"), "alpha"), entry(key("b"), "beta"));
        }

        @Test
        @DisplayName("a second put overwrites the first")
        void second_put_overwrites() {
            write(put(key("a"), "first"));
            write(put(key("a"), "second"));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "second"));
        }

        @Test
        @DisplayName("a delete removes the key")
        void delete_removes_key() {
            write(put(key("a"), "alpha"), put(key("b"), "beta"));
            write(delete(key("a")));

            assertThat(readText(key("a"), key("b"))).containsOnly(entry(key("b"), "beta"));
        }

        @Test
        @DisplayName("a delete of an absent key is harmless")
        void delete_of_absent_key_is_harmless() {
            write(delete(key("never-written")));

            assertThat(store.read(List.of(key("never-written")))).isEmpty();
        }

        @Test
        @DisplayName("a read may name a key more than once")
        void read_with_duplicate_keys() {
            write(put(key("a"), "alpha"));

            assertThat(readText(key("a"), key("a"), key("missing"), key("missing")))
                    .containsExactly(entry(key("a"), "alpha"));
        }

        @Test
        @DisplayName("an empty write list changes nothing")
        void empty_write_list_changes_nothing() {
            write(put(key("a"), "alpha"));
            store.write(List.of());

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "alpha"));
        }

        @Test
        @DisplayName("an empty read returns an empty map")
        void empty_read_returns_empty_map() {
            assertThat(store.read(List.of())).isEmpty();
        }

        @Test
        @DisplayName("an empty value round trips")
        void empty_value_round_trips() {
            store.write(List.of(Put.of(key("empty"), new byte[0])));

            assertThat(store.read(List.of(key("empty")))).containsOnlyKeys(key("empty"))
                    .hasEntrySatisfying(key("empty"), value -> assertThat(value).isEmpty());
        }

        @Test
        @DisplayName("a key with non-ASCII characters round trips")
        void non_ascii_key_round_trips() {
            String key = key("ключ:ü:\uD83D\uDE00");
            write(put(key, "unicode"));

            assertThat(readText(key)).containsExactly(entry(key, "unicode"));
        }

        @Test
        @DisplayName("the caller may modify a returned array without changing the store")
        void returned_arrays_are_the_callers() {
            write(put(key("a"), "alpha"));
            Arrays.fill(store.read(List.of(key("a"))).get(key("a")), (byte) 'x');

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "alpha"));
        }
    }

    @Nested
    @DisplayName("writes in one batch")
    class BatchOrder {

        @Test
        @DisplayName("a put then a delete of one key leaves it absent")
        void put_then_delete_leaves_absent() {
            write(put(key("a"), "alpha"), delete(key("a")));

            assertThat(store.read(List.of(key("a")))).isEmpty();
        }

        @Test
        @DisplayName("a delete then a put of one key leaves it present")
        void delete_then_put_leaves_present() {
            write(put(key("a"), "old"));
            write(delete(key("a")), put(key("a"), "new"));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "new"));
        }

        @Test
        @DisplayName("of several puts of one key the last wins")
        void last_put_wins() {
            write(put(key("a"), "1"), put(key("a"), "2"), put(key("a"), "3"));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "3"));
        }

        @Test
        @DisplayName("writes of different keys all apply")
        void writes_of_different_keys_all_apply() {
            write(put(key("a"), "old-a"), put(key("c"), "old-c"));
            write(put(key("a"), "alpha"), put(key("b"), "beta"), delete(key("c")));

            assertThat(readText(key("a"), key("b"), key("c")))
                    .containsOnly(entry(key("a"), "alpha"), entry(key("b"), "beta"));
        }
    }

    @Nested
    @DisplayName("expiry")
    class Expiry {

        @Test
        @DisplayName("a put with a ttl is readable before it expires")
        void expiring_put_is_readable_before_expiry() {
            write(putExpiring(key("a"), "alpha", Duration.ofHours(1)));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "alpha"));
        }

        @Test
        @DisplayName("a put with a ttl is eventually absent while a put without one stays")
        void expiring_put_is_eventually_absent() {
            write(putExpiring(key("short"), "gone soon", SHORT_TTL), put(key("forever"), "stays"));

            awaitAbsent(key("short"), SHORT_TTL);
            assertThat(readText(key("forever"))).containsExactly(entry(key("forever"), "stays"));
        }

        @Test
        @DisplayName("a put without a ttl clears the expiry of the value it replaces")
        void put_without_ttl_clears_expiry() {
            write(putExpiring(key("a"), "expiring", SHORT_TTL), put(key("a"), "permanent"));
            // Written after "a", so once it has expired, "a" would have expired too had it kept its ttl.
            write(putExpiring(key("witness"), "gone soon", SHORT_TTL));

            awaitAbsent(key("witness"), SHORT_TTL);
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "permanent"));
        }

        @Test
        @DisplayName("a put with a ttl gives an existing key that ttl")
        void put_with_ttl_over_permanent_value_expires() {
            write(put(key("a"), "permanent"));
            write(putExpiring(key("a"), "expiring", SHORT_TTL));

            awaitAbsent(key("a"), SHORT_TTL);
        }
    }

    @Nested
    @DisplayName("sizes")
    class Sizes {

        @Test
        @DisplayName("a 5 MiB value round trips byte for byte")
        void large_value_round_trips() {
            byte[] value = StoreTestData.pseudoRandom(5 * 1024 * 1024);
            store.write(List.of(Put.of(key("large"), value.clone())));

            byte[] read = store.read(List.of(key("large"))).get(key("large"));
            assertThat(read).as("value of %s", key("large")).isNotNull();
            assertThat(read.length).as("length of the value read back").isEqualTo(value.length);
            assertThat(Arrays.mismatch(value, read)).as("index of the first byte that differs").isEqualTo(-1);
        }

        @Test
        @DisplayName("10,000 keys are written in one batch and read in one call")
        void many_keys_in_one_batch() {
            List<String> keys = IntStream.range(0, 10_000).mapToObj(i -> key("many-" + i)).collect(Collectors.toList());
            List<KvWrite> writes = new ArrayList<>();
            keys.forEach(k -> writes.add(put(k, "value of " + k)));
            store.write(writes);

            Map<String, String> read = readText(keys);
            assertThat(read).hasSize(keys.size());
            keys.forEach(k -> assertThat(read).containsEntry(k, "value of " + k));
        }
    }

    @Nested
    @DisplayName("concurrent writers")
    class Concurrency {

        @Test
        @DisplayName("lose no key and leave one of the written values in a key they share")
        void concurrent_writers() throws Exception {
            StoreConcurrentWorkload workload = new StoreConcurrentWorkload(KvStoreContract.this::key);

            workload.run(store);

            assertThat(readText(List.copyOf(workload.distinctKeyValues().keySet())))
                    .isEqualTo(workload.distinctKeyValues());
            Map<String, String> shared = readText(workload.sharedKeys());
            assertThat(shared).containsOnlyKeys(workload.sharedKeys());
            assertThat(shared.values()).allSatisfy(value -> assertThat(value).isIn(workload.sharedValues()));
        }
    }

    @Nested
    @DisplayName("a closed store")
    class Closed {

        @Test
        @DisplayName("rejects writes with a KvStoreException")
        void rejects_writes() {
            store.close();

            assertThatThrownBy(() -> store.write(List.of(put(key("a"), "alpha")))).isInstanceOf(KvStoreException.class);
        }

        @Test
        @DisplayName("rejects reads with a KvStoreException")
        void rejects_reads() {
            write(put(key("a"), "alpha"));
            store.close();

            assertThatThrownBy(() -> store.read(List.of(key("a")))).isInstanceOf(KvStoreException.class);
        }

        @Test
        @DisplayName("may be closed again")
        void close_is_idempotent() {
            store.close();

            assertThatCode(store::close).doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("versioned writes")
    class Versioned {

        @Test
        @DisplayName("a newer version replaces the value")
        void newer_version_replaces() {
            write(put(key("a"), "v1", 1));
            write(put(key("a"), "v2", 2));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v2"));
        }

        @Test
        @DisplayName("an equal version is ignored")
        void equal_version_is_ignored() {
            write(put(key("a"), "first v2", 2));
            write(put(key("a"), "second v2", 2));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "first v2"));
        }

        @Test
        @DisplayName("an older version is ignored")
        void older_version_is_ignored() {
            write(put(key("a"), "v5", 5));
            write(put(key("a"), "v3", 3));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v5"));
        }

        @Test
        @DisplayName("versions are compared write by write within one batch")
        void versions_compared_within_batch() {
            write(put(key("a"), "v1", 1), put(key("a"), "v3", 3), put(key("a"), "v2", 2));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v3"));
        }

        @Test
        @DisplayName("a versioned put over an unversioned value applies")
        void versioned_put_over_unversioned_value_applies() {
            write(put(key("a"), "unversioned"));
            write(put(key("a"), "v1", 1));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v1"));
        }

        @Test
        @DisplayName("an unversioned put always applies and clears the version")
        void unversioned_put_applies_and_clears_version() {
            write(put(key("a"), "v5", 5));
            write(put(key("a"), "unversioned"));
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "unversioned"));

            write(put(key("a"), "v1", 1));
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v1"));
        }

        @Test
        @DisplayName("a versioned delete with an older version is ignored")
        void older_delete_is_ignored() {
            write(put(key("a"), "v5", 5));
            write(delete(key("a"), 4));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v5"));
        }

        @Test
        @DisplayName("a versioned delete removes the value of the same version (JPA does not bump @Version on delete)")
        void equal_delete_removes_value() {
            write(put(key("a"), "v5", 5));
            write(delete(key("a"), 5));

            assertThat(store.read(List.of(key("a")))).isEmpty();
            write(put(key("a"), "v5 again", 5));
            assertThat(store.read(List.of(key("a")))).as("the tombstone blocks a late put of the deleted version").isEmpty();
        }

        @Test
        @DisplayName("a versioned delete removes a value with an older version")
        void newer_delete_removes_value() {
            write(put(key("a"), "v5", 5));
            write(delete(key("a"), 6));

            assertThat(store.read(List.of(key("a")))).isEmpty();
        }

        @Test
        @DisplayName("a versioned delete removes an unversioned value")
        void versioned_delete_removes_unversioned_value() {
            write(put(key("a"), "unversioned"));
            write(delete(key("a"), 1));

            assertThat(store.read(List.of(key("a")))).isEmpty();
        }
    }

    @Nested
    @DisplayName("tombstones of versioned deletes")
    class Tombstones {

        @Test
        @DisplayName("block puts of an older or equal version")
        void tombstone_blocks_older_and_equal_puts() {
            whileTombstoneLives(key -> {
                write(put(key, "v4", 4));
                write(delete(key, 5));
                write(put(key, "v3", 3));
                write(put(key, "v5", 5));

                assertThat(store.read(List.of(key))).as("read of %s", key).isEmpty();
            });
        }

        @Test
        @DisplayName("give way to a put of a newer version")
        void tombstone_gives_way_to_newer_put() {
            write(put(key("a"), "v4", 4));
            write(delete(key("a"), 5));
            write(put(key("a"), "v6", 6));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v6"));
        }

        @Test
        @DisplayName("are left by a versioned delete of an absent key")
        void delete_of_absent_key_leaves_tombstone() {
            whileTombstoneLives(key -> {
                write(delete(key, 5));
                write(put(key, "v4", 4));

                assertThat(store.read(List.of(key))).as("read of %s", key).isEmpty();
            });
        }

        @Test
        @DisplayName("take the version of a newer delete")
        void newer_delete_raises_tombstone_version() {
            whileTombstoneLives(key -> {
                write(delete(key, 5));
                write(delete(key, 7));
                write(put(key, "v6", 6));

                assertThat(store.read(List.of(key))).as("read of %s", key).isEmpty();
            });
        }

        @Test
        @DisplayName("expire after the tombstone ttl, then an older put applies again")
        void tombstone_expires() {
            write(delete(key("a"), 5));

            StorePolling.await("a put of version 3 over the tombstone of version 5 on " + key("a")
                            + " to apply once the tombstone expired", tombstoneTtl().plus(EXPIRY_GRACE),
                    () -> {
                        write(put(key("a"), "v3", 3));
                        return !store.read(List.of(key("a"))).isEmpty();
                    });
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v3"));
        }

        @Test
        @DisplayName("are removed with the value by an unversioned delete")
        void unversioned_delete_removes_tombstone() {
            write(put(key("value"), "v5", 5), delete(key("tombstone"), 5));
            write(delete(key("value")), delete(key("tombstone")));
            assertThat(store.read(List.of(key("value"), key("tombstone")))).isEmpty();

            write(put(key("value"), "v1", 1), put(key("tombstone"), "v1", 1));
            assertThat(readText(key("value"), key("tombstone")))
                    .containsOnly(entry(key("value"), "v1"), entry(key("tombstone"), "v1"));
        }

        @Test
        @DisplayName("are replaced by an unversioned put")
        void unversioned_put_replaces_tombstone() {
            write(delete(key("a"), 5));
            write(put(key("a"), "unversioned"));

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "unversioned"));
        }
    }

    @Nested
    @DisplayName("random batches over a small pool of keys")
    class RandomBatches {

        @RepeatedTest(12)
        @DisplayName("after every batch each key holds what its last write left")
        void each_key_holds_what_its_last_write_left(RepetitionInfo repetition) {
            long seed = 0x5EEDL + repetition.getCurrentRepetition();
            RandomBatchWorkload workload = new RandomBatchWorkload(seed, KvStoreContract.this::key);

            for (int batch = 0; batch < RandomBatchWorkload.BATCHES; batch++) {
                List<KvWrite> writes = workload.nextBatch();
                store.write(writes);

                assertThat(readText(workload.keys()))
                        .as("seed %d, after batch %d: %s", seed, batch, writes)
                        .isEqualTo(workload.expected());
            }
        }
    }

    /** The key {@code name} under this test's own prefix. */
    private String key(String name) {
        return keyPrefix + name;
    }

    private void write(KvWrite... writes) {
        store.write(List.of(writes));
    }

    private Map<String, String> readText(String... keys) {
        return readText(List.of(keys));
    }

    private Map<String, String> readText(List<String> keys) {
        Map<String, String> text = new HashMap<>();
        store.read(keys).forEach((key, value) -> text.put(key, StoreTestData.text(value)));
        return text;
    }

    private void awaitAbsent(String key, Duration ttl) {
        StorePolling.await(key + " to expire after its ttl of " + ttl, ttl.plus(EXPIRY_GRACE),
                () -> store.read(List.of(key)).isEmpty());
    }

    /**
     * Runs a scenario that needs a live tombstone. Should a slow machine take longer than the tombstone
     * lifetime, a failure proves nothing, so the scenario is retried on a fresh key; a store that does
     * not keep tombstones fails fast and thus for real.
     */
    private void whileTombstoneLives(Consumer<String> scenario) {
        int attempts = 3;
        for (int attempt = 1; ; attempt++) {
            String key = key("tombstone-attempt-" + attempt);
            long started = System.nanoTime();
            try {
                scenario.accept(key);
                return;
            } catch (AssertionError failure) {
                boolean outlivedTombstone = System.nanoTime() - started >= tombstoneTtl().toNanos();
                if (!outlivedTombstone || attempt == attempts) {
                    throw failure;
                }
            }
        }
    }

    @Nested
    @DisplayName("keys that pass from one row to another (fencing by claim)")
    class Claims {

        private static final String A = "com.example.Customer:1";
        private static final String B = "com.example.Customer:2";
        private static final String ORDER_1 = "com.example.Order:1";

        /** Stamps in commit order: each call is later than the one before. */
        private long clock = 1_000_000;

        private KvWrite.Claim next(String owner) {
            return new KvWrite.Claim(owner, ++clock, 0);
        }

        private KvWrite.Claim insert(String owner) {
            return KvWrite.Claim.ofInsert(owner, ++clock);
        }

        @Test
        @DisplayName("a key deleted by one row is readable under the next row that takes it, whatever its version")
        void key_retired_by_one_row_is_taken_by_another_of_any_version() {
            for (long versionOfB : new long[]{0, 7, 9}) {
                String key = key("email-" + versionOfB);
                write(put(key, "A v7", 7, insert(A)));
                write(delete(key, 7, next(A)));
                write(put(key, "B v" + versionOfB, versionOfB, insert(B)));

                assertThat(readText(key)).as("B of version %d after A of version 7", versionOfB)
                        .containsExactly(entry(key, "B v" + versionOfB));
            }
        }

        @Test
        @DisplayName("a key passes between rows of different entity types")
        void key_passes_between_entity_types() {
            write(put(key("code"), "customer", 3, insert(A)));
            write(delete(key("code"), 3, next(A)));
            write(put(key("code"), "order", 1, insert(ORDER_1)));

            assertThat(readText(key("code"))).containsExactly(entry(key("code"), "order"));
        }

        @Test
        @DisplayName("a late put of the previous owner's state never replaces the new owner")
        void late_put_of_previous_owner_is_refused() {
            KvWrite latePutOfA = put(key("email"), "A v6", 6, next(A));
            write(put(key("email"), "A v5", 5, insert(A)));
            write(delete(key("email"), 6, next(A)));
            write(put(key("email"), "B v0", 0, insert(B)));
            write(latePutOfA);

            assertThat(readText(key("email"))).containsExactly(entry(key("email"), "B v0"));
        }

        @Test
        @DisplayName("a late retirement by the previous owner never removes the new owner")
        void late_retirement_of_previous_owner_is_refused() {
            KvWrite lateRetirementByA = delete(key("email"), 9, next(A));
            write(put(key("email"), "B v0", 0, insert(B)));
            write(lateRetirementByA);

            assertThat(readText(key("email"))).containsExactly(entry(key("email"), "B v0"));
        }

        @Test
        @DisplayName("a key handed A to B and back to A stays with A against B's late retirement")
        void key_handed_back_stays_with_its_owner() {
            write(put(key("email"), "A v1", 1, insert(A)));
            write(delete(key("email"), 2, next(A)));
            write(put(key("email"), "B v0", 0, insert(B)));
            KvWrite retirementByB = delete(key("email"), 1, next(B));
            KvWrite retakenByA = put(key("email"), "A v3", 3, next(A));
            write(retirementByB, retakenByA);
            write(retirementByB);

            assertThat(readText(key("email"))).containsExactly(entry(key("email"), "A v3"));
        }

        @Test
        @DisplayName("a row deleted and inserted again under its identifier is readable, whatever its new version")
        void row_inserted_again_under_its_identifier_is_readable() {
            KvWrite latePutOfOldRow = put(key("sku"), "old v4", 4, next(A));
            write(put(key("sku"), "old v5", 5, insert(A)));
            write(delete(key("sku"), 5, next(A)));
            write(put(key("sku"), "new v0", 0, insert(A)));
            assertThat(readText(key("sku"))).containsExactly(entry(key("sku"), "new v0"));

            write(latePutOfOldRow);
            assertThat(readText(key("sku"))).as("after the old row's late put").containsExactly(entry(key("sku"), "new v0"));
            write(put(key("sku"), "new v1", 1, next(A)));
            assertThat(readText(key("sku"))).as("after the new row's update").containsExactly(entry(key("sku"), "new v1"));
        }

        @Test
        @DisplayName("a row that takes a key from another by an update refuses its own writes from before, whatever their version")
        void row_taking_a_key_refuses_its_own_earlier_writes() {
            // B's earlier incarnation held the key at version 9; B (inserted again, version 1 now) takes it
            // from A by a key change, whose write cannot know when B's incarnation began.
            KvWrite oldPutOfB = put(key("slug"), "old B v9", 9, next(B));
            KvWrite oldDeleteOfB = delete(key("slug"), 9, next(B));
            write(put(key("slug"), "A v2", 2, insert(A)));
            write(delete(key("slug"), 2, next(A)));
            write(put(key("slug"), "B v1", 1, next(B)));
            write(oldPutOfB);
            write(oldDeleteOfB);

            assertThat(readText(key("slug"))).containsExactly(entry(key("slug"), "B v1"));
            write(put(key("slug"), "B v2", 2, next(B)));
            assertThat(readText(key("slug"))).as("after B's next update").containsExactly(entry(key("slug"), "B v2"));
        }

        @Test
        @DisplayName("a row inserted again and deleted again stays deleted when its delete arrives before its insert")
        void later_incarnations_delete_arriving_before_its_insert_keeps_the_key_absent() {
            write(put(key("sku"), "old v5", 5, insert(A)));
            write(delete(key("sku"), 5, next(A)));
            KvWrite insertAgain = put(key("sku"), "new v0", 0, insert(A));
            KvWrite deleteAgain = delete(key("sku"), 0, next(A));
            write(deleteAgain);
            write(insertAgain);

            assertThat(store.read(List.of(key("sku")))).isEmpty();
            write(put(key("sku"), "old v4 late", 4, new KvWrite.Claim(A, 1, 0)));
            assertThat(store.read(List.of(key("sku")))).as("after the first row's late put").isEmpty();
            write(put(key("sku"), "third v0", 0, insert(A)));
            assertThat(readText(key("sku"))).as("a third row under the identifier").containsExactly(entry(key("sku"), "third v0"));
        }

        @Test
        @DisplayName("a late delete of the old row never removes the row inserted again under its identifier")
        void late_delete_of_old_incarnation_is_refused() {
            write(put(key("sku"), "old v5", 5, insert(A)));
            KvWrite lateDeleteOfOldRow = delete(key("sku"), 5, next(A));
            write(put(key("sku"), "new v0", 0, insert(A)));
            write(lateDeleteOfOldRow);

            assertThat(readText(key("sku"))).containsExactly(entry(key("sku"), "new v0"));
        }

        @Test
        @DisplayName("states of one row are still ordered by version, not by stamp")
        void states_of_one_row_are_ordered_by_version() {
            KvWrite v6 = put(key("a"), "v6", 6, next(A));
            write(put(key("a"), "v7", 7, next(A)));
            write(v6);

            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "v7"));
        }

        @Test
        @DisplayName("a deleted row's late put of its own version stays fenced while the tombstone lives")
        void deleted_rows_late_put_stays_fenced() {
            whileTombstoneLives(key -> {
                KvWrite latePut = put(key, "v5", 5, next(A));
                write(put(key, "v4", 4, next(A)));
                write(delete(key, 5, next(A)));
                write(latePut);

                assertThat(store.read(List.of(key))).as("read of %s", key).isEmpty();
            });
        }

        @Test
        @DisplayName("claims are compared write by write within one batch")
        void claims_compared_within_batch() {
            write(put(key("email"), "A v1", 1, insert(A)), delete(key("email"), 1, next(A)),
                    put(key("email"), "B v0", 0, insert(B)), put(key("email"), "A v1 late", 1, new KvWrite.Claim(A, 1, 0)));

            assertThat(readText(key("email"))).containsExactly(entry(key("email"), "B v0"));
        }

        @Test
        @DisplayName("two owners with equal stamps are ordered by owner, in either arrival order")
        void equal_stamps_ordered_by_owner() {
            long stamp = ++clock;
            write(put(key("ab"), "A", 5, new KvWrite.Claim(A, stamp, 0)), put(key("ab"), "B", 1, new KvWrite.Claim(B, stamp, 0)));
            write(put(key("ba"), "B", 1, new KvWrite.Claim(B, stamp, 0)), put(key("ba"), "A", 5, new KvWrite.Claim(A, stamp, 0)));

            assertThat(readText(key("ab"), key("ba"))).containsOnly(entry(key("ab"), "B"), entry(key("ba"), "B"));
        }

        @Test
        @DisplayName("with equal stamps (one transaction), a row's put wins over another row's delete, in either arrival order")
        void equal_stamps_put_wins_over_other_owners_delete() {
            long stamp = ++clock;
            // A swap in one transaction: A gives up "e1" and takes "e2", B gives up "e2" and takes "e1".
            write(delete(key("e1"), 3, new KvWrite.Claim(A, stamp, 0)), put(key("e1"), "B v4", 4, new KvWrite.Claim(B, stamp, 0)));
            write(put(key("e2"), "A v3", 3, new KvWrite.Claim(A, stamp, 0)), delete(key("e2"), 4, new KvWrite.Claim(B, stamp, 0)));

            assertThat(readText(key("e1"), key("e2"))).containsOnly(entry(key("e1"), "B v4"), entry(key("e2"), "A v3"));
        }

        @Test
        @DisplayName("a write without a claim over a claimed entry is fenced by version, as before claims")
        void write_without_claim_is_fenced_by_version() {
            write(put(key("a"), "A v5", 5, next(A)));
            write(put(key("a"), "legacy v4", 4));
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "A v5"));

            write(put(key("a"), "legacy v6", 6));
            assertThat(readText(key("a"))).containsExactly(entry(key("a"), "legacy v6"));
        }
    }

    @Nested
    @DisplayName("hand-overs between two instances' claims closer than the clock skew")
    class UncertainHandovers {

        private static final String A = "com.example.Customer:1";
        private static final String B = "com.example.Customer:2";
        private static final int FIRST_INSTANCE = 0x1111;
        private static final int SECOND_INSTANCE = 0x2222;
        /** Microseconds: the stamps below are 10 and 2,000 apart. */
        private static final long WINDOW = 1_000;
        private static final long STAMP = 1_700_000_000_000_000L;

        private record Told(KvWrite write, boolean applied) {
        }

        private List<Told> writeWatching(long window, KvWrite... writes) {
            List<Told> told = new java.util.ArrayList<>();
            store.write(List.of(writes), new io.kvsync.spi.UncertainOrders() {
                @Override
                public long windowMicros() {
                    return window;
                }

                @Override
                public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
                    if (other != null) {
                        assertThat(other.owner()).as("the claim %s met", write).isNotEqualTo(write.claim().owner());
                    }
                    told.add(new Told(write, applied));
                }
            });
            return told;
        }

        private KvWrite.Claim claim(String owner, long stamp, int instance) {
            return new KvWrite.Claim(owner, stamp, 0, instance);
        }

        @Test
        @DisplayName("are told, whether the write applied or was refused, and still decided by stamp")
        void close_claims_of_two_instances_are_told() {
            KvWrite retiredByA = delete(key("email"), 3, claim(A, STAMP, FIRST_INSTANCE));
            KvWrite takenByB = put(key("email"), "B", 0, claim(B, STAMP + 10, SECOND_INSTANCE));
            KvWrite lateRetirementByA = delete(key("email"), 3, claim(A, STAMP + 5, FIRST_INSTANCE));
            assertThat(writeWatching(WINDOW, retiredByA)).isEmpty();

            List<Told> told = writeWatching(WINDOW, takenByB, lateRetirementByA);

            assertThat(readText(key("email"))).containsExactly(entry(key("email"), "B"));
            if (reportsUncertainOrders()) {
                assertThat(told).containsExactly(new Told(takenByB, true), new Told(lateRetirementByA, false));
            } else {
                assertThat(told).isEmpty();
            }
        }

        @Test
        @DisplayName("are told for the very write that met one, among other keys' writes of the same batch")
        void the_uncertain_write_of_a_batch_is_the_one_told() {
            write(delete(key("taken"), 3, claim(A, STAMP, FIRST_INSTANCE)));
            write(put(key("newer"), "kept", 5));
            KvWrite plain = put(key("plain"), "P", 1);
            KvWrite refused = put(key("newer"), "stale", 4);
            KvWrite takenByB = put(key("taken"), "B", 0, claim(B, STAMP + 10, SECOND_INSTANCE));
            KvWrite last = put(key("last"), "L", 1);

            List<Told> told = writeWatching(WINDOW, plain, refused, takenByB, last);

            assertThat(readText(key("plain"), key("newer"), key("taken"), key("last"))).containsOnly(
                    entry(key("plain"), "P"), entry(key("newer"), "kept"), entry(key("taken"), "B"), entry(key("last"), "L"));
            if (reportsUncertainOrders()) {
                assertThat(told).containsExactly(new Told(takenByB, true));
            } else {
                assertThat(told).isEmpty();
            }
        }

        @Test
        @DisplayName("are not told for one instance's claims, claims further apart, or a window of zero")
        void certain_orders_are_not_told() {
            write(delete(key("a"), 3, claim(A, STAMP, FIRST_INSTANCE)));
            write(delete(key("b"), 3, claim(A, STAMP, FIRST_INSTANCE)));
            write(delete(key("c"), 3, claim(A, STAMP, FIRST_INSTANCE)));
            write(delete(key("d"), 3, claim(A, STAMP, 0)));

            assertThat(writeWatching(WINDOW, put(key("a"), "B", 0, claim(B, STAMP + 10, FIRST_INSTANCE))))
                    .as("one instance").isEmpty();
            assertThat(writeWatching(WINDOW, put(key("b"), "B", 0, claim(B, STAMP + 2_000, SECOND_INSTANCE))))
                    .as("further apart than the window").isEmpty();
            assertThat(writeWatching(0, put(key("c"), "B", 0, claim(B, STAMP + 10, SECOND_INSTANCE))))
                    .as("a window of zero").isEmpty();
            assertThat(writeWatching(WINDOW, put(key("d"), "B", 0, claim(B, STAMP + 10, SECOND_INSTANCE))))
                    .as("an unknown instance").isEmpty();
            assertThat(readText(key("a"), key("b"), key("c"), key("d"))).hasSize(4);
        }
    }

    @Nested
    @DisplayName("listing keys")
    class ListingKeys {

        /** When the store does not list keys, checks that it says so, and tells the test to stop there. */
        private boolean listingSupported() {
            if (!listsKeys()) {
                assertThatThrownBy(() -> scan(key("x"))).isInstanceOf(UnsupportedOperationException.class);
                return false;
            }
            return true;
        }

        private java.util.Set<String> scan(String prefix) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            store.scanKeys(prefix, 7, seen::addAll);
            return seen;
        }

        @Test
        @DisplayName("every live key under the prefix is listed, none outside it, in batches")
        void lists_the_keys_under_a_prefix() {
            if (!listingSupported()) {
                return;
            }
            List<KvWrite> writes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                writes.add(put(key("listed:" + i), "v" + i));
            }
            writes.add(put(key("other:1"), "v"));
            write(writes.toArray(KvWrite[]::new));

            java.util.Set<String> listed = scan(key("listed:"));

            assertThat(listed).hasSize(30).allMatch(k -> k.startsWith(key("listed:")));
        }

        @Test
        @DisplayName("a prefix is matched literally, glob characters included")
        void prefixes_are_literal() {
            if (!listingSupported()) {
                return;
            }
            write(put(key("a*b:1"), "star"), put(key("axb:1"), "x"), put(key("a?b:1"), "question"));

            assertThat(scan(key("a*b:"))).containsExactly(key("a*b:1"));
            assertThat(scan(key("a?b:"))).containsExactly(key("a?b:1"));
        }

        @Test
        @DisplayName("deleted keys are not listed; tombstones may be, and read as absent")
        void deleted_keys_are_not_listed_live() {
            if (!listingSupported()) {
                return;
            }
            write(put(key("gone:1"), "v"), put(key("kept:1"), "v"));
            write(delete(key("gone:1")));

            assertThat(scan(key("gone:"))).isEmpty();
            assertThat(scan(key("kept:"))).containsExactly(key("kept:1"));
        }
    }
}
