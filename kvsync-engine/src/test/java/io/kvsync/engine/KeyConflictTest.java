package io.kvsync.engine;

import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.api.Syncable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Two entities claiming one key while both writes are pending: the usual rule keeps one, and the other
 * is reported. One worker, held at the store behind a first write, so that every claim meets the other pending.
 */
class KeyConflictTest {

    private static final String SHARED = "item:uuid:shared";

    private final List<SyncReport> reports = Engines.reports();
    private final TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
    private final KvSync kv = Engines.builder(gated, reports).workers(1).build();

    @BeforeEach
    void hold_the_worker_at_the_store() throws InterruptedException {
        kv.enqueue(new Item(0, "plug", "holds the worker at the gate"));
        gated.awaitBlockedWrite();
    }

    @AfterEach
    void close() {
        kv.close();
    }

    private void release() {
        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("idle").isTrue();
    }

    private List<SyncReport> failed() {
        return reports.stream().filter(report -> !report.ok()).toList();
    }

    @Test
    void two_items_claiming_one_key_while_pending_are_reported_and_the_later_is_kept() {
        Item first = new Item(1, "shared", "first claim");
        Item second = new Item(2, "shared", "second claim");
        kv.enqueue(first);
        kv.enqueue(second);
        release();

        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.operation()).isEqualTo(SyncOperation.PUT);
            assertThat(report.entityType()).isEqualTo(Item.class);
            assertThat(report.keyName()).isEqualTo("uuid");
            assertThat(report.key()).isEqualTo(SHARED);
            assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                    .hasMessageContaining("\"" + SHARED + "\"")
                    .hasMessageContaining(Item.class.getName() + " as key name \"uuid\"")
                    .hasMessageContaining("(the later write: without versions, the last writer wins)");
            String message = report.error().getMessage();
            assertThat(message.indexOf("kept")).as("the kept claim is the second item's, then the dropped one")
                    .isLessThan(message.indexOf("id=item:id:2"));
            assertThat(message.indexOf("id=item:id:2")).isLessThan(message.indexOf("dropped"));
            assertThat(message.indexOf("dropped")).isLessThan(message.indexOf("id=item:id:1"));
        });
        assertThat(kv.fetchByKey(Item.class, SHARED)).contains(second);
        assertThat(kv.fetchByKey(Item.class, "item:id:1")).contains(first);
        assertThat(kv.fetchByKey(Item.class, "item:composite:1_shared")).contains(first);
        assertThat(kv.fetchByKey(Item.class, "item:id:2")).contains(second);
        assertThat(kv.fetchByKey(Item.class, "item:composite:2_shared")).contains(second);
        assertThat(kv.stats().conflicts()).isEqualTo(1);
    }

    @Test
    void the_same_item_updated_twice_while_pending_is_no_conflict() {
        kv.enqueue(new Item(1, "u-1", "before"));
        Item after = new Item(1, "u-1", "after");
        kv.enqueue(after);
        release();

        assertThat(failed()).isEmpty();
        assertThat(kv.stats().conflicts()).isZero();
        assertThat(kv.stats().coalesced()).isEqualTo(3);
        assertThat(kv.fetchByKey(Item.class, "item:uuid:u-1")).contains(after);
    }

    @Test
    void an_update_changing_every_other_key_is_no_conflict_when_it_comes_with_the_previous_keys() {
        Item before = new Item(1, "u-old", "before");
        kv.enqueue(before, 1);
        Item after = new Item(1, "u-new", "after");
        // Only the id key is shared by the two states; the previous keys tie them to one entity.
        kv.enqueue(after, 2, before.syncKeys());
        release();

        assertThat(failed()).isEmpty();
        assertThat(kv.stats().conflicts()).isZero();
        assertThat(kv.fetchByKey(Item.class, "item:id:1")).contains(after);
        assertThat(kv.fetchByKey(Item.class, "item:uuid:u-old")).isEmpty();
    }

    @Test
    void entities_of_two_types_sharing_a_key_are_reported() {
        Item item = new Item(1, "shared", "an item");
        kv.enqueue(item);
        kv.enqueue(new Tag(SHARED));
        release();

        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.entityType()).isEqualTo(Item.class);
            assertThat(report.keyName()).isEqualTo("uuid");
            assertThat(report.key()).isEqualTo(SHARED);
            assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                    .hasMessageContaining(Tag.class.getName() + " as key name \"code\" with no other key")
                    .hasMessageContaining(Item.class.getName() + " as key name \"uuid\" with other keys");
        });
        assertThat(kv.fetchByKey(Tag.class, SHARED)).map(tag -> tag.code).contains(SHARED);
        assertThat(kv.fetchByKey(Item.class, "item:id:1")).contains(item);
    }

    @Test
    void with_versions_the_higher_version_is_kept_and_the_later_lower_one_reported() {
        Item higher = new Item(1, "shared", "version 5");
        kv.enqueue(higher, 5);
        kv.enqueue(new Item(2, "shared", "version 3"), 3);
        release();

        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.key()).isEqualTo(SHARED);
            assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                    .hasMessageContaining("(the earlier write: its version 5 is not below the later one's 3")
                    .hasMessageContaining("dropped " + Item.class.getName() + " as key name \"uuid\" with other keys");
            assertThat(report.error().getMessage()).contains("id=item:id:2");
        });
        assertThat(kv.fetchByKey(Item.class, SHARED)).contains(higher);
        assertThat(kv.stats().conflicts()).isEqualTo(1);
    }

    @Test
    void a_sync_whose_claim_was_dropped_throws_the_conflict() throws InterruptedException {
        kv.enqueue(new Item(1, "shared", "version 5"), 5);
        CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> kv.sync(new Item(2, "shared", "version 3"), 3));
        // The conflict is reported as the sync enqueues; its other keys then wait behind the gate.
        while (failed().isEmpty()) {
            assertThat(sync).as("the sync enqueued its writes").isNotDone();
            Thread.sleep(1);
        }
        assertThat(sync).isNotDone();
        release();

        Throwable thrown = catchThrowable(sync::join);
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(KvSyncKeyConflictException.class).hasMessageContaining(SHARED);
        assertThat(kv.fetchByKey(Item.class, "item:id:2")).isPresent();
    }

    @Test
    void single_key_entities_of_one_type_are_told_apart_by_their_identities() {
        kv.enqueue(Change.put(new Tag(SHARED)).identity("tag-1"));
        kv.enqueue(Change.put(new Tag(SHARED)).identity("tag-2"));
        release();

        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.key()).isEqualTo(SHARED);
            assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                    .hasMessageContaining("kept " + Tag.class.getName() + " id=tag-2")
                    .hasMessageContaining("dropped " + Tag.class.getName() + " id=tag-1");
        });
        assertThat(kv.stats().conflicts()).isEqualTo(1);
    }

    @Test
    void two_states_with_one_identity_are_one_entity_even_when_their_other_keys_all_differ() {
        // Without identities (and without previous keys) the key rule takes these for two entities.
        kv.enqueue(Change.put(new Item(1, "shared", "before")).identity(7L));
        Item after = new Item(2, "shared", "after");
        kv.enqueue(Change.put(after).identity(7L));
        release();

        assertThat(failed()).isEmpty();
        assertThat(kv.stats().conflicts()).isZero();
        assertThat(kv.fetchByKey(Item.class, SHARED)).contains(after);
    }

    @Test
    void jpa_ids_tell_apart_single_key_entities_that_the_key_rule_cannot() {
        kv.enqueue(new Handle(1, "taken"));
        kv.enqueue(new Handle(2, "taken"));
        release();

        assertThat(failed()).singleElement().satisfies(report ->
                assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                        .hasMessageContaining("kept " + Handle.class.getName() + " id=2")
                        .hasMessageContaining("dropped " + Handle.class.getName() + " id=1"));
        assertThat(kv.stats().conflicts()).isEqualTo(1);
    }

    @Test
    void states_of_one_jpa_entity_are_no_conflict() {
        kv.enqueue(new Handle(1, "mine"));
        kv.enqueue(new Handle(1, "mine"));
        release();

        assertThat(failed()).isEmpty();
        assertThat(kv.stats().conflicts()).isZero();
    }

    /** A JPA-identified entity with a single key: the key rule alone never tells two of them apart. */
    public static class Handle implements Syncable {
        @jakarta.persistence.Id
        long id;
        String name;

        public Handle() {
        }

        Handle(long id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("name", "handle:" + name);
        }
    }

    /** Another entity type, whose single key collides with an item's. */
    public static class Tag implements Syncable {
        String code;

        public Tag() {
        }

        Tag(String code) {
            this.code = code;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("code", code);
        }
    }
}
