package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link KvWrite}s into {@link StoreCommand}s: prefixes keys, applies the default expiration to puts
 * without a ttl, wraps versioned values and tombstones, with their claims, in their {@link ValueEnvelope}. Immutable and
 * thread-safe.
 */
public final class CommandEncoder {

    private final byte[] prefix;
    private final long defaultTtlMillis;
    private final long tombstoneTtlMillis;

    /**
     * @param prefix       prepended to every key
     * @param expiration   the time to live of puts that carry none, or {@code null} for none
     * @param tombstoneTtl how long the tombstone of a versioned delete lives
     */
    public CommandEncoder(String prefix, Duration expiration, Duration tombstoneTtl) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.defaultTtlMillis = expiration == null ? 0 : millis(expiration);
        this.tombstoneTtlMillis = millis(tombstoneTtl);
    }

    /** The commands for {@code writes}, in the same order. */
    public List<StoreCommand> encode(List<KvWrite> writes) {
        return encode(writes, 0);
    }

    /**
     * The commands for {@code writes}, in the same order, their scripts looking for uncertain hand-overs
     * within {@code uncertainWindowMicros} ({@code 0}: none).
     */
    public List<StoreCommand> encode(List<KvWrite> writes, long uncertainWindowMicros) {
        List<StoreCommand> commands = new ArrayList<>(writes.size());
        // One argument for the whole batch: the window is the same for every command.
        byte[] window = uncertainWindowMicros <= 0 ? StoreCommand.NO_WINDOW
                : Long.toString(uncertainWindowMicros).getBytes(StandardCharsets.US_ASCII);
        for (KvWrite write : writes) {
            commands.add(encode(write, window));
        }
        return commands;
    }

    /** The store's key prefix. */
    public String prefix() {
        return new String(prefix, StandardCharsets.UTF_8);
    }

    /** The prefixed key, as stored. */
    public byte[] key(String key) {
        byte[] suffix = key.getBytes(StandardCharsets.UTF_8);
        byte[] full = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        System.arraycopy(suffix, 0, full, prefix.length, suffix.length);
        return full;
    }

    private StoreCommand encode(KvWrite write, byte[] window) {
        byte[] key = key(write.key());
        if (write instanceof KvWrite.Put put) {
            long ttl = put.ttl() == null ? defaultTtlMillis : millis(put.ttl());
            if (!put.versioned()) {
                return new StoreCommand(StoreCommand.Kind.SET, key, ValueEnvelope.plain(put.value()), ttl);
            }
            byte[] envelope = put.claim() == null
                    ? ValueEnvelope.versioned(put.value(), put.version())
                    : ValueEnvelope.versioned(put.value(), put.version(), put.claim());
            return new StoreCommand(StoreCommand.Kind.FENCED, key, envelope, ttl, write, window);
        }
        if (!write.versioned()) {
            return new StoreCommand(StoreCommand.Kind.DEL, key, null, 0);
        }
        byte[] tombstone = write.claim() == null
                ? ValueEnvelope.tombstone(write.version())
                : ValueEnvelope.tombstone(write.version(), write.claim());
        return new StoreCommand(StoreCommand.Kind.FENCED, key, tombstone, tombstoneTtlMillis, write, window);
    }

    /** Whole milliseconds, at least 1: Redis rejects {@code PX 0}, and a sub-millisecond ttl is still a ttl. */
    private static long millis(Duration duration) {
        return Math.max(1, duration.toMillis());
    }
}
