package io.kvsync.api;

/**
 * A key passed between two rows whose claims two instances stamped closer together than their clocks may
 * differ ({@code kvsync.clock-skew}): the store kept the claim with the later stamp, but which of the two
 * commits came first is not certain, so the key may hold the row that gave it up. Reported through the
 * report callback for the write the store decided on, in addition to that write's own report; nothing is
 * thrown and the write is not retried. The message names the key, the entity, both claims and what the
 * store did, and how such a key is repaired: the next write of the row that holds it in the database,
 * the entry's expiration ({@code kvsync.expiration}), or {@code KvSyncHibernate.reconcile}.
 */
public class KvSyncUncertainOrderException extends KvSyncKeyConflictException {

    private static final long serialVersionUID = 1L;

    public KvSyncUncertainOrderException(String message) {
        super(message);
    }
}
