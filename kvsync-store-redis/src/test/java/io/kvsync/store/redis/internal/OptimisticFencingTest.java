package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import io.kvsync.tck.services.TestServices;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches of versioned writes fenced by optimistic transactions ({@link OptimisticFencing}) through the Lettuce
 * backend, on a real Redis: what they leave, and what happens when another client changes a key between a
 * transaction's read and its {@code EXEC} (made certain by a gate that runs exactly there).
 */
class OptimisticFencingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] VALUE = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> raw;
    private LettuceBackend backend;
    private CommandEncoder encoder;
    private String prefix;

    @BeforeEach
    void connect() {
        String uri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
        client = RedisClient.create(uri);
        raw = client.connect(ByteArrayCodec.INSTANCE);
        backend = (LettuceBackend) LettuceConnector.open(client, RedisURI.create(uri), TIMEOUT, 1);
        prefix = "kvsync-test:" + UUID.randomUUID() + ":";
        // No default expiration: unexpiring entries go by MSET, tombstones by SET … PX.
        encoder = new CommandEncoder(prefix, null, Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        if (raw != null) {
            List<byte[]> keys = raw.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                raw.sync().unlink(keys.toArray(new byte[0][]));
            }
            raw.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void a_batch_of_versioned_writes_is_written_by_one_transaction() {
        write(puts(0, 10, 1));
        write(List.of(put(3, 2), put(4, 0), new KvWrite.Delete(key(5), 1)));

        assertThat(counts()).containsExactly(2L, 0L);
        assertThat(version(3)).isEqualTo(2);
        assertThat(version(4)).as("version 0 is older than the 1 held: refused").isEqualTo(1);
        assertThat(stored(5)).isEqualTo(new KvWrite.Held(1, true, null));
        assertThat(ttl(3)).as("an unexpiring put").isEqualTo(-1);
        assertThat(ttl(5)).as("a tombstone").isPositive();
    }

    @Test
    void a_key_another_client_changes_after_the_read_voids_the_transaction_and_the_script_decides_the_batch() {
        write(puts(0, 4, 1));
        AtomicInteger reads = new AtomicInteger();
        backend.optimistic().afterRead(connection -> {
            if (reads.getAndIncrement() == 0) {
                raw.sync().set(bytes(key(2)), ValueEnvelope.versioned(VALUE, 9));
            }
        });

        write(puts(0, 4, 2));

        assertThat(counts()).as("transactions that wrote, batches handed to the script").containsExactly(1L, 1L);
        assertThat(List.of(version(0), version(1), version(2), version(3))).containsExactly(2L, 2L, 9L, 2L);
    }

    @Test
    void a_batch_of_more_keys_than_one_transaction_watches_goes_in_several_and_those_before_a_change_stay_written() {
        int keys = OptimisticFencing.MAX_KEYS + 36;
        write(puts(0, keys, 1));
        AtomicInteger reads = new AtomicInteger();
        int changed = OptimisticFencing.MAX_KEYS + 10;
        backend.optimistic().afterRead(connection -> {
            if (reads.getAndIncrement() == 1) {
                raw.sync().set(bytes(key(changed)), ValueEnvelope.versioned(VALUE, 9));
            }
        });

        write(puts(0, keys, 2));

        // The first load took two transactions; the second load's first one wrote, its second was voided.
        assertThat(counts()).containsExactly(3L, 1L);
        for (int i = 0; i < keys; i++) {
            assertThat(version(i)).as("key %d", i).isEqualTo(i == changed ? 9 : 2);
        }
    }

    @Test
    void a_transaction_whose_connection_drops_with_its_exec_unanswered_is_not_sent_again_on_a_new_connection() {
        write(puts(0, 4, 1));
        AtomicReference<Throwable> killer = new AtomicReference<>();
        backend.optimistic().afterRead(connection -> {
            long id = clientId(connection);
            // Another client takes key 2 further, then Redis holds every write until the transaction's EXEC
            // has arrived and waits, and its connection is killed right then, with the EXEC unanswered.
            raw.sync().set(bytes(key(2)), ValueEnvelope.versioned(VALUE, 9));
            redis("CLIENT", "PAUSE", Long.toString(TIMEOUT.toMillis()), "WRITE");
            Thread kill = new Thread(() -> {
                try {
                    awaitHeld(id);
                    raw.sync().clientKill(KillArgs.Builder.id(id));
                } catch (Throwable e) {
                    killer.set(e);
                } finally {
                    redis("CLIENT", "UNPAUSE");
                }
            });
            kill.setDaemon(true);
            kill.start();
        });

        // Lettuce would send an unanswered MULTI ... EXEC again once reconnected, without the WATCH of the old
        // connection, and write version 2 over 9; a transaction's connection does not reconnect.
        assertThatThrownBy(() -> write(puts(0, 4, 2))).isInstanceOf(RedisException.class);
        assertThat(killer.get()).isNull();
        assertThat(List.of(version(0), version(1), version(2), version(3))).containsExactly(1L, 1L, 9L, 1L);
    }

    /** Waits until Redis holds client {@code id} blocked (its EXEC postponed by CLIENT PAUSE WRITE). */
    private void awaitHeld(long id) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String info = redis("CLIENT", "LIST", "ID", Long.toString(id));
            java.util.regex.Matcher flags = java.util.regex.Pattern.compile(" flags=(\\S*) ").matcher(info);
            if (flags.find() && flags.group(1).contains("b")) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("Redis never held client " + id + "'s EXEC");
    }

    private String redis(String... arguments) {
        io.lettuce.core.protocol.CommandArgs<byte[], byte[]> args = new io.lettuce.core.protocol.CommandArgs<>(ByteArrayCodec.INSTANCE);
        for (int i = 1; i < arguments.length; i++) {
            args.add(arguments[i]);
        }
        Object reply = raw.sync().dispatch(io.lettuce.core.protocol.CommandType.valueOf(arguments[0]),
                new io.lettuce.core.output.StatusOutput<>(ByteArrayCodec.INSTANCE), args);
        return String.valueOf(reply);
    }

    @Test
    void a_value_the_client_cannot_decide_on_is_left_to_the_script() {
        byte[] unknownKind = {(byte) 0xF5, 'k', 'v', 's', 'X', 0, 0, 0, 0, 0, 0, 0, 1};
        raw.sync().set(bytes(key(0)), unknownKind);

        write(List.of(put(0, 2), put(1, 2)));

        assertThat(counts()).containsExactly(0L, 1L);
        // The script overwrites what it does not recognise as an envelope.
        assertThat(List.of(version(0), version(1))).containsExactly(2L, 2L);
    }

    @Test
    void a_batch_whose_writes_are_all_refused_writes_nothing_and_its_connection_serves_the_next_batch() {
        write(puts(0, 3, 5));

        write(puts(0, 3, 4));
        write(puts(0, 3, 6));

        assertThat(counts()).as("the refused batch neither wrote nor went to the script").containsExactly(2L, 0L);
        assertThat(List.of(version(0), version(1), version(2))).containsExactly(6L, 6L, 6L);
    }

    private void write(List<KvWrite> writes) {
        List<StoreCommand> commands = encoder.encode(writes);
        if (backend.write(commands, RedisBackend.ScriptMode.EVALSHA, UncertainOrders.NONE)) {
            // The script was not loaded yet (NOSCRIPT): sent again with its text, as RedisKvStore does.
            assertThat(backend.write(commands, RedisBackend.ScriptMode.EVAL, UncertainOrders.NONE)).isFalse();
        }
    }

    /** Asks on {@code connection}, which does not flush by itself, which client it is; leaves its WATCH as it is. */
    private static long clientId(StatefulRedisConnection<byte[], byte[]> connection) {
        io.lettuce.core.RedisFuture<Long> id = connection.async().clientId();
        connection.flushCommands();
        try {
            return id.get(TIMEOUT.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new AssertionError("CLIENT ID got no answer", e);
        }
    }

    private List<Long> counts() {
        long[] counts = backend.optimistic().counts();
        return List.of(counts[0], counts[1]);
    }

    private static List<KvWrite> puts(int from, int to, long version) {
        List<KvWrite> puts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            puts.add(put(i, version));
        }
        return puts;
    }

    private static KvWrite.Put put(int key, long version) {
        return new KvWrite.Put(key(key), VALUE, null, version);
    }

    private static String key(int i) {
        return "k" + i;
    }

    private long version(int key) {
        return stored(key).version();
    }

    private KvWrite.Held stored(int key) {
        byte[] value = raw.sync().get(bytes(key(key)));
        assertThat(value).as("key %d", key).isNotNull();
        return ValueEnvelope.held(value);
    }

    private long ttl(int key) {
        RedisCommands<byte[], byte[]> redis = raw.sync();
        return redis.pttl(bytes(key(key)));
    }

    private byte[] bytes(String key) {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
