package io.kvsync.api;

/**
 * With memory delivery, the queue refused a change and the Hibernate integration could not remember it
 * for a later re-read either ({@code kvsync.hibernate.overflow-capacity} changes were already waiting): its
 * entity type is marked and will be reconciled with the database once the store has caught up. Reported
 * once per entity type each time it is marked, through the report callback, as a failed
 * {@link SyncReport} whose key is {@value #EVERY_KEY} (every key of the type) and whose key name is
 * {@code null}; the refused change's own writes were reported as well, each with a
 * {@link KvSyncBackpressureException}.
 */
public class KvSyncOverflowException extends KvSyncBackpressureException {

    private static final long serialVersionUID = 1L;

    /** The key a report of this exception names: every key of its entity type. */
    public static final String EVERY_KEY = "*";

    public KvSyncOverflowException(String message) {
        super(message);
    }
}
