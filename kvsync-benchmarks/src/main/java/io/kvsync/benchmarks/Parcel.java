package io.kvsync.benchmarks;

import io.kvsync.api.Syncable;

import java.util.Map;
import java.util.Objects;

/**
 * The entity of the Redis benchmarks: three keys, and a note padded so that its BSON form is about 300
 * bytes, the value size {@code redis-benchmark -d 300} writes. Mutable, not thread-safe.
 */
public final class Parcel implements Syncable {

    private long id;
    private String uuid;
    private String sender;
    private String recipient;
    private String note;

    /** For marshalers. */
    public Parcel() {
    }

    Parcel(long id, String uuid, String note) {
        this.id = id;
        this.uuid = uuid;
        this.sender = "Ada Lovelace, 12 Analytical Engine Street, London";
        this.recipient = "Charles Babbage, 1 Difference Road, London";
        this.note = note;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "parcel:id:" + id, "uuid", "parcel:uuid:" + uuid, "composite", "parcel:" + id + "_" + uuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parcel p && id == p.id && Objects.equals(uuid, p.uuid) && Objects.equals(sender, p.sender)
                && Objects.equals(recipient, p.recipient) && Objects.equals(note, p.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, uuid);
    }
}
