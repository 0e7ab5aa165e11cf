package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch regrouped by key, so that a key's writes travel together and apply in order in one pass
 * over its entry. Writes before a key's last unversioned write are dropped: an unversioned write
 * applies whatever is held and replaces it whole, so nothing before it can show in the result.
 */
final class KeyWrites {

    private KeyWrites() {
    }

    /** The writes of each key that still matter, keys in order of first appearance. */
    static Map<String, List<KvWrite>> of(List<KvWrite> batch) {
        Map<String, List<KvWrite>> byKey = new LinkedHashMap<>();
        for (KvWrite write : batch) {
            List<KvWrite> writes = byKey.computeIfAbsent(write.key(), k -> new ArrayList<>(1));
            if (!write.versioned()) {
                writes.clear();
            }
            writes.add(write);
        }
        return byKey;
    }
}
