package io.kvsync.engine;

import io.kvsync.api.Syncable;

import java.util.Map;
import java.util.Objects;

/** A test entity with three keys, like the README's user. */
public class Item implements Syncable {

    long id;
    String uuid;
    String name;

    public Item() {
    }

    public Item(long id, String uuid, String name) {
        this.id = id;
        this.uuid = uuid;
        this.name = name;
    }

    static Item probeById(long id) {
        Item probe = new Item();
        probe.id = id;
        return probe;
    }

    static Item probeByUuid(String uuid) {
        Item probe = new Item();
        probe.uuid = uuid;
        return probe;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "item:id:" + id,
                "uuid", uuid == null ? "" : "item:uuid:" + uuid,
                "composite", "item:composite:" + id + "_" + uuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Item other && id == other.id && Objects.equals(uuid, other.uuid) && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, uuid, name);
    }

    @Override
    public String toString() {
        return "Item[" + id + ", " + uuid + ", " + name + "]";
    }
}
