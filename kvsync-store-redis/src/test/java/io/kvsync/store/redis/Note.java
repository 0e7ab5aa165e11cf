package io.kvsync.store.redis;

import io.kvsync.api.Syncable;

import java.util.Map;
import java.util.Objects;

/** A minimal entity for the discovery test. */
public class Note implements Syncable {

    String id;
    String text;

    public Note() {
    }

    Note(String id, String text) {
        this.id = id;
        this.text = text;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "note:" + id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Note n && Objects.equals(id, n.id) && Objects.equals(text, n.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, text);
    }

    @Override
    public String toString() {
        return "Note[" + id + ", " + text + "]";
    }
}
