package io.kvsync.tck;

import io.kvsync.api.MarshalException;
import io.kvsync.spi.Marshaler;
import io.kvsync.tck.fixtures.Address;
import io.kvsync.tck.fixtures.AmountAsNumber;
import io.kvsync.tck.fixtures.AmountAsText;
import io.kvsync.tck.fixtures.Coordinates;
import io.kvsync.tck.fixtures.CustomerV1;
import io.kvsync.tck.fixtures.CustomerV2;
import io.kvsync.tck.fixtures.EveryTypeEntity;
import io.kvsync.tck.fixtures.IgnoredFieldsEntity;
import io.kvsync.tck.fixtures.IgnoredFieldsWrittenPlainly;
import io.kvsync.tck.fixtures.LazyFixtures;
import io.kvsync.tck.fixtures.Node;
import io.kvsync.tck.fixtures.RandomEntities;
import io.kvsync.tck.fixtures.ReadingV1;
import io.kvsync.tck.fixtures.ReadingV2;
import io.kvsync.tck.fixtures.SampleEntities;
import io.kvsync.tck.fixtures.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.kvsync.tck.fixtures.FieldByField.assertEqualFieldByField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every {@link Marshaler} must meet, as a JUnit 5 suite. A marshaler module extends it
 * once and supplies the marshaler:
 *
 * <pre>{@code
 * class MyMarshalerContractTest extends MarshalerContract {
 *     protected Marshaler createMarshaler() { return MyMarshaler.create(); }
 * }
 * }</pre>
 *
 * <p>The suite round trips the entities of {@link io.kvsync.tck.fixtures} and demands that the copy
 * equal the original field by field ({@link io.kvsync.tck.fixtures.FieldByField}): every supported
 * type at ordinary and extreme values, nulls and empties everywhere, and entities drawn from a seeded
 * generator. It also checks schema evolution, that corrupted bytes and cycles fail with
 * {@link MarshalException} only, that ignored fields are neither written nor read, and concurrent use.
 * There is no way to opt out of a test: what the suite checks is what the engine relies on.
 *
 * <p>Randomised tests draw a new seed for each test and print it on failure; replay one with
 * {@code -Dkvsync.tck.seed=<seed>}. Each test gets a new marshaler from {@link #createMarshaler()};
 * tests run one at a time, and the concurrency test starts its own threads.
 */
public abstract class MarshalerContract {

    private static final int GENERATED_ENTITIES = 500;
    private static final int GARBAGE_ARRAYS = 300;
    private static final int THREADS = 8;
    private static final int ROUND_TRIPS_PER_THREAD = 100;
    /** A deadline against a marshaler that hangs, far above what the work takes; not a speed check. */
    private static final long THREAD_DEADLINE_MINUTES = 5;

    private Marshaler marshaler;
    private long seed;

    /** Creates the marshaler under test; called before every test. */
    protected abstract Marshaler createMarshaler();

    /** The marshaler of the running test, for subclasses' own tests. */
    protected final Marshaler marshaler() {
        return marshaler;
    }

    @BeforeEach
    final void createMarshalerUnderTest() {
        marshaler = createMarshaler();
        assertThat(marshaler).as("createMarshaler()").isNotNull();
        seed = RandomEntities.seedForThisRun();
    }

    private <T> T roundTrip(T original) {
        byte[] bytes = marshaler.marshal(original);
        assertThat(bytes).as("bytes of %s", original.getClass().getSimpleName()).isNotNull();
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) original.getClass();
        return marshaler.unmarshal(bytes, type);
    }

    private void assertRoundTrips(Object original, String description) {
        Object copy;
        try {
            copy = roundTrip(original);
        } catch (RuntimeException e) {
            // Without this, a generated entity that fails to round trip would lose its seed.
            throw new AssertionError("[" + description + "] round trip threw " + e, e);
        }
        assertEqualFieldByField(copy, original, description);
    }

    private String replayHint() {
        return "seed " + seed + "; replay with -D" + RandomEntities.SEED_PROPERTY + "=" + seed;
    }

    private static boolean contains(byte[] bytes, String text) {
        // ISO-8859-1 maps each byte to one char, so a byte-level search becomes a string search.
        return new String(bytes, StandardCharsets.ISO_8859_1)
                .contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    @Nested
    @DisplayName("every supported type")
    class RoundTrips {

        @Test
        @DisplayName("an entity with every field filled reads back equal field by field")
        void every_field_filled() {
            assertRoundTrips(SampleEntities.everyFieldFilled(), "every field filled");
        }

        @Test
        @DisplayName("text in any script, emoji and NUL included, reads back unchanged")
        void unicode_text() {
            assertRoundTrips(SampleEntities.unicodeText(), "unicode text");
        }

        @Test
        @DisplayName("null fields, null elements and null map values read back as null")
        void nulls_everywhere() {
            assertRoundTrips(SampleEntities.nullsEverywhere(), "nulls everywhere");
        }

        @Test
        @DisplayName("a new entity, all nulls and zeros, reads back equal")
        void new_entity() {
            assertRoundTrips(new EveryTypeEntity(), "new entity");
        }

        @Test
        @DisplayName("empty strings, arrays, collections and maps read back empty, not null")
        void everything_empty() {
            assertRoundTrips(SampleEntities.everythingEmpty(), "everything empty");
        }

        @Test
        @DisplayName("the smallest, largest and special values of every type read back unchanged")
        void extreme_values() {
            assertRoundTrips(SampleEntities.extremeValues(), "extreme values");
            assertRoundTrips(SampleEntities.oppositeExtremeValues(), "opposite extreme values");
        }

        @Test
        @DisplayName("a decimal keeps its exact value and scale, however large or small")
        void decimals_keep_value_and_scale() {
            for (Map.Entry<String, BigDecimal> decimal : SampleEntities.extremeDecimals().entrySet()) {
                EveryTypeEntity entity = new EveryTypeEntity();
                entity.decimal = decimal.getValue();

                BigDecimal copy = roundTrip(entity).decimal;

                assertThat(copy).as(decimal.getKey()).isEqualTo(decimal.getValue());
                assertThat(copy.scale()).as(decimal.getKey() + " scale").isEqualTo(decimal.getValue().scale());
            }
        }

        @Test
        @DisplayName("a zoned date-time keeps its region zone and its offset in a repeated hour")
        void zoned_date_time_keeps_region_zone() {
            ZoneId paris = ZoneId.of("Europe/Paris");
            LocalDateTime repeatedHour = LocalDateTime.of(2024, 10, 27, 2, 30, 0, 1);
            EveryTypeEntity entity = new EveryTypeEntity();
            entity.zonedDateTime = ZonedDateTime.ofLocal(repeatedHour, paris, ZoneOffset.ofHours(1));

            ZonedDateTime copy = roundTrip(entity).zonedDateTime;

            assertThat(copy.getZone()).isEqualTo(paris);
            assertThat(copy.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
            assertThat(copy.toLocalDateTime()).isEqualTo(repeatedHour);
        }

        @Test
        @DisplayName("date-times keep every nanosecond digit")
        void nanosecond_precision() {
            for (int nanos : new int[] {1, 10, 999, 1_000, 123_456_789, 999_999_999}) {
                EveryTypeEntity entity = new EveryTypeEntity();
                entity.instant = Instant.ofEpochSecond(1_700_000_000L, nanos);
                entity.localDateTime = LocalDateTime.of(2024, 1, 1, 0, 0, 0, nanos);
                entity.offsetDateTime = entity.localDateTime.atOffset(ZoneOffset.ofHours(-3));
                entity.zonedDateTime = entity.localDateTime.atZone(ZoneId.of("Asia/Tokyo"));
                entity.duration = Duration.ofSeconds(-1, nanos);

                assertRoundTrips(entity, nanos + " nanoseconds");
            }
        }

        @Test
        @DisplayName("the private fields of a superclass read back")
        void inherited_fields() {
            EveryTypeEntity entity = new EveryTypeEntity();
            entity.audit(7L, Instant.ofEpochSecond(1, 2), Instant.ofEpochSecond(3, 4));

            EveryTypeEntity copy = roundTrip(entity);

            assertThat(copy.id()).isEqualTo(7L);
            assertThat(copy.createdAt()).isEqualTo(Instant.ofEpochSecond(1, 2));
            assertThat(copy.updatedAt()).isEqualTo(Instant.ofEpochSecond(3, 4));
        }

        @Test
        @DisplayName("a record is itself a value that round trips")
        void record_at_top_level() {
            assertRoundTrips(new Coordinates(-12.5, 130.25, null), "record");
        }

        @Test
        @DisplayName("an embeddable-like value type with only a protected no-argument constructor round trips")
        void embeddable_at_top_level() {
            assertRoundTrips(new Address("Rue de Rivoli", "Paris", "75001", new Coordinates(1, 2, 3.0)), "embeddable");
        }

        @Test
        @DisplayName("an object referenced twice, without a cycle, reads back as two equal objects")
        void shared_reference_is_not_a_cycle() {
            Node shared = new Node("shared");
            Node parent = new Node("parent");
            parent.next = shared;
            parent.children.add(shared);
            parent.children.add(shared);

            assertRoundTrips(parent, "shared reference");
        }
    }

    @Nested
    @DisplayName("generated entities")
    class GeneratedEntities {

        @Test
        @DisplayName("every one of 500 seeded random entities reads back equal field by field")
        void generated_entities_round_trip() {
            RandomEntities generator = new RandomEntities(seed);
            for (int i = 0; i < GENERATED_ENTITIES; i++) {
                assertRoundTrips(generator.next(), "generated entity #" + i + " of " + replayHint());
            }
        }
    }

    @Nested
    @DisplayName("schema evolution")
    class SchemaEvolution {

        @Test
        @DisplayName("fields the reading type lacks are skipped, nested objects and lists included")
        void unknown_fields_are_skipped() {
            CustomerV2 newer = new CustomerV2();
            newer.id = 7;
            newer.name = "Ada";
            newer.tier = "gold";
            newer.loyaltyPoints = 5;
            newer.billingAddress = new Address("1 Main St", "Springfield", "12345", new Coordinates(1, 2, null));
            newer.labels = new ArrayList<>(List.of("vip", "early"));

            CustomerV1 older = marshaler.unmarshal(marshaler.marshal(newer), CustomerV1.class);

            assertThat(older.id).isEqualTo(7);
            assertThat(older.name).isEqualTo("Ada");
        }

        @Test
        @DisplayName("fields missing from the bytes keep the values the no-argument constructor gives them")
        void missing_fields_keep_initializers() {
            CustomerV1 older = new CustomerV1();
            older.id = 8;
            older.name = "Grace";

            CustomerV2 newer = marshaler.unmarshal(marshaler.marshal(older), CustomerV2.class);

            assertThat(newer.id).isEqualTo(8);
            assertThat(newer.name).isEqualTo("Grace");
            assertThat(newer.tier).isEqualTo(CustomerV2.DEFAULT_TIER);
            assertThat(newer.loyaltyPoints).isEqualTo(CustomerV2.DEFAULT_LOYALTY_POINTS);
            assertThat(newer.billingAddress).isNull();
            assertThat(newer.labels).containsExactly(CustomerV2.DEFAULT_LABEL);
        }

        @Test
        @DisplayName("a record read from bytes that lack some components gets null, zero and false for them")
        void record_missing_components_get_defaults() {
            ReadingV2 newer = marshaler.unmarshal(marshaler.marshal(new ReadingV1("t-1", 21.5)), ReadingV2.class);

            assertThat(newer).isEqualTo(new ReadingV2(null, "t-1", 0, 21.5, false, null));
        }

        @Test
        @DisplayName("a record skips the components the bytes hold and it lacks")
        void record_unknown_components_are_skipped() {
            ReadingV2 newer = new ReadingV2(Instant.ofEpochSecond(5, 6), "t-2", 3, -4.25, true, List.of("outdoor"));

            ReadingV1 older = marshaler.unmarshal(marshaler.marshal(newer), ReadingV1.class);

            assertThat(older).isEqualTo(new ReadingV1("t-2", -4.25));
        }
    }

    @Nested
    @DisplayName("corrupted bytes")
    class CorruptedBytes {

        private void assertUnreadable(byte[] bytes, Class<?> type, String description) {
            assertThatThrownBy(() -> marshaler.unmarshal(bytes, type))
                    .as(description)
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(type.getSimpleName());
        }

        @Test
        @DisplayName("an empty array is a MarshalException naming the type")
        void empty_array() {
            assertUnreadable(new byte[0], EveryTypeEntity.class, "empty array");
        }

        @Test
        @DisplayName("random garbage is a MarshalException naming the type")
        void random_garbage() {
            Random random = new Random(seed);
            for (int i = 0; i < GARBAGE_ARRAYS; i++) {
                byte[] garbage = new byte[1 + random.nextInt(256)];
                random.nextBytes(garbage);

                assertUnreadable(garbage, EveryTypeEntity.class, "garbage array #" + i + " of " + replayHint());
            }
        }

        @Test
        @DisplayName("valid bytes cut short at any length are a MarshalException naming the type")
        void truncated_bytes() {
            byte[] valid = marshaler.marshal(SampleEntities.everyFieldFilled());
            for (int length = 0; length < valid.length; length++) {
                assertUnreadable(Arrays.copyOf(valid, length), EveryTypeEntity.class,
                        "first " + length + " of " + valid.length + " bytes");
            }
        }

        @Test
        @DisplayName("bytes of other formats (XML, Java serialization, a bare number) are a MarshalException naming the type")
        void other_formats() {
            byte[] xml = "<entity><text>x</text></entity>".getBytes(StandardCharsets.UTF_8);
            byte[] javaSerialization = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x74, 0x00, 0x01, 0x78};
            byte[] number = "42".getBytes(StandardCharsets.UTF_8);

            assertUnreadable(xml, EveryTypeEntity.class, "XML text");
            assertUnreadable(javaSerialization, EveryTypeEntity.class, "a Java serialization stream");
            assertUnreadable(number, EveryTypeEntity.class, "a bare number");
        }

        @Test
        @DisplayName("bytes whose field does not fit the requested type are a MarshalException naming the type and field")
        void mismatched_field_type() {
            AmountAsText text = new AmountAsText();
            text.amount = "twelve";

            byte[] bytes = marshaler.marshal(text);

            assertUnreadable(bytes, AmountAsNumber.class, "text read as a number");
            assertThatThrownBy(() -> marshaler.unmarshal(bytes, AmountAsNumber.class))
                    .as("the message names the field")
                    .hasMessageContaining("amount");
        }
    }

    @Nested
    @DisplayName("ignored fields")
    class IgnoredFields {

        private static final String SECRET_MARKER = "IGNORED-FIELD-MARKER-7f3a";
        private static final String TRANSIENT_MARKER = "TRANSIENT-FIELD-MARKER-91c2";

        private IgnoredFieldsEntity entityWithMarkers() {
            IgnoredFieldsEntity entity = new IgnoredFieldsEntity();
            entity.name = "kept";
            entity.secret = SECRET_MARKER;
            entity.ignoredCount = 1_234;
            entity.cachedDisplayName = TRANSIENT_MARKER;
            return entity;
        }

        @Test
        @DisplayName("@KvSyncIgnore, transient and static fields and derived getters are not written")
        void ignored_fields_are_not_written() {
            byte[] bytes = marshaler.marshal(entityWithMarkers());

            assertThat(contains(bytes, "kept")).as("bytes hold the plain field").isTrue();
            assertThat(contains(bytes, SECRET_MARKER)).as("bytes hold the @KvSyncIgnore field").isFalse();
            assertThat(contains(bytes, TRANSIENT_MARKER)).as("bytes hold the transient field").isFalse();
            assertThat(contains(bytes, IgnoredFieldsEntity.STATIC_LABEL)).as("bytes hold the static field").isFalse();
            assertThat(contains(bytes, IgnoredFieldsEntity.DERIVED_LABEL)).as("bytes hold the derived getter").isFalse();
        }

        @Test
        @DisplayName("ignored fields read back with the values the no-argument constructor gives them")
        void ignored_fields_read_back_as_defaults() {
            IgnoredFieldsEntity copy = roundTrip(entityWithMarkers());

            assertThat(copy.name).isEqualTo("kept");
            assertThat(copy.secret).isNull();
            assertThat(copy.ignoredCount).isEqualTo(IgnoredFieldsEntity.DEFAULT_IGNORED_COUNT);
            assertThat(copy.cachedDisplayName).isNull();
        }

        @Test
        @DisplayName("values the bytes offer for ignored and static fields are not read")
        void ignored_fields_are_not_read() {
            IgnoredFieldsWrittenPlainly plain = new IgnoredFieldsWrittenPlainly();
            plain.name = "kept";
            plain.secret = SECRET_MARKER;
            plain.ignoredCount = 1_234;
            plain.cachedDisplayName = TRANSIENT_MARKER;
            plain.staticLabel = "from the bytes";
            plain.derivedLabel = "from the bytes";

            IgnoredFieldsEntity read = marshaler.unmarshal(marshaler.marshal(plain), IgnoredFieldsEntity.class);

            assertThat(read.name).isEqualTo("kept");
            assertThat(read.secret).isNull();
            assertThat(read.ignoredCount).isEqualTo(IgnoredFieldsEntity.DEFAULT_IGNORED_COUNT);
            assertThat(read.cachedDisplayName).isNull();
            assertThat(IgnoredFieldsEntity.staticLabel).isEqualTo(IgnoredFieldsEntity.STATIC_LABEL);
        }
    }

    @Nested
    @DisplayName("cycles")
    class Cycles {

        private void assertCycleRejected(Node start, String field) {
            assertThatThrownBy(() -> marshaler.marshal(start))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(Node.class.getSimpleName())
                    .hasMessageContaining(field);
        }

        @Test
        @DisplayName("an object that refers to itself through a field is a MarshalException naming the field, not a stack overflow")
        void self_reference() {
            Node node = new Node("self");
            node.next = node;

            assertCycleRejected(node, "next");
        }

        @Test
        @DisplayName("a cycle through another object is a MarshalException naming the field, not a stack overflow")
        void cycle_through_another_object() {
            Node first = new Node("first");
            Node second = new Node("second");
            first.next = second;
            second.next = first;

            assertCycleRejected(first, "next");
        }

        @Test
        @DisplayName("a cycle through a list is a MarshalException naming the list field, not a stack overflow")
        void cycle_through_a_list() {
            Node parent = new Node("parent");
            Node child = new Node("child");
            parent.children.add(child);
            child.children.add(parent);

            assertCycleRejected(parent, "children");
        }
    }

    @Nested
    @DisplayName("identity and concurrency")
    class IdentityAndConcurrency {

        @Test
        @DisplayName("the name is not blank")
        void name_is_not_blank() {
            assertThat(marshaler.name()).isNotBlank();
        }

        @Test
        @DisplayName("one marshaler round trips for 8 threads at once")
        void concurrent_round_trips() throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    long threadSeed = seed + t;
                    results.add(threads.submit(() -> roundTripConcurrently(start, threadSeed)));
                }
                for (Future<?> result : results) {
                    awaitSuccess(result);
                }
            } finally {
                threads.shutdownNow();
            }
        }

        private Void roundTripConcurrently(CyclicBarrier start, long threadSeed) throws Exception {
            RandomEntities generator = new RandomEntities(threadSeed);
            start.await();
            for (int i = 0; i < ROUND_TRIPS_PER_THREAD; i++) {
                // Alternating types exercises whatever per-type caches the marshaler fills on first use.
                assertRoundTrips(generator.next(), "entity #" + i + " of thread seed " + threadSeed + " (" + replayHint() + ")");
                CustomerV2 customer = new CustomerV2();
                customer.id = i;
                customer.name = "customer " + i;
                customer.labels.add(Status.values()[i % Status.values().length].name());
                assertRoundTrips(customer, "customer #" + i + " of thread seed " + threadSeed);
            }
            return null;
        }

        private void awaitSuccess(Future<?> result) throws InterruptedException {
            try {
                result.get(THREAD_DEADLINE_MINUTES, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError assertion) {
                    throw assertion;
                }
                throw new AssertionError("a concurrent round trip failed (" + replayHint() + ")", e.getCause());
            } catch (TimeoutException e) {
                fail("a thread did not finish its round trips within " + THREAD_DEADLINE_MINUTES + " minutes");
            }
        }
    }

    @Nested
    @DisplayName("ORM proxies (through the installed LazyLoadGuards, which include TckLazyLoadGuard)")
    class LazyLoading {

        @Test
        @DisplayName("an unloaded association or collection is left out and reads back as the constructor's default")
        void unloaded_values_are_left_out() {
            LazyFixtures.Invoice invoice = new LazyFixtures.Invoice();
            invoice.customer = new LazyFixtures.UnloadedCustomer();
            invoice.contacts = new LazyFixtures.UnloadedList();

            byte[] bytes = marshaler.marshal(invoice);
            LazyFixtures.Invoice read = marshaler.unmarshal(bytes, LazyFixtures.Invoice.class);

            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("must never be written");
            assertThat(read.customer).isNull();
            assertThat(read.contacts).extracting(c -> c.name).containsExactly("default customer");
        }

        @Test
        @DisplayName("an initialized proxy is written as its target, in a field, in a list and at the top")
        void initialized_proxies_are_unwrapped() {
            LazyFixtures.Customer real = new LazyFixtures.Customer("the real customer");
            LazyFixtures.Invoice invoice = new LazyFixtures.Invoice();
            invoice.customer = new LazyFixtures.LoadedProxy(real);
            invoice.contacts = new ArrayList<>(List.of(new LazyFixtures.LoadedProxy(real)));

            LazyFixtures.Invoice read = marshaler.unmarshal(marshaler.marshal(invoice), LazyFixtures.Invoice.class);
            LazyFixtures.Customer top = marshaler.unmarshal(marshaler.marshal(new LazyFixtures.LoadedProxy(real)),
                    LazyFixtures.Customer.class);

            assertThat(read.customer.name).isEqualTo("the real customer");
            assertThat(read.contacts).extracting(c -> c.name).containsExactly("the real customer");
            assertThat(top.name).isEqualTo("the real customer");
        }

        @Test
        @DisplayName("an unloaded value handed in as the entity itself is a MarshalException, not a query")
        void an_unloaded_entity_fails() {
            assertThatThrownBy(() -> marshaler.marshal(new LazyFixtures.UnloadedCustomer()))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining("UnloadedCustomer");
        }
    }
}
