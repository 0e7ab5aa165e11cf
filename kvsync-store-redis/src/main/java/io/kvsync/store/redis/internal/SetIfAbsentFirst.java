package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.SetIfAbsent;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Picks the versioned puts of a batch that go first as set-if-absent ({@link RedisBackend#setIfAbsent}:
 * {@code MSETNX} runs or {@code SET key value NX [PX ttl]}), and gathers what is left for the fencing once Redis answered.
 *
 * <p>Why: over an empty key the fencing always applies the write with its own envelope, which set-if-absent
 * does at about the cost of a plain write; the script or the optimistic transaction costs Redis nearly twice
 * that (docs/benchmarks.md). A put that meets a held key costs one more round trip and a refused
 * set-if-absent, so in {@link SetIfAbsent#AUTO} only the puts likely to meet an empty key go first: a
 * row's insert (its claim born at its own stamp), and the puts of a large batch while large batches have
 * found their keys mostly empty. Only puts whose key appears once in the batch go first, so that the order
 * of two writes of one key never changes. Thread-safe; one per store.
 */
public final class SetIfAbsentFirst {

    /** The least versioned puts in a batch for all of them to go first in {@link SetIfAbsent#AUTO}. */
    static final int LARGE_BATCH = 8;
    /** While large batches find their keys held, one in this many still sends some puts first, to notice when that ends. */
    static final int PROBE_EVERY = 16;
    /** How many of such a probing batch's puts go first: a sample (one {@code MSETNX} run), not the whole batch. */
    static final int PROBE_SAMPLE = 64;

    private final SetIfAbsent mode;
    /** Why Redis refused set-if-absent, once it did; {@code null} before. Every put is then fenced directly. */
    private final AtomicReference<String> refused = new AtomicReference<>();
    /** Whether the last large batch that went first found at least half of its keys empty. */
    private volatile boolean emptyKeysLikely = true;
    private final AtomicInteger largeBatchesSinceProbe = new AtomicInteger();
    private final LongAdder written = new LongAdder();
    private final LongAdder handedOn = new LongAdder();

    public SetIfAbsentFirst(SetIfAbsent mode) {
        this.mode = mode;
    }

    /**
     * The puts of {@code commands} to send first as {@code SET … NX}, or {@code null} when none is.
     */
    public Split split(List<StoreCommand> commands) {
        if (mode == SetIfAbsent.NEVER || refused.get() != null) {
            return null;
        }
        int fencedPuts = 0;
        int inserts = 0;
        for (StoreCommand command : commands) {
            if (isFencedPut(command)) {
                fencedPuts++;
                if (isInsert(command.write())) {
                    inserts++;
                }
            }
        }
        boolean large = fencedPuts >= LARGE_BATCH;
        boolean everyPut = mode == SetIfAbsent.ALWAYS || large && emptyKeysLikely;
        boolean probe = !everyPut && large && largeBatchesSinceProbe.incrementAndGet() % PROBE_EVERY == 0;
        if (fencedPuts == 0 || !everyPut && !probe && inserts == 0) {
            return null;
        }
        Set<ByteBuffer> seen = new HashSet<>();
        Set<ByteBuffer> repeated = new HashSet<>();
        for (StoreCommand command : commands) {
            ByteBuffer key = ByteBuffer.wrap(command.key());
            if (!seen.add(key)) {
                repeated.add(key);
            }
        }
        boolean[] first = new boolean[commands.size()];
        List<StoreCommand> firstPuts = new ArrayList<>(everyPut ? fencedPuts : inserts + PROBE_SAMPLE);
        int sampled = 0;
        for (int i = 0; i < first.length; i++) {
            StoreCommand command = commands.get(i);
            if (!isFencedPut(command) || !repeated.isEmpty() && repeated.contains(ByteBuffer.wrap(command.key()))) {
                continue;
            }
            boolean insert = isInsert(command.write());
            if (everyPut || insert || probe && sampled < PROBE_SAMPLE) {
                sampled += insert ? 0 : 1;
                first[i] = true;
                firstPuts.add(command);
            }
        }
        return firstPuts.isEmpty() ? null : new Split(commands, first, firstPuts, large && (everyPut || probe));
    }

    /**
     * Stops sending puts first, for good, when {@code failure} says that Redis refused the commands themselves
     * (a user without {@code msetnx} or {@code set}, see {@link CauseText#isRefusedCommand}): the fencing then
     * applies every put, as with {@link SetIfAbsent#NEVER}, instead of a batch failing on every retry.
     *
     * @return whether it stopped (and logged why, the first time); {@code false} for any other failure
     */
    public boolean stopIfRefused(RuntimeException failure) {
        if (!CauseText.isRefusedCommand(failure)) {
            return false;
        }
        String why = CauseText.of(failure);
        // Once: batches failing at the same moment on several workers all stop, one of them logs.
        if (refused.compareAndSet(null, why)) {
            RedisStoreLog.LOGGER.log(System.Logger.Level.WARNING, () -> "RedisKvStore: Redis refused set-if-absent ("
                    + why + "); versioned puts are fenced directly from now on, as with kvsync.redis.set-if-absent=never."
                    + " Grant the store's user msetnx and set to use it.");
        }
        return true;
    }

    /** Puts written by {@code SET … NX}, and puts that met a held key and went on to the fencing (for tests and diagnostics). */
    public long[] counts() {
        return new long[] {written.sum(), handedOn.sum()};
    }

    private static boolean isFencedPut(StoreCommand command) {
        return command.kind() == StoreCommand.Kind.FENCED && command.write() instanceof KvWrite.Put;
    }

    /** A write whose row was born with it: its keys are new unless another row held them before. */
    private static boolean isInsert(KvWrite write) {
        KvWrite.Claim claim = write.claim();
        return claim != null && claim.born() == claim.stamp();
    }

    /** A batch cut in two: the puts that go first, and, once Redis answered them, what the fencing must still apply. */
    public final class Split {

        private final List<StoreCommand> commands;
        private final boolean[] first;
        private final List<StoreCommand> firstPuts;
        private final boolean learns;

        private Split(List<StoreCommand> commands, boolean[] first, List<StoreCommand> firstPuts, boolean learns) {
            this.commands = commands;
            this.first = first;
            this.firstPuts = firstPuts;
            this.learns = learns;
        }

        /** The puts to send as {@code SET … NX}, in batch order. */
        public List<StoreCommand> firstPuts() {
            return firstPuts;
        }

        /**
         * What is left for the fencing, in batch order: every other command, and each put that found its key
         * held.
         *
         * @param writtenFirst for each of {@link #firstPuts()}, whether {@code SET … NX} wrote it
         */
        public List<StoreCommand> rest(boolean[] writtenFirst) {
            if (writtenFirst.length != firstPuts.size()) {
                throw new IllegalArgumentException(writtenFirst.length + " answers for " + firstPuts.size() + " puts");
            }
            List<StoreCommand> rest = new ArrayList<>(commands.size() - firstPuts.size());
            int answered = 0;
            int landed = 0;
            for (int i = 0; i < first.length; i++) {
                if (!first[i]) {
                    rest.add(commands.get(i));
                } else if (writtenFirst[answered++]) {
                    landed++;
                } else {
                    rest.add(commands.get(i));
                }
            }
            written.add(landed);
            handedOn.add(firstPuts.size() - landed);
            if (learns) {
                emptyKeysLikely = 2 * landed >= firstPuts.size();
            }
            return rest;
        }
    }
}
