package io.kvsync.store.redis.internal;

import io.kvsync.spi.UncertainOrders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link RedisBackend} that answers reads from a {@link NearCache} where it can and asks Redis for the
 * rest. Its own writes invalidate their keys once Redis answered, so a read that starts after
 * {@link #write} returned never sees a value older than the write, without waiting for Redis's push (which
 * may come later: it travels on another connection). Thread-safe.
 */
public final class NearCachedBackend implements RedisBackend {

    /**
     * Most keys read with their times to live in one go (a command per key, each counting against Lettuce's
     * request queue); the misses of a larger read are read plainly and not kept.
     */
    static final int MAX_TIMED_READ = 1_024;

    private final TimedReads redis;
    private final NearCache cache;
    private final AutoCloseable tracking;

    /**
     * @param tracking stops what feeds the cache (listeners, heartbeat); closed before {@code redis}
     */
    NearCachedBackend(TimedReads redis, NearCache cache, AutoCloseable tracking) {
        this.redis = redis;
        this.cache = cache;
        this.tracking = tracking;
    }

    /** The cache, for its counters. */
    public NearCache cache() {
        return cache;
    }

    @Override
    public boolean write(List<StoreCommand> commands, ScriptMode mode, UncertainOrders uncertain) {
        try {
            return redis.write(commands, mode, uncertain);
        } finally {
            // Once Redis answered, whatever a read kept meanwhile goes. Also on failure: a timed-out write
            // may still have been applied.
            invalidate(commands);
        }
    }

    @Override
    public boolean[] setIfAbsent(List<StoreCommand> puts) {
        try {
            return redis.setIfAbsent(puts);
        } finally {
            invalidate(puts);
        }
    }

    @Override
    public List<byte[]> read(List<byte[]> keys) {
        String[] names = new String[keys.size()];
        byte[][] values = new byte[keys.size()][];
        List<Integer> missing = new ArrayList<>(1);
        for (int i = 0; i < names.length; i++) {
            names[i] = name(keys.get(i));
            Object cached = cache.lookup(names[i]);
            if (cached == NearCache.MISS) {
                missing.add(i);
            } else {
                values[i] = (byte[]) cached;
            }
        }
        if (!missing.isEmpty()) {
            String[] missingNames = new String[missing.size()];
            List<byte[]> missingKeys = new ArrayList<>(missing.size());
            for (int m = 0; m < missingNames.length; m++) {
                missingNames[m] = names[missing.get(m)];
                missingKeys.add(keys.get(missing.get(m)));
            }
            NearCache.Ticket ticket = missing.size() > MAX_TIMED_READ ? null : cache.ticket(missingNames);
            if (ticket == null) {
                // Nothing would be kept (tracking is down, or too many keys): a plain read, no times to live.
                List<byte[]> stored = redis.read(missingKeys);
                for (int m = 0; m < missingNames.length; m++) {
                    values[missing.get(m)] = stored.get(m);
                }
            } else {
                List<TimedReads.TimedValue> stored = redis.readTimed(missingKeys);
                for (int m = 0; m < missingNames.length; m++) {
                    values[missing.get(m)] = stored.get(m).stored();
                    cache.offer(ticket, missingNames, m, stored.get(m).stored(), stored.get(m).ttlMillis());
                }
            }
        }
        return Arrays.asList(values);
    }

    @Override
    public void scan(String pattern, int batchSize, Consumer<List<String>> batches) {
        redis.scan(pattern, batchSize, batches);
    }

    @Override
    public void close() {
        try {
            tracking.close();
        } catch (Exception e) {
            // Closing the connections below ends the tracking anyway.
        } finally {
            redis.close();
        }
    }

    private void invalidate(List<StoreCommand> commands) {
        for (StoreCommand command : commands) {
            cache.invalidate(name(command.key()));
        }
    }

    /**
     * The cache's name for a stored key: its bytes one char each, as the invalidation pushes are decoded too.
     * Latin-1 maps every byte to one char, so distinct keys never share a name.
     */
    static String name(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }
}
