package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.MarshalException;
import io.kvsync.api.PartialFetchException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class KvSyncTest {

    private final List<SyncReport> reports = Engines.reports();
    private final TestStores.Forwarding store = new TestStores.Forwarding(Engines.memoryStore());
    private final KvSync kv = Engines.builder(store, reports).build();

    @AfterEach
    void close() {
        kv.close();
    }

    @Nested
    @DisplayName("writing and reading")
    class WritingAndReading {

        @Test
        void a_synced_entity_can_be_fetched_by_each_of_its_keys() {
            Item item = new Item(42, "u-42", "answer");
            kv.sync(item);

            assertThat(kv.fetch(Item.probeById(42), "id")).contains(item);
            assertThat(kv.fetch(Item.probeByUuid("u-42"), "uuid")).contains(item);
            assertThat(kv.fetch(new Item(42, "u-42", null), "composite")).contains(item);
            assertThat(kv.fetchByKey(Item.class, "item:uuid:u-42")).contains(item);
        }

        @Test
        void an_enqueued_entity_is_readable_once_the_engine_is_idle() {
            for (int i = 0; i < 100; i++) {
                kv.enqueue(new Item(i, "u" + i, "n" + i));
            }
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(kv.fetch(Item.probeByUuid("u77"), "uuid")).contains(new Item(77, "u77", "n77"));
            assertThat(kv.stats().written()).isEqualTo(300);
            assertThat(reports).hasSize(300).allMatch(SyncReport::ok);
        }

        @Test
        void an_absent_key_fetches_empty() {
            assertThat(kv.fetch(Item.probeById(7), "id")).isEmpty();
            assertThat(kv.fetchByKey(Item.class, "item:id:7")).isEmpty();
        }

        @Test
        void fetch_all_reads_every_key_in_one_store_call_and_skips_absent_ones() {
            kv.sync(new Item(1, "a", "one"));
            kv.sync(new Item(2, "b", "two"));
            int readsBefore = store.readCalls.get();

            Map<String, Item> found = kv.fetchAll(Item.class, List.of("item:id:2", "item:id:3", "item:uuid:a"));

            assertThat(store.readCalls.get() - readsBefore).isEqualTo(1);
            assertThat(found).containsOnlyKeys("item:id:2", "item:uuid:a");
            assertThat(found.get("item:uuid:a").name).isEqualTo("one");
        }

        @Test
        void a_delete_removes_every_key() {
            Item item = new Item(5, "u5", "five");
            kv.sync(item);
            kv.delete(item);

            assertThat(kv.fetch(Item.probeById(5), "id")).isEmpty();
            assertThat(kv.fetch(Item.probeByUuid("u5"), "uuid")).isEmpty();
            assertThat(kv.fetchByKey(Item.class, "item:composite:5_u5")).isEmpty();
            assertThat(reports).filteredOn(r -> r.operation() == SyncOperation.DELETE).hasSize(3).allMatch(SyncReport::ok);
        }

        @Test
        void an_enqueued_delete_is_applied_after_the_earlier_put_of_the_same_key() {
            Item item = new Item(6, "u6", "six");
            kv.enqueue(item);
            kv.enqueueDelete(item);
            kv.awaitIdle(Duration.ofSeconds(10));

            assertThat(kv.fetch(Item.probeById(6), "id")).isEmpty();
        }

        @Test
        void reports_name_the_entity_type_key_name_and_key() {
            kv.sync(new Item(8, "u8", "eight"));

            assertThat(reports).extracting(SyncReport::entityType, SyncReport::keyName, SyncReport::key)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(Item.class, "id", "item:id:8"),
                            org.assertj.core.groups.Tuple.tuple(Item.class, "uuid", "item:uuid:u8"),
                            org.assertj.core.groups.Tuple.tuple(Item.class, "composite", "item:composite:8_u8"));
        }
    }

    @Nested
    @DisplayName("snapshots")
    class Snapshots {

        @Test
        void changes_made_after_enqueue_do_not_leak_into_what_is_written() {
            TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
            try (KvSync engine = Engines.builder(gated, Engines.reports()).build()) {
                Item item = new Item(9, "u9", "before");
                engine.enqueue(item);
                item.name = "after";
                gated.open();
                engine.awaitIdle(Duration.ofSeconds(10));

                assertThat(engine.fetch(Item.probeById(9), "id")).map(i -> i.name).contains("before");
            }
        }
    }

    @Nested
    @DisplayName("usage errors")
    class UsageErrors {

        @Test
        void an_object_that_is_not_syncable_is_rejected_by_name() {
            assertThatThrownBy(() -> kv.enqueue("just a string"))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining("java.lang.String does not implement io.kvsync.api.Syncable");
        }

        @Test
        void a_blank_key_names_the_entity_and_the_key_name() {
            assertThatThrownBy(() -> kv.enqueue(new Item(1, null, "no uuid")))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining(Item.class.getName())
                    .hasMessageContaining("key \"uuid\" is blank");
        }

        @Test
        void a_null_key_names_the_entity_and_the_key_name() {
            io.kvsync.api.Syncable nullKey = () -> {
                Map<String, String> keys = new java.util.HashMap<>();
                keys.put("id", null);
                return keys;
            };
            assertThatThrownBy(() -> kv.sync(nullKey))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining("key \"id\" is null");
        }

        @Test
        void a_key_built_with_a_null_part_is_refused_and_nothing_of_the_entity_is_written() {
            assertThatThrownBy(() -> kv.sync(new Member(3, 1, null, "no email")))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining(Member.class.getName())
                    .hasMessageContaining("key \"email\": part 2 of 2 is null");
            assertThat(kv.fetchByKey(Member.class, "member:id:3")).isEmpty();

            kv.sync(new Member(3, 1, "m@x", "with email"));
            Member probeById = new Member(); // its email is null: only the key asked for is built
            probeById.id = 3;
            assertThat(kv.fetch(probeById, "id")).map(m -> m.name).contains("with email");
        }

        @Test
        void a_previous_key_with_a_missing_part_is_skipped_and_the_change_is_still_written() {
            Member before = new Member(4, 1, null, "no email yet");   // its email key cannot be built
            Member after = new Member(4, 2, "now@x", "email set");
            kv.sync(Change.put(after).previousKeys(before.syncKeys()));

            assertThat(kv.fetchByKey(Member.class, "member:id:4")).map(m -> m.name).contains("email set");
            assertThat(kv.fetchByKey(Member.class, "member:email:now@x")).map(m -> m.name).contains("email set");
        }

        @Test
        void two_key_names_for_one_key_are_rejected() {
            io.kvsync.api.Syncable twice = () -> Map.of("id", "k:1", "alias", "k:1");
            assertThatThrownBy(() -> kv.enqueue(twice))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining("both map to the key \"k:1\"");
        }

        @Test
        void an_unknown_key_name_lists_the_known_ones() {
            assertThatThrownBy(() -> kv.fetch(Item.probeById(1), "email"))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining(Item.class.getName() + " has no key named \"email\"")
                    .hasMessageContaining("uuid");
        }

        @Test
        void a_probe_without_the_key_field_set_is_rejected() {
            assertThatThrownBy(() -> kv.fetch(Item.probeById(1), "uuid"))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining("key \"uuid\" is blank");
        }

        @Test
        void nothing_is_accepted_after_close() {
            kv.close();
            assertThatThrownBy(() -> kv.enqueue(new Item(1, "u", "n")))
                    .isInstanceOf(KvSyncUsageException.class).hasMessageContaining("closed");
        }

        @Test
        void bytes_that_do_not_fit_the_type_name_the_type_and_key() {
            store.write(List.of(KvWrite.Put.of("item:id:3", "not json at all".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            assertThatThrownBy(() -> kv.fetch(Item.probeById(3), "id"))
                    .isInstanceOf(MarshalException.class)
                    .hasMessageContaining(Item.class.getName())
                    .hasMessageContaining("item:id:3");
        }

        @Test
        void fetch_all_over_an_unreadable_key_still_hands_over_every_readable_one() {
            kv.sync(new Item(1, "a", "one"));
            store.write(List.of(KvWrite.Put.of("item:id:3", "not json at all".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

            Throwable thrown = catchThrowable(() -> kv.fetchAll(Item.class, List.of("item:id:1", "item:id:3", "item:id:9")));

            assertThat(thrown).isInstanceOf(PartialFetchException.class)
                    .hasMessageContaining("1 of 2 stored keys")
                    .hasMessageContaining(Item.class.getName())
                    .hasMessageContaining("item:id:3");
            PartialFetchException partial = (PartialFetchException) thrown;
            assertThat(partial.fetched(Item.class)).containsOnlyKeys("item:id:1");
            assertThat(partial.fetched(Item.class).get("item:id:1").name).isEqualTo("one");
            assertThat(partial.failures()).containsOnlyKeys("item:id:3");
            assertThat(partial.failures().get("item:id:3")).hasMessageContaining("item:id:3");
        }
    }

    @Nested
    @DisplayName("store failures")
    class StoreFailures {

        @Test
        void sync_throws_when_the_store_fails_and_the_write_converges_once_it_recovers() {
            TestStores.Switchable switchable = new TestStores.Switchable(Engines.memoryStore());
            List<SyncReport> seen = Engines.reports();
            try (KvSync engine = Engines.builder(switchable, seen).build()) {
                switchable.down.set(true);
                assertThatThrownBy(() -> engine.sync(new Item(1, "u1", "n1")))
                        .isInstanceOf(KvStoreException.class)
                        .hasMessageContaining(Item.class.getName())
                        .hasMessageContaining("retried");

                switchable.down.set(false);
                assertThat(engine.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(engine.fetch(Item.probeById(1), "id")).map(i -> i.name).contains("n1");
                assertThat(seen).anyMatch(r -> !r.ok());
            }
        }
    }
}
