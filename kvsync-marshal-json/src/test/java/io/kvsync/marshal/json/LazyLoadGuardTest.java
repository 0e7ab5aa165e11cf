package io.kvsync.marshal.json;

import io.kvsync.spi.LazyLoadGuard;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LazyLoadGuardTest {

    public static class Owner {
        String name = "owner";
    }

    /** Stands for an uninitialized ORM proxy: reading it would "load". */
    public static class UnloadedOwner extends Owner {
    }

    /** Stands for an initialized proxy: its own fields are hollow, the target holds the state. */
    public static class LoadedProxy extends Owner {
        final Owner target;

        LoadedProxy(Owner target) {
            this.target = target;
            this.name = null;
        }
    }

    public static class Order {
        String number = "PO-1";
        Owner owner;
        List<String> lines = new ArrayList<>(List.of("default"));
    }

    /** Treats UnloadedOwner and a marked list as unloaded, and unwraps LoadedProxy. */
    private static final LazyLoadGuard GUARD = new LazyLoadGuard() {
        @Override
        public boolean isUnloaded(Object value) {
            return value instanceof UnloadedOwner || value instanceof UnloadedList;
        }

        @Override
        public Object unproxy(Object value) {
            return value instanceof LoadedProxy proxy ? proxy.target : value;
        }
    };

    static final class UnloadedList extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
    }

    private final JsonMarshaler marshaler = JsonMarshaler.builder().lazyLoadGuard(GUARD).build();

    @Test
    void an_unloaded_field_is_skipped_and_reads_back_as_the_default() {
        Order order = new Order();
        order.owner = new UnloadedOwner();
        order.lines = new UnloadedList();

        byte[] bytes = marshaler.marshal(order);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("owner").doesNotContain("lines");
        Order read = marshaler.unmarshal(bytes, Order.class);
        assertThat(read.owner).isNull();
        assertThat(read.lines).containsExactly("default");
    }

    @Test
    void an_initialized_proxy_is_written_as_its_target() {
        Order order = new Order();
        Owner real = new Owner();
        real.name = "the real owner";
        order.owner = new LoadedProxy(real);

        Order read = marshaler.unmarshal(marshaler.marshal(order), Order.class);

        assertThat(read.owner.name).isEqualTo("the real owner");
    }

    @Test
    void a_proxy_passed_as_the_entity_itself_is_unwrapped() {
        Owner real = new Owner();
        real.name = "root";

        Owner read = marshaler.unmarshal(marshaler.marshal(new LoadedProxy(real)), Owner.class);

        assertThat(read.name).isEqualTo("root");
    }
}
