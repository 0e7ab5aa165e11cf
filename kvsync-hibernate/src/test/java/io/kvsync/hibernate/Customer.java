package io.kvsync.hibernate;

import io.kvsync.api.KvSyncIgnore;
import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A versioned test entity with three keys; its uuid can change (a key change). */
@Entity
public class Customer implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    String uuid;
    String name;
    @Version
    long version;

    /** The back side of a bidirectional association: ignored, or orders and customers would loop. */
    @KvSyncIgnore
    @OneToMany(mappedBy = "customer", fetch = FetchType.LAZY)
    List<PurchaseOrder> orders = new ArrayList<>();

    public Customer() {
    }

    Customer(String uuid, String name) {
        this.uuid = uuid;
        this.name = name;
    }

    static Customer probeByUuid(String uuid) {
        Customer probe = new Customer();
        probe.uuid = uuid;
        return probe;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this)
                .key("id", "customer:id:", id)
                .key("uuid", "customer:uuid:", uuid)
                .key("composite", "customer:composite:", id, "_", uuid)
                .build();
    }

    @Override
    public String toString() {
        return "Customer[" + id + ", " + uuid + ", " + name + ", v" + version + "]";
    }
}
