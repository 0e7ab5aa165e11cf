package io.kvsync.sample;

import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.LinkedHashMap;
import java.util.Map;

/** A customer, replicated under two keys: its id and its (unique) email. */
@Entity
@Table(name = "sample_customer")
public class Customer implements Syncable {

    @Id
    @GeneratedValue
    private Long id;

    @Column(nullable = false, unique = true)
    private String email;

    private String name;

    @Version
    private Long version;

    protected Customer() {
    }

    public Customer(String email, String name) {
        this.email = email;
        this.name = name;
    }

    /** A probe for {@code KvSync.fetch(probe, "email")}: only the email is needed to find the customer. */
    public static Customer withEmail(String email) {
        return new Customer(email, null);
    }

    /** A probe for {@code KvSync.fetch(probe, "id")}. */
    public static Customer withId(long id) {
        Customer probe = new Customer();
        probe.id = id;
        return probe;
    }

    @Override
    public Map<String, String> syncKeys() {
        // A probe carries only the key it is looked up by; a saved customer has both.
        Map<String, String> keys = new LinkedHashMap<>();
        if (id != null) {
            keys.put("id", "customer:" + id);
        }
        if (email != null) {
            keys.put("email", "customer-email:" + email);
        }
        return keys;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getVersion() {
        return version;
    }
}
