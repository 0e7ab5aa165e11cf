package io.kvsync.benchmarks;

import io.kvsync.api.Syncable;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

import java.util.Map;
import java.util.Objects;

/**
 * The entity of the end-to-end report: a row with a unique, indexed {@code uuid}, a {@code @Version},
 * and text that makes its BSON form about 300 bytes, like the values of {@code redis-benchmark -d 300}.
 * Two keys, by id and by uuid. Cacheable, for the session factory that has a second-level cache (the
 * others have none, so the annotation does nothing there). Mutable, not thread-safe.
 */
@Entity
@Table(name = "shipment", indexes = @Index(name = "shipment_uuid", columnList = "uuid", unique = true))
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Shipment implements Syncable {

    private static final String NOTE = "Fragile: scientific instruments. Keep upright, away from magnets and heat. "
            + "Deliver on working days between 9 and 17; ring twice, then leave with the porter.";

    @Id
    @GeneratedValue
    Long id;
    @Column(nullable = false, length = 36)
    String uuid;
    String sender;
    String recipient;
    @Column(length = 400)
    String note;
    @Version
    long version;

    /** For Hibernate and the marshalers. */
    public Shipment() {
    }

    Shipment(String uuid) {
        this.uuid = uuid;
        this.sender = "Ada Lovelace, 12 Analytical Engine Street, London";
        this.recipient = "Charles Babbage, 1 Difference Road, London";
        this.note = NOTE;
    }

    /** A probe for {@code kv.fetch(probe, "id")}. */
    static Shipment withId(long id) {
        Shipment probe = new Shipment();
        probe.id = id;
        return probe;
    }

    /** A probe for {@code kv.fetch(probe, "uuid")}. */
    static Shipment withUuid(String uuid) {
        Shipment probe = new Shipment();
        probe.uuid = uuid;
        return probe;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "shipment:id:" + id, "uuid", "shipment:uuid:" + uuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shipment s && Objects.equals(id, s.id) && Objects.equals(uuid, s.uuid)
                && Objects.equals(sender, s.sender) && Objects.equals(recipient, s.recipient)
                && Objects.equals(note, s.note) && version == s.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, uuid);
    }

    @Override
    public String toString() {
        return "Shipment[id=" + id + ", uuid=" + uuid + ", version=" + version + "]";
    }
}
