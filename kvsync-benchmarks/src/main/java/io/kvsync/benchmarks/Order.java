package io.kvsync.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A typical entity for the marshaler benchmark: 15 fields, among them instants, a decimal amount, a
 * UUID, a nested value ({@link Address}) and a list of five tags. Mutable, not thread-safe.
 */
public final class Order {

    /** Where an order stands. */
    public enum Status { NEW, PAID, SHIPPED }

    private Long id;
    private UUID uuid;
    private String customer;
    private String email;
    private Instant createdAt;
    private Instant updatedAt;
    private BigDecimal total;
    private String currency;
    private Status status;
    private int itemCount;
    private long version;
    private boolean gift;
    private LocalDate deliveryDate;
    private Address shipping;
    private List<String> tags = new ArrayList<>();

    /** For marshalers. */
    public Order() {
    }

    /** The order every benchmark run marshals: realistic lengths, sub-millisecond instants. */
    public static Order typical() {
        Order order = new Order();
        order.id = 1_234_567L;
        order.uuid = UUID.fromString("3f2b6c1e-8a4d-4c5e-9b7a-1d2e3f4a5b6c");
        order.customer = "Ada Lovelace";
        order.email = "ada.lovelace@example.org";
        order.createdAt = Instant.parse("2024-05-06T07:08:09.123456789Z");
        order.updatedAt = Instant.parse("2024-05-07T10:11:12.987654321Z");
        order.total = new BigDecimal("1249.90");
        order.currency = "EUR";
        order.status = Status.PAID;
        order.itemCount = 3;
        order.version = 7;
        order.gift = true;
        order.deliveryDate = LocalDate.of(2024, 5, 10);
        order.shipping = new Address("12 Analytical Engine Street", "London", "NW1 6XE", "GB");
        order.tags = new ArrayList<>(List.of("priority", "fragile", "repeat-customer", "newsletter", "eu"));
        return order;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Order that && Objects.equals(id, that.id) && Objects.equals(uuid, that.uuid)
                && Objects.equals(customer, that.customer) && Objects.equals(email, that.email)
                && Objects.equals(createdAt, that.createdAt) && Objects.equals(updatedAt, that.updatedAt)
                && Objects.equals(total, that.total) && Objects.equals(currency, that.currency)
                && status == that.status && itemCount == that.itemCount && version == that.version
                && gift == that.gift && Objects.equals(deliveryDate, that.deliveryDate)
                && Objects.equals(shipping, that.shipping) && Objects.equals(tags, that.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, uuid);
    }

    /** An embeddable value nested in {@link Order}. */
    public static final class Address {
        private String street;
        private String city;
        private String postcode;
        private String country;

        /** For marshalers. */
        public Address() {
        }

        Address(String street, String city, String postcode, String country) {
            this.street = street;
            this.city = city;
            this.postcode = postcode;
            this.country = country;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Address that && Objects.equals(street, that.street)
                    && Objects.equals(city, that.city) && Objects.equals(postcode, that.postcode)
                    && Objects.equals(country, that.country);
        }

        @Override
        public int hashCode() {
            return Objects.hash(street, postcode);
        }
    }
}
