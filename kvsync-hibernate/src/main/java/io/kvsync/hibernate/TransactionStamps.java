package io.kvsync.hibernate;

import io.kvsync.engine.CommitClock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The commit stamp ({@link CommitClock#next()}) of each session's transaction, drawn once per transaction
 * just before it commits: after Hibernate's last flush, when every statement has run and so holds every
 * row and unique value it took. A transaction that takes a key from another row can only get there once
 * the other row's transaction committed (the database makes it wait), so its stamp is the later one; the
 * stores then order the two rows' writes on that key by stamp, whatever order they arrive in.
 *
 * <p>A change {@linkplain #join joins} its session's transaction when Hibernate executes its statement;
 * the replication after the commit reads the stamp with {@link #of}. Sessions are held weakly and keyed
 * by identity (sessions do not override {@code equals}), so a session that is dropped leaves nothing
 * behind. Thread-safe.
 */
final class TransactionStamps {

    private final Map<SharedSessionContractImplementor, TransactionStamp> current =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Makes sure that the transaction {@code session} is in draws a stamp just before it commits; the
     * first change of a transaction registers the callbacks, later ones find them.
     */
    void join(SharedSessionContractImplementor session) {
        TransactionStamp stamp = current.get(session);
        if (stamp != null && !stamp.completed) {
            return;
        }
        TransactionStamp fresh = new TransactionStamp();
        current.put(session, fresh);
        TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
        callbacks.registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback) s -> fresh.draw());
        // Runs before or after the post-commit events, depending on registration order: it only marks the
        // transaction as over, so that the next one of the session draws a stamp of its own.
        callbacks.registerCallback((TransactionCompletionCallbacks.AfterCompletionCallback) (success, s) -> fresh.completed = true);
    }

    /**
     * The stamp of the transaction that {@code session} just committed, or {@code 0} when none was drawn
     * (a change made outside a transaction, whose statement committed on its own): the engine then draws
     * one when the change is enqueued.
     */
    long of(SharedSessionContractImplementor session) {
        TransactionStamp stamp = current.get(session);
        return stamp == null ? 0 : stamp.value;
    }

    /** One transaction's stamp: {@code 0} until it is drawn. */
    private static final class TransactionStamp {
        volatile long value;
        volatile boolean completed;

        void draw() {
            value = CommitClock.next();
        }
    }
}
