package io.kvsync.hibernate;

import java.time.Duration;

/**
 * What {@link KvSyncHibernate#reconcile} found and repaired.
 *
 * @param entityType  the entity reconciled
 * @param rows        rows compared
 * @param keysChecked keys of those rows read from the store
 * @param missing     keys a row has that the store lacked
 * @param differing   keys whose stored bytes differ from the row marshaled now
 * @param orphans     stored keys under the orphan prefixes that no row justifies (removed)
 * @param conflicts   keys that more than one row justifies (a key claimed by n rows counts n - 1); the store
 *                    holds one row under such a key, so a reconcile keeps finding it differing for the
 *                    other and rewrites it: fix the data or the keys. Looked for only with orphan prefixes
 *                    (which keep every justified key in memory), 0 otherwise; each is logged (the first
 *                    100), naming the key and both rows. Not part of {@link #divergence()}
 * @param repairedRows rows written again because a key was missing or differed
 * @param failed      rows that could not be compared or repaired (e.g. a marshaling error; each logged)
 * @param idle        {@code true} when every repair reached the store within the timeout
 * @param elapsed     wall time
 */
public record ReconcileResult(Class<?> entityType, long rows, long keysChecked, long missing, long differing,
                              long orphans, long conflicts, long repairedRows, long failed, boolean idle,
                              Duration elapsed) {

    /** Keys that differed from the database when the reconcile looked: missing + differing + orphans. */
    public long divergence() {
        return missing + differing + orphans;
    }
}
