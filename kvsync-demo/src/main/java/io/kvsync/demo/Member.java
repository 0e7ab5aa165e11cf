package io.kvsync.demo;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Map;

/** A demo entity with three keys: id, uuid and email (the email can change: a key change). */
@Entity
@Table(name = "member", indexes = {
        @Index(name = "member_uuid", columnList = "uuid", unique = true),
        @Index(name = "member_email", columnList = "email", unique = true)})
public class Member implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    @Column(nullable = false)
    String uuid;
    @Column(nullable = false)
    String email;
    String name;
    int level;
    Instant joinedAt;
    @Version
    long version;

    public Member() {
    }

    Member(String uuid, String email, String name, int level, Instant joinedAt) {
        this.uuid = uuid;
        this.email = email;
        this.name = name;
        this.level = level;
        this.joinedAt = joinedAt;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this)
                .key("id", "member:id:", id)
                .key("uuid", "member:uuid:", uuid)
                .key("email", "member:email:", email)
                .build();
    }
}
