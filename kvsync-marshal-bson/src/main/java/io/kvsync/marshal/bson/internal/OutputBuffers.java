package io.kvsync.marshal.bson.internal;

import org.bson.io.BasicOutputBuffer;

/**
 * One reusable output buffer per thread, so that marshaling allocates only the result array. A
 * buffer that grew past {@link #MAX_RETAINED} for one huge value is dropped rather than kept.
 */
final class OutputBuffers {

    private static final int INITIAL = 1024;
    private static final int MAX_RETAINED = 1 << 20;
    private static final ThreadLocal<OutputBuffers> PER_THREAD = ThreadLocal.withInitial(OutputBuffers::new);

    private BasicOutputBuffer buffer = new BasicOutputBuffer(INITIAL);
    private boolean inUse;

    private OutputBuffers() {
    }

    /** This thread's buffer, emptied; a fresh one if it is already in use further up the stack. */
    static BasicOutputBuffer acquire() {
        OutputBuffers local = PER_THREAD.get();
        if (local.inUse) {
            return new BasicOutputBuffer(INITIAL);
        }
        local.inUse = true;
        local.buffer.truncateToPosition(0);
        return local.buffer;
    }

    static void release(BasicOutputBuffer buffer) {
        OutputBuffers local = PER_THREAD.get();
        if (local.buffer == buffer) {
            local.inUse = false;
            if (buffer.getInternalBuffer().length > MAX_RETAINED) {
                local.buffer = new BasicOutputBuffer(INITIAL);
            }
        }
    }
}
