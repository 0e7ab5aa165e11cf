package io.kvsync.it.input;

import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.MarshalException;
import io.kvsync.api.PartialFetchException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.it.input.BadEntities.Chain;
import io.kvsync.it.input.BadEntities.Crate;
import io.kvsync.it.input.BadEntities.Receipt;
import io.kvsync.it.input.BadEntities.Tagged;
import io.kvsync.it.input.BadEntities.Unfinished;
import io.kvsync.marshal.bson.BsonMarshaler;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.tck.services.TestServices;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad input, one row each: a bad entity, key, key name or stored value, met between two good entities
 * that are enqueued right before and right after it while the store is held shut, so that all three
 * would reach the store in one batch. Each row names the error it must get (a typed exception whose
 * message names the entity type, the key or key name, and the cause), or the documented behaviour; in
 * every row the good neighbours are written, in one store call, and readable by each key.
 *
 * <p>Runs on a real Redis, through the BSON marshaler, with {@code kvsync.max-value-size} at 64 KiB.
 */
class BadInputTest {

    private static final int MAX_VALUE_SIZE = 64 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /**
     * One row of the table.
     *
     * @param description what is wrong, as the test's name
     * @param prepare     puts the store in the state the row needs, before the good neighbours come
     * @param misuse      the bad call
     * @param error       the type of exception the bad call must throw, or {@code null} for none
     * @param naming      what the exception's message must name
     * @param reported    keys that the bad call must report as failed
     * @param unwritten   of those, the keys it must leave absent from the store
     * @param check       further checks of the row's documented behaviour, once the store is idle
     */
    private record BadInput(String description, Consumer<Fixture> prepare, Consumer<Fixture> misuse,
                            Class<? extends Throwable> error, List<String> naming, List<String> reported,
                            List<String> unwritten, Consumer<Fixture> check) {
    }

    @TestFactory
    Stream<DynamicTest> bad_input_gets_a_typed_error_naming_it_and_the_rest_of_its_batch_is_written() {
        return table().stream().map(row -> DynamicTest.dynamicTest(row.description(), () -> run(row)));
    }

    private static List<BadInput> table() {
        Book corrupted = new Book(101, "isbn-corrupted", "Damaged in the store");
        Book truncated = new Book(102, "isbn-truncated", "Cut short in the store");
        Book foreign = new Book(103, "isbn-json", "Written as JSON");
        Book huge = new Book(104, "isbn-huge", "x".repeat(100_000));
        Book firstClaim = new Book(105, "isbn-shared", "First claim");
        Book secondClaim = new Book(106, "isbn-shared", "Second claim");
        return List.of(
                usage("an object that is not Syncable",
                        f -> f.kv.enqueue(new Receipt("r-1")),
                        Receipt.class.getName(), "does not implement", "Syncable"),
                usage("a null key",
                        f -> f.kv.enqueue(new Tagged("id", "tagged:1", "uuid", null)),
                        Tagged.class.getName(), "key \"uuid\" is null"),
                usage("a blank key",
                        f -> f.kv.enqueue(new Tagged("id", "tagged:2", "uuid", " ")),
                        Tagged.class.getName(), "key \"uuid\" is blank"),
                usage("two key names for one key within an entity",
                        f -> f.kv.enqueue(new Tagged("id", "tagged:3", "alias", "tagged:3")),
                        Tagged.class.getName(), "\"id\"", "\"alias\"", "\"tagged:3\""),
                usage("keys that cannot be formed (syncKeys() throws)",
                        f -> f.kv.enqueue(new Unfinished()),
                        Unfinished.class.getName(), "syncKeys()", "no id assigned yet"),
                usage("an unknown key name",
                        f -> f.kv.fetch(Book.numbered(100), "isbn13"),
                        Book.class.getName(), "no key named \"isbn13\"", "id", "isbn"),
                unreadable("corrupted bytes in the store", corrupted,
                        bytes -> {
                            byte[] damaged = bytes.clone();
                            Arrays.fill(damaged, 4, damaged.length, (byte) 0xEE);
                            return damaged;
                        }),
                unreadable("truncated bytes in the store", truncated,
                        bytes -> Arrays.copyOf(bytes, bytes.length / 2)),
                new BadInput("bytes written by another marshaler (JSON read by BSON)",
                        f -> f.store.write(List.of(KvWrite.Put.of(foreign.keys().get(0),
                                JsonMarshaler.create().marshal(foreign)))),
                        f -> f.kv.fetchByKey(Book.class, foreign.keys().get(0)),
                        MarshalException.class,
                        List.of(Book.class.getName(), foreign.keys().get(0), "bson", "another marshaler"),
                        List.of(), List.of(), f -> { }),
                unmarshalable("a value over kvsync.max-value-size", huge, huge.keys(),
                        Book.class.getName(), huge.keys().get(0), huge.keys().get(1),
                        "kvsync.max-value-size=" + MAX_VALUE_SIZE, "bytes"),
                unmarshalable("a field type the marshaler refuses", new Crate(7, new StringBuilder("loose")),
                        List.of("crate:7"),
                        Crate.class.getName(), "crate:7", Crate.class.getName() + ".contents", "java.lang.Object"),
                unmarshalable("an object graph with a cycle", new Chain(8), List.of("chain:8"),
                        Chain.class.getName(), "chain:8", "cycle"),
                new BadInput("two entities claiming one key (documented: the last writer wins, reported)",
                        f -> { },
                        f -> {
                            f.kv.enqueue(firstClaim);
                            f.kv.enqueue(secondClaim);
                        },
                        null, List.of(), List.of("book:isbn:isbn-shared"), List.of(),
                        f -> {
                            assertThat(f.kv.fetchByKey(Book.class, "book:isbn:isbn-shared")).contains(secondClaim);
                            assertThat(f.kv.fetchByKey(Book.class, firstClaim.keys().get(0))).contains(firstClaim);
                            assertThat(f.kv.fetchByKey(Book.class, secondClaim.keys().get(0))).contains(secondClaim);
                            List<SyncReport> failed = f.reports.stream().filter(report -> !report.ok()).toList();
                            assertThat(failed).singleElement().satisfies(report -> {
                                assertThat(report.operation()).isEqualTo(SyncOperation.PUT);
                                assertThat(report.entityType()).isEqualTo(Book.class);
                                assertThat(report.keyName()).isEqualTo("isbn");
                                String claimant = Book.class.getName() + " as key name \"isbn\" with other keys";
                                assertThat(report.error()).as("the dropped first claim")
                                        .isInstanceOf(KvSyncKeyConflictException.class)
                                        .hasMessageContaining("\"book:isbn:isbn-shared\"")
                                        .hasMessageContaining("kept " + claimant + " {id=book:id:106}")
                                        .hasMessageContaining("dropped " + claimant + " {id=book:id:105}")
                                        .hasMessageContaining("the last writer wins");
                            });
                            assertThat(f.kv.stats().conflicts()).isOne();
                        }));
    }

    /** A usage error: thrown at once, nothing reported, nothing written. */
    private static BadInput usage(String description, Consumer<Fixture> misuse, String... naming) {
        return new BadInput(description, f -> { }, misuse, KvSyncUsageException.class, List.of(naming), List.of(),
                List.of(), f -> { });
    }

    /** An entity that cannot be written: thrown at enqueue, reported for each of its keys, none written. */
    private static BadInput unmarshalable(String description, Object entity, List<String> keys, String... naming) {
        return new BadInput(description, f -> { }, f -> f.kv.enqueue(entity), MarshalException.class,
                List.of(naming), keys, keys, f -> { });
    }

    /**
     * A book whose stored bytes are damaged by {@code damage}: reading it fails, naming type, key and
     * marshaler; a {@code fetchAll} over it and an intact book still hands over the intact one.
     */
    private static BadInput unreadable(String description, Book book, UnaryOperator<byte[]> damage) {
        String key = book.keys().get(0);
        Book intact = new Book(book.id() + 1_000, book.isbn() + "-intact", "Stored whole");
        String intactKey = intact.keys().get(0);
        return new BadInput(description,
                f -> f.store.write(List.of(KvWrite.Put.of(key, damage.apply(BsonMarshaler.create().marshal(book))),
                        KvWrite.Put.of(intactKey, BsonMarshaler.create().marshal(intact)))),
                f -> f.kv.fetchByKey(Book.class, key),
                MarshalException.class, List.of(Book.class.getName(), key, "bson"), List.of(), List.of(),
                f -> {
                    Throwable thrown = catchThrowable(() -> f.kv.fetchAll(Book.class, List.of(intactKey, key)));
                    assertThat(thrown).as("fetchAll over the damaged key and an intact one")
                            .isInstanceOf(PartialFetchException.class).hasMessageContaining(key);
                    PartialFetchException partial = (PartialFetchException) thrown;
                    assertThat(partial.fetched(Book.class)).as("what fetchAll could read").containsExactly(
                            Map.entry(intactKey, intact));
                    assertThat(partial.failures()).as("what it could not").containsOnlyKeys(key);
                });
    }

    private static void run(BadInput row) throws InterruptedException {
        try (Fixture f = new Fixture()) {
            row.prepare().accept(f);
            Book plug = Book.numbered(1);
            f.kv.enqueue(plug);
            f.gate.awaitWaitingBatch();
            Book before = Book.numbered(2);
            f.kv.enqueue(before);
            Throwable thrown = catchThrowable(() -> row.misuse().accept(f));
            Book after = Book.numbered(3);
            f.kv.enqueue(after);
            f.gate.open();
            assertThat(f.kv.awaitIdle(DEADLINE)).as("engine idle").isTrue();

            if (row.error() == null) {
                assertThat(thrown).as("the documented behaviour throws nothing").isNull();
            } else {
                assertThat(thrown).isInstanceOf(row.error());
                row.naming().forEach(part -> assertThat(thrown).hasMessageContaining(part));
            }
            List<String> neighbours = new ArrayList<>(before.keys());
            neighbours.addAll(after.keys());
            assertThat(f.gate.batches()).as("store calls").anySatisfy(batch -> assertThat(batch).containsAll(neighbours));
            for (Book good : List.of(plug, before, after)) {
                for (String key : good.keys()) {
                    assertThat(f.kv.fetchByKey(Book.class, key)).as(key).contains(good);
                }
            }
            List<SyncReport> failed = f.reports.stream().filter(report -> !report.ok()).toList();
            assertThat(failed).as("failed reports").extracting(SyncReport::key)
                    .containsExactlyInAnyOrderElementsOf(row.reported());
            if (thrown != null) {
                assertThat(failed).allSatisfy(report -> assertThat(report.error()).isSameAs(thrown));
            }
            assertThat(f.store.read(row.unwritten())).as("keys of the refused entity").isEmpty();
            row.check().accept(f);
        }
    }

    /** A real Redis under a prefix of the row's own, held shut by a gate, and an engine with one lane. */
    private static final class Fixture implements AutoCloseable {
        final KvStore store;
        final GatedStore gate;
        final List<SyncReport> reports = new CopyOnWriteArrayList<>();
        final KvSync kv;

        Fixture() {
            String uri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
            store = RedisKvStore.builder()
                    .uri(uri)
                    .prefix("kvsync-it:input:" + UUID.randomUUID() + ":")
                    .expiration(Duration.ofMinutes(30))
                    .build();
            gate = new GatedStore(store);
            kv = KvSync.builder()
                    .store(gate)
                    .marshaler(BsonMarshaler.create())
                    // One lane: the neighbours are pending together and reach the store in one call.
                    .workers(1)
                    .property("kvsync.max-value-size", Integer.toString(MAX_VALUE_SIZE))
                    .onReport(reports::add)
                    .build();
        }

        @Override
        public void close() {
            try {
                kv.close();
            } finally {
                store.close();
            }
        }
    }
}
