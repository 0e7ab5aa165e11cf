package io.kvsync.store.memory;

import io.kvsync.spi.KvWrite;

/**
 * Decides whether a write applies over what the store holds, as {@link KvWrite} specifies: an
 * unversioned write always applies; a versioned one applies over nothing, over an unversioned value,
 * or over a value or tombstone of an older version.
 */
final class VersionRule {

    private VersionRule() {
    }

    /**
     * @param write   the write to apply
     * @param current the live entry under the write's key, or null
     */
    static boolean admits(KvWrite write, StoredEntry current) {
        if (!write.versioned() || current == null || current.version() == KvWrite.UNVERSIONED) {
            return true;
        }
        return write.version() > current.version();
    }
}
