package io.kvsync.store.redis.internal;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * A write batch as Lettuce commands for a connection to one node, dispatched in one call (one channel write, one
 * flush). Only the last command carries a future: replies on one connection arrive in order, so when it
 * completes every command before it has completed too, and their outcomes are read from their outputs.
 * That spares a future per command, which is a large part of Lettuce's per-command cost (see
 * {@link BatchedCommand} for what the others carry instead). Not thread-safe;
 * one per batch.
 */
final class LettuceBatch {

    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;
    private static final byte[] SCRIPT_DIGEST = FencedWriteScript.SHA1.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final List<RedisCommand<byte[], byte[], ?>> commands;
    /** The store command behind each of {@link #commands}; {@code null} for a run's {@code MSET}. */
    private final List<StoreCommand> sources;
    private final AsyncCommand<byte[], byte[], ?> last;

    /** Runs of unexpiring puts become one {@code MSET} each ({@link PlainSetRuns}). */
    LettuceBatch(List<StoreCommand> batch, RedisBackend.ScriptMode mode) {
        List<BatchedCommand<?>> built = new ArrayList<>(batch.size());
        sources = new ArrayList<>(batch.size());
        for (List<StoreCommand> piece : PlainSetRuns.pieces(batch)) {
            boolean run = PlainSetRuns.isRun(piece);
            built.add(run ? multiSet(piece) : command(piece.get(0), mode));
            sources.add(run ? null : piece.get(0));
        }
        commands = new ArrayList<>(built.size());
        commands.addAll(built.subList(0, built.size() - 1));
        last = new AsyncCommand<>(built.get(built.size() - 1));
        commands.add(last);
    }

    /** The commands, in order, to hand to {@code StatefulConnection.dispatch(Collection)}. */
    List<RedisCommand<byte[], byte[], ?>> commands() {
        return commands;
    }

    /** Completes when every command of the batch has. */
    AsyncCommand<byte[], byte[], ?> completion() {
        return last;
    }

    /**
     * Reads every command's outcome once {@link #completion()} is done.
     *
     * @return {@code true} when a node answered {@code NOSCRIPT}
     * @throws io.lettuce.core.RedisCommandExecutionException for the first other error
     */
    boolean scriptMissing() {
        boolean scriptMissing = false;
        String error = null;
        for (RedisCommand<byte[], byte[], ?> command : commands) {
            String message = command.getOutput().getError();
            if (message == null && !command.isDone()) {
                message = "no reply (the connection was lost)";
            }
            if (message != null) {
                if (message.startsWith("NOSCRIPT")) {
                    scriptMissing = true;
                } else if (error == null) {
                    error = message;
                }
            }
        }
        if (error != null) {
            throw new io.lettuce.core.RedisCommandExecutionException(error);
        }
        return scriptMissing;
    }

    /** Hands each fenced command's reply, where one came, to {@link StoreCommand#tell}. */
    void tell(io.kvsync.spi.UncertainOrders uncertain) {
        if (uncertain.windowMicros() <= 0) {
            return;
        }
        for (int i = 0; i < commands.size(); i++) {
            StoreCommand source = sources.get(i);
            RedisCommand<byte[], byte[], ?> command = commands.get(i);
            if (source != null && source.write() != null && command.isDone() && command.getOutput().getError() == null) {
                source.tell(command.getOutput().get(), uncertain);
            }
        }
    }

    /** One {@code MSET} for a run of unexpiring puts (see {@link PlainSetRuns}). */
    private static BatchedCommand<?> multiSet(List<StoreCommand> sets) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC);
        for (StoreCommand set : sets) {
            args.addKey(set.key()).addValue(set.value());
        }
        return new BatchedCommand<>(CommandType.MSET, status(), args);
    }

    private static BatchedCommand<?> command(StoreCommand write, RedisBackend.ScriptMode mode) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC);
        return switch (write.kind()) {
            case SET -> {
                args.addKey(write.key()).addValue(write.value());
                if (write.ttlMillis() > 0) {
                    args.add("PX").add(write.ttlMillis());
                }
                yield new BatchedCommand<>(CommandType.SET, status(), args);
            }
            case DEL -> new BatchedCommand<>(CommandType.DEL, integer(), args.addKey(write.key()));
            case FENCED -> {
                args.add(mode == RedisBackend.ScriptMode.EVALSHA ? SCRIPT_DIGEST : FencedWriteScript.SOURCE_BYTES)
                        .add(1).addKey(write.key()).addValue(write.value()).addValue(write.ttlArgument())
                        .addValue(write.windowArgument());
                yield new BatchedCommand<>(mode == RedisBackend.ScriptMode.EVALSHA ? CommandType.EVALSHA : CommandType.EVAL,
                        integer(), args);
            }
        };
    }

    private static CommandOutput<byte[], byte[], String> status() {
        return new StatusOutput<>(CODEC);
    }

    private static CommandOutput<byte[], byte[], Long> integer() {
        return new IntegerOutput<>(CODEC);
    }
}
