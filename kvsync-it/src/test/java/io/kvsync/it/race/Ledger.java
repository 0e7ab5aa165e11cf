package io.kvsync.it.race;

import io.kvsync.engine.KvSync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database of these tests: the source of truth the store must converge to. Each update and delete
 * of a row is atomic and bumps or keeps the row's version as a JPA commit would; what a writer then
 * replicates, and when, is up to the writer, as with after-commit callbacks. Thread-safe.
 */
public final class Ledger {

    private final Map<Long, Wallet> rows = new ConcurrentHashMap<>();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();

    /** Inserts rows {@code 1..count} at version 1. */
    public Ledger(int count) {
        for (long id = 1; id <= count; id++) {
            rows.put(id, Wallet.created(id));
        }
    }

    /** The committed rows now, by id. */
    public Map<Long, Wallet> rows() {
        return Map.copyOf(rows);
    }

    /** Ids of the rows deleted so far. */
    public Set<Long> deleted() {
        return Set.copyOf(deleted);
    }

    /** Commits an update of row {@code id}; empty when the row is gone. */
    public Optional<Wallet> update(long id, long delta) {
        return Optional.ofNullable(rows.computeIfPresent(id, (key, row) -> row.updated(delta)));
    }

    /** Commits the delete of row {@code id}; returns the deleted state, or empty when it was already gone. */
    public Optional<Wallet> delete(long id) {
        Wallet removed = rows.remove(id);
        if (removed != null) {
            deleted.add(id);
        }
        return Optional.ofNullable(removed);
    }

    /**
     * Every key of wallets 1..{@code rows} whose stored state is not this ledger's latest (absent for a
     * deleted wallet), described for an assertion message; empty when the store matches.
     */
    public List<String> keysDifferingFrom(KvSync reader, int rows) {
        Map<String, Wallet> expected = new HashMap<>();
        rows().values().forEach(row -> row.syncKeys().values().forEach(key -> expected.put(key, row)));
        List<String> everyKey = new ArrayList<>();
        for (long id = 1; id <= rows; id++) {
            everyKey.addAll(Wallet.keysOf(id));
        }
        Map<String, Wallet> stored = reader.fetchAll(Wallet.class, everyKey);
        return everyKey.stream()
                .filter(key -> !Objects.equals(expected.get(key), stored.get(key)))
                .map(key -> key + ": store " + stored.get(key) + ", database " + expected.get(key))
                .toList();
    }
}
