package io.kvsync.store.redis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the runs of consecutive unexpiring puts in a write batch, which a single Redis node takes as one
 * {@code MSET} each instead of one {@code SET} per key.
 *
 * <p>Why: on 2 cores the client's per-command cost (Lettuce builds, writes and completes a command object
 * per key) and Redis's own per-command dispatch were most of the replication CPU; one {@code MSET} of a
 * run costs a fraction of that per key. The outcome is the same as the {@code SET}s in order: the run is
 * applied at its place in the batch, and a key that repeats within it keeps its last value. Only runs
 * are combined, so a {@code DEL}, an expiring put or a versioned write between puts keeps its order.
 * Not on a cluster, where the keys of a run lie in different slots. Stateless.
 */
final class PlainSetRuns {

    private PlainSetRuns() {
    }

    /**
     * The batch in order, cut into the pieces that are sent as one command each: a run of two or more
     * unexpiring puts (one {@code MSET}, see {@link #isRun}), or a single command.
     */
    static List<List<StoreCommand>> pieces(List<StoreCommand> batch) {
        return runs(batch, PlainSetRuns::isPlainSet, Integer.MAX_VALUE);
    }

    /**
     * {@code commands} in order, cut into pieces: a run of consecutive commands that {@code joins} accepts, at
     * most {@code maxRun} long, or a single command. Shared with {@link SetIfAbsentChunks}.
     */
    static List<List<StoreCommand>> runs(List<StoreCommand> commands, Predicate<StoreCommand> joins, int maxRun) {
        List<List<StoreCommand>> pieces = new ArrayList<>();
        int from = 0;
        while (from < commands.size()) {
            int end = from;
            while (end < commands.size() && end - from < maxRun && joins.test(commands.get(end))) {
                end++;
            }
            // A run of one, or a command that joins none, is a piece of its own.
            int to = Math.max(end, from + 1);
            pieces.add(commands.subList(from, to));
            from = to;
        }
        return pieces;
    }

    /** Whether a piece of {@link #pieces} is a run of puts for one {@code MSET}, rather than a single command. */
    static boolean isRun(List<StoreCommand> piece) {
        return piece.size() > 1;
    }

    /** {@code key1, value1, key2, value2, …}: the arguments of the run's {@code MSET}. */
    static byte[][] keysAndValues(List<StoreCommand> run) {
        byte[][] arguments = new byte[run.size() * 2][];
        for (int i = 0; i < run.size(); i++) {
            arguments[2 * i] = run.get(i).key();
            arguments[2 * i + 1] = run.get(i).value();
        }
        return arguments;
    }

    private static boolean isPlainSet(StoreCommand command) {
        return command.kind() == StoreCommand.Kind.SET && command.ttlMillis() == 0;
    }
}
