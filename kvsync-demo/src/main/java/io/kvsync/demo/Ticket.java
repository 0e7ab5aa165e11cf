package io.kvsync.demo;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A demo entity with two keys, id and code, and a lazy association that replication must not load. */
@Entity
@Table(name = "ticket", indexes = @Index(name = "ticket_code", columnList = "code", unique = true))
public class Ticket implements Syncable {

    /** Where a ticket is in its life. */
    public enum Status { OPEN, IN_PROGRESS, CLOSED }

    @Id
    @GeneratedValue
    Long id;
    @Column(nullable = false)
    String code;
    String title;
    @Enumerated(EnumType.STRING)
    Status status;
    BigDecimal amount;
    Instant createdAt;
    @ManyToOne(fetch = FetchType.LAZY)
    Member owner;
    @Version
    long version;

    public Ticket() {
    }

    Ticket(String code, String title, Status status, BigDecimal amount, Instant createdAt, Member owner) {
        this.code = code;
        this.title = title;
        this.status = status;
        this.amount = amount;
        this.createdAt = createdAt;
        this.owner = owner;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this).key("id", "ticket:id:", id).key("code", "ticket:code:", code).build();
    }
}
