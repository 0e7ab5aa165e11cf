package io.kvsync.api;

/** What a replication step did to a key. */
public enum SyncOperation {
    /** The entity's bytes were written under the key. */
    PUT,
    /** The key was removed (the entity was deleted, or a key-forming field changed). */
    DELETE
}
