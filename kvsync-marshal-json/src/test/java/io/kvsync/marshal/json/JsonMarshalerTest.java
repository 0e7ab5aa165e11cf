package io.kvsync.marshal.json;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.MarshalException;
import io.kvsync.tck.fixtures.AmountAsNumber;
import io.kvsync.tck.fixtures.EveryTypeEntity;
import io.kvsync.tck.fixtures.Node;
import io.kvsync.tck.fixtures.SampleEntities;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JSON marshaler does beyond the shared contract: its format, its strictness, its messages. */
class JsonMarshalerTest {

    private final JsonMarshaler marshaler = JsonMarshaler.create();

    private String json(Object value) {
        return new String(marshaler.marshal(value), StandardCharsets.UTF_8);
    }

    private <T> T read(String json, Class<T> type) {
        return marshaler.unmarshal(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Field access only: either accessor failing shows that it was called. */
    static final class GuardedAccessors {
        private String value = "initial";

        String getValue() {
            throw new IllegalStateException("getter called");
        }

        void setValue(String newValue) {
            throw new IllegalStateException("setter called");
        }
    }

    static final class Amount {
        double amount;
    }

    @Nested
    @DisplayName("the document")
    class Document {

        @Test
        @DisplayName("date-times are ISO-8601 text with every nanosecond digit and the region zone")
        void dates_are_iso_text() {
            String json = json(SampleEntities.everyFieldFilled());

            assertThat(json)
                    .contains("\"instant\":\"2024-03-31T01:30:00.123456789Z\"")
                    .contains("\"localDateTime\":\"2024-02-29T23:59:59.999999999\"")
                    .contains("\"offsetDateTime\":\"2024-07-01T12:00:00.000000001+05:30\"")
                    .contains("\"zonedDateTime\":\"2024-10-27T02:30:00.123456789+01:00[Europe/Paris]\"")
                    .contains("\"duration\":\"PT26H3M4.000000005S\"");
        }

        @Test
        @DisplayName("decimals are JSON numbers with their exact digits and scale, never rounded through double")
        void decimals_are_exact_numbers() {
            EveryTypeEntity entity = new EveryTypeEntity();
            entity.decimal = new BigDecimal("3.14159265358979323846264338327950288419716939937510");
            entity.decimalMap = SampleEntities.extremeDecimals();

            assertThat(json(entity))
                    .contains("\"decimal\":3.14159265358979323846264338327950288419716939937510,")
                    .contains("\"huge exponent\":1E+400")
                    .contains("\"zero scale 3\":0.000");
        }

        @Test
        @DisplayName("NaN and infinities are written as strings, keeping the document valid JSON")
        void non_finite_numbers_are_strings() {
            Amount amount = new Amount();
            amount.amount = Double.NEGATIVE_INFINITY;

            assertThat(json(amount)).isEqualTo("{\"amount\":\"-Infinity\"}");
        }

        @Test
        @DisplayName("getters and setters are never called, in either direction")
        void accessors_are_not_called() {
            GuardedAccessors original = new GuardedAccessors();
            original.value = "written";

            assertThat(json(original)).isEqualTo("{\"value\":\"written\"}");
            assertThat(read("{\"value\":\"read\"}", GuardedAccessors.class).value).isEqualTo("read");
        }
    }

    @Nested
    @DisplayName("strict reading")
    class StrictReading {

        @Test
        @DisplayName("a JSON null document is a MarshalException, not a null entity")
        void null_document() {
            assertThatThrownBy(() -> read("null", EveryTypeEntity.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(EveryTypeEntity.class.getName());
        }

        @Test
        @DisplayName("anything after the document is a MarshalException")
        void trailing_tokens() {
            assertThatThrownBy(() -> read("{\"amount\":1} {}", AmountAsNumber.class))
                    .isInstanceOf(MarshalException.class);
        }

        @Test
        @DisplayName("a fraction read into an int field is a MarshalException, not a silent truncation")
        void fraction_into_int() {
            assertThatThrownBy(() -> read("{\"amount\":1.5}", AmountAsNumber.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining("at field amount");
        }

        @Test
        @DisplayName("an enum constant the type no longer has is a MarshalException naming the field")
        void unknown_enum_constant() {
            assertThatThrownBy(() -> read("{\"status\":\"GONE\"}", EveryTypeEntity.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining("at field status")
                    .hasMessageContaining("GONE");
        }
    }

    @Nested
    @DisplayName("error messages")
    class ErrorMessages {

        @Test
        @DisplayName("a read failure names the class and the path of the field down nested objects and lists")
        void read_failure_names_field_path() {
            String json = "{\"addressList\":[{},{\"location\":{\"latitude\":\"north\"}}]}";

            assertThatThrownBy(() -> read(json, EveryTypeEntity.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(EveryTypeEntity.class.getName())
                    .hasMessageContaining("at field addressList[1].location.latitude")
                    .hasMessageContaining("\"north\"");
        }

        @Test
        @DisplayName("a read failure on malformed JSON names the byte where it happened")
        void malformed_json_names_byte_offset() {
            assertThatThrownBy(() -> read("{\"amount\":}", AmountAsNumber.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(AmountAsNumber.class.getName())
                    .hasMessageContaining("at byte 10");
        }

        @Test
        @DisplayName("a cycle is named as such, with a short path and what to do")
        void cycle_is_named() {
            Node first = new Node("first");
            Node second = new Node("second");
            first.next = second;
            second.next = first;

            assertThatThrownBy(() -> marshaler.marshal(first))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(Node.class.getName())
                    .hasMessageContaining("cycle")
                    .hasMessageContaining("@KvSyncIgnore")
                    .hasMessageContaining("next.next.next.(988 more).next.next")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
        }

        @Test
        @DisplayName("null arguments are MarshalExceptions")
        void null_arguments() {
            assertThatThrownBy(() -> marshaler.marshal(null)).isInstanceOf(MarshalException.class);
            assertThatThrownBy(() -> marshaler.unmarshal(null, EveryTypeEntity.class))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(EveryTypeEntity.class.getName());
            assertThatThrownBy(() -> marshaler.unmarshal(new byte[] {'{', '}'}, null)).isInstanceOf(MarshalException.class);
        }
    }

    @Nested
    @DisplayName("nesting depth")
    class NestingDepth {

        private Node chain(int length) {
            Node head = new Node("0");
            Node tail = head;
            for (int i = 1; i < length; i++) {
                tail.next = new Node(Integer.toString(i));
                tail = tail.next;
            }
            return head;
        }

        @Test
        @DisplayName("a deep but finite object graph within the limit round trips")
        void deep_graph_within_limit() {
            Node head = chain(400);

            Node copy = marshaler.unmarshal(marshaler.marshal(head), Node.class);

            int length = 0;
            for (Node node = copy; node != null; node = node.next) {
                length++;
            }
            assertThat(length).isEqualTo(400);
        }

        @Test
        @DisplayName("a configured limit applies to writing and reading")
        void configured_limit_applies_both_ways() {
            JsonMarshaler shallow = JsonMarshaler.builder().maxNestingDepth(5).build();
            byte[] deep = marshaler.marshal(chain(10));

            assertThatThrownBy(() -> shallow.marshal(chain(10))).isInstanceOf(MarshalException.class);
            assertThatThrownBy(() -> shallow.unmarshal(deep, Node.class)).isInstanceOf(MarshalException.class);
            assertThat(shallow.unmarshal(shallow.marshal(chain(2)), Node.class).next.name).isEqualTo("1");
        }

        @Test
        @DisplayName("a limit below 1 is a configuration error")
        void limit_below_one_is_rejected() {
            assertThatThrownBy(() -> JsonMarshaler.builder().maxNestingDepth(0).build())
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("maxNestingDepth")
                    .hasMessageContaining("0");
        }
    }

    @Test
    @DisplayName("one marshaler reads what another instance wrote")
    void instances_are_interchangeable() {
        List<String> labels = new ArrayList<>(List.of("a", "b"));
        EveryTypeEntity entity = new EveryTypeEntity();
        entity.stringList = labels;

        EveryTypeEntity copy = JsonMarshaler.create().unmarshal(marshaler.marshal(entity), EveryTypeEntity.class);

        assertThat(copy.stringList).containsExactly("a", "b");
    }
}
