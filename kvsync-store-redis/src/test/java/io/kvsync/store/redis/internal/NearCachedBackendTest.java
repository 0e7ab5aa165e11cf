package io.kvsync.store.redis.internal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The near-cached backend's own writes, against an in-memory stand-in for Redis that sends no pushes: what
 * the store writes must be read back at once, whatever Redis's invalidation messages do.
 */
class NearCachedBackendTest {

    private final FakeRedis redis = new FakeRedis();
    private NearCache cache;
    private NearCachedBackend backend;

    @BeforeEach
    void trackingIsOn() {
        cache = new NearCache(100, System::nanoTime);
        cache.trackingOn(System.nanoTime());
        backend = new NearCachedBackend(redis, cache, () -> { });
    }

    @Test
    void a_key_written_through_the_backend_is_read_back_new_without_any_push() {
        write("k", "v1");
        assertThat(read("k")).isEqualTo("v1");
        assertThat(read("k")).isEqualTo("v1");
        long readsOfRedis = redis.reads;

        write("k", "v2");

        assertThat(read("k")).isEqualTo("v2");
        assertThat(redis.reads).isEqualTo(readsOfRedis + 1);
    }

    @Test
    void an_answer_read_while_the_write_was_under_way_is_dropped_when_the_write_returns() {
        write("k", "v1");
        read("k");
        // A read between the write's first invalidation and Redis applying it gets the old value.
        redis.beforeApplying = () -> assertThat(read("k")).isEqualTo("v1");

        write("k", "v2");

        assertThat(read("k")).isEqualTo("v2");
    }

    @Test
    void a_write_that_failed_after_redis_may_have_applied_it_still_drops_the_key() {
        write("k", "v1");
        read("k");
        redis.failAfterApplying = true;

        assertThatThrownBy(() -> write("k", "v2")).hasMessageContaining("timed out");

        assertThat(read("k")).isEqualTo("v2");
    }

    @Test
    void a_deleted_key_is_read_as_absent_at_once() {
        write("k", "v1");
        read("k");

        backend.write(List.of(new StoreCommand(StoreCommand.Kind.DEL, bytes("k"), null, 0)), RedisBackend.ScriptMode.EVALSHA);

        assertThat(read("k")).isNull();
    }

    @Test
    void a_key_written_by_set_if_absent_is_read_back_at_once_where_its_absence_was_kept() {
        assertThat(read("k")).isNull();
        assertThat(read("k")).isNull();
        long readsOfRedis = redis.reads;

        boolean[] written = backend.setIfAbsent(List.of(new StoreCommand(StoreCommand.Kind.FENCED, bytes("k"), bytes("v1"), 0)));

        assertThat(written).containsExactly(true);
        assertThat(read("k")).isEqualTo("v1");
        assertThat(redis.reads).isEqualTo(readsOfRedis + 1);
    }

    private void write(String key, String value) {
        backend.write(List.of(new StoreCommand(StoreCommand.Kind.SET, bytes(key), bytes(value), 0)),
                RedisBackend.ScriptMode.EVALSHA);
    }

    private String read(String key) {
        byte[] value = backend.read(List.of(bytes(key))).get(0);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A map that answers like Redis and pushes nothing; counts the reads that reach it. */
    private static final class FakeRedis implements TimedReads {
        private final Map<String, byte[]> data = new HashMap<>();
        long reads;
        Runnable beforeApplying = () -> { };
        boolean failAfterApplying;

        @Override
        public boolean write(List<StoreCommand> commands, ScriptMode mode, io.kvsync.spi.UncertainOrders uncertain) {
            Runnable hook = beforeApplying;
            beforeApplying = () -> { };
            hook.run();
            for (StoreCommand command : commands) {
                String key = NearCachedBackend.name(command.key());
                if (command.kind() == StoreCommand.Kind.DEL) {
                    data.remove(key);
                } else {
                    data.put(key, command.value());
                }
            }
            if (failAfterApplying) {
                throw new IllegalStateException("timed out waiting for the reply");
            }
            return false;
        }

        @Override
        public boolean[] setIfAbsent(List<StoreCommand> puts) {
            boolean[] written = new boolean[puts.size()];
            for (int i = 0; i < written.length; i++) {
                written[i] = data.putIfAbsent(NearCachedBackend.name(puts.get(i).key()), puts.get(i).value()) == null;
            }
            return written;
        }

        @Override
        public List<byte[]> read(List<byte[]> keys) {
            List<byte[]> values = new ArrayList<>();
            for (byte[] key : keys) {
                reads++;
                values.add(data.get(NearCachedBackend.name(key)));
            }
            return values;
        }

        @Override
        public List<TimedValue> readTimed(List<byte[]> keys) {
            List<TimedValue> values = new ArrayList<>();
            for (byte[] value : read(keys)) {
                values.add(new TimedValue(value, value == null ? -2 : -1));
            }
            return values;
        }

        @Override
        public void scan(String pattern, int batchSize, Consumer<List<String>> batches) {
        }

        @Override
        public void close() {
        }
    }
}
