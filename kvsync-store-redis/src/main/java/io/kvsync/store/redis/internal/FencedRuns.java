package io.kvsync.store.redis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the consecutive fenced writes of a batch, already cut into pieces by {@link PlainSetRuns}, into runs
 * that one call of the many-key fencing script applies ({@link FencedWriteScript#MULTI_SOURCE}).
 *
 * <p>Why: on the server, a fenced write sent alone costs a command dispatch and a script invocation besides
 * its own {@code GET} and {@code SET}; in a run those are paid once (see {@code RedisCpuPerKeyReport}).
 * The outcome is the same as the single calls in order: each key is applied at its place, by the same code.
 * Only for a connection to one node, as {@link PlainSetRuns}. Stateless.
 */
final class FencedRuns {

    private FencedRuns() {
    }

    /** {@code pieces} in order, with every stretch of two or more single fenced writes made one piece. */
    static List<List<StoreCommand>> join(List<List<StoreCommand>> pieces) {
        List<List<StoreCommand>> joined = new ArrayList<>(pieces.size());
        List<StoreCommand> run = null;
        for (List<StoreCommand> piece : pieces) {
            if (piece.size() == 1 && piece.get(0).kind() == StoreCommand.Kind.FENCED) {
                if (run == null) {
                    run = new ArrayList<>();
                    joined.add(run);
                }
                run.add(piece.get(0));
            } else {
                run = null;
                joined.add(piece);
            }
        }
        return joined;
    }

    /** Whether a piece of {@link #join} is a run for the many-key script. */
    static boolean isRun(List<StoreCommand> piece) {
        return piece.size() > 1 && piece.get(0).kind() == StoreCommand.Kind.FENCED;
    }
}
