package io.kvsync.engine.e2e;

import io.kvsync.api.Syncable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The end-to-end suite's entity: three keys, a few typical field types. */
public class Account implements Syncable {

    long id;
    String uuid;
    String owner;
    BigDecimal balance;
    Instant updatedAt;
    List<String> tags;

    public Account() {
    }

    Account(long id, String uuid, String owner, BigDecimal balance, Instant updatedAt, List<String> tags) {
        this.id = id;
        this.uuid = uuid;
        this.owner = owner;
        this.balance = balance;
        this.updatedAt = updatedAt;
        this.tags = tags;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "account:id:" + id,
                "uuid", "account:uuid:" + uuid,
                "composite", "account:composite:" + id + "_" + uuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && id == a.id && Objects.equals(uuid, a.uuid) && Objects.equals(owner, a.owner)
                && Objects.equals(balance, a.balance) && Objects.equals(updatedAt, a.updatedAt) && Objects.equals(tags, a.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, uuid);
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + uuid + ", " + owner + ", " + balance + "]";
    }
}
