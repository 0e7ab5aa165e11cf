package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.Map;

/** An unversioned test entity with a lazy association to its customer. */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    String number;
    BigDecimal amount;
    @ManyToOne(fetch = FetchType.LAZY)
    Customer customer;

    public PurchaseOrder() {
    }

    PurchaseOrder(String number, BigDecimal amount, Customer customer) {
        this.number = number;
        this.amount = amount;
        this.customer = customer;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "order:id:" + id, "number", "order:number:" + number);
    }
}
