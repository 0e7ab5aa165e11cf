package io.kvsync.it.input;

import io.kvsync.api.Syncable;

import java.util.LinkedHashMap;
import java.util.Map;

/** Entities that are wrong in one way each. */
final class BadEntities {

    private BadEntities() {
    }

    /** Not {@link Syncable} at all. */
    static final class Receipt {
        final String number;

        Receipt(String number) {
            this.number = number;
        }
    }

    /** Whatever keys it is given, in the given order; null and blank ones included. */
    static final class Tagged implements Syncable {
        private final Map<String, String> keys;

        Tagged(String... namesAndKeys) {
            keys = new LinkedHashMap<>();
            for (int i = 0; i < namesAndKeys.length; i += 2) {
                keys.put(namesAndKeys[i], namesAndKeys[i + 1]);
            }
        }

        @Override
        public Map<String, String> syncKeys() {
            return keys;
        }
    }

    /** A new object whose keys cannot be formed yet. */
    static final class Unfinished implements Syncable {
        @Override
        public Map<String, String> syncKeys() {
            throw new IllegalStateException("no id assigned yet");
        }
    }

    /** A field of a type the BSON marshaler refuses: it would need the class name in the payload. */
    static final class Crate implements Syncable {
        final long id;
        final Object contents;

        Crate(long id, Object contents) {
            this.id = id;
            this.contents = contents;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("id", "crate:" + id);
        }
    }

    /** Refers to itself: its object graph has a cycle. */
    static final class Chain implements Syncable {
        final long id;
        Chain next;

        Chain(long id) {
            this.id = id;
            this.next = this;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("id", "chain:" + id);
        }
    }
}
