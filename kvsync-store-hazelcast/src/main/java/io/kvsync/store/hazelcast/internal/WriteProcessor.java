package io.kvsync.store.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.kvsync.spi.KvWrite;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies the writes of a batch to the keys of one partition, on the member that owns it: each key's
 * writes in order, by the rule of {@link KvWrite#admit}, so that no other writer can slip in
 * between reading a key's version and claim and replacing its entry, and a whole partition's keys cost one
 * operation.
 *
 * <p><b>Class path.</b> It runs on the members, so every member needs this class and
 * {@code io.kvsync.spi.KvWrite}: the {@code kvsync-store-hazelcast} and {@code kvsync-api} jars. An
 * embedded member has them already; a cluster reached by a client must have them installed.
 *
 * <p>Serialized with {@link DataSerializable}, which needs no registration on the members (Hazelcast
 * writes the class name and creates it with the public no-argument constructor); Java serialization,
 * which {@link EntryProcessor} also allows, is never used. Immutable once built, so one instance may
 * process several entries at once; backup replicas run the same writes and reach the same result,
 * because the outcome depends only on the entry and the writes.
 */
public final class WriteProcessor implements EntryProcessor<String, byte[], int[]>, DataSerializable {

    private static final long serialVersionUID = 1L;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    // Transient because Hazelcast sends them through writeData/readData, never Java serialization.
    private transient Map<String, List<KvWrite>> writesByKey;
    private transient long tombstoneTtlMillis;
    private transient long uncertainWindowMicros;

    /** For Hazelcast, which creates the processor on a member and then calls {@link #readData}. */
    public WriteProcessor() {
    }

    /**
     * @param writesByKey           each key's writes in the order to apply them; no list empty
     * @param tombstoneTtl          how long the tombstone of a versioned delete lives
     * @param uncertainWindowMicros see {@link io.kvsync.spi.UncertainOrders#windowMicros()}; 0 to look for none
     */
    public WriteProcessor(Map<String, List<KvWrite>> writesByKey, Duration tombstoneTtl, long uncertainWindowMicros) {
        writesByKey.forEach((key, writes) -> {
            if (writes.isEmpty() || writes.stream().anyMatch(w -> !w.key().equals(key))) {
                throw new IllegalArgumentException("the writes listed for key " + key + " are not all of it: " + writes);
            }
        });
        this.writesByKey = Map.copyOf(writesByKey);
        this.tombstoneTtlMillis = TtlMillis.of(tombstoneTtl);
        this.uncertainWindowMicros = uncertainWindowMicros;
    }

    /**
     * Applies the key's writes; returns {@code null}, or the writes (by their place in the key's list) that
     * met another row's claim from another instance within the window ({@link KvWrite#uncertainOrder}):
     * {@code i + 1} when write {@code i} applied, {@code -(i + 1)} when it was refused.
     */
    @Override
    public int[] process(Map.Entry<String, byte[]> entry) {
        List<KvWrite> writes = writesByKey.get(entry.getKey());
        if (writes == null) {
            return null;
        }
        // Bytes not written by this store count as an unversioned value: any write replaces them, so
        // that the key converges to the database instead of failing forever.
        Envelope envelope = Envelope.parse(entry.getValue());
        KvWrite.Held held = envelope == null ? null : envelope.held();
        KvWrite last = null;
        KvWrite.Claim lastClaim = null;
        int[] uncertain = null;
        for (int i = 0; i < writes.size(); i++) {
            KvWrite write = writes.get(i);
            long born = write.admit(held);
            if (write.uncertainOrder(held, uncertainWindowMicros)) {
                uncertain = UncertainDecisions.add(uncertain, born == KvWrite.REFUSED ? -(i + 1) : i + 1);
            }
            if (born != KvWrite.REFUSED) {
                last = write;
                lastClaim = write.claim() == null || !write.versioned() ? null : write.claim().bornAt(born);
                held = write.versioned() ? new KvWrite.Held(write.version(), write instanceof KvWrite.Delete, lastClaim) : null;
            }
        }
        if (last != null) {
            // Each applied write replaces the whole entry, so the last one decides what is left. Writes
            // that were all refused leave the entry alone, expiry included (a tombstone is not extended).
            store(entry, last, lastClaim);
        }
        return uncertain;
    }

    private void store(Map.Entry<String, byte[]> entry, KvWrite write, KvWrite.Claim claim) {
        if (write instanceof KvWrite.Put put) {
            setWithTtl(entry, Envelope.value(put.version(), claim, put.value()), TtlMillis.of(put.ttl()));
        } else if (write.versioned()) {
            setWithTtl(entry, Envelope.tombstone(write.version(), claim), tombstoneTtlMillis);
        } else {
            entry.setValue(null);
        }
    }

    private static void setWithTtl(Map.Entry<String, byte[]> entry, byte[] value, long ttlMillis) {
        if (!(entry instanceof ExtendedMapEntry<String, byte[]> extended)) {
            throw new IllegalStateException("Hazelcast passed a map entry without ttl support: " + entry.getClass().getName());
        }
        // 0 means "never expires": a put without ttl must clear the expiry of the value it replaces.
        extended.setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(tombstoneTtlMillis);
        out.writeLong(uncertainWindowMicros);
        out.writeInt(writesByKey.size());
        for (Map.Entry<String, List<KvWrite>> keyWrites : writesByKey.entrySet()) {
            out.writeString(keyWrites.getKey());
            out.writeInt(keyWrites.getValue().size());
            for (KvWrite write : keyWrites.getValue()) {
                out.writeLong(write.version());
                writeClaim(out, write.claim());
                if (write instanceof KvWrite.Put put) {
                    out.writeByte(PUT);
                    out.writeLong(TtlMillis.of(put.ttl()));
                    out.writeByteArray(put.value());
                } else {
                    out.writeByte(DELETE);
                }
            }
        }
    }

    private static void writeClaim(ObjectDataOutput out, KvWrite.Claim claim) throws IOException {
        out.writeBoolean(claim != null);
        if (claim != null) {
            // Chars rather than writeString, so that any owner, lone surrogates included, arrives unchanged.
            out.writeCharArray(claim.owner().toCharArray());
            out.writeLong(claim.stamp());
            out.writeLong(claim.born());
            out.writeInt(claim.origin());
        }
    }

    private static KvWrite.Claim readClaim(ObjectDataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String owner = new String(in.readCharArray());
        long stamp = in.readLong();
        long born = in.readLong();
        return new KvWrite.Claim(owner, stamp, born, in.readInt());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tombstoneTtlMillis = in.readLong();
        uncertainWindowMicros = in.readLong();
        int keyCount = in.readInt();
        Map<String, List<KvWrite>> read = new HashMap<>(keyCount * 2);
        for (int k = 0; k < keyCount; k++) {
            String key = in.readString();
            int count = in.readInt();
            List<KvWrite> writes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                writes.add(readWrite(in, key));
            }
            read.put(key, List.copyOf(writes));
        }
        writesByKey = read;
    }

    private static KvWrite readWrite(ObjectDataInput in, String key) throws IOException {
        long version = in.readLong();
        KvWrite.Claim claim = readClaim(in);
        byte kind = in.readByte();
        if (kind == PUT) {
            long ttlMillis = in.readLong();
            return new KvWrite.Put(key, in.readByteArray(), TtlMillis.toDuration(ttlMillis), version, claim);
        }
        if (kind == DELETE) {
            return new KvWrite.Delete(key, version, claim);
        }
        throw new IOException("unknown write kind " + kind + " for key " + key
                + ": the members run another version of kvsync-store-hazelcast");
    }

    @Override
    public String toString() {
        return "WriteProcessor[" + writesByKey.size() + " key(s)]";
    }
}
