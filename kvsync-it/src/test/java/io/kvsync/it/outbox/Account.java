package io.kvsync.it.outbox;

import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.Map;
import java.util.Objects;

/**
 * The outbox tests' entity: a versioned row with three keys. Its unique code is drawn from a small pool, so
 * that codes (and with them the code and tag keys) pass from row to row; the tag key changes with every
 * code change. Its table and sequence carry names no other test uses.
 */
@Entity
@Table(name = "it_outbox_account")
public class Account implements Syncable {

    /** Where the stored keys of this entity start (inside the store's own prefix). */
    static final String KEY_SPACE = "acct:";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "it_outbox_account_ids")
    @SequenceGenerator(name = "it_outbox_account_ids", sequenceName = "it_outbox_account_seq", allocationSize = 20)
    Long id;
    @Column(unique = true, nullable = false)
    String code;
    long balance;
    @Version
    long version;

    public Account() {
    }

    Account(String code, long balance) {
        this.code = code;
        this.balance = balance;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", KEY_SPACE + "id:" + id,
                "code", KEY_SPACE + "code:" + code,
                "tag", KEY_SPACE + "tag:" + id + "/" + code);
    }

    /** Whether {@code other} holds this row's state: same identifier, code, balance and version. */
    boolean sameStateAs(Account other) {
        return other != null && Objects.equals(id, other.id) && Objects.equals(code, other.code)
                && balance == other.balance && version == other.version;
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + code + ", " + balance + ", v" + version + "]";
    }
}
