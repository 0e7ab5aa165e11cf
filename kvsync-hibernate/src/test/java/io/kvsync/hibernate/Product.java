package io.kvsync.hibernate;

import io.kvsync.api.Keys;
import io.kvsync.api.Syncable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.util.Map;

/**
 * A versioned entity with an assigned identifier (a SKU) and a unique slug: deleting a product and
 * inserting it again under its SKU starts its versions again.
 */
@Entity
public class Product implements Syncable {

    @Id
    String sku;
    @Column(unique = true)
    String slug;
    String title;
    @Version
    long version;

    public Product() {
    }

    Product(String sku, String slug, String title) {
        this.sku = sku;
        this.slug = slug;
        this.title = title;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Keys.of(this)
                .key("sku", "product:sku:", sku)
                .key("slug", "product:slug:", slug)
                .build();
    }

    @Override
    public String toString() {
        return "Product[" + sku + ", " + slug + ", " + title + ", v" + version + "]";
    }
}
