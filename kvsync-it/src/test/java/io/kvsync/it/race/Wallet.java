package io.kvsync.it.race;

import io.kvsync.api.Syncable;

import java.util.List;
import java.util.Map;

/**
 * A row with an optimistic-lock version, replicated under its id and its owner. Immutable, so the
 * {@link Ledger} can hand out snapshots as a database hands out committed rows.
 *
 * @param id      the primary key
 * @param owner   a second unique key
 * @param version incremented by every update; unchanged by a delete (as JPA does)
 * @param balance the state that updates change
 */
public record Wallet(long id, String owner, long version, long balance) implements Syncable {

    /** The first committed state of row {@code id}. */
    public static Wallet created(long id) {
        return new Wallet(id, "owner-" + id, 1, 0);
    }

    /** The state the next update commits. */
    public Wallet updated(long delta) {
        return new Wallet(id, owner, version + 1, balance + delta);
    }

    /** Every key of row {@code id}, without needing its state. */
    public static List<String> keysOf(long id) {
        return List.of("wallet:id:" + id, "wallet:owner:owner-" + id);
    }

    @Override
    public Map<String, String> syncKeys() {
        List<String> keys = keysOf(id);
        return Map.of("id", keys.get(0), "owner", keys.get(1));
    }
}
