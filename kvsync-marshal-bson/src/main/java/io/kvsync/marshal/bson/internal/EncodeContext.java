package io.kvsync.marshal.bson.internal;

import io.kvsync.spi.LazyLoadGuard;
import org.bson.BsonBinaryWriter;

/**
 * One encoding run: the writer, the guard against ORM proxies, and the objects being written (the
 * ancestors of the current value), so that a cycle fails with a message instead of a
 * {@link StackOverflowError}. Single-threaded.
 */
final class EncodeContext {

    /** Deeper graphs than this are rejected before the thread stack runs out. */
    static final int MAX_DEPTH = 200;

    final BsonBinaryWriter writer;
    final LazyLoadGuard guard;
    private Object[] ancestors = new Object[16];
    private int depth;

    EncodeContext(BsonBinaryWriter writer, LazyLoadGuard guard) {
        this.writer = writer;
        this.guard = guard;
    }

    /** Starts writing {@code value}; fails if it is already being written further up. */
    void enter(Object value) {
        // A linear scan by identity: graphs are shallow, and this is cheaper than an IdentityHashMap.
        for (int i = 0; i < depth; i++) {
            if (ancestors[i] == value) {
                throw new MarshalFailure("cycle: this " + value.getClass().getName()
                        + " is already being written further up the graph; mark the back-reference"
                        + " @KvSyncIgnore or transient");
            }
        }
        if (depth == MAX_DEPTH) {
            throw new MarshalFailure("the object graph is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (depth == ancestors.length) {
            ancestors = java.util.Arrays.copyOf(ancestors, depth * 2);
        }
        ancestors[depth++] = value;
    }

    void exit() {
        ancestors[--depth] = null;
    }
}
