package io.kvsync.marshal.bson;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaEvolutionTest {

    private final BsonMarshaler marshaler = BsonMarshaler.create();

    static final class CustomerV1 {
        String name;
        int visits;
        String dropped;
    }

    static final class CustomerV2 {
        String name;
        long visits;
        String email = "none@example.org";
        List<String> tags = List.of("new");

        private CustomerV2() {
        }
    }

    @Test
    void unknown_fields_are_ignored_and_missing_fields_keep_the_constructor_default() {
        CustomerV1 old = new CustomerV1();
        old.name = "Ada";
        old.visits = 3;
        old.dropped = "gone";

        CustomerV2 read = marshaler.unmarshal(marshaler.marshal(old), CustomerV2.class);

        assertThat(read.name).isEqualTo("Ada");
        assertThat(read.visits).isEqualTo(3L);
        assertThat(read.email).isEqualTo("none@example.org");
        assertThat(read.tags).containsExactly("new");
    }

    record PointV1(int x, String label) {
    }

    record PointV2(long x, int y, String label, boolean visible, List<String> notes) {
    }

    @Test
    void a_record_gets_defaults_for_components_the_bytes_lack() {
        PointV2 read = marshaler.unmarshal(marshaler.marshal(new PointV1(7, "p")), PointV2.class);

        assertThat(read).isEqualTo(new PointV2(7L, 0, "p", false, null));
    }

    @Test
    void a_record_ignores_fields_it_no_longer_has() {
        PointV1 read = marshaler.unmarshal(marshaler.marshal(new PointV2(1, 2, "q", true, List.of("n"))), PointV1.class);

        assertThat(read).isEqualTo(new PointV1(1, "q"));
    }

    static final class Reordered {
        String label;
        int x;
    }

    @Test
    void fields_are_found_by_name_whatever_their_order() {
        Reordered read = marshaler.unmarshal(marshaler.marshal(new PointV1(9, "r")), Reordered.class);

        assertThat(read.label).isEqualTo("r");
        assertThat(read.x).isEqualTo(9);
    }
}
