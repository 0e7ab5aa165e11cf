package io.kvsync.store.redis.internal;

import io.kvsync.spi.UncertainOrders;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fences a batch of versioned writes with one optimistic transaction instead of one {@link FencedWriteScript}
 * call per key: {@code WATCH} and {@code MGET} its keys, decide every write in the client
 * ({@link FencedBatchPlan}), then {@code MULTI}, the final entries ({@code MSET} for those without a time
 * to live, else a {@code SET … PX} or {@code DEL} each), {@code EXEC}. Redis runs the {@code EXEC} only
 * when no watched key changed since the {@code WATCH}; otherwise nothing is written and the batch goes to
 * the script as before. So each batch is decided over one consistent read and written whole, with the same
 * outcome the script would give, and a busy key costs at most one wasted round trip.
 *
 * <p>Why: each script call costs Redis about 4 to 16 µs of its single core (its Lua bridge converts every
 * argument and reply, and the decision runs in interpreted Lua), against about 1 to 2 µs for a plain
 * {@code SET}; the optimistic form costs Redis the read and the plain writes (docs/benchmarks.md has the
 * figures). It costs a second round trip, so only batches of at least {@code minFencedWrites} versioned
 * writes take it, which a busy store sends and a quiet one does not.
 *
 * <p>{@code WATCH} belongs to a connection, so each transaction borrows a connection of its own from a
 * small pool (about one per writing thread), unlike the script calls, which share one pipelined
 * connection. Those connections must never reconnect (see {@code LettuceConnector}): a transaction sent
 * again on a new connection would run without its {@code WATCH}. A single Redis node only: on a cluster the keys of a batch lie in many slots, which one
 * transaction cannot span. Thread-safe.
 */
final class OptimisticFencing implements AutoCloseable {

    private static final byte[][] NO_KEYS = new byte[0][];
    /**
     * The most distinct keys one transaction watches. Redis 7's {@code WATCH} checks each key against every key
     * the connection already watches, so its cost per key grows with the count (measured: 1.3 µs of Redis CPU
     * per key watched at 64 keys, 1.5 µs at 128, 7.5 µs at about 420), while each transaction costs the client
     * a round trip (Lettuce's CPU per key write: 2.5 to 3.8 µs at 32 and 64 keys, 1.6 to 2.1 µs at 128). At
     * 256, Redis's CPU per key rose by half again; 128 gave the highest rate (RedisCpuPerKeyReport).
     */
    static final int MAX_KEYS = 128;

    private final Supplier<StatefulRedisConnection<byte[], byte[]>> connector;
    private final Runnable closeConnector;
    private final int minFencedWrites;
    private final Duration timeout;
    private final ConcurrentLinkedDeque<StatefulRedisConnection<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
    private final LongAdder committed = new LongAdder();
    private final LongAdder handedToScript = new LongAdder();
    private volatile boolean closed;
    /** Runs between the read and the transaction, given the transaction's connection; a test's gate, nothing otherwise. */
    private volatile Consumer<StatefulRedisConnection<byte[], byte[]>> afterRead = connection -> { };

    /**
     * @param connector       opens a connection to the node, with the client's settings
     * @param minFencedWrites how many versioned writes a batch needs to take this path (at least 1)
     * @param timeout         how long each round trip may take
     * @param closeConnector  releases what {@code connector} opens connections with, once the pooled ones are closed
     */
    OptimisticFencing(Supplier<StatefulRedisConnection<byte[], byte[]>> connector, int minFencedWrites, Duration timeout,
                      Runnable closeConnector) {
        if (minFencedWrites < 1) {
            throw new IllegalArgumentException("minFencedWrites must be at least 1: " + minFencedWrites);
        }
        this.connector = connector;
        this.closeConnector = closeConnector;
        this.minFencedWrites = minFencedWrites;
        this.timeout = timeout;
    }

    /** Whether {@code commands} holds enough versioned writes to be worth a transaction. */
    boolean accepts(List<StoreCommand> commands) {
        if (commands.size() < minFencedWrites) {
            return false;
        }
        int fenced = 0;
        for (StoreCommand command : commands) {
            if (command.kind() == StoreCommand.Kind.FENCED && ++fenced >= minFencedWrites) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies the batch by optimistic transactions of at most {@link #MAX_KEYS} keys each, one after another on
     * one connection; each transaction's {@code EXEC} travels with the next one's {@code WATCH} and read.
     *
     * @return how many of {@code commands}, from the first, are applied (every write decided, the admitted
     *         ones written): all of them, or fewer when a watched key changed before an {@code EXEC} or a key
     *         holds a value the client cannot decide on; then nothing of the rest was written and the script
     *         must apply it
     * @throws RuntimeException Lettuce's, when Redis failed or did not answer in time (the connection is
     *         then closed rather than reused, since its transaction state is unknown)
     */
    int write(List<StoreCommand> commands, UncertainOrders uncertain) {
        List<FencedBatchPlan> pieces = FencedBatchPlan.cut(commands, uncertain.windowMicros(), MAX_KEYS);
        StatefulRedisConnection<byte[], byte[]> connection = borrow();
        boolean reusable = false;
        try {
            RedisAsyncCommands<byte[], byte[]> redis = connection.async();
            FencedBatchPlan plan = pieces.get(0);
            RedisFuture<List<KeyValue<byte[], byte[]>>> read = watchAndRead(redis, plan);
            connection.flushCommands();
            int applied = 0;
            for (int i = 0; i < pieces.size(); i++) {
                List<KeyValue<byte[], byte[]>> found = await(read);
                afterRead.accept(connection);
                List<byte[]> held = new ArrayList<>(found.size());
                found.forEach(value -> held.add(value.hasValue() ? value.getValue() : null));
                boolean decided = plan.decide(held);
                List<FencedBatchPlan.Entry> changes = decided ? plan.changes() : List.of();
                RedisFuture<?> outcome = changes.isEmpty() ? redis.unwatch() : transact(redis, changes);
                FencedBatchPlan next = decided && i + 1 < pieces.size() ? pieces.get(i + 1) : null;
                read = next == null ? null : watchAndRead(redis, next);
                connection.flushCommands();
                Object result = await(outcome);
                if (!decided || result instanceof TransactionResult transaction && transaction.wasDiscarded()) {
                    if (read != null) {
                        await(read);
                        RedisFuture<String> unwatched = redis.unwatch();
                        connection.flushCommands();
                        await(unwatched);
                    }
                    reusable = true;
                    handedToScript.increment();
                    return applied;
                }
                if (result instanceof TransactionResult transaction) {
                    for (Object reply : transaction) {
                        if (reply instanceof RuntimeException failure) {
                            throw failure;
                        }
                    }
                    committed.increment();
                }
                // Else every write of the piece was refused over one consistent read: nothing to write or race.
                plan.tell(uncertain);
                applied += plan.size();
                plan = next;
            }
            reusable = true;
            return applied;
        } finally {
            if (reusable) {
                giveBack(connection);
            } else {
                connection.close();
            }
        }
    }

    private static RedisFuture<List<KeyValue<byte[], byte[]>>> watchAndRead(RedisAsyncCommands<byte[], byte[]> redis,
                                                                          FencedBatchPlan plan) {
        byte[][] keys = plan.keys().toArray(NO_KEYS);
        redis.watch(keys);
        return redis.mget(keys);
    }

    /** Queues {@code MULTI}, the final entries and {@code EXEC}; returns the {@code EXEC}'s reply. */
    private static RedisFuture<TransactionResult> transact(RedisAsyncCommands<byte[], byte[]> redis,
                                                           List<FencedBatchPlan.Entry> changes) {
        redis.multi();
        Map<byte[], byte[]> unexpiring = new LinkedHashMap<>();
        for (FencedBatchPlan.Entry entry : changes) {
            if (entry.value == null) {
                redis.del(entry.key);
            } else if (entry.ttlMillis > 0) {
                redis.set(entry.key, entry.value, SetArgs.Builder.px(entry.ttlMillis));
            } else {
                // Distinct keys (the plan holds each once), so one MSET in any place of the transaction will do.
                unexpiring.put(entry.key, entry.value);
            }
        }
        if (!unexpiring.isEmpty()) {
            redis.mset(unexpiring);
        }
        return redis.exec();
    }

    /** Transactions that wrote, and batches handed back to the script (for tests and diagnostics). */
    long[] counts() {
        return new long[] {committed.sum(), handedToScript.sum()};
    }

    /** Runs {@code gate} between each transaction's read and its {@code MULTI}; for tests. */
    void afterRead(Consumer<StatefulRedisConnection<byte[], byte[]>> gate) {
        this.afterRead = gate;
    }

    private StatefulRedisConnection<byte[], byte[]> borrow() {
        StatefulRedisConnection<byte[], byte[]> connection = idle.pollFirst();
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        if (connection != null) {
            connection.close();
        }
        StatefulRedisConnection<byte[], byte[]> opened = connector.get();
        // Each round trip is queued whole, then flushed in one write.
        opened.setAutoFlushCommands(false);
        return opened;
    }

    private void giveBack(StatefulRedisConnection<byte[], byte[]> connection) {
        idle.offerFirst(connection);
        if (closed) {
            // close() may have drained the pool before this one came back.
            closeIdle();
        }
    }

    private <T> T await(RedisFuture<T> reply) {
        return LettuceBackend.await(reply, timeout);
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
        closeConnector.run();
    }

    private void closeIdle() {
        StatefulRedisConnection<byte[], byte[]> connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
