package io.kvsync.hibernate;

import java.util.Map;

/**
 * What is kept of a committed change so that it can be delivered again without its objects: which row,
 * what happened, the version and commit stamp it carried, and the keys it retired. Not its state: a
 * redelivery reads the row's current state from the database, so it is never older than what it replaces.
 *
 * @param outboxId     the outbox row that holds it; {@code 0} when it lives in memory only
 * @param entityName   Hibernate's entity name
 * @param id           the row's identifier
 * @param operation    {@link #INSERT}, {@link #UPDATE} or {@link #DELETE}
 * @param version      the version of the state written ({@code Syncable.UNVERSIONED} for none)
 * @param stamp        the commit stamp
 * @param born         the stamp of the insert that began the row's incarnation; {@code 0} when unknown
 * @param origin       the process whose clock drew the stamp
 * @param retiredKeys  keys the change removed: the previous keys an update gave up, every key of a delete
 */
record ChangeRecord(long outboxId, String entityName, Object id, char operation, long version, long stamp, long born,
                    int origin, Map<String, String> retiredKeys) {

    static final char INSERT = 'I';
    static final char UPDATE = 'U';
    static final char DELETE = 'D';

    ChangeRecord {
        retiredKeys = Map.copyOf(retiredKeys);
    }

    /** The row, as the unit a redelivery reads and writes. */
    Row row() {
        return new Row(entityName, id);
    }

    /** A row of an entity, by name and identifier. */
    record Row(String entityName, Object id) {
    }
}
