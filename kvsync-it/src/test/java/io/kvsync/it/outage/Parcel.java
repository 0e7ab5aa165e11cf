package io.kvsync.it.outage;

import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.Map;

/**
 * A versioned entity with three keys, one of which (the tracking code) changes now and then. Its table
 * and sequence carry names no other test uses, so create-drop never touches another test's schema.
 */
@Entity
@Table(name = "it_outage_parcel")
public class Parcel implements Syncable {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "it_outage_parcel_ids")
    @SequenceGenerator(name = "it_outage_parcel_ids", sequenceName = "it_outage_parcel_seq", allocationSize = 50)
    Long id;
    String code;
    String status;
    @Version
    long version;

    public Parcel() {
    }

    Parcel(String code, String status) {
        this.code = code;
        this.status = status;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "parcel:id:" + id,
                "code", "parcel:code:" + code,
                "route", "parcel:route:" + id + "/" + code);
    }

    /** Whether {@code other} holds the same state: same row, code, status and version. */
    boolean sameStateAs(Parcel other) {
        return other != null && id.equals(other.id) && code.equals(other.code) && status.equals(other.status)
                && version == other.version;
    }

    @Override
    public String toString() {
        return "Parcel[" + id + ", " + code + ", " + status + ", v" + version + "]";
    }
}
