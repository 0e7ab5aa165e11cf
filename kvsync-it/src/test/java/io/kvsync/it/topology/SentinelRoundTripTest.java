package io.kvsync.it.topology;

import io.kvsync.api.KvStoreException;
import io.kvsync.it.support.Eventually;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisClientLibrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store finds the master through Sentinel ({@code redis-sentinel://…#mymaster}), with either client
 * library, and follows it when Sentinel fails over to the replica.
 */
class SentinelRoundTripTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int KEYS = 50;

    private static SentinelRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = SentinelRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_versioned_round_trip_through_sentinel_reaches_the_master_and_its_replica(RedisClientLibrary library) {
        String prefix = TopologyStores.uniquePrefix();
        try (KvStore store = TopologyStores.builder(library, redis.uri()).prefix(prefix).build()) {
            TopologyStores.versionedRoundTrip(store, "order:1");
        }
        assertThat(SentinelRedis.holds(redis.masterPort(), prefix + "order:1")).as("the key on the master").isTrue();
        assertThat(Eventually.within(DEADLINE, () -> SentinelRedis.holds(redis.replicaPort(), prefix + "order:1")))
                .as("the key replicated to the replica").isTrue();
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_master_name_sentinel_does_not_monitor_fails(RedisClientLibrary library) {
        assertThatThrownBy(() -> {
            try (KvStore store = TopologyStores.builder(library, redis.uriOfUnknownMaster()).build()) {
                store.write(List.of(new KvWrite.Put("order:1", TopologyStores.bytes("v1"), null, 1)));
            }
        }).isInstanceOf(RuntimeException.class);
    }

    /**
     * A writer keeps writing every key at rising versions while Sentinel fails over, and sends a failed batch
     * again as the engine does. It stops as soon as the former master has been turned into a replica, which
     * discards what that server took after the switch: so every key must hold the last round the store
     * acknowledged, read through Sentinel and so from the new master. A client that kept writing to the
     * former master until Sentinel demoted it (Lettuce's plain Sentinel connection does) fails this.
     */
    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void writes_acknowledged_during_a_sentinel_fail_over_reach_the_new_master(RedisClientLibrary library)
            throws InterruptedException {
        try (SentinelRedis own = SentinelRedis.start();
             KvStore store = TopologyStores.builder(library, own.uri()).prefix(TopologyStores.uniquePrefix()).build()) {
            List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "order:" + i).toList();
            Writer writer = new Writer(store, keys);
            Thread thread = new Thread(writer, "sentinel-fail-over-writer");
            thread.start();
            long roundsAtSwitch;
            try {
                assertThat(Eventually.within(DEADLINE, () -> writer.rounds.get() >= 3)).as("rounds before the fail-over").isTrue();
                int oldMaster = own.masterPort();
                int newMaster = own.failOver();
                roundsAtSwitch = writer.rounds.get();
                own.awaitDemoted(oldMaster, newMaster);
            } finally {
                writer.stop.set(true);
                thread.join(DEADLINE.toMillis());
            }
            assertThat(thread.isAlive()).as("the writer stopped").isFalse();
            long last = writer.rounds.get();
            assertThat(last).as("rounds acknowledged between the switch and the demotion").isGreaterThan(roundsAtSwitch);
            Map<String, byte[]> values = readWithRetries(store, keys);
            List<String> wrong = new ArrayList<>();
            for (String key : keys) {
                byte[] value = values.get(key);
                if (value == null || !new String(value, StandardCharsets.UTF_8).equals(Long.toString(last))) {
                    wrong.add(key + "=" + (value == null ? null : new String(value, StandardCharsets.UTF_8)));
                }
            }
            System.out.printf("%s: %d rounds (%d at the switch), %d failed batches sent again, last error: %s%n",
                    library, last, roundsAtSwitch, writer.failures.get(), writer.lastError);
            assertThat(wrong).as("keys not holding the last acknowledged round %d", last).isEmpty();
        }
    }

    /** Reads, sending the read again while the connection is still reconnecting after the fail-over. */
    private static Map<String, byte[]> readWithRetries(KvStore store, List<String> keys) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return store.read(keys);
            } catch (KvStoreException e) {
                if (System.nanoTime() - end > 0) {
                    throw e;
                }
                Eventually.pause(100);
            }
        }
    }

    /** Writes every key at version n in round n, each round one batch, sending a failed batch again. */
    private static final class Writer implements Runnable {

        final AtomicLong rounds = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        volatile String lastError = "none";
        private final KvStore store;
        private final List<String> keys;

        Writer(KvStore store, List<String> keys) {
            this.store = store;
            this.keys = keys;
        }

        @Override
        public void run() {
            long round = 1;
            while (!stop.get()) {
                long version = round;
                List<KvWrite> batch = keys.stream()
                        .<KvWrite>map(key -> new KvWrite.Put(key, TopologyStores.bytes(Long.toString(version)), null, version))
                        .toList();
                try {
                    store.write(batch);
                    rounds.set(round);
                    round++;
                } catch (KvStoreException e) {
                    failures.incrementAndGet();
                    lastError = String.valueOf(e.getCause());
                    Eventually.pause(50);
                }
            }
        }
    }
}
