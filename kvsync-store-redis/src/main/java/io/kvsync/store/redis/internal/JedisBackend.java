package io.kvsync.store.redis.internal;

import io.kvsync.spi.UncertainOrders;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Talks to Redis through a Jedis {@link UnifiedJedis}: standalone, Sentinel or cluster. A batch is one
 * {@link AbstractPipeline} (on a cluster, Jedis sends one pipeline per node); reads are one {@code MGET},
 * or on a cluster one {@code MGET} per hash slot in a single pipeline. Thread-safe: every call borrows
 * its own connection from the client's pool.
 *
 * <p>A cluster pipeline routes by the client's slot map but neither follows {@code MOVED}/{@code ASK} nor
 * refreshes that map, so after a fail-over or a resharding it keeps reaching the old node. A command whose
 * reply is a redirection, or that got no reply because its node's connection broke, is therefore sent
 * again on its own through the cluster client, which follows the redirection and refreshes the slot map
 * for the next pipelines. Every command is idempotent, so sending one again is safe.
 */
final class JedisBackend implements RedisBackend {

    private static final byte[][] NO_KEYS = new byte[0][];
    private static final byte[] SCRIPT_SHA1 = FencedWriteScript.SHA1.getBytes(StandardCharsets.US_ASCII);

    private final UnifiedJedis jedis;
    private final boolean cluster;
    private final boolean ownsClient;

    /**
     * @param ownsClient whether {@link #close()} closes {@code jedis} (not when the application gave it)
     */
    JedisBackend(UnifiedJedis jedis, boolean ownsClient) {
        this.jedis = jedis;
        this.ownsClient = ownsClient;
        try (AbstractPipeline probe = jedis.pipelined()) {
            // Only a cluster client hands out cluster pipelines; MGET must then be split by slot.
            this.cluster = probe instanceof ClusterPipeline;
        }
    }

    @Override
    public boolean write(List<StoreCommand> commands, ScriptMode mode, UncertainOrders uncertain) {
        List<Response<?>> replies = new ArrayList<>(commands.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            if (cluster) {
                // A run's keys lie in different slots: a command per key.
                commands.forEach(command -> replies.add(send(pipeline, command, mode)));
            } else {
                for (List<StoreCommand> piece : PlainSetRuns.pieces(commands)) {
                    if (PlainSetRuns.isRun(piece)) {
                        // Each put of the run shares the MSET's reply, so replies stay one per command.
                        replies.addAll(Collections.nCopies(piece.size(), pipeline.mset(PlainSetRuns.keysAndValues(piece))));
                    } else {
                        replies.add(send(pipeline, piece.get(0), mode));
                    }
                }
            }
            pipeline.sync();
        }
        boolean scriptMissing = false;
        RuntimeException failure = null;
        for (int i = 0; i < commands.size(); i++) {
            try {
                // Once a command failed, the batch fails (and the engine retries it): re-sending the rest one
                // by one would only make the caller wait, up to a timeout each when a node is down.
                StoreCommand command = commands.get(i);
                // A resent script may answer NOSCRIPT (a new master's script cache is empty): the caller then
                // sends the batch with EVAL.
                command.tell(awaitReply(replies.get(i), cluster && failure == null, () -> send(command, mode)), uncertain);
            } catch (JedisNoScriptException e) {
                scriptMissing = true;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return scriptMissing;
    }

    @Override
    public boolean[] setIfAbsent(List<StoreCommand> puts) {
        return cluster ? setIfAbsentByKey(puts) : setIfAbsentInChunks(puts);
    }

    /**
     * On a single node: {@code MSETNX} for each run of unexpiring puts, as {@link SetIfAbsentChunks} cuts them
     * (a refused run's puts asked again one by one).
     */
    private boolean[] setIfAbsentInChunks(List<StoreCommand> puts) {
        return SetIfAbsentChunks.setIfAbsent(puts, this::pipelineSetIfAbsent);
    }

    /** One pipeline of a command per chunk; for each, whether it wrote. */
    private boolean[] pipelineSetIfAbsent(List<List<StoreCommand>> chunks) {
        List<Response<?>> replies = new ArrayList<>(chunks.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (List<StoreCommand> chunk : chunks) {
                replies.add(SetIfAbsentChunks.isMultiKey(chunk)
                        ? pipeline.msetnx(PlainSetRuns.keysAndValues(chunk))
                        : pipeline.set(chunk.get(0).key(), chunk.get(0).value(), setIfAbsentParams(chunk.get(0))));
            }
            pipeline.sync();
        }
        boolean[] wrote = new boolean[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            // MSETNX answers 1 when it wrote every key; SET … NX answers OK when written, nothing when the key was held.
            Object reply = replies.get(i).get();
            wrote[i] = reply instanceof Long count ? count == 1 : reply != null;
        }
        return wrote;
    }

    /** On a cluster: a {@code SET … NX} per key, routed to its node. */
    private boolean[] setIfAbsentByKey(List<StoreCommand> puts) {
        List<Response<String>> replies = new ArrayList<>(puts.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            puts.forEach(put -> replies.add(pipeline.set(put.key(), put.value(), setIfAbsentParams(put))));
            pipeline.sync();
        }
        boolean[] written = new boolean[puts.size()];
        RuntimeException failure = null;
        for (int i = 0; i < written.length; i++) {
            try {
                StoreCommand put = puts.get(i);
                // OK when written, nothing when the key held something.
                written[i] = awaitReply(replies.get(i), failure == null,
                        () -> jedis.set(put.key(), put.value(), setIfAbsentParams(put))) != null;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    private static SetParams setIfAbsentParams(StoreCommand put) {
        SetParams params = new SetParams().nx();
        return put.ttlMillis() > 0 ? params.px(put.ttlMillis()) : params;
    }

    /**
     * Waits for one command's reply; when {@code resend}, sends the command again through the cluster client
     * ({@code sendAgain}, whose reply it returns)
     * if its slot moved or its reply never came. Jedis' {@code Response.get()} throws
     * {@link IllegalStateException} only for a reply that never came: a cluster pipeline drops the replies of
     * a node whose connection broke.
     */
    private static Object awaitReply(Response<?> reply, boolean resend, Supplier<Object> sendAgain) {
        try {
            return reply.get();
        } catch (JedisRedirectionException | IllegalStateException e) {
            if (!resend) {
                throw e;
            }
            return sendAgain.get();
        }
    }

    private static Response<?> send(AbstractPipeline pipeline, StoreCommand command, ScriptMode mode) {
        byte[] key = command.key();
        return switch (command.kind()) {
            case SET -> command.ttlMillis() > 0
                    ? pipeline.set(key, command.value(), new SetParams().px(command.ttlMillis()))
                    : pipeline.set(key, command.value());
            case DEL -> pipeline.del(key);
            case FENCED -> mode == ScriptMode.EVALSHA
                    ? pipeline.evalsha(SCRIPT_SHA1, List.of(key), scriptArguments(command))
                    : pipeline.eval(FencedWriteScript.SOURCE_BYTES, List.of(key), scriptArguments(command));
        };
    }

    /**
     * The same command as {@link #send(AbstractPipeline, StoreCommand, ScriptMode)}, through the client itself;
     * returns its reply.
     */
    private Object send(StoreCommand command, ScriptMode mode) {
        byte[] key = command.key();
        return switch (command.kind()) {
            case SET -> command.ttlMillis() > 0
                    ? jedis.set(key, command.value(), new SetParams().px(command.ttlMillis()))
                    : jedis.set(key, command.value());
            case DEL -> jedis.del(key);
            case FENCED -> mode == ScriptMode.EVALSHA
                    ? jedis.evalsha(SCRIPT_SHA1, List.of(key), scriptArguments(command))
                    : jedis.eval(FencedWriteScript.SOURCE_BYTES, List.of(key), scriptArguments(command));
        };
    }

    private static List<byte[]> scriptArguments(StoreCommand command) {
        return List.of(command.value(), command.ttlArgument(), command.windowArgument());
    }

    @Override
    public List<byte[]> read(List<byte[]> keys) {
        if (!cluster) {
            return readOnce(keys);
        }
        // Jedis follows MOVED and ASK but passes CLUSTERDOWN on (a write is retried by the engine).
        return ClusterDownPatience.read(() -> readOnce(keys), JedisClusterException.class::isInstance);
    }

    private List<byte[]> readOnce(List<byte[]> keys) {
        if (keys.size() == 1) {
            return Arrays.asList(jedis.get(keys.get(0)));
        }
        if (!cluster) {
            return jedis.mget(keys.toArray(NO_KEYS));
        }
        return readBySlot(keys);
    }

    /** One {@code MGET} per hash slot, all in one pipeline: a cluster refuses multi-key commands across slots. */
    private List<byte[]> readBySlot(List<byte[]> keys) {
        Map<Integer, List<Integer>> indexesBySlot = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            indexesBySlot.computeIfAbsent(JedisClusterCRC16.getSlot(keys.get(i)), slot -> new ArrayList<>()).add(i);
        }
        List<byte[][]> keysBySlot = new ArrayList<>(indexesBySlot.size());
        List<Response<List<byte[]>>> replies = new ArrayList<>(indexesBySlot.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (List<Integer> indexes : indexesBySlot.values()) {
                byte[][] slotKeys = new byte[indexes.size()][];
                for (int i = 0; i < slotKeys.length; i++) {
                    slotKeys[i] = keys.get(indexes.get(i));
                }
                keysBySlot.add(slotKeys);
                replies.add(pipeline.mget(slotKeys));
            }
            pipeline.sync();
        }
        byte[][] values = new byte[keys.size()][];
        int group = 0;
        for (List<Integer> indexes : indexesBySlot.values()) {
            List<byte[]> found;
            try {
                found = replies.get(group).get();
            } catch (JedisRedirectionException | IllegalStateException e) {
                // The slot moved, or its reply never came (see awaitReply): read it through the cluster client.
                found = jedis.mget(keysBySlot.get(group));
            }
            group++;
            for (int i = 0; i < indexes.size(); i++) {
                values[indexes.get(i)] = found.get(i);
            }
        }
        return Arrays.asList(values);
    }

    @Override
    public void scan(String pattern, int batchSize, Consumer<List<String>> batches) {
        // scanIteration walks every node of a cluster, and the one server otherwise.
        ScanIteration iteration = jedis.scanIteration(batchSize, pattern);
        while (!iteration.isIterationCompleted()) {
            List<String> keys = iteration.nextBatch().getResult();
            if (!keys.isEmpty()) {
                batches.accept(keys);
            }
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            jedis.close();
        }
    }
}
