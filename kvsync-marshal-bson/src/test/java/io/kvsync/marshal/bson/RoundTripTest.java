package io.kvsync.marshal.bson;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RoundTripTest {

    private final BsonMarshaler marshaler = BsonMarshaler.create();

    private <T> T roundTrip(T value, Class<T> type) {
        return marshaler.unmarshal(marshaler.marshal(value), type);
    }

    enum Color { RED, GREEN, BLUE { @Override public String toString() { return "blue"; } } }

    record Scalars(int i, long l, short s, byte b, char c, double d, float f, boolean z,
                   Integer boxedInt, Long boxedLong, Double boxedDouble, Character boxedChar, Boolean boxedBool,
                   String text, UUID uuid, Color color, byte[] bytes) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Scalars that && i == that.i && l == that.l && s == that.s && b == that.b
                    && c == that.c && Double.compare(d, that.d) == 0 && Float.compare(f, that.f) == 0 && z == that.z
                    && java.util.Objects.equals(boxedInt, that.boxedInt) && java.util.Objects.equals(boxedLong, that.boxedLong)
                    && java.util.Objects.equals(boxedDouble, that.boxedDouble) && java.util.Objects.equals(boxedChar, that.boxedChar)
                    && java.util.Objects.equals(boxedBool, that.boxedBool) && java.util.Objects.equals(text, that.text)
                    && java.util.Objects.equals(uuid, that.uuid) && color == that.color && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return i;
        }
    }

    @Test
    void primitives_wrappers_strings_uuids_enums_and_bytes_come_back_equal() {
        Scalars extremes = new Scalars(Integer.MIN_VALUE, Long.MAX_VALUE, Short.MIN_VALUE, Byte.MAX_VALUE, '\uD800',
                -0.0, Float.NaN, true, Integer.MAX_VALUE, Long.MIN_VALUE, Double.POSITIVE_INFINITY, '\uFFFF', false,
                "héllo wörld ✓ 😀", UUID.randomUUID(), Color.BLUE, new byte[] {0, -1, 127, -128});
        Scalars nulls = new Scalars(0, 0, (short) 0, (byte) 0, 'x', 1.5, 2.5f, false,
                null, null, null, null, null, null, null, null, null);

        assertThat(roundTrip(extremes, Scalars.class)).isEqualTo(extremes);
        assertThat(roundTrip(nulls, Scalars.class)).isEqualTo(nulls);
    }

    record Text(String value, List<String> values) {
    }

    @Test
    void strings_with_unpaired_surrogates_or_nul_characters_come_back_unchanged() {
        for (String text : List.of("a\uD800b", "\uDC00", "\uD83D", "x\u0000y", "😀", "")) {
            Text value = new Text(text, List.of(text));
            assertThat(roundTrip(value, Text.class)).isEqualTo(value);
        }
    }

    @Test
    void an_enum_constant_with_a_body_round_trips_at_the_top_level() {
        assertThat(roundTrip(Color.BLUE, Color.class)).isSameAs(Color.BLUE);
    }

    record Credentials(String user, @io.kvsync.api.KvSyncIgnore String password, @io.kvsync.api.KvSyncIgnore int pin) {
    }

    @Test
    void an_ignored_record_component_is_not_written_and_reads_back_as_its_default() {
        Credentials back = roundTrip(new Credentials("ada", "secret", 1234), Credentials.class);

        assertThat(back).isEqualTo(new Credentials("ada", null, 0));
    }

    record Keyed(Map<String, Integer> map) {
    }

    @Test
    void map_keys_that_cannot_be_bson_field_names_still_come_back() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("plain", 1);
        map.put("nul\u0000inside", 2);
        map.put("half \uD83D emoji", null);
        map.put("", 4);

        assertThat(roundTrip(new Keyed(map), Keyed.class).map()).containsExactlyEntriesOf(map);
    }

    static final class Settings extends LinkedHashMap<String, Integer> {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void a_top_level_map_class_round_trips_in_either_form() {
        Settings plain = new Settings();
        plain.put("a", 1);
        Settings awkward = new Settings();
        awkward.put("a\u0000", 1);

        assertThat(roundTrip(plain, Settings.class)).isInstanceOf(Settings.class).isEqualTo(plain);
        assertThat(roundTrip(awkward, Settings.class)).isInstanceOf(Settings.class).isEqualTo(awkward);
    }

    record Numbers(BigDecimal decimal, BigInteger integer) {
    }

    @Test
    void big_numbers_keep_their_exact_value_and_scale() {
        List<Numbers> values = List.of(
                new Numbers(new BigDecimal("1.50"), BigInteger.ZERO),
                new Numbers(new BigDecimal("-0.000000000000000000000000000000000000000000123456789012345678901234567890"),
                        new BigInteger("-123456789012345678901234567890123456789012345678901234567890")),
                new Numbers(new BigDecimal("1E+9999"), BigInteger.TWO.pow(4000)),
                new Numbers(new BigDecimal(new BigInteger("123"), -50), BigInteger.ONE.negate()),
                new Numbers(BigDecimal.ZERO.setScale(7), BigInteger.valueOf(Long.MIN_VALUE)));

        for (Numbers value : values) {
            Numbers back = roundTrip(value, Numbers.class);
            assertThat(back).isEqualTo(value);
            assertThat(back.decimal().scale()).isEqualTo(value.decimal().scale());
        }
    }

    record Times(Instant instant, LocalDate date, LocalTime time, LocalDateTime dateTime, OffsetDateTime offset,
                 ZonedDateTime zoned, Duration duration) {
    }

    @Test
    void java_time_values_keep_every_nanosecond_and_the_zone_region() {
        Times ordinary = new Times(Instant.parse("2024-05-06T07:08:09.123456789Z"), LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 59, 999_999_999), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(-5, -30)),
                ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 42, ZoneId.of("Europe/Paris")),
                Duration.ofSeconds(-5, 1));
        Times extremes = new Times(Instant.MIN, LocalDate.MAX, LocalTime.MIDNIGHT, LocalDateTime.MIN,
                OffsetDateTime.MAX, ZonedDateTime.of(LocalDateTime.MAX, ZoneId.of("UTC")),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        Times other = new Times(Instant.MAX, LocalDate.MIN, LocalTime.MAX, LocalDateTime.MAX, OffsetDateTime.MIN,
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(3)), Duration.ofSeconds(Long.MIN_VALUE));

        assertThat(roundTrip(ordinary, Times.class)).isEqualTo(ordinary);
        assertThat(roundTrip(extremes, Times.class)).isEqualTo(extremes);
        assertThat(roundTrip(other, Times.class)).isEqualTo(other);
    }

    @Test
    void a_zoned_date_time_in_the_autumn_overlap_keeps_its_offset() {
        ZonedDateTime early = ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris"));
        ZonedDateTime late = early.withLaterOffsetAtOverlap();
        Times value = new Times(null, null, null, null, null, late, null);

        assertThat(late).isNotEqualTo(early);
        assertThat(roundTrip(value, Times.class).zoned()).isEqualTo(late);
    }

    record Containers(List<String> list, Set<Integer> set, SortedSet<String> sorted, Map<String, Double> map,
                      SortedMap<String, Long> sortedMap, Map<Color, List<String>> byColor, Map<UUID, Boolean> byUuid,
                      Map<Long, String> byLong, EnumSet<Color> colors, EnumMap<Color, Integer> colorCounts,
                      LinkedList<Long> linked, ArrayList<List<Integer>> nested, String[] strings, int[] ints,
                      long[][] matrix, List<String>[] genericArray) {
    }

    @Test
    void collections_maps_and_arrays_come_back_with_their_elements_in_order() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("z", 1.0);
        map.put("a", null);
        map.put("dotted.key$", 2.0);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<String>[] genericArray = new List[] {List.of("x"), null};
        Containers value = new Containers(Arrays.asList("b", null, "a"), Set.of(3), new TreeSet<>(Set.of("q", "p")),
                map, new TreeMap<>(Map.of("k", 1L)), Map.of(Color.RED, List.of("r")), Map.of(UUID.randomUUID(), true),
                Map.of(-1L, "minus one"), EnumSet.of(Color.GREEN, Color.BLUE), new EnumMap<>(Map.of(Color.RED, 5)),
                new LinkedList<>(List.of(1L, 2L)), new ArrayList<>(List.of(List.of(1, 2), List.of())),
                new String[] {"s", null}, new int[] {1, -1}, new long[][] {{1L}, {}}, genericArray);

        Containers back = roundTrip(value, Containers.class);

        assertThat(back.list()).containsExactly("b", null, "a");
        assertThat(back.set()).containsExactly(3);
        assertThat(back.sorted()).isInstanceOf(TreeSet.class).containsExactly("p", "q");
        assertThat(back.map()).containsExactly(entry("z", 1.0), entry("a", null), entry("dotted.key$", 2.0));
        assertThat(back.sortedMap()).isInstanceOf(TreeMap.class).isEqualTo(value.sortedMap());
        assertThat(back.byColor()).isEqualTo(value.byColor());
        assertThat(back.byUuid()).isEqualTo(value.byUuid());
        assertThat(back.byLong()).isEqualTo(value.byLong());
        assertThat(back.colors()).isEqualTo(value.colors());
        assertThat(back.colorCounts()).isInstanceOf(EnumMap.class).isEqualTo(value.colorCounts());
        assertThat(back.linked()).isInstanceOf(LinkedList.class).isEqualTo(value.linked());
        assertThat(back.nested()).isEqualTo(value.nested());
        assertThat(back.strings()).containsExactly("s", null);
        assertThat(back.ints()).containsExactly(1, -1);
        assertThat(back.matrix()).isDeepEqualTo(value.matrix());
        assertThat(back.genericArray()).containsExactly(List.of("x"), null);
    }

    /** An embeddable-style value: no equals, private no-argument constructor, final field. */
    static final class Address {
        private final String street;
        private int zip;

        private Address() {
            street = "unset";
        }

        Address(String street, int zip) {
            this.street = street;
            this.zip = zip;
        }
    }

    abstract static class BaseEntity<ID> {
        protected ID id;
        protected long version;
    }

    static class Person extends BaseEntity<Long> {
        String name;
        Address home;
        List<Address> previous = new ArrayList<>();
        Map<String, Address> byLabel;
        Address[] spare;
        transient String cached = "derived";
        @io.kvsync.api.KvSyncIgnore String secret = "not stored";
        static String shared = "static";
    }

    @Test
    void nested_objects_inherited_generic_fields_and_final_fields_are_restored() {
        Person person = new Person();
        person.id = 42L;
        person.version = 7;
        person.name = "Ada";
        person.home = new Address("Main St", 12345);
        person.previous.add(new Address("Old St", 1));
        person.previous.add(null);
        person.byLabel = Map.of("work", new Address("Office Rd", 2));
        person.spare = new Address[] {new Address("Spare", 3)};

        Person back = roundTrip(person, Person.class);

        assertThat(back).usingRecursiveComparison().ignoringFields("cached", "secret").isEqualTo(person);
        assertThat(back.id).isInstanceOf(Long.class).isEqualTo(42L);
        assertThat(back.home.street).isEqualTo("Main St");
    }

    @Test
    void transient_static_and_ignored_fields_are_not_written() {
        Person person = new Person();
        person.cached = "changed";
        person.secret = "changed";

        Person back = roundTrip(person, Person.class);
        String bytesAsText = new String(marshaler.marshal(person), java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(back.cached).isEqualTo("derived");
        assertThat(back.secret).isEqualTo("not stored");
        assertThat(bytesAsText).doesNotContain("cached", "secret", "shared", "changed");
    }

    @Test
    void a_null_field_stays_null_even_where_the_constructor_sets_a_default() {
        Person person = new Person();
        person.previous = null;

        assertThat(roundTrip(person, Person.class).previous).isNull();
    }

    static final class TreeNode {
        String label;
        List<TreeNode> children = new ArrayList<>();
        TreeNode firstChild;
    }

    @Test
    void a_self_referencing_type_and_a_shared_non_cyclic_object_are_written() {
        TreeNode root = new TreeNode();
        root.label = "root";
        TreeNode child = new TreeNode();
        child.label = "child";
        root.children.add(child);
        root.children.add(child);
        root.firstChild = child;

        TreeNode back = roundTrip(root, TreeNode.class);

        assertThat(back.children).extracting(node -> node.label).containsExactly("child", "child");
        assertThat(back.firstChild.label).isEqualTo("child");
        assertThat(back.firstChild.children).isEmpty();
    }

    @Test
    void a_graph_nested_through_lists_up_to_the_depth_limit_reads_back() {
        TreeNode root = new TreeNode();
        TreeNode parent = root;
        for (int level = 1; level < 200; level++) {
            TreeNode child = new TreeNode();
            child.label = "level " + level;
            parent.children.add(child);
            parent = child;
        }

        TreeNode deepest = roundTrip(root, TreeNode.class);
        for (int level = 1; level < 200; level++) {
            deepest = deepest.children.get(0);
        }

        assertThat(deepest.label).isEqualTo("level 199");
    }

    record Box<T>(T content, List<T> more) {
    }

    record Holder(Box<String> strings, Box<Instant> instants) {
    }

    @Test
    void generic_records_are_read_with_their_type_arguments() {
        Holder value = new Holder(new Box<>("a", List.of("b")), new Box<>(Instant.EPOCH, List.of(Instant.MAX)));

        assertThat(roundTrip(value, Holder.class)).isEqualTo(value);
    }

    @Test
    void a_top_level_value_that_is_not_a_document_is_wrapped() {
        assertThat(roundTrip("text", String.class)).isEqualTo("text");
        assertThat(roundTrip(Instant.EPOCH, Instant.class)).isEqualTo(Instant.EPOCH);
        assertThat(marshaler.unmarshal(marshaler.marshal(5), int.class)).isEqualTo(5);
    }

    record Empty() {
    }

    @Test
    void an_empty_record_is_an_empty_document() {
        byte[] bytes = marshaler.marshal(new Empty());

        assertThat(bytes).hasSize(5);
        assertThat(marshaler.unmarshal(bytes, Empty.class)).isEqualTo(new Empty());
    }
}
