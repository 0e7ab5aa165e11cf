package io.kvsync.store.redis.internal;

import io.kvsync.store.redis.internal.RedisBackend.ScriptMode;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of one key's commands on a cluster, where the client itself may reorder commands it was
 * handed (see {@link KeyWaves}): the backend holds a key's next command until the previous one answered.
 * The cluster connection is a stand-in that records what is queued and flushed and answers only when the
 * test says so, so that the first command is certainly still unanswered when the second would be sent.
 */
class LettuceClusterWriteOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AsyncCommand<byte[], byte[], Object>> unanswered = new ConcurrentHashMap<>();
    private final CountDownLatch firstFlush = new CountDownLatch(1);
    private final CountDownLatch deleteQueued = new CountDownLatch(1);
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
    }

    @Test
    void a_delete_after_a_put_of_the_same_key_is_queued_only_once_the_put_answered() throws Exception {
        LettuceBackend backend = clusterBackend();
        List<StoreCommand> batch = List.of(
                new StoreCommand(StoreCommand.Kind.SET, bytes("k"), bytes("v"), 0),
                new StoreCommand(StoreCommand.Kind.SET, bytes("other"), bytes("v"), 0),
                new StoreCommand(StoreCommand.Kind.DEL, bytes("k"), null, 0));

        Future<Boolean> write = writer.submit(() -> backend.write(batch, ScriptMode.EVALSHA));
        assertThat(firstFlush.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the first wave flushed").isTrue();

        assertThat(sent).startsWith("set k", "set other", "flush").doesNotContain("del k");

        unanswered.get("set k").complete("OK");
        unanswered.get("set other").complete("OK");
        assertThat(deleteQueued.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the delete queued").isTrue();
        unanswered.get("del k").complete(1L);

        assertThat(write.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("NOSCRIPT met").isFalse();
        assertThat(sent.indexOf("del k")).isGreaterThan(sent.indexOf("set k"));
        assertThat(sent.get(sent.size() - 1)).isEqualTo("flush");
    }

    @Test
    void a_batch_of_distinct_keys_is_queued_whole_before_its_one_flush() throws Exception {
        LettuceBackend backend = clusterBackend();
        List<StoreCommand> batch = List.of(
                new StoreCommand(StoreCommand.Kind.SET, bytes("a"), bytes("v"), 0),
                new StoreCommand(StoreCommand.Kind.DEL, bytes("b"), null, 0));

        Future<Boolean> write = writer.submit(() -> backend.write(batch, ScriptMode.EVALSHA));
        assertThat(firstFlush.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(sent).startsWith("set a", "del b", "flush");
        unanswered.get("set a").complete("OK");
        unanswered.get("del b").complete(1L);
        assertThat(write.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    private LettuceBackend clusterBackend() {
        StatefulConnection<byte[], byte[]> connection = standIn(StatefulConnection.class, (method, arguments) -> {
            if (method.getName().equals("flushCommands")) {
                sent.add("flush");
                firstFlush.countDown();
            }
            return null;
        });
        RedisClusterAsyncCommands<byte[], byte[]> commands = standIn(RedisClusterAsyncCommands.class, (method, arguments) -> {
            byte[] key = arguments[0] instanceof byte[][] keys ? keys[0] : (byte[]) arguments[0];
            String queued = method.getName() + " " + new String(key, StandardCharsets.UTF_8);
            AsyncCommand<byte[], byte[], Object> reply =
                    new AsyncCommand<>(new Command<byte[], byte[], Object>(CommandType.SET, null));
            unanswered.put(queued, reply);
            sent.add(queued);
            if (queued.equals("del k")) {
                deleteQueued.countDown();
            }
            return reply;
        });
        return new LettuceBackend(connection, commands, connection, commands, TIMEOUT, () -> { }, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> T standIn(Class<?> type, BiFunction<Method, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> answer.apply(method, arguments));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
