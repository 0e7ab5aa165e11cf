package io.kvsync.engine;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.util.Map;

/** A test entity with JPA's {@code @Id} and {@code @Version} (as Hibernate would map it) and two keys. */
public class Member implements Syncable {

    @Id
    long id;
    @Version
    long version;
    String email;
    String name;

    public Member() {
    }

    Member(long id, long version, String email, String name) {
        this.id = id;
        this.version = version;
        this.email = email;
        this.name = name;
    }

    /** The next state of this row, with another email. */
    Member withEmail(String email, long version, String name) {
        return new Member(id, version, email, name);
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this).key("id", "member:id:", id).key("email", "member:email:", email).build();
    }

    @Override
    public String toString() {
        return "Member[" + id + " v" + version + ", " + email + ", " + name + "]";
    }
}
