package io.kvsync.store.hazelcast.internal;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a batch as one asynchronous {@link WriteProcessor} per partition it touches, and its plain puts
 * ({@link PlainPuts}) as one {@code setAll}, and awaits them together, so that a batch costs about one round trip, and a few hundred operations at most however
 * many keys it holds. One operation per partition rather than per key also spares a thread per key on
 * small machines: Hazelcast completes each asynchronous operation on the common fork-join pool, or on
 * a new thread when that pool has a single worker (two cores or fewer). Per partition rather than per
 * member, because each backup operation carries its processor whole. Thread-safe: it holds no state
 * between calls.
 */
public final class BatchWriter {

    private final IMap<String, byte[]> map;
    private final PartitionService partitions;
    private final Duration tombstoneTtl;
    private final Duration timeout;
    private final StoreErrors errors;
    private final boolean plainPutsBySetAll;

    /**
     * @param timeout           how long a batch may wait for its answers
     * @param plainPutsBySetAll whether plain puts ({@link PlainPuts}) may go as one {@code setAll}: only when
     *                          the map gives entries no expiry of its own, so that they live as the processor
     *                          would leave them
     */
    public BatchWriter(IMap<String, byte[]> map, PartitionService partitions, Duration tombstoneTtl, Duration timeout,
                       StoreErrors errors, boolean plainPutsBySetAll) {
        this.map = map;
        this.partitions = partitions;
        this.tombstoneTtl = tombstoneTtl;
        this.timeout = timeout;
        this.errors = errors;
        this.plainPutsBySetAll = plainPutsBySetAll;
    }

    /**
     * Applies {@code batch}, and tells {@code uncertain} of the hand-overs the members found uncertain.
     *
     * @throws KvStoreException when any write failed, or did not finish within the timeout; the others
     *         may have been applied
     */
    public void write(List<KvWrite> batch, UncertainOrders uncertain) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<KvWrite>> byKey = KeyWrites.of(batch);
        Map<String, List<KvWrite>> fenced = new LinkedHashMap<>();
        Map<String, List<KvWrite>> plainWrites = new LinkedHashMap<>();
        Map<String, byte[]> plain = new HashMap<>();
        byKey.forEach((key, writes) -> {
            byte[] envelope = plainPutsBySetAll ? PlainPuts.envelopeOf(writes) : null;
            if (envelope == null) {
                fenced.put(key, writes);
            } else {
                plain.put(key, envelope);
                plainWrites.put(key, writes);
            }
        });
        List<Map<String, List<KvWrite>>> groups;
        List<CompletableFuture<Map<String, int[]>>> answers = new ArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long window = uncertain.windowMicros();
        try {
            groups = byPartition(fenced);
            for (Map<String, List<KvWrite>> group : groups) {
                answers.add(map.submitToKeys(group.keySet(), new WriteProcessor(group, tombstoneTtl, window))
                        .toCompletableFuture());
            }
            all.addAll(answers);
            if (!plain.isEmpty()) {
                // Puts that no fencing can refuse go as one setAll, as IMap.putAll would: no processor to run.
                groups.add(plainWrites);
                all.add(map.setAllAsync(plain).toCompletableFuture());
            }
        } catch (RuntimeException e) {
            // Hazelcast refused to send (instance shut down, say): the sent ones may still apply.
            throw errors.failed("write", byKey.size(), batch.get(0).key(), e);
        }
        try {
            await(byKey.size(), groups, all);
        } finally {
            // Also after a failure: the partitions that answered applied their writes, and a retry would meet
            // its own claims there and find nothing uncertain to tell.
            if (window > 0) {
                answers.stream().filter(answer -> answer.isDone() && !answer.isCompletedExceptionally())
                        .forEach(answer -> UncertainDecisions.tell(answer.join(), byKey, uncertain));
            }
        }
    }

    private List<Map<String, List<KvWrite>>> byPartition(Map<String, List<KvWrite>> byKey) {
        Map<Integer, Map<String, List<KvWrite>>> groups = new HashMap<>();
        byKey.forEach((key, writes) -> groups
                .computeIfAbsent(partitions.getPartition(key).getPartitionId(), id -> new LinkedHashMap<>())
                .put(key, writes));
        return new ArrayList<>(groups.values());
    }

    private void await(int keyCount, List<Map<String, List<KvWrite>>> groups,
                       List<? extends CompletableFuture<?>> answers) {
        String firstKey = groups.get(0).keySet().iterator().next();
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]));
        try {
            all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw firstFailure(keyCount, groups, answers, e);
        } catch (TimeoutException e) {
            int pending = 0;
            for (int i = 0; i < answers.size(); i++) {
                pending += answers.get(i).isDone() ? 0 : groups.get(i).size();
            }
            throw errors.timedOut(pending, keyCount, firstKey, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.interrupted("write", keyCount, firstKey, e);
        }
    }

    private KvStoreException firstFailure(int keyCount, List<Map<String, List<KvWrite>>> groups,
                                          List<? extends CompletableFuture<?>> answers, ExecutionException e) {
        int failed = 0;
        String failedKey = null;
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).isCompletedExceptionally()) {
                failed += groups.get(i).size();
                if (failedKey == null) {
                    failedKey = groups.get(i).keySet().iterator().next();
                }
            }
        }
        return errors.writesFailed(failed, keyCount, failedKey, e.getCause());
    }
}
