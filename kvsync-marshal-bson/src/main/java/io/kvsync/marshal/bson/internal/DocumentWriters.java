package io.kvsync.marshal.bson.internal;

import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;

/**
 * One reusable BSON writer per thread, with the buffer it writes into, so that marshaling allocates little
 * beyond the result array. A {@link BsonBinaryWriter} accepts a new top-level document once it has finished
 * one, so the writer is kept too: building one per value (its settings and two stacks) was about a quarter
 * of the bytes allocated per marshaled value ({@code MarshalerBenchmark -prof gc}: 1,256 before, 928 after);
 * its time was within the benchmark's spread. A writer that failed mid-document is dropped, and so is a
 * buffer that grew past {@link #MAX_RETAINED} for one huge value.
 */
final class DocumentWriters {

    private static final int INITIAL = 1024;
    private static final int MAX_RETAINED = 1 << 20;
    private static final ThreadLocal<DocumentWriters> PER_THREAD = ThreadLocal.withInitial(DocumentWriters::new);

    private Lease kept = new Lease();
    private boolean inUse;

    private DocumentWriters() {
    }

    /** A writer with an empty buffer, between documents. */
    static final class Lease {
        final BasicOutputBuffer buffer = new BasicOutputBuffer(INITIAL);
        final BsonBinaryWriter writer = new BsonBinaryWriter(buffer);
    }

    /** This thread's writer, its buffer emptied; a fresh one if it is already in use further up the stack. */
    static Lease acquire() {
        DocumentWriters local = PER_THREAD.get();
        if (local.inUse) {
            return new Lease();
        }
        local.inUse = true;
        local.kept.buffer.truncateToPosition(0);
        return local.kept;
    }

    /**
     * Gives the writer back; {@code finished}: whether its document was completed, so that the writer can take
     * the next one (otherwise it is in the middle of a document and is replaced).
     */
    static void release(Lease lease, boolean finished) {
        DocumentWriters local = PER_THREAD.get();
        if (local.kept == lease) {
            local.inUse = false;
            if (!finished || lease.buffer.getInternalBuffer().length > MAX_RETAINED) {
                local.kept = new Lease();
            }
        }
    }
}
