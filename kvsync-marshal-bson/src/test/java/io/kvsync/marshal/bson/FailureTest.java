package io.kvsync.marshal.bson;

import io.kvsync.api.MarshalException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureTest {

    private final BsonMarshaler marshaler = BsonMarshaler.create();

    static final class Node {
        String name;
        Node next;
        List<Node> children = new ArrayList<>();
    }

    static final class Department {
        String name;
        List<Employee> staff = new ArrayList<>();
    }

    static final class Employee {
        String name;
        Department department;
    }

    @Test
    void a_cycle_through_a_field_names_the_class_and_the_field() {
        Node node = new Node();
        node.next = node;

        assertThatThrownBy(() -> marshaler.marshal(node))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Node.class.getName() + ".next")
                .hasMessageContaining("cycle");
    }

    @Test
    void a_cycle_through_a_collection_names_the_path() {
        Department department = new Department();
        Employee employee = new Employee();
        employee.department = department;
        department.staff.add(employee);

        assertThatThrownBy(() -> marshaler.marshal(department))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("staff[0].department")
                .hasMessageContaining(Employee.class.getName() + ".department")
                .hasMessageContaining(Department.class.getName());
    }

    @Test
    void a_very_deep_graph_fails_with_a_message_not_a_stack_overflow() {
        Node head = new Node();
        Node tail = head;
        for (int i = 0; i < 10_000; i++) {
            tail.next = new Node();
            tail = tail.next;
        }
        Node deep = head;

        assertThatThrownBy(() -> marshaler.marshal(deep))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("deeper than");
    }

    @Test
    void bytes_nested_deeper_than_the_limit_fail_with_a_message_not_a_stack_overflow() {
        org.bson.io.BasicOutputBuffer buffer = new org.bson.io.BasicOutputBuffer();
        try (org.bson.BsonBinaryWriter writer = new org.bson.BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            // The BSON writer itself stops at 1024 levels.
            for (int i = 0; i < 1_000; i++) {
                writer.writeStartDocument("next");
            }
            for (int i = 0; i <= 1_000; i++) {
                writer.writeEndDocument();
            }
        }
        byte[] deep = buffer.toByteArray();

        assertThatThrownBy(() -> marshaler.unmarshal(deep, Node.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Node.class.getName())
                .hasMessageContaining("deeper than");
    }

    record Sample(String name, int count) {
    }

    @Test
    void truncated_bytes_fail_naming_the_type() {
        byte[] bytes = marshaler.marshal(new Sample("name", 3));

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> marshaler.unmarshal(truncated, Sample.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(Sample.class.getName());
        }
    }

    @Test
    void corrupted_bytes_fail_with_a_marshal_exception_whatever_byte_is_damaged() {
        byte[] bytes = marshaler.marshal(new Sample("name", 3));

        for (int i = 0; i < bytes.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] corrupted = bytes.clone();
                corrupted[i] ^= (byte) flip;
                try {
                    Sample read = marshaler.unmarshal(corrupted, Sample.class);
                    // Damage to a value byte can still make a valid document; it must still be a Sample.
                    assertThat(read).isInstanceOf(Sample.class);
                } catch (MarshalException expected) {
                    assertThat(expected).hasMessageContaining(Sample.class.getName());
                }
            }
        }
    }

    @Test
    void json_text_fails_as_bytes_of_another_marshaler() {
        byte[] json = "{\"name\":\"x\",\"count\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> marshaler.unmarshal(json, Sample.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Sample.class.getName())
                .hasMessageContaining("another marshaler");
    }

    @Test
    void null_and_empty_bytes_fail_naming_the_type() {
        assertThatThrownBy(() -> marshaler.unmarshal(null, Sample.class))
                .isInstanceOf(MarshalException.class).hasMessageContaining(Sample.class.getName());
        assertThatThrownBy(() -> marshaler.unmarshal(new byte[0], Sample.class))
                .isInstanceOf(MarshalException.class).hasMessageContaining(Sample.class.getName());
    }

    record Other(List<String> name, int count) {
    }

    @Test
    void a_type_mismatch_names_the_type_and_the_field() {
        byte[] bytes = marshaler.marshal(new Sample("name", 3));

        assertThatThrownBy(() -> marshaler.unmarshal(bytes, Other.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Other.class.getName())
                .hasMessageContaining(Other.class.getName() + ".name")
                .hasMessageContaining("expected ARRAY but the bytes hold STRING");
    }

    record Narrow(byte count) {
    }

    @Test
    void a_number_too_large_for_the_field_fails() {
        byte[] bytes = marshaler.marshal(new Sample("n", 300));

        assertThatThrownBy(() -> marshaler.unmarshal(bytes, Narrow.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Narrow.class.getName() + ".count")
                .hasMessageContaining("does not fit a byte");
    }

    enum Size { SMALL }

    record Sized(Size name) {
    }

    @Test
    void an_unknown_enum_constant_fails_naming_the_enum() {
        byte[] bytes = marshaler.marshal(new Sample("HUGE", 1));

        assertThatThrownBy(() -> marshaler.unmarshal(bytes, Sized.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("'HUGE' is not a constant of " + Size.class.getName());
    }

    static final class Untyped {
        Object anything;
    }

    static final class Abstracted {
        Serializable something;
    }

    static final class Raw {
        @SuppressWarnings("rawtypes")
        List items;
    }

    static final class BadKeys {
        Map<Sample, String> byRecord;
    }

    @Test
    void unsupported_field_types_fail_naming_the_field() {
        assertThatThrownBy(() -> marshaler.marshal(new Untyped()))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Untyped.class.getName() + ".anything")
                .hasMessageContaining("java.lang.Object is not supported");
        assertThatThrownBy(() -> marshaler.marshal(new Abstracted()))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Abstracted.class.getName() + ".something");
        assertThatThrownBy(() -> marshaler.marshal(new Raw()))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Raw.class.getName() + ".items")
                .hasMessageContaining("type arguments");
        assertThatThrownBy(() -> marshaler.marshal(new BadKeys()))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("map keys of type " + Sample.class.getName());
    }

    static class Animal {
        String name;
    }

    static final class Dog extends Animal {
        boolean goodBoy = true;
    }

    static final class Pet {
        Animal animal;
    }

    @Test
    void a_field_holding_a_subclass_of_its_declared_type_fails_rather_than_losing_fields() {
        Pet pet = new Pet();
        pet.animal = new Dog();

        assertThatThrownBy(() -> marshaler.marshal(pet))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(Pet.class.getName() + ".animal")
                .hasMessageContaining(Dog.class.getName());
    }

    static final class NoDefaultConstructor {
        final String name;

        NoDefaultConstructor(String name) {
            this.name = name;
        }
    }

    @Test
    void a_class_without_a_no_argument_constructor_can_be_written_but_reading_it_says_why_not() {
        byte[] bytes = marshaler.marshal(new NoDefaultConstructor("n"));

        assertThatThrownBy(() -> marshaler.unmarshal(bytes, NoDefaultConstructor.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("no no-argument constructor");
    }

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive");
            }
        }
    }

    @Test
    void a_record_constructor_that_rejects_the_values_gives_a_marshal_exception() {
        byte[] bytes = marshaler.marshal(new Sample("n", -1));

        assertThatThrownBy(() -> marshaler.unmarshal(bytes, Positive.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("value must be positive");
    }

    @Test
    void a_map_with_a_null_key_fails() {
        Map<String, String> map = new java.util.HashMap<>();
        map.put(null, "v");
        record Keyed(Map<String, String> map) {
        }

        assertThatThrownBy(() -> marshaler.marshal(new Keyed(map)))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining("null key");
    }

    @Test
    void a_value_that_fails_half_written_leaves_the_next_one_on_the_thread_intact() {
        Department department = new Department();
        department.name = "Accounts";
        Employee employee = new Employee();
        employee.name = "Grace";
        employee.department = department;
        department.staff.add(employee); // a cycle, found two documents deep
        Department clean = new Department();
        clean.name = "Archives";
        byte[] expected = marshaler.marshal(clean);

        assertThatThrownBy(() -> marshaler.marshal(department)).isInstanceOf(MarshalException.class);
        byte[] after = marshaler.marshal(clean);

        assertThat(after).isEqualTo(expected);
        assertThat(marshaler.unmarshal(after, Department.class).name).isEqualTo("Archives");
    }

    @Test
    void values_marshaled_one_after_another_on_a_thread_are_each_a_whole_document() {
        Employee first = new Employee();
        first.name = "Ada";
        Employee second = new Employee();
        second.name = "Charles Babbage, of the Difference Engine";

        byte[] a = marshaler.marshal(first);
        byte[] b = marshaler.marshal(second);
        byte[] again = marshaler.marshal(first);

        assertThat(again).isEqualTo(a);
        assertThat(marshaler.unmarshal(b, Employee.class).name).isEqualTo(second.name);
        assertThat(marshaler.unmarshal(a, Employee.class).name).isEqualTo("Ada");
    }

    @Test
    void marshaling_null_fails() {
        assertThatThrownBy(() -> marshaler.marshal(null)).isInstanceOf(MarshalException.class);
    }
}
