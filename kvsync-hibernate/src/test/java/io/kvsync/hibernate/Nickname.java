package io.kvsync.hibernate;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import java.util.Map;

/**
 * An entity with a single key and no unique constraint on it, so that two rows can claim one key: only
 * their identities tell the claims apart.
 */
@Entity
public class Nickname implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    String name;

    public Nickname() {
    }

    Nickname(String name) {
        this.name = name;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this).key("name", "nickname:", name).build();
    }
}
