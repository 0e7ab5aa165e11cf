package io.kvsync.marshal.bson;

import io.kvsync.api.MarshalException;
import io.kvsync.spi.LazyLoadGuard;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LazyLoadGuardTest {

    static class Customer {
        String name = "default customer";
    }

    /** Stands for an uninitialized ORM proxy: touching it would run a query. */
    static final class UnloadedCustomer extends Customer {
    }

    /** Stands for an initialized proxy: hollow itself, the target holds the state. */
    static final class LoadedProxy extends Customer {
        final Customer target;

        LoadedProxy(Customer target) {
            this.target = target;
            this.name = null;
        }
    }

    /** Stands for a lazy collection nobody initialized. */
    static final class UnloadedList extends ArrayList<Customer> {
        private static final long serialVersionUID = 1L;
    }

    static final class Invoice {
        String number = "INV-1";
        Customer customer;
        List<Customer> contacts = new ArrayList<>(List.of(new Customer()));
    }

    private static final LazyLoadGuard GUARD = new LazyLoadGuard() {
        @Override
        public boolean isUnloaded(Object value) {
            return value instanceof UnloadedCustomer || value instanceof UnloadedList;
        }

        @Override
        public Object unproxy(Object value) {
            return value instanceof LoadedProxy proxy ? proxy.target : value;
        }
    };

    private final BsonMarshaler marshaler = BsonMarshaler.builder().lazyLoadGuard(GUARD).build();

    @Test
    void an_unloaded_field_is_left_out_and_reads_back_as_the_constructor_default() {
        Invoice invoice = new Invoice();
        invoice.customer = new UnloadedCustomer();
        invoice.contacts = new UnloadedList();

        byte[] bytes = marshaler.marshal(invoice);
        Invoice read = marshaler.unmarshal(bytes, Invoice.class);

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("customer", "contacts");
        assertThat(read.customer).isNull();
        assertThat(read.contacts).extracting(contact -> contact.name).containsExactly("default customer");
    }

    @Test
    void an_initialized_proxy_is_written_as_its_target_in_a_field_an_element_and_at_the_top() {
        Customer real = new Customer();
        real.name = "the real customer";
        Invoice invoice = new Invoice();
        invoice.customer = new LoadedProxy(real);
        invoice.contacts = new ArrayList<>(List.of(new LoadedProxy(real)));

        Invoice read = marshaler.unmarshal(marshaler.marshal(invoice), Invoice.class);
        Customer top = marshaler.unmarshal(marshaler.marshal(new LoadedProxy(real)), Customer.class);

        assertThat(read.customer.name).isEqualTo("the real customer");
        assertThat(read.contacts).extracting(contact -> contact.name).containsExactly("the real customer");
        assertThat(top.name).isEqualTo("the real customer");
    }

    @Test
    void an_unloaded_value_at_the_top_fails_instead_of_loading() {
        assertThatThrownBy(() -> marshaler.marshal(new UnloadedCustomer()))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(UnloadedCustomer.class.getName())
                .hasMessageContaining("uninitialized");
    }
}
