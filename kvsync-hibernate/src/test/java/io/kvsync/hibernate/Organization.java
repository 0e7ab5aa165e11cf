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
 * A second entity type whose contact email is replicated under the same {@code account:email:} keys as a
 * {@link Member}'s, so that one key can pass between rows of two types.
 */
@Entity
public class Organization implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    @Column(unique = true)
    String email;
    String title;
    @Version
    long version;

    public Organization() {
    }

    Organization(String email, String title) {
        this.email = email;
        this.title = title;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this)
                .key("id", "organization:id:", id)
                .key("email", "account:email:", email)
                .build();
    }

    @Override
    public String toString() {
        return "Organization[" + id + ", " + email + ", " + title + ", v" + version + "]";
    }
}
