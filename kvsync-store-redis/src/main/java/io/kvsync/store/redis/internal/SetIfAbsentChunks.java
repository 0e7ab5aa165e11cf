package io.kvsync.store.redis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cuts the puts that go first as set-if-absent ({@link RedisBackend#setIfAbsent}) into the commands a single
 * Redis node takes them as: runs of puts without a time to live as one {@code MSETNX} of at most
 * {@link #MAX_KEYS} keys, each other put as a {@code SET … NX [PX ttl]} of its own.
 *
 * <p>Why: one command per key costs the client and Redis a command's dispatch per key, about as much again as
 * the write itself; {@code MSETNX} spreads it over the run, as {@link PlainSetRuns} does with {@code MSET}. It
 * writes all of its keys or none (when one is held), so a held key sends its whole chunk on to the fencing;
 * the cap keeps that cost small where new and held keys mix. Not on a cluster, where a run's keys lie in
 * many slots. A run that {@code MSETNX} refused is sent again as a {@code SET … NX} per key
 * ({@link #setIfAbsent}), so that every put gets its own answer: only the keys really held go on to the
 * fencing, and what the store learns of how many keys are new is true. Stateless.
 */
final class SetIfAbsentChunks {

    /** The most keys of one {@code MSETNX}. */
    static final int MAX_KEYS = 64;

    private SetIfAbsentChunks() {
    }

    /** {@code puts} in order, cut into chunks: a run of up to {@link #MAX_KEYS} unexpiring puts, or a single put. */
    static List<List<StoreCommand>> of(List<StoreCommand> puts) {
        return PlainSetRuns.runs(puts, put -> put.ttlMillis() == 0, MAX_KEYS);
    }

    /**
     * Answers {@link RedisBackend#setIfAbsent} for {@code puts} with {@code send}, which sends chunks (one
     * command each, see {@link #isMultiKey}) in one round trip and answers, per chunk, whether it wrote: the
     * puts of every refused multi-key chunk are sent again, a chunk each, in a second round trip.
     *
     * @return for each put, whether it was written
     */
    static boolean[] setIfAbsent(List<StoreCommand> puts, Function<List<List<StoreCommand>>, boolean[]> send) {
        List<List<StoreCommand>> chunks = of(puts);
        boolean[] answers = send.apply(chunks);
        boolean[] written = new boolean[puts.size()];
        List<Integer> unknown = new ArrayList<>();
        int put = 0;
        for (int i = 0; i < chunks.size(); i++) {
            for (int k = 0; k < chunks.get(i).size(); k++, put++) {
                written[put] = answers[i];
                if (!answers[i] && isMultiKey(chunks.get(i))) {
                    unknown.add(put);
                }
            }
        }
        if (!unknown.isEmpty()) {
            List<List<StoreCommand>> singles = new ArrayList<>(unknown.size());
            unknown.forEach(index -> singles.add(List.of(puts.get(index))));
            boolean[] again = send.apply(singles);
            for (int i = 0; i < again.length; i++) {
                written[unknown.get(i)] = again[i];
            }
        }
        return written;
    }

    /** Whether a chunk of {@link #of} goes as one {@code MSETNX} rather than a {@code SET … NX}. */
    static boolean isMultiKey(List<StoreCommand> chunk) {
        return chunk.size() > 1;
    }
}
