package io.kvsync.store.redis.internal;

import io.kvsync.spi.UncertainOrders;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Talks to Redis through Lettuce, standalone or cluster alike (a cluster connection routes each command
 * to its key's node and splits {@code MGET} by slot).
 *
 * <p>Writes go over a connection of their own. On a single node (standalone, Sentinel) a batch is one
 * {@link LettuceBatch}, dispatched in one call. On a cluster, auto-flush is off: a batch is queued, then
 * flushed in one go, which is what makes Lettuce pipeline (with auto-flush each command is its own
 * syscall and the rate drops by half or more). A key written twice in a batch has its second command
 * queued only after the first answered ({@link KeyWaves}): Lettuce may reorder commands sent to a node
 * whose connection is still opening. The lock covers only queueing and the flush, so that two batches
 * never flush each other's half-queued commands; replies are awaited outside it, so concurrent batches
 * pipeline behind each other on the one connection. Reads use a second, auto-flushing connection.
 * Thread-safe.
 */
final class LettuceBackend implements TimedReads {

    private static final byte[][] NO_KEYS = new byte[0][];
    /** How long a write waits for a reply before it flushes the write connection again (see awaitFlushing). */
    private static final long REFLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final StatefulConnection<byte[], byte[]> writeConnection;
    private final RedisClusterAsyncCommands<byte[], byte[]> writes;
    private final StatefulConnection<byte[], byte[]> readConnection;
    private final RedisClusterAsyncCommands<byte[], byte[]> reads;
    private final Duration timeout;
    private final Runnable closeClient;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final boolean bulk;
    /** Fences large batches by one transaction; {@code null} when off or not possible (see {@link OptimisticFencing}). */
    private final OptimisticFencing optimistic;

    /**
     * @param closeClient shuts down the client when this backend created it; does nothing otherwise
     * @param bulk        whether the connections lead to one node, so that a batch can be one {@link LettuceBatch}
     */
    LettuceBackend(StatefulConnection<byte[], byte[]> writeConnection, RedisClusterAsyncCommands<byte[], byte[]> writes,
                   StatefulConnection<byte[], byte[]> readConnection, RedisClusterAsyncCommands<byte[], byte[]> reads,
                   Duration timeout, Runnable closeClient, boolean bulk) {
        this(writeConnection, writes, readConnection, reads, timeout, closeClient, bulk, null);
    }

    /**
     * @param optimistic fences batches with many versioned writes by one transaction, or {@code null} for
     *                   none; only with {@code bulk}, and closed with this backend
     */
    LettuceBackend(StatefulConnection<byte[], byte[]> writeConnection, RedisClusterAsyncCommands<byte[], byte[]> writes,
                   StatefulConnection<byte[], byte[]> readConnection, RedisClusterAsyncCommands<byte[], byte[]> reads,
                   Duration timeout, Runnable closeClient, boolean bulk, OptimisticFencing optimistic) {
        this.writeConnection = writeConnection;
        this.writes = writes;
        this.readConnection = readConnection;
        this.reads = reads;
        this.timeout = timeout;
        this.closeClient = closeClient;
        this.bulk = bulk;
        this.optimistic = bulk ? optimistic : null;
        if (!bulk) {
            writeConnection.setAutoFlushCommands(false);
        }
    }

    /** The connection reads go over. */
    StatefulConnection<byte[], byte[]> readConnection() {
        return readConnection;
    }

    @Override
    public boolean write(List<StoreCommand> commands, ScriptMode mode, UncertainOrders uncertain) {
        if (bulk) {
            return writeInOneDispatch(commands, mode, uncertain);
        }
        // A key's next command goes only once its previous one answered (see KeyWaves).
        for (List<StoreCommand> wave : KeyWaves.of(commands)) {
            List<RedisFuture<?>> replies = queueAndFlush(wave, command -> send(command, mode));
            try {
                if (awaitAll(replies)) {
                    // NOSCRIPT: the caller sends the whole batch again with EVAL, in order; later waves go then.
                    return true;
                }
            } finally {
                tell(wave, replies, uncertain);
            }
        }
        return false;
    }

    /**
     * On a cluster (auto-flush off): queues a command per store command with {@code send}, then flushes, under
     * the lock that keeps two batches from flushing each other's half-queued commands; returns the replies.
     */
    private List<RedisFuture<?>> queueAndFlush(List<StoreCommand> commands, Function<StoreCommand, RedisFuture<?>> send) {
        List<RedisFuture<?>> replies = new ArrayList<>(commands.size());
        flushLock.lock();
        try {
            for (StoreCommand command : commands) {
                replies.add(send.apply(command));
            }
        } finally {
            // Flushed even when queueing failed half-way: queued commands must not wait for the next batch.
            writeConnection.flushCommands();
            flushLock.unlock();
        }
        return replies;
    }

    /** Hands the fenced commands' replies that came to {@link StoreCommand#tell}. */
    private static void tell(List<StoreCommand> commands, List<RedisFuture<?>> replies, UncertainOrders uncertain) {
        if (uncertain.windowMicros() <= 0) {
            return;
        }
        for (int i = 0; i < replies.size(); i++) {
            RedisFuture<?> reply = replies.get(i);
            if (commands.get(i).write() != null && reply.isDone()) {
                try {
                    commands.get(i).tell(reply.get(), uncertain);
                } catch (ExecutionException | CancellationException e) {
                    // No reply to tell of: the failure is what awaitAll reports.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The optimistic transactions, or {@code null}; for tests. */
    OptimisticFencing optimistic() {
        return optimistic;
    }

    private boolean writeInOneDispatch(List<StoreCommand> commands, ScriptMode mode, UncertainOrders uncertain) {
        List<StoreCommand> rest = commands;
        if (optimistic != null && optimistic.accepts(commands)) {
            int applied = optimistic.write(commands, uncertain);
            if (applied == commands.size()) {
                return false;
            }
            rest = commands.subList(applied, commands.size());
        }
        LettuceBatch batch = new LettuceBatch(rest, mode);
        writeConnection.dispatch(batch.commands());
        try {
            awaitLast(batch.completion());
            return batch.scriptMissing();
        } finally {
            // Also after a failure: what applied is told (a retry meets its own claim and would not be).
            batch.tell(uncertain);
        }
    }

    /**
     * Waits for the last command of a dispatch, whose replies arrive in order; its own error is left for the
     * caller to read from the commands' outputs, with the others'.
     */
    private void awaitLast(AsyncCommand<byte[], byte[], ?> last) {
        try {
            last.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // Read from the outputs by the caller, which reports the first error of the dispatch.
        } catch (TimeoutException e) {
            last.cancel(false);
            throw new RedisCommandTimeoutException("no reply within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    @Override
    public boolean[] setIfAbsent(List<StoreCommand> puts) {
        return bulk ? setIfAbsentInOneDispatch(puts) : setIfAbsentByKey(puts);
    }

    /**
     * As {@link LettuceBatch} does for a write batch: one dispatch, a future on the last command only. Puts
     * without a time to live go {@link SetIfAbsentChunks#MAX_KEYS} at a time as one {@code MSETNX}, which writes
     * all of its keys or, when one is held, none (its puts are then asked again one by one); a put with a time
     * to live is a {@code SET … NX PX} of its own.
     */
    private boolean[] setIfAbsentInOneDispatch(List<StoreCommand> puts) {
        return SetIfAbsentChunks.setIfAbsent(puts, this::dispatchSetIfAbsent);
    }

    /** One dispatch of a command per chunk; for each, whether it wrote. */
    private boolean[] dispatchSetIfAbsent(List<List<StoreCommand>> chunks) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(chunks.size());
        for (List<StoreCommand> chunk : chunks) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
            if (SetIfAbsentChunks.isMultiKey(chunk)) {
                chunk.forEach(put -> args.addKey(put.key()).addValue(put.value()));
                commands.add(new BatchedCommand<>(CommandType.MSETNX, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args));
            } else {
                StoreCommand put = chunk.get(0);
                args.addKey(put.key()).addValue(put.value()).add("NX");
                if (put.ttlMillis() > 0) {
                    args.add("PX").add(put.ttlMillis());
                }
                commands.add(new BatchedCommand<>(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE), args));
            }
        }
        AsyncCommand<byte[], byte[], ?> last = new AsyncCommand<>(commands.get(commands.size() - 1));
        commands.set(commands.size() - 1, last);
        writeConnection.dispatch(commands);
        awaitLast(last);
        boolean[] wrote = new boolean[chunks.size()];
        for (int i = 0; i < commands.size(); i++) {
            RedisCommand<byte[], byte[], ?> command = commands.get(i);
            String error = command.getOutput().getError();
            if (error == null && !command.isDone()) {
                error = "no reply (the connection was lost)";
            }
            if (error != null) {
                throw new io.lettuce.core.RedisCommandExecutionException(error);
            }
            // MSETNX answers 1 when it wrote every key; SET … NX answers OK when written, nothing when the key was held.
            Object reply = command.getOutput().get();
            wrote[i] = reply instanceof Long count ? count == 1 : reply != null;
        }
        return wrote;
    }

    /** On a cluster: a command per key, routed to its node, queued and flushed as a write batch is. */
    private boolean[] setIfAbsentByKey(List<StoreCommand> puts) {
        List<RedisFuture<?>> replies = queueAndFlush(puts, put -> writes.set(put.key(), put.value(),
                put.ttlMillis() > 0 ? SetArgs.Builder.nx().px(put.ttlMillis()) : SetArgs.Builder.nx()));
        awaitAll(replies);
        boolean[] written = new boolean[puts.size()];
        for (int i = 0; i < written.length; i++) {
            written[i] = replies.get(i).toCompletableFuture().join() != null;
        }
        return written;
    }

    private RedisFuture<?> send(StoreCommand command, ScriptMode mode) {
        byte[] key = command.key();
        return switch (command.kind()) {
            case SET -> command.ttlMillis() > 0
                    ? writes.set(key, command.value(), SetArgs.Builder.px(command.ttlMillis()))
                    : writes.set(key, command.value());
            case DEL -> writes.del(key);
            case FENCED -> mode == ScriptMode.EVALSHA
                    ? writes.<Long>evalsha(FencedWriteScript.SHA1, ScriptOutputType.INTEGER, new byte[][] {key},
                            command.value(), command.ttlArgument(), command.windowArgument())
                    : writes.<Long>eval(FencedWriteScript.SOURCE_BYTES, ScriptOutputType.INTEGER, new byte[][] {key},
                            command.value(), command.ttlArgument(), command.windowArgument());
        };
    }

    /** Waits for every reply (so none is left running), then throws the first failure other than NOSCRIPT. */
    private boolean awaitAll(List<RedisFuture<?>> replies) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean scriptMissing = false;
        RuntimeException failure = null;
        for (RedisFuture<?> reply : replies) {
            try {
                awaitFlushing(reply, deadline);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisNoScriptException) {
                    scriptMissing = true;
                } else if (failure == null) {
                    failure = unwrap(e);
                }
            } catch (TimeoutException e) {
                reply.cancel(false);
                if (failure == null) {
                    failure = new RedisCommandTimeoutException("no reply within " + timeout);
                }
            } catch (CancellationException e) {
                if (failure == null) {
                    failure = e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Redis", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return scriptMissing;
    }

    /**
     * Waits for one reply of the write connection. A command that a cluster node redirects (MOVED or ASK:
     * a fail-over, a slot migration) is sent again by Lettuce on the target node's connection, where, with
     * auto-flush off, it would sit until some later batch flushes; if no batch comes, until the timeout.
     * So while a reply is late the connection is flushed again, which sends any such command.
     */
    private void awaitFlushing(RedisFuture<?> reply, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            long remaining = deadline - System.nanoTime();
            try {
                reply.get(Math.max(0, Math.min(remaining, REFLUSH_NANOS)), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                if (remaining <= REFLUSH_NANOS) {
                    throw e;
                }
                flushLock.lock();
                try {
                    writeConnection.flushCommands();
                } finally {
                    flushLock.unlock();
                }
            }
        }
    }

    @Override
    public List<byte[]> read(List<byte[]> keys) {
        if (bulk) {
            return readOnce(keys);
        }
        // Lettuce follows MOVED and ASK but passes CLUSTERDOWN on, which a node answers for a moment during a
        // fail-over.
        return ClusterDownPatience.read(() -> readOnce(keys), CauseText::isClusterDown);
    }

    private List<byte[]> readOnce(List<byte[]> keys) {
        if (keys.size() == 1) {
            return Arrays.asList(await(reads.get(keys.get(0))));
        }
        List<KeyValue<byte[], byte[]>> found = await(reads.mget(keys.toArray(NO_KEYS)));
        List<byte[]> values = new ArrayList<>(found.size());
        for (KeyValue<byte[], byte[]> keyValue : found) {
            values.add(keyValue.hasValue() ? keyValue.getValue() : null);
        }
        return values;
    }

    /**
     * {@code GET} (or {@code MGET}) and a {@code PTTL} per key, handed to the read connection in one dispatch:
     * one write, one round trip. A key changed between them is reported by a tracking push before the
     * later replies, so the near cache does not keep the mismatched pair. As for write batches, only the
     * last command carries a future (and, on the store's own clients, a timer); replies arrive in order.
     */
    @Override
    public List<TimedValue> readTimed(List<byte[]> keys) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(keys.size() + 1);
        CommandArgs<byte[], byte[]> valueArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        keys.forEach(valueArgs::addKey);
        BatchedCommand<?> values = keys.size() == 1
                ? new BatchedCommand<>(CommandType.GET, new ValueOutput<>(ByteArrayCodec.INSTANCE), valueArgs)
                : new BatchedCommand<>(CommandType.MGET, new ValueListOutput<>(ByteArrayCodec.INSTANCE), valueArgs);
        commands.add(values);
        List<BatchedCommand<Long>> ttls = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            BatchedCommand<Long> ttl = new BatchedCommand<>(CommandType.PTTL, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(key));
            ttls.add(ttl);
            commands.add(ttl);
        }
        AsyncCommand<byte[], byte[], Long> last = new AsyncCommand<>(ttls.get(ttls.size() - 1));
        commands.set(commands.size() - 1, last);
        readConnection.dispatch(commands);
        await(last);
        for (RedisCommand<byte[], byte[], ?> command : commands) {
            if (command.getOutput().getError() != null) {
                throw new io.lettuce.core.RedisCommandExecutionException(command.getOutput().getError());
            }
        }
        Object answered = values.getOutput().get();
        List<?> stored = keys.size() == 1 ? Arrays.asList(answered) : (List<?>) answered;
        List<TimedValue> timed = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            timed.add(new TimedValue((byte[]) stored.get(i), ttls.get(i).getOutput().get()));
        }
        return timed;
    }

    @Override
    public void scan(String pattern, int batchSize, Consumer<List<String>> batches) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(batchSize);
        // On a cluster connection Lettuce's cursor moves from node to node by itself.
        KeyScanCursor<byte[]> cursor = await(reads.scan(args));
        while (true) {
            List<String> keys = new ArrayList<>(cursor.getKeys().size());
            cursor.getKeys().forEach(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
            if (!keys.isEmpty()) {
                batches.accept(keys);
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = await(reads.scan(cursor, args));
        }
    }

    private <T> T await(RedisFuture<T> reply) {
        return await(reply, timeout);
    }

    /**
     * Waits up to {@code timeout} for {@code reply}: its value, or its failure as a runtime exception, a
     * {@link RedisCommandTimeoutException} (the command cancelled), or an {@link IllegalStateException} when
     * interrupted (the interrupt flag kept).
     */
    static <T> T await(RedisFuture<T> reply, Duration timeout) {
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RedisCommandTimeoutException("no reply within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }

    @Override
    public void close() {
        try {
            if (optimistic != null) {
                optimistic.close();
            }
            writeConnection.close();
            readConnection.close();
        } finally {
            closeClient.run();
        }
    }
}
