package io.kvsync.api;

/**
 * Two different entities claimed one store key: keys must be unique across the store, and a key holds
 * one entity. The engine keeps one claim by its usual rule (the later write; with versions, the higher
 * version) and reports the other write as a failed {@link SyncReport} with this error; nothing is thrown
 * to the caller that enqueued it, except a {@code sync()} whose write was the one dropped. The message
 * names the key, the key name(s), both claimants (entity type and their other keys), which claim was
 * kept and why.
 *
 * <p>Detection covers two claims that meet while both are pending in one process (a burst, a batch, a
 * backlog during an outage); claims far apart in time, or from two processes, are not seen by the engine
 * ({@code KvSyncHibernate.reconcile} with orphan prefixes counts keys that two rows justify).
 */
public class KvSyncKeyConflictException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public KvSyncKeyConflictException(String message) {
        super(message);
    }

    public KvSyncKeyConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
