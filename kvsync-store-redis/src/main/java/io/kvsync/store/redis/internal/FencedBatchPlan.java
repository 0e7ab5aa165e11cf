package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
    private final List<Entry> entries;
    /** The entry of each command's key, by the command's index. */
    private final Entry[] entryOf;
    /** Per command: whether it applied, and whether it met an uncertain hand-over (as the script would answer). */
    private final boolean[] applied;
    private final boolean[] uncertain;

    private FencedBatchPlan(List<StoreCommand> commands, long windowMicros, List<Entry> entries, Entry[] entryOf) {
        this.commands = commands;
        this.windowMicros = windowMicros;
        this.entries = entries;
        this.entryOf = entryOf;
        this.applied = new boolean[commands.size()];
        this.uncertain = new boolean[commands.size()];
    }

    /**
     * Plans for the batch cut, in order, into pieces of at most {@code maxKeys} distinct keys each (a
     * non-empty batch gives at least one). Each key is hashed once, here: the plans look their entries up by
     * the command's index.
     *
     * @param commands     the batch, encoded
     * @param windowMicros the window of uncertain hand-overs ({@link UncertainOrders#windowMicros()}), 0 for none
     */
    static List<FencedBatchPlan> cut(List<StoreCommand> commands, long windowMicros, int maxKeys) {
        List<FencedBatchPlan> plans = new ArrayList<>();
        Map<Key, Entry> keys = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        Entry[] entryOf = new Entry[commands.size()];
        int from = 0;
        for (int i = 0; i < commands.size(); i++) {
            byte[] bytes = commands.get(i).key();
            Key key = new Key(bytes, Arrays.hashCode(bytes));
            Entry entry = keys.get(key);
            if (entry == null) {
                if (keys.size() == maxKeys) {
                    plans.add(new FencedBatchPlan(commands.subList(from, i), windowMicros, entries,
                            Arrays.copyOfRange(entryOf, from, i)));
                    from = i;
                    keys = new HashMap<>();
                    entries = new ArrayList<>();
                }
                entry = new Entry(bytes);
                keys.put(key, entry);
                entries.add(entry);
            }
            entryOf[i] = entry;
        }
        plans.add(new FencedBatchPlan(commands.subList(from, commands.size()), windowMicros, entries,
                Arrays.copyOfRange(entryOf, from, commands.size())));
        return plans;
    }

    /** How many of the batch's commands this plan decides. */
    int size() {
        return commands.size();
    }

    /** Every key of the batch once: what to watch and read. */
    List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>(entries.size());
        entries.forEach(entry -> keys.add(entry.key));
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
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).value = held.get(i);
        }
        for (int i = 0; i < commands.size(); i++) {
            StoreCommand command = commands.get(i);
            Entry entry = entryOf[i];
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
                uncertain[i] = windowMicros > 0 && write.uncertainOrder(current, windowMicros);
                if (applies) {
                    KvWrite.Claim claim = write.claim();
                    entry.set(claim == null || born == claim.born() ? command.value()
                            : ValueEnvelope.withBorn(command.value(), born), command.ttlMillis());
                }
            } else {
                entry.set(command.kind() == StoreCommand.Kind.DEL ? null : command.value(), command.ttlMillis());
            }
            applied[i] = applies;
        }
        return true;
    }

    /** The keys that a command of the batch wrote, with what each holds at the end. */
    List<Entry> changes() {
        List<Entry> changed = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.written) {
                changed.add(entry);
            }
        }
        return changed;
    }

    /** Tells {@code orders} of each fenced write that met an uncertain hand-over, as the script's answers would. */
    void tell(UncertainOrders orders) {
        for (int i = 0; i < uncertain.length; i++) {
            if (uncertain[i]) {
                orders.report(commands.get(i).write(), null, applied[i]);
            }
        }
    }

    /** A key's bytes with their hash, computed once. */
    private record Key(byte[] bytes, int hash) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
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
