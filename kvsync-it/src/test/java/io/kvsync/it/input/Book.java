package io.kvsync.it.input;

import io.kvsync.api.Syncable;

import java.util.List;
import java.util.Map;

/** A well-formed entity, replicated under its id and its ISBN. */
record Book(long id, String isbn, String title) implements Syncable {

    static Book numbered(long id) {
        return new Book(id, "isbn-" + id, "Volume " + id);
    }

    List<String> keys() {
        return List.of("book:id:" + id, "book:isbn:" + isbn);
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", keys().get(0), "isbn", keys().get(1));
    }
}
