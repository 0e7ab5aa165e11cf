package io.kvsync.engine;

import java.time.Duration;

/**
 * A snapshot of the engine's counters since it was built.
 *
 * @param enqueued         writes accepted (puts and deletes, one per key)
 * @param coalesced        writes that replaced a pending write of the same key before it was written
 * @param written          writes the store acknowledged
 * @param failed           failed write attempts (a write that fails three times counts three)
 * @param retried          attempts after the first, for writes whose earlier attempt failed
 * @param rejected         writes refused because the queue stayed full for the offer timeout
 * @param conflicts        writes dropped because another entity claimed their key while both were pending
 *                         (each reported with {@link io.kvsync.api.KvSyncKeyConflictException})
 * @param pending          distinct keys waiting to be written now
 * @param pendingHighWater the most distinct keys ever pending at once
 * @param outboxDepth      the changes waiting in the integration's outbox ({@code kvsync.delivery=outbox}),
 *                         as its relay last measured them; {@code -1} when no outbox is attached
 * @param outboxOldestAge  how long the oldest of them has waited; {@link Duration#ZERO} when none waits or
 *                         no outbox is attached
 * @param oldestPending    how long the first write in line (waiting or being sent) has waited since its change
 *                         was enqueued; {@link Duration#ZERO} when nothing is pending
 * @param storeFailingFor  how long every call to the store has failed, since the first failure after the last
 *                         success; {@link Duration#ZERO} when the last call succeeded (or none was made)
 */
public record KvSyncStats(long enqueued, long coalesced, long written, long failed, long retried, long rejected,
                          long conflicts, int pending, int pendingHighWater, long outboxDepth,
                          Duration outboxOldestAge, Duration oldestPending, Duration storeFailingFor) {
}
