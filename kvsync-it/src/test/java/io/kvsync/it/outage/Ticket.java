package io.kvsync.it.outage;

import io.kvsync.api.Syncable;

import java.util.Map;

/** A plain object with a single key, for counting pending writes one per object. */
public final class Ticket implements Syncable {

    int number;
    String holder;

    public Ticket() {
    }

    Ticket(int number, String holder) {
        this.number = number;
        this.holder = holder;
    }

    static String keyOf(int number) {
        return "ticket:" + number;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("number", keyOf(number));
    }
}
