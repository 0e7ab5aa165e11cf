package io.kvsync.it.crash;

import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.Map;

/** The crash test's entity: two keys, the code can change. */
@Entity
@Table(name = "kvsync_crash_wallet")
public class Wallet implements Syncable {

    @Id
    Long id;
    String code;
    String owner;
    long balance;
    @Version
    long version;

    public Wallet() {
    }

    Wallet(long id, String code, String owner, long balance) {
        this.id = id;
        this.code = code;
        this.owner = owner;
        this.balance = balance;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "wallet:id:" + id, "code", "wallet:code:" + code);
    }
}
