package io.kvsync.engine;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;
import io.kvsync.store.memory.MemoryKvStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoveryTest {

    /** A provider that records that it was chosen by handing out a recognisable store. */
    private record NamedStoreProvider(String name, int priority) implements KvStoreProvider {
        @Override
        public KvStore create(KvSyncConfig config) {
            return new Tagged(name);
        }
    }

    private static final class Tagged extends TestStores.Forwarding {
        final String tag;

        Tagged(String tag) {
            super(MemoryKvStore.builder().build());
            this.tag = tag;
        }
    }

    private record NamedMarshalerProvider(String name, int priority) implements MarshalerProvider {
        @Override
        public Marshaler create(KvSyncConfig config) {
            return JsonMarshaler.create();
        }
    }

    private static String chosenStore(KvSyncBuilder builder) {
        try (KvSync kv = builder.marshaler(JsonMarshaler.create()).build()) {
            return ((Tagged) storeOf(kv)).tag;
        }
    }

    private static KvStore storeOf(KvSync kv) {
        try {
            java.lang.reflect.Field field = KvSync.class.getDeclaredField("store");
            field.setAccessible(true);
            return (KvStore) field.get(kv);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final List<KvStoreProvider> three = List.of(
            new NamedStoreProvider("low", 1), new NamedStoreProvider("high", 50), new NamedStoreProvider("mid", 10));

    @Test
    void the_provider_named_by_the_setting_is_chosen_over_a_higher_priority() {
        assertThat(chosenStore(KvSync.builder().storeProviders(three).property("kvsync.store", "low"))).isEqualTo("low");
    }

    @Test
    void without_a_name_the_highest_priority_wins() {
        assertThat(chosenStore(KvSync.builder().storeProviders(three))).isEqualTo("high");
    }

    @Test
    void equal_priorities_are_broken_by_name_not_by_classpath_order() {
        List<KvStoreProvider> tied = List.of(new NamedStoreProvider("zeta", 5), new NamedStoreProvider("alpha", 5));
        assertThat(chosenStore(KvSync.builder().storeProviders(tied))).isEqualTo("alpha");
    }

    @Test
    void a_known_name_that_is_missing_says_which_artifact_to_add() {
        assertThatThrownBy(() -> KvSync.builder().storeProviders(three).marshaler(JsonMarshaler.create())
                .property("kvsync.store", "redis").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("kvsync.store=redis but no provider named \"redis\" is on the classpath; add io.kvsync:kvsync-store-redis");
    }

    @Test
    void an_unknown_name_lists_the_providers_that_exist() {
        assertThatThrownBy(() -> KvSync.builder().storeProviders(three).marshaler(JsonMarshaler.create())
                .property("kvsync.store", "cassandra").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageStartingWith("kvsync.store=cassandra but no provider named \"cassandra\" is on the classpath; known providers: [")
                .hasMessageContaining("high (priority 50");
    }

    @Test
    void no_store_provider_at_all_fails_instead_of_dropping_writes() {
        assertThatThrownBy(() -> KvSync.builder().storeProviders(List.of()).marshaler(JsonMarshaler.create()).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("no KvStore provider is on the classpath; add one of io.kvsync:kvsync-store-redis")
                .hasMessageContaining("KvSync.builder().store(...)");
    }

    @Test
    void a_missing_marshaler_names_its_artifact() {
        assertThatThrownBy(() -> KvSync.builder().store(MemoryKvStore.builder().build())
                .marshalerProviders(List.of(new NamedMarshalerProvider("json", 10)))
                .property("kvsync.marshaler", "bson").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("kvsync.marshaler=bson but no provider named \"bson\" is on the classpath; add io.kvsync:kvsync-marshal-bson");
    }

    @Test
    void with_no_configuration_service_loader_picks_the_memory_store_and_the_bson_marshaler() {
        // The test classpath has memory (priority 0) and a test store (-100); bson (100) outranks json (10).
        try (KvSync kv = KvSync.builder().build()) {
            assertThat(storeOf(kv)).isInstanceOf(MemoryKvStore.class);
            assertThat(kv.marshaler().name()).isEqualTo("bson");
            kv.sync(new Item(1, "u1", "discovered"));
            assertThat(kv.fetch(Item.probeById(1), "id")).map(i -> i.name).contains("discovered");
        }
    }

    @Test
    void the_json_marshaler_is_chosen_by_name() {
        try (KvSync kv = KvSync.builder().property("kvsync.marshaler", "json").build()) {
            assertThat(kv.marshaler().name()).isEqualTo("json");
        }
    }

    @Test
    void a_provider_can_be_named_through_a_system_property() {
        System.setProperty("kvsync.store", "mid");
        try {
            assertThat(chosenStore(KvSync.builder().storeProviders(three))).isEqualTo("mid");
        } finally {
            System.clearProperty("kvsync.store");
        }
    }
}
