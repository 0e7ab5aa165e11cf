package io.kvsync.store.memory;

import io.kvsync.spi.KvWrite;

/**
 * Decides whether a write applies over what the store holds, as {@link KvWrite} specifies: an
 * unversioned write always applies; a versioned one applies over nothing, over an unversioned value,
 * or over a value or tombstone of an older version; a versioned delete also removes a value of its own
 * version.
 */
final class VersionRule {

    private VersionRule() {
    }

    /**
     * @param write   the write to apply
     * @param current the live entry under the write's key, or null
     */
    static boolean admits(KvWrite write, StoredEntry current) {
        return current == null || write.supersedes(current.version(), current.isTombstone());
    }
}
