package io.kvsync.hibernate;

import io.kvsync.engine.CommitClock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The commit stamps ({@link CommitClock}) of each session's transaction, drawn once per transaction just
 * before it commits: after Hibernate's last flush, when every statement has run and so holds every row and
 * unique value it took. A transaction that takes a key from another row can only get there once the other
 * row's transaction committed (the database makes it wait), so its stamps are the later ones; the stores
 * then order the two rows' writes on that key by stamp, whatever order they arrive in.
 *
 * <p>A transaction reserves one stamp per change ({@link CommitClock#reserve}), handed out in the order its
 * statements ran, so that changes within one transaction are ordered too: a row deleted and inserted again
 * under its identifier, a key given up by one row and taken by another in a later flush.
 *
 * <p>A change {@linkplain #join joins} its session's transaction when Hibernate executes its statement; the
 * replication after the commit takes the stamps in the same order with {@link #next} (Hibernate runs its
 * after-commit work in the order the statements ran). Sessions are held weakly and keyed by identity
 * (sessions do not override {@code equals}), so a session that is dropped leaves nothing behind.
 * Thread-safe.
 */
final class TransactionStamps {

    private final Map<SharedSessionContractImplementor, TransactionStamp> current =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Counts a change of the transaction that {@code session} is in, and makes sure that the transaction
     * reserves its stamps just before it commits; returns the change's place in the transaction.
     */
    Ticket join(SharedSessionContractImplementor session) {
        TransactionStamp stamp = current.get(session);
        if (stamp == null || stamp.completed) {
            stamp = new TransactionStamp();
            current.put(session, stamp);
            TransactionStamp fresh = stamp;
            TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
            callbacks.registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback) s -> fresh.draw());
            // Runs before the after-commit events (it is registered first): it only marks the transaction as
            // over, so that the next transaction of the session counts its changes afresh.
            callbacks.registerCallback((TransactionCompletionCallbacks.AfterCompletionCallback) (success, s) -> fresh.completed = true);
        }
        return new Ticket(stamp, stamp.join());
    }

    /**
     * The stamp of the next change that {@code session}'s committed transaction replicates, in the order
     * of {@link #join}; {@code 0} when none was drawn (a change outside a transaction, whose statement
     * committed on its own): the engine then draws one when the change is enqueued.
     */
    long next(SharedSessionContractImplementor session) {
        TransactionStamp stamp = current.get(session);
        return stamp == null ? 0 : stamp.next();
    }

    /** A change's place in its transaction, for the stamp it gets once the transaction has committed. */
    record Ticket(TransactionStamp transaction, int ordinal) {

        /** The change's stamp; {@code 0} before its transaction drew its stamps. */
        long stamp() {
            return transaction.stampOf(ordinal);
        }
    }

    /** One transaction's stamps: {@code 0} until they are drawn. */
    static final class TransactionStamp {
        private int joined;
        private int taken;
        private long first;
        volatile boolean completed;

        synchronized int join() {
            return joined++;
        }

        synchronized void draw() {
            first = CommitClock.reserve(Math.max(1, joined));
        }

        /**
         * The stamp of the next change replicated after the commit; should more changes be replicated than
         * joined (which Hibernate's event order rules out), the extra ones share the last stamp.
         */
        synchronized long next() {
            return stampOf(taken++);
        }

        synchronized long stampOf(int ordinal) {
            if (first == 0) {
                return 0;
            }
            return first + Math.min(ordinal, Math.max(0, joined - 1));
        }
    }
}
