package io.kvsync.it.outage;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the store with the database: every key of every {@link Parcel} row must hold the row's latest
 * state, and every other key ever used (of a deleted row, or an old tracking code) must be absent.
 */
final class StoreComparison {

    private static final int SHOWN = 20;

    private StoreComparison() {
    }

    /**
     * What differs, one line per key (empty when the store equals the database).
     *
     * @param reader       an engine on the store, used for reading only
     * @param keysEverUsed every key any committed state had
     */
    static List<String> mismatches(SessionFactory database, KvSync reader, Set<String> keysEverUsed) {
        List<Parcel> rows = database.fromTransaction(session ->
                session.createSelectionQuery("from Parcel", Parcel.class).getResultList());
        Map<String, Parcel> justified = new HashMap<>();
        rows.forEach(row -> row.syncKeys().values().forEach(key -> justified.put(key, row)));
        Set<String> keys = new LinkedHashSet<>(justified.keySet());
        keys.addAll(keysEverUsed);
        Map<String, Parcel> stored;
        try {
            stored = reader.fetchAll(Parcel.class, keys);
        } catch (KvSyncException e) {
            return List.of("cannot read the store: " + e.getMessage());
        }
        List<String> mismatches = new ArrayList<>();
        justified.forEach((key, row) -> {
            Parcel held = stored.get(key);
            if (!row.sameStateAs(held)) {
                mismatches.add(key + ": the database has " + row + " but the store has " + held);
            }
        });
        for (String key : keysEverUsed) {
            if (!justified.containsKey(key) && stored.containsKey(key)) {
                mismatches.add(key + ": no row justifies it, but the store has " + stored.get(key));
            }
        }
        return mismatches;
    }

    /** The first mismatches and how many there are, for an assertion message. */
    static String summary(List<String> mismatches) {
        return mismatches.size() + " mismatches, the first: "
                + String.join("\n  ", mismatches.subList(0, Math.min(SHOWN, mismatches.size())));
    }
}
