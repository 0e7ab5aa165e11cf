package io.kvsync.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The keys {@link Keys} built when some key has a missing part: that key is present, but reading it
 * throws the usage error that names it, so that the other keys stay usable (a fetch by a probe's one
 * set key). Unmodifiable.
 */
final class KeysWithGaps extends AbstractMap<String, String> {

    /** Why a key could not be built. */
    record Gap(String message) {
    }

    private final Map<String, Object> keys;

    KeysWithGaps(Map<String, Object> keys) {
        this.keys = keys;
    }

    private static String valueOf(Object value) {
        if (value instanceof Gap gap) {
            throw new KvSyncUsageException(gap.message());
        }
        return (String) value;
    }

    @Override
    public String get(Object name) {
        Object value = keys.get(name);
        return value == null ? null : valueOf(value);
    }

    @Override
    public boolean containsKey(Object name) {
        return keys.containsKey(name);
    }

    @Override
    public int size() {
        return keys.size();
    }

    /** The key names, every one of them, without reading (and so failing on) any key. */
    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<Entry<String, Object>> entries = keys.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Entry<String, String> next() {
                        Entry<String, Object> entry = entries.next();
                        return Map.entry(entry.getKey(), valueOf(entry.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return keys.size();
            }
        };
    }
}
