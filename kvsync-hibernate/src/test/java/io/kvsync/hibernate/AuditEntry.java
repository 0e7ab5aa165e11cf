package io.kvsync.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity that is not Syncable: the listeners must ignore it. */
@Entity
public class AuditEntry {

    @Id
    @GeneratedValue
    Long id;
    String message;

    public AuditEntry() {
    }

    AuditEntry(String message) {
        this.message = message;
    }
}
