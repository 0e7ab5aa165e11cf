package io.kvsync.it.outbox;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The store against the database, with nothing assumed about which keys were ever used: every key of every
 * {@link Account} row must hold that row at its version (same identifier, code, balance and version), and
 * every key stored under {@value Account#KEY_SPACE} (found by scanning the test's prefix) must be one that
 * a row justifies. Tombstones are not values: the scan may list them, but a read leaves them out.
 */
final class StoreCheck {

    private static final int SHOWN = 15;
    private static final int READ_BATCH = 500;

    private StoreCheck() {
    }

    /**
     * What was compared, and what differs.
     *
     * @param rows        rows in the database
     * @param keysChecked keys the rows justify, each read and compared
     * @param storedKeys  keys the store holds a value under (tombstones left out)
     * @param missing     justified keys the store has no value for
     * @param stale       justified keys holding another state (an older version, another row)
     * @param orphans     stored keys no row justifies (a deleted row's, a retired code's)
     */
    record Outcome(int rows, int keysChecked, int storedKeys, List<String> missing, List<String> stale,
                   List<String> orphans) {

        int divergent() {
            return missing.size() + stale.size() + orphans.size();
        }

        List<String> divergences() {
            List<String> all = new ArrayList<>(missing);
            all.addAll(stale);
            all.addAll(orphans);
            return all;
        }

        String figures() {
            return rows + " rows, " + keysChecked + " keys checked, " + storedKeys + " keys stored; divergent: "
                    + missing.size() + " missing, " + stale.size() + " stale, " + orphans.size() + " orphaned";
        }

        @Override
        public String toString() {
            List<String> all = divergences();
            return figures() + (all.isEmpty() ? "" : "; the first: \n  "
                    + String.join("\n  ", all.subList(0, Math.min(SHOWN, all.size()))));
        }
    }

    /** Compares now; a store that cannot be read counts as one missing key. */
    static Outcome compare(SessionFactory database, KvSync reader) {
        List<Account> rows = database.fromStatelessTransaction(session ->
                session.createSelectionQuery("from Account order by id", Account.class).getResultList());
        Map<String, Account> justified = new LinkedHashMap<>();
        rows.forEach(row -> row.syncKeys().values().forEach(key -> justified.put(key, row)));
        Set<String> scanned = new TreeSet<>();
        Map<String, Account> stored = new LinkedHashMap<>();
        try {
            reader.scanKeys(Account.KEY_SPACE, 1000, scanned::addAll);
            Set<String> keys = new LinkedHashSet<>(justified.keySet());
            keys.addAll(scanned);
            List<String> all = new ArrayList<>(keys);
            for (int from = 0; from < all.size(); from += READ_BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + READ_BATCH));
                stored.putAll(reader.fetchAll(Account.class, batch));
            }
        } catch (KvSyncException e) {
            return new Outcome(rows.size(), justified.size(), 0, List.of("cannot read the store: " + e), List.of(),
                    List.of());
        }
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        justified.forEach((key, row) -> {
            Account held = stored.get(key);
            if (held == null) {
                missing.add(key + ": the database has " + row + ", the store nothing");
            } else if (!row.sameStateAs(held)) {
                stale.add(key + ": the database has " + row + ", the store " + held);
            }
        });
        stored.forEach((key, held) -> {
            if (!justified.containsKey(key)) {
                orphans.add(key + ": no row has it, the store holds " + held);
            }
        });
        return new Outcome(rows.size(), justified.size(), stored.size(), missing, stale, orphans);
    }
}
