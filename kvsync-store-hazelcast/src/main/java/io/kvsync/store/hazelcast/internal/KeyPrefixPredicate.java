package io.kvsync.store.hazelcast.internal;

import com.hazelcast.query.Predicate;

import java.util.Map;

/**
 * Selects the entries whose key starts with a prefix; evaluated on the members, so (like the write
 * processor) it must be on their class path.
 */
public final class KeyPrefixPredicate implements Predicate<String, byte[]> {

    private static final long serialVersionUID = 1L;

    private final String prefix;

    public KeyPrefixPredicate(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public boolean apply(Map.Entry<String, byte[]> entry) {
        return entry.getKey().startsWith(prefix);
    }
}
