package io.kvsync.engine.e2e;

import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncBuilder;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's end-to-end behaviour, written once and run against every store: replicate, update,
 * delete, then fetch by each key; and what the store itself holds for an entity (its keys' names and
 * times to live), read past the {@link KvStore} interface. A store module extends it (through the
 * {@code kvsync-engine} test-jar) and supplies {@link #createStore()}, {@link #holds} and
 * {@link #remainingTtl}.
 */
public abstract class EndToEndContract {

    /** The engine-wide time to live ({@code kvsync.expiration}) the expiration test sets. */
    private static final Duration EXPIRATION = Duration.ofSeconds(30);
    /** How much of a store's own expiration may pass between a write and the check of its time to live. */
    private static final Duration CHECK_SLACK = Duration.ofMinutes(1);

    /**
     * A store for one test; the engine closes it. Keys are unique per test run. A test may call it
     * twice, for two engines; both stores must then name keys alike ({@link #storedKey}).
     */
    protected abstract KvStore createStore();

    /**
     * Whether the backend behind {@code store} holds anything under {@code storedKey}, asked of the
     * backend itself (a raw client, the map), not through {@code store}.
     */
    protected abstract boolean holds(KvStore store, String storedKey);

    /**
     * The time to live left to what the backend behind {@code store} holds under {@code storedKey},
     * asked of the backend itself; empty when it never expires (or nothing is held).
     */
    protected abstract Optional<Duration> remainingTtl(KvStore store, String storedKey);

    /**
     * The name under which the backend holds the entity key {@code key}. The memory and Hazelcast stores
     * hold keys as given; a store with a key prefix (Redis) overrides this.
     */
    protected String storedKey(String key) {
        return key;
    }

    /**
     * The time to live the store under test gives a put that carries none (Redis's {@code expiration}
     * setting), or empty when it gives none: what a key written without {@code kvsync.expiration} gets.
     */
    protected Optional<Duration> storeExpiration() {
        return Optional.empty();
    }

    /** How many entities the replication test writes (three keys each). */
    protected int entityCount() {
        return 2_000;
    }

    /** Lets a subclass tune the engine (workers, batch size, marshaler); the store is already set. */
    protected KvSyncBuilder configure(KvSyncBuilder builder) {
        return builder;
    }

    private KvStore store;
    private KvSync kv;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    final void startEngine() {
        store = createStore();
        kv = configure(KvSync.builder().store(store)).build();
    }

    @AfterEach
    final void stopEngine() {
        if (kv != null) {
            kv.close();
        }
    }

    private Account account(long id, int generation) {
        return new Account(id, run + "-" + id, "owner " + id + " gen " + generation,
                new BigDecimal(id + "." + generation), Instant.ofEpochSecond(1_700_000_000L + id, generation),
                List.of("t" + generation, "id" + id));
    }

    private Account probe(long id) {
        Account probe = new Account();
        probe.id = id;
        probe.uuid = run + "-" + id;
        return probe;
    }

    @Test
    @DisplayName("entities replicated, updated and deleted are fetched by every key exactly as last written")
    void replicate_update_delete_then_fetch_by_each_key() {
        int count = entityCount();
        Map<Long, Account> expected = new HashMap<>();
        for (long id = 0; id < count; id++) {
            Account account = account(id, 0);
            kv.enqueue(account);
            expected.put(id, account);
        }
        for (long id = 0; id < count; id += 3) {
            Account updated = account(id, 1);
            kv.enqueue(updated);
            expected.put(id, updated);
        }
        for (long id = 1; id < count; id += 10) {
            kv.enqueueDelete(expected.remove(id));
        }
        assertThat(kv.awaitIdle(Duration.ofMinutes(2))).as("replication finished").isTrue();

        List<String> mismatches = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            Account want = expected.get(id);
            for (String keyName : List.of("id", "uuid", "composite")) {
                Account got = kv.fetch(probe(id), keyName).orElse(null);
                if (want == null ? got != null : !want.equals(got)) {
                    mismatches.add(keyName + " of " + id + ": expected " + want + ", fetched " + got);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(kv.stats().failed()).isZero();
    }

    @Test
    @DisplayName("fetchAll returns every present key in one call and leaves out absent ones")
    void fetch_all_by_keys() {
        List<String> keys = new ArrayList<>();
        for (long id = 0; id < 300; id++) {
            kv.sync(account(id, 0));
            keys.add("account:uuid:" + run + "-" + id);
        }
        keys.add("account:uuid:" + run + "-absent");

        Map<String, Account> found = kv.fetchAll(Account.class, keys);

        assertThat(found).hasSize(300).doesNotContainKey("account:uuid:" + run + "-absent");
        assertThat(found.get("account:uuid:" + run + "-7")).isEqualTo(account(7, 0));
    }

    @Test
    @DisplayName("a synchronous write is readable as soon as sync returns, and a synchronous delete removes every key")
    void sync_then_delete() {
        Account account = account(1, 0);
        kv.sync(account);
        assertThat(kv.fetch(probe(1), "composite")).contains(account);

        kv.delete(account);
        assertThat(kv.fetch(probe(1), "id")).isEmpty();
        assertThat(kv.fetch(probe(1), "uuid")).isEmpty();
    }

    @Test
    @DisplayName("versioned writes arriving out of order leave the newest version in the store")
    void versioned_writes_keep_the_newest_version() {
        Account v2 = account(5, 2);
        Account v1 = account(5, 1);
        kv.sync(v2, 2);
        kv.sync(v1, 1);
        assertThat(kv.fetch(probe(5), "uuid")).contains(v2);

        kv.delete(v2, 2);
        kv.enqueue(v1, 1);
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(kv.fetch(probe(5), "id")).as("the tombstone blocks the late older put").isEmpty();
    }

    @Test
    @DisplayName("with the default configuration, an entity is held under each of its keys as the store names them")
    void default_configuration_holds_each_key_under_its_documented_name() {
        assertThat(storedKeysOfSynced(kv, 30)).allSatisfy(stored ->
                assertThat(holds(store, stored)).as("the store holds %s", stored).isTrue());
    }

    @Test
    @DisplayName("with the default configuration, no key gets a time to live but the store's own")
    void default_configuration_gives_no_key_a_time_to_live() {
        for (String stored : storedKeysOfSynced(kv, 31)) {
            assertThat(holds(store, stored)).as("the store holds %s", stored).isTrue();
            Optional<Duration> ttl = remainingTtl(store, stored);
            storeExpiration().ifPresentOrElse(
                    own -> assertThat(ttl).as("time to live of %s, the store's own %s", stored, own)
                            .hasValueSatisfying(left -> assertThat(left)
                                    .isGreaterThan(own.minus(CHECK_SLACK)).isLessThanOrEqualTo(own)),
                    () -> assertThat(ttl).as("time to live of %s", stored).isEmpty());
        }
    }

    @Test
    @DisplayName("with kvsync.expiration set, every key of a replicated entity lives at most that long in the store")
    void engine_expiration_gives_every_key_a_time_to_live() {
        KvStore expiringStore = createStore();
        try (KvSync expiring = configure(KvSync.builder().store(expiringStore))
                .property("kvsync.expiration", EXPIRATION.toSeconds() + "s").build()) {
            assertThat(storedKeysOfSynced(expiring, 32)).allSatisfy(stored -> {
                assertThat(holds(expiringStore, stored)).as("the store holds %s", stored).isTrue();
                assertThat(remainingTtl(expiringStore, stored)).as("time to live of %s", stored)
                        .hasValueSatisfying(left -> assertThat(left).isPositive().isLessThanOrEqualTo(EXPIRATION));
            });
        }
    }

    /** Syncs account {@code id} through {@code engine}; returns the names its keys have in the store. */
    private List<String> storedKeysOfSynced(KvSync engine, long id) {
        Account account = account(id, 0);
        engine.sync(account);
        return account.syncKeys().values().stream().map(this::storedKey).toList();
    }
}
