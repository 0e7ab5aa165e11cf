package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a whole write batch in the client, from what its keys held when they were read, as the
 * {@link FencedWriteScript} would decide it key by key in Redis: which writes apply (by {@link KvWrite#admit}),
 * which incarnation stamp each entry it leaves carries, and what each key holds at the end. An
 * {@link OptimisticFencing} transaction then writes only those final entries, and only if no key changed
 * since it was read.
 *
 * <p>Commands apply in the batch's order, each over what the ones before it left, so a key that appears
 * twice is decided as two script calls in a row would decide it. An unversioned {@code SET} or {@code DEL}
 * applies unconditionally, as it does outside a transaction. Not thread-safe; one per batch.
 */
final class FencedBatchPlan {

    private final List<StoreCommand> commands;
    private final long windowMicros;
    /** Every key of the batch once, in the order of its first command. */
    private final Map<ByteBuffer, Entry> entries = new LinkedHashMap<>();
    /** Per command: whether the script would have answered that it met an uncertain hand-over. */
    private final List<Boolean> applied = new ArrayList<>();
    private final List<Boolean> uncertain = new ArrayList<>();

    /**
     * @param commands     the batch, encoded
     * @param windowMicros the window of uncertain hand-overs ({@link UncertainOrders#windowMicros()}), 0 for none
     */
    FencedBatchPlan(List<StoreCommand> commands, long windowMicros) {
        this.commands = commands;
        this.windowMicros = windowMicros;
        for (StoreCommand command : commands) {
            entries.computeIfAbsent(ByteBuffer.wrap(command.key()), key -> new Entry(command.key()));
        }
    }

    /** Every key of the batch once: what to watch and read. */
    List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>(entries.size());
        entries.values().forEach(entry -> keys.add(entry.key));
        return keys;
    }

    /**
     * Decides every command over {@code held}.
     *
     * @param held what each key of {@link #keys()} holds, in that order; {@code null} where a key is absent
     * @return {@code false} when some held value is not an envelope this version can decide on (cut short,
     *         or of an unknown kind): the script, which reads such values its own way, must decide the batch
     */
    boolean decide(List<byte[]> held) {
        int i = 0;
        for (Entry entry : entries.values()) {
            entry.value = held.get(i++);
        }
        for (StoreCommand command : commands) {
            Entry entry = entries.get(ByteBuffer.wrap(command.key()));
            boolean doubt = false;
            boolean applies = true;
            if (command.kind() == StoreCommand.Kind.FENCED) {
                KvWrite.Held current;
                try {
                    current = entry.value == null ? null : ValueEnvelope.held(entry.value);
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    return false;
                }
                KvWrite write = command.write();
                long born = write.admit(current);
                applies = born != KvWrite.REFUSED;
                doubt = windowMicros > 0 && write.uncertainOrder(current, windowMicros);
                if (applies) {
                    KvWrite.Claim claim = write.claim();
                    entry.set(claim == null || born == claim.born() ? command.value()
                            : ValueEnvelope.withBorn(command.value(), born), command.ttlMillis());
                }
            } else {
                entry.set(command.kind() == StoreCommand.Kind.DEL ? null : command.value(), command.ttlMillis());
            }
            applied.add(applies);
            uncertain.add(doubt);
        }
        return true;
    }

    /** The keys that a command of the batch wrote, with what each holds at the end. */
    List<Entry> changes() {
        List<Entry> changed = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            if (entry.written) {
                changed.add(entry);
            }
        }
        return changed;
    }

    /** Tells {@code orders} of each fenced write that met an uncertain hand-over, as the script's answers would. */
    void tell(UncertainOrders orders) {
        for (int i = 0; i < uncertain.size(); i++) {
            if (uncertain.get(i)) {
                orders.report(commands.get(i).write(), null, applied.get(i));
            }
        }
    }

    /** One key of the batch: what it holds as the batch's commands apply, one after another. */
    static final class Entry {
        final byte[] key;
        /** What the key holds: as read, then as the last command that applied left it; {@code null} when absent. */
        byte[] value;
        /** The time to live the last command that applied gave it, in milliseconds; 0 for none. */
        long ttlMillis;
        boolean written;

        Entry(byte[] key) {
            this.key = key;
        }

        private void set(byte[] value, long ttlMillis) {
            this.value = value;
            this.ttlMillis = ttlMillis;
            this.written = true;
        }
    }
}
