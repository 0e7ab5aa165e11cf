package io.kvsync.hibernate;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.util.Map;

/**
 * A versioned entity with a generated id and a unique email that passes between rows: deleted and signed
 * up again, or given up by one member and taken by another. Its email key shares the {@code account:email:}
 * namespace with {@link Organization}'s.
 */
@Entity
public class Member implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    @Column(unique = true)
    String email;
    String name;
    @Version
    long version;

    public Member() {
    }

    Member(String email, String name) {
        this.email = email;
        this.name = name;
    }

    static Member probeByEmail(String email) {
        Member probe = new Member();
        probe.email = email;
        return probe;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this)
                .key("id", "member:id:", id)
                .key("email", "account:email:", email)
                .build();
    }

    @Override
    public String toString() {
        return "Member[" + id + ", " + email + ", " + name + ", v" + version + "]";
    }
}
